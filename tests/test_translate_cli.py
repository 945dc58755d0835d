"""`polish models` and `polish translate`, run through typer with tiny real Argos packages."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from conftest_translate import argos_dir, argos_packages  # noqa: F401
from polish.cli import app
from polish.cli import models
from polish.cli.translate import register

pytestmark = pytest.mark.usefixtures("no_network")
runner = CliRunner()

if not any(c.name == "translate" for c in app.registered_commands):
    register(app)


def test_models_install_file_list_and_remove(argos_packages, tmp_path):
    d = tmp_path / "pk"
    r = runner.invoke(models.app, ["install-file", str(argos_packages["ru-en"]), "--dir", str(d)])
    assert r.exit_code == 0, r.output
    assert "installed ru→en 1.9" in r.output
    r = runner.invoke(models.app, ["list", "--dir", str(d)])
    assert r.exit_code == 0 and r.output.startswith("ru\ten\t1.9\ttranslate-ru_en-copy-1_9\t")
    r = runner.invoke(models.app, ["remove", "ru", "en", "--dir", str(d)])
    assert r.exit_code == 0 and "removed ru→en 1.9" in r.output
    r = runner.invoke(models.app, ["list", "--dir", str(d)])
    assert "no Argos packages installed" in r.output


def test_models_errors_are_one_line(tmp_path):
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip")
    r = runner.invoke(models.app, ["install-file", str(bad), "--dir", str(tmp_path / "pk")])
    assert r.exit_code == 2 and r.output.strip().count("\n") == 0 and "not an Argos package" in r.output
    r = runner.invoke(models.app, ["remove", "zh", "en", "--dir", str(tmp_path / "pk")])
    assert r.exit_code == 2 and "no zh→en package is installed" in r.output


def test_models_install_offline_fails_fast_with_a_hint(tmp_path, monkeypatch):
    import argostranslate.settings as settings

    # A closed local port stands in for "no network": the index fetch fails at once.
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    t = time.perf_counter()
    r = runner.invoke(models.app, ["install", "ru", "en", "--dir", str(tmp_path / "pk"), "--timeout", "2"])
    assert time.perf_counter() - t < 5
    assert r.exit_code == 2 and r.output.strip().count("\n") == 0
    assert "cannot reach the Argos package index" in r.output and "install-file" in r.output


def _project_file(tmp_path):
    """Settings that switch off pipeline stages other helpers have not delivered yet in this tree."""
    import importlib.util

    from polish.pipeline import STAGES

    off = [flag for name, flag in STAGES if flag and importlib.util.find_spec(f"polish.stages.{name}") is None]
    p = tmp_path / "polish.toml"
    p.write_text("".join(f"{flag} = false\n" for flag in off if flag != "translate"), encoding="utf-8")
    return p


def test_translate_command_whole_document(argos_dir, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("大连理工大学签署合作协议。\n\n校长会见了代表团。\n", encoding="utf-8")
    out = tmp_path / "a.en.txt"
    r = runner.invoke(app, ["translate", str(src), "--from", "zh", "--to", "en", "-o", str(out), "--dir", str(argos_dir),
                            "--no-default-glossaries", "--config", str(_project_file(tmp_path))])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    # paragraph structure kept; the copy model returns its input
    assert text.split("\n")[1] == "" and text.split("\n")[2] == "校长会见了代表团。"


def test_translate_command_edition_shows_the_source(argos_dir, tmp_path):
    project, terms = _project(tmp_path, argos_dir)
    src = tmp_path / "b.txt"
    src.write_text("大连理工大学签署合作协议。\n", encoding="utf-8")
    out = tmp_path / "b.en.txt"
    r = runner.invoke(app, ["translate", str(src), "--from", "zh", "-o", str(out), "--edition", "html",
                            "--config", str(project), "-g", str(terms)])
    assert r.exit_code == 0, r.output
    # Translated with the glossary form (the copy model leaves the rest, whose full stop stays Chinese).
    assert out.read_text(encoding="utf-8") == "Dalian University of Technology签署合作协议。\n"
    page = (tmp_path / "b.en.txt.edition.html").read_text(encoding="utf-8")
    assert "大连理工大学签署合作协议。" in page and "Dalian University of Technology" in page


def test_translate_command_missing_pair(argos_dir, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Делегація відвідала Мінськ.\n", encoding="utf-8")
    r = runner.invoke(app, ["translate", str(src), "--from", "uk", "--dir", str(argos_dir)])
    assert r.exit_code == 2 and "`polish models install uk en`" in r.output


def _project(tmp_path, argos_dir, **extra):
    p = _project_file(tmp_path)
    lines = p.read_text(encoding="utf-8") + f'argos_dir = "{argos_dir}"\ndefault_glossaries = false\n'
    lines += "".join(f"{k} = {v}\n" for k, v in extra.items())
    p.write_text(lines, encoding="utf-8")
    g = tmp_path / "terms.tsv"
    g.write_text("id\tcanonical\tkind\tzh\tru\n"
                 "dalian-university-of-technology\tDalian University of Technology\torganisation\t大连理工大学\t\n"
                 "belarusian-state-university\tBelarusian State University\torganisation\t白俄罗斯国立大学\t"
                 "Белорусский государственный университет\n", encoding="utf-8")
    return p, g


def test_check_and_clean_translate_with_the_glossary(argos_dir, tmp_path):
    import json

    project, terms = _project(tmp_path, argos_dir)
    src = tmp_path / "news.txt"
    src.write_text("The two universities met in Minsk to discuss a joint programme in engineering.\n"
                   "大连理工大学与白俄罗斯国立大学签署合作协议。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(src), "-f", "json", "--config", str(project), "-g", str(terms)])
    rows = [x for x in json.loads(r.stdout) if x["rule"] == "translation.argos"]
    assert len(rows) == 1 and rows[0]["text"] == "大连理工大学与白俄罗斯国立大学签署合作协议。"
    assert rows[0]["suggestion"].startswith("Dalian University of Technology与Belarusian State University")
    assert "Chinese paragraph translated to English with Argos package zh→en 1.0 (2 glossary terms protected)" == rows[0]["message"]
    r = runner.invoke(app, ["clean", str(src), "--config", str(project), "-g", str(terms)])
    assert r.exit_code == 0 and "Dalian University of Technology与Belarusian State University" in r.stdout
    r = runner.invoke(app, ["check", str(src), "-f", "json", "--no-translate", "--config", str(project), "-g", str(terms)])
    assert not [x for x in json.loads(r.stdout) if x["rule"].startswith("translation.")]


def test_translate_takes_disable_like_clean_and_warns_about_a_typo(argos_dir, tmp_path):
    src = tmp_path / "c.txt"
    src.write_text("大连理工大学签署合作协议。\n\nThe the delegation arrived in Minsk,, on Monday.\n", encoding="utf-8")
    base = ["translate", str(src), "--from", "zh", "--dir", str(argos_dir), "--no-default-glossaries",
            "--config", str(_project_file(tmp_path))]
    r = runner.invoke(app, base)
    assert r.exit_code == 0 and "The delegation arrived in Minsk, on Monday." in r.stdout, r.output
    r = runner.invoke(app, [*base, "--disable", "mechanics.doubled-word", "--disable", "mechanics.doubled-wrod"])
    assert r.exit_code == 0, r.output
    # the switched-off rule leaves its text; the others still clean it
    assert "The the delegation arrived in Minsk, on Monday." in r.stdout
    assert r.stderr.count("\n") == 1 and "--disable: 'mechanics.doubled-wrod' matches no rule" in r.stderr
    assert "did you mean mechanics.doubled-word?" in r.stderr
    # the project file's list is read as before, and a typo in it is named as the file's
    conf = _project_file(tmp_path)
    conf.write_text(conf.read_text(encoding="utf-8") + 'disable = ["mechanics.doubled-pnuct"]\n', encoding="utf-8")
    r = runner.invoke(app, base)
    assert r.exit_code == 0 and f"{conf}: setting 'disable': 'mechanics.doubled-pnuct'" in r.stderr, r.output
