"""Installed Argos Translate packages: where they live, which pairs they cover, install and remove.

Only ``argostranslate.package`` is imported here (0.1 s); the heavy
``argostranslate.translate`` (torch, spacy) is never needed to find packages.
Nothing in this module touches the network except ``install_remote``, which
runs only on an explicit ``polish models install`` and has a timeout.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INSTALL_EXTRA = "pip install '.[translate]' in polish's checkout (pip install 'polish[translate]' from an index)"


class TranslateUnavailable(RuntimeError):
    """argostranslate is not installed: the one-line message says how to get it."""

    def __init__(self) -> None:
        super().__init__(f"translation needs Argos Translate: {INSTALL_EXTRA}")


class PackageError(RuntimeError):
    """A package operation that could not be done (one-line message)."""


@dataclass(frozen=True)
class PackageInfo:
    """One installed Argos package, as polish needs it."""

    from_code: str
    to_code: str
    version: str
    path: Path
    code: str = ""
    target_prefix: str = ""
    has_sbd: bool = False

    @property
    def label(self) -> str:
        """Short name for reasons and listings, e.g. 'ru→en 1.9'."""
        return f"{self.from_code}→{self.to_code} {self.version}".strip()


def install_command(from_code: str, to_code: str) -> str:
    """The exact command that installs a package for a pair."""
    return f"polish models install {from_code} {to_code}"


def argos_available() -> bool:
    """True when argostranslate can be imported."""
    import importlib.util

    return importlib.util.find_spec("argostranslate") is not None


_DEFAULT_DIRS: list[Path] = []


def _settings(argos_dir: str | os.PathLike[str] | None = None) -> Any:
    """argostranslate.settings, pointed at ``argos_dir``, or back at Argos's own folder when None.

    argostranslate reads ARGOS_PACKAGES_DIR once, at import; set it first when
    we are the first importer, and patch the module when we are not.
    """
    if not argos_available():
        raise TranslateUnavailable()
    import sys

    if argos_dir is not None and "argostranslate.settings" not in sys.modules:
        before = os.environ.get("ARGOS_PACKAGES_DIR")
        os.environ["ARGOS_PACKAGES_DIR"] = str(argos_dir)
        import argostranslate.settings as settings

        # What Argos would have used without us (ARGOS_PACKAGES_DIR is ours now).
        _DEFAULT_DIRS[:] = [Path(before) if before else settings.data_dir / "packages"]
    import argostranslate.settings as settings

    if not _DEFAULT_DIRS:
        _DEFAULT_DIRS[:] = list(settings.package_dirs)
    dirs = [Path(argos_dir)] if argos_dir is not None else _DEFAULT_DIRS
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    if list(settings.package_dirs) != dirs:
        settings.package_data_dir = dirs[0]
        settings.package_dirs[:] = dirs
    return settings


def packages_dir(argos_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder packages are installed into."""
    return Path(_settings(argos_dir).package_data_dir)


def installed_packages(argos_dir: str | os.PathLike[str] | None = None) -> list[PackageInfo]:
    """Every installed translation package, through argostranslate's package API."""
    settings = _settings(argos_dir)
    import argostranslate.package as ap

    try:
        pkgs = ap.get_installed_packages()
    except FileNotFoundError:
        # A stray folder without metadata.json makes the whole listing fail;
        # skip such folders instead of losing every package.
        pkgs = [ap.Package(p) for d in settings.package_dirs for p in Path(d).iterdir()
                if p.is_dir() and (p / "metadata.json").is_file()]
    out = []
    for p in pkgs:
        if getattr(p, "type", "translate") != "translate" or not p.from_code or not p.to_code:
            continue
        out.append(PackageInfo(
            from_code=p.from_code, to_code=p.to_code, version=str(p.package_version or ""),
            path=Path(p.package_path), code=p.code or "", target_prefix=getattr(p, "target_prefix", "") or "",
            has_sbd=getattr(p, "packaged_sbd_path", None) is not None,
        ))
    return sorted(out, key=lambda p: (p.from_code, p.to_code, p.version))


def find_route(from_code: str, to_code: str, packages: list[PackageInfo]) -> list[PackageInfo] | None:
    """Packages that take ``from_code`` to ``to_code``: one direct, or two through a pivot language."""
    direct = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
    if direct:
        return [direct[-1]]
    # Argos chains two packages through a pivot (usually English); prefer English.
    firsts = [p for p in packages if p.from_code == from_code]
    firsts.sort(key=lambda p: p.to_code != "en")
    for first in firsts:
        second = [p for p in packages if p.from_code == first.to_code and p.to_code == to_code]
        if second:
            return [first, second[-1]]
    return None


def route_label(route: list[PackageInfo]) -> str:
    """'ru→en 1.9' or 'be→ru 1.0 + ru→en 1.9'."""
    return " + ".join(p.label for p in route)


def _clear_translate_caches() -> None:
    from polish.translate.engine import forget_all

    forget_all()  # a reinstalled package at the same path must not run the old model
    # argostranslate.package.install_from_path/uninstall clear the language
    # cache of argostranslate.translate, importing it (3 s, torch). polish does
    # not use that module, so only clear it when somebody already imported it.
    import sys

    tr = sys.modules.get("argostranslate.translate")
    if tr is not None:
        tr.get_installed_languages.cache_clear()
        tr.installed_translates.clear()


def _check_archive(path: Path) -> dict[str, Any]:
    """The metadata.json of an .argosmodel, or a one-line error."""
    if not path.is_file():
        raise PackageError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path}: not an Argos package (must be a zip archive, .argosmodel)")
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith("metadata.json") and n.count("/") == 1]
        if not names:
            raise PackageError(f"{path}: not an Argos package (no top-level folder with metadata.json)")
        try:
            return json.loads(z.read(names[0]).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackageError(f"{path}: unreadable metadata.json ({exc})") from None


def install_file(path: str | os.PathLike[str], argos_dir: str | os.PathLike[str] | None = None) -> PackageInfo:
    """Install a local .argosmodel file (works offline)."""
    _settings(argos_dir)
    import argostranslate.package as ap

    path = Path(path)
    meta = _check_archive(path)
    # install_from_path clears argostranslate.translate's cache at the end,
    # which imports that module anyway; it is an explicit, rare command.
    ap.install_from_path(path)
    _clear_translate_caches()
    for p in installed_packages(argos_dir):
        if p.from_code == meta.get("from_code") and p.to_code == meta.get("to_code"):
            return p
    raise PackageError(f"{path}: installed, but argostranslate does not list a {meta.get('from_code')}→{meta.get('to_code')} package")


def remove(from_code: str, to_code: str, argos_dir: str | os.PathLike[str] | None = None) -> list[PackageInfo]:
    """Uninstall every package for a pair; return what was removed."""
    _settings(argos_dir)
    import argostranslate.package as ap

    gone = []
    for p in ap.get_installed_packages():
        if p.from_code == from_code and p.to_code == to_code:
            ap.uninstall(p)
            gone.append(PackageInfo(p.from_code, p.to_code, str(p.package_version or ""), Path(p.package_path), p.code or ""))
    if not gone:
        raise PackageError(f"no {from_code}→{to_code} package is installed (see `polish models list`)")
    _clear_translate_caches()
    return gone


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` within ``timeout`` seconds, or a one-line PackageError.

    urlopen's timeout does not cover name resolution, which can hang behind a
    firewall; the request runs in a daemon thread the caller stops waiting for.
    """
    import threading

    box: dict[str, Any] = {}

    def get() -> None:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - https URLs from the Argos index
                box["data"] = r.read()
        except (OSError, ValueError) as exc:
            box["error"] = getattr(exc, "reason", exc)

    t = threading.Thread(target=get, daemon=True)
    t.start()
    t.join(timeout)
    if "data" in box:
        return box["data"]
    reason = box.get("error", f"no answer within {timeout:g} s")
    raise PackageError(
        f"cannot reach the Argos package index ({reason}); without network, download the .argosmodel "
        f"elsewhere and run `polish models install-file PATH.argosmodel`"
    )


def install_remote(from_code: str, to_code: str, argos_dir: str | os.PathLike[str] | None = None,
                   timeout: float = 20.0) -> PackageInfo:
    """Download and install the package for a pair from the Argos index (needs network)."""
    settings = _settings(argos_dir)
    # Our own fetch with a timeout: argostranslate's index update retries for
    # ~100 s offline before giving up.
    raw = _fetch(settings.remote_package_index, timeout)
    try:
        index = json.loads(raw)
    except json.JSONDecodeError:
        raise PackageError("the Argos package index is not valid JSON; try again later") from None
    cands = [m for m in index if m.get("from_code") == from_code and m.get("to_code") == to_code
             and m.get("type", "translate") == "translate"]
    if not cands:
        pairs = sorted({f"{m.get('from_code')}→{m.get('to_code')}" for m in index if m.get("from_code") == from_code})
        hint = f" (from {from_code}: {', '.join(pairs)})" if pairs else ""
        raise PackageError(f"the Argos index has no {from_code}→{to_code} package{hint}")
    meta = cands[-1]
    with tempfile.TemporaryDirectory(prefix="polish-argos-") as tmp:
        dest = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        data = None
        for link in meta.get("links", []):
            try:
                data = _fetch(link, max(600.0, timeout * 30))  # packages are ~100 MB
                break
            except PackageError:
                continue
        if data is None:
            raise PackageError(f"could not download the {from_code}→{to_code} package from any of its links")
        dest.write_bytes(data)
        return install_file(dest, argos_dir)
