"""Fixtures for the translation tests: tiny real Argos packages, installed into temporary folders.

Imported by the tests/test_translate_*.py modules (``from conftest_translate import *``).
tests/conftest.py already points ARGOS_PACKAGES_DIR and the XDG folders at a
temporary directory before anything imports argostranslate, so the user's
real ~/.local/share/argos-translate is never touched; the packages below go
into folders of their own, passed to polish as ``Config.argos_dir``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from argos_fixture import build_package
from polish.config import Config
from polish.glossary.model import Entry, Glossary

assert "argos-translate" not in os.environ.get("ARGOS_PACKAGES_DIR", "argos-translate"), "conftest.py must set ARGOS_PACKAGES_DIR first"

DUT = Entry(id="dalian-university-of-technology", canonical="Dalian University of Technology", kind="organisation",
            sources={"zh": ("大连理工大学",)})
BSU = Entry(id="belarusian-state-university", canonical="Belarusian State University", kind="organisation",
            sources={"zh": ("白俄罗斯国立大学",), "ru": ("Белорусский государственный университет",),
                     "be": ("Беларускі дзяржаўны ўніверсітэт",)})
UNDECIDED = Entry(id="industrial-park", canonical="Great Stone Industrial Park", status="decide",
                  sources={"zh": ("中白工业园",)})


def glossary() -> Glossary:
    """The glossary the tests protect terms from."""
    return Glossary(entries=[DUT, BSU, UNDECIDED], sources=["test"])


def _no_connect(*args, **kwargs):
    raise AssertionError(f"network access attempted: {args!r}")


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory) -> dict[str, Path]:
    """Built .argosmodel files: copy models zh→en, ru→en, be→ru (pivot) and a random-weight zh→en."""
    out = tmp_path_factory.mktemp("argos-build")
    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", _no_connect)
    mp.setattr(socket, "create_connection", _no_connect)
    try:
        return {
            "zh-en": build_package(out, "zh", "en"),
            "ru-en": build_package(out, "ru", "en", version="1.9"),
            "be-ru": build_package(out, "be", "ru"),
            "zh-en-random": build_package(out, "zh", "en", mode="random", version="0.1"),
        }
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def argos_dir(argos_packages, tmp_path_factory) -> Path:
    """A packages folder with the copy models installed through argostranslate's install_from_path."""
    from polish.translate import packages as pk

    d = tmp_path_factory.mktemp("argos-copy")
    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", _no_connect)
    mp.setattr(socket, "create_connection", _no_connect)
    try:
        for key in ("zh-en", "ru-en", "be-ru"):
            pk.install_file(argos_packages[key], d)
    finally:
        mp.undo()
    return d


@pytest.fixture(scope="session")
def garbage_dir(argos_packages, tmp_path_factory) -> Path:
    """A packages folder whose zh→en model has random weights (it loses placeholders)."""
    from polish.translate import packages as pk

    d = tmp_path_factory.mktemp("argos-random")
    pk.install_file(argos_packages["zh-en-random"], d)
    return d


@pytest.fixture
def cfg(argos_dir) -> Config:
    """Settings that translate with the copy models."""
    return Config(argos_dir=str(argos_dir), grammar=False, default_glossaries=False)
