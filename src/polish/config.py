"""Settings: defaults, then the project file (polish.toml or [tool.polish]), then CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

#: LanguageTool categories polish applies by itself; everything else is a finding.
DEFAULT_SAFE_GRAMMAR_CATEGORIES = (
    "WHITESPACE",
    "PUNCTUATION",
    "TYPOGRAPHY",
)
# CASING and MISC hold far more than these rules, so only the named rules from them are safe.
DEFAULT_SAFE_GRAMMAR_RULES = (
    "EN_A_VS_AN",
    "ENGLISH_WORD_REPEAT_RULE",
    "UPPERCASE_SENTENCE_START",
    "WHITESPACE_RULE",
    "COMMA_PARENTHESIS_WHITESPACE",
    "DOUBLE_PUNCTUATION",
)


class ConfigError(ValueError):
    """A project file or setting polish cannot use."""


@dataclass(frozen=True)
class Config:
    """Everything that decides what a run does."""

    target: str = "en"
    #: languages the detector chooses among (besides the target)
    languages: tuple[str, ...] = ("en", "zh", "ru", "be", "uk")
    detector: str = "langdetect"  # or "lingua"
    glossaries: tuple[str, ...] = ()
    default_glossaries: bool = True
    boilerplate: bool = True
    mechanics: bool = True
    glossary: bool = True
    consistency: bool = True
    readability: bool = True
    translate: bool = True
    grammar: bool = False
    languagetool_url: str | None = None
    grammar_timeout: float = 20.0
    grammar_safe_categories: tuple[str, ...] = DEFAULT_SAFE_GRAMMAR_CATEGORIES
    grammar_safe_rules: tuple[str, ...] = DEFAULT_SAFE_GRAMMAR_RULES
    grammar_disabled_rules: tuple[str, ...] = ()
    grammar_enabled_rules: tuple[str, ...] = ()
    #: the LanguageTool language code checked against (a variant such as en-US or en-GB)
    grammar_language: str = "en-US"
    argos_dir: str | None = None
    translate_threads: int = 1
    #: a line seen in at least this many documents of a folder run is boilerplate
    repeated_line_min_docs: int = 3
    #: ...and in at least this share of them
    repeated_line_min_share: float = 0.5
    #: extra boilerplate pattern files (TOML, same shape as polish/data/boilerplate.toml)
    boilerplate_patterns: tuple[str, ...] = ()
    #: rules switched off: exact rule ids (``mechanics.run-on``, ``glossary:covid-19``) or a
    #: family, a prefix that ends where a rule id has ``.`` or ``:`` (``glossary.decide``)
    disable: tuple[str, ...] = ()
    max_bytes: int = 20 * 1024 * 1024
    seed: int = 0
    project_file: str | None = None

    def with_overrides(self, **kw: Any) -> "Config":
        """A copy with the given settings changed (``None`` values are ignored)."""
        clean = {k: v for k, v in kw.items() if v is not None}
        for k, v in list(clean.items()):
            if isinstance(v, list):
                clean[k] = tuple(v)
        return replace(self, **clean)


_DEFAULTS = Config()
#: settings with a fixed set of values, and settings that must be positive
_CHOICES = {"detector": ("langdetect", "lingua")}
_POSITIVE = {"max_bytes", "repeated_line_min_docs", "repeated_line_min_share", "grammar_timeout", "translate_threads"}


#: the languages polish can tell a paragraph is in: langdetect's profiles, and Belarusian (langid.py)
LANGUAGES = frozenset(
    "af ar be bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl "
    "no pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split())
#: three-letter codes people write for the languages of this field
_ISO3 = {"eng": "en", "zho": "zh", "chi": "zh", "rus": "ru", "bel": "be", "ukr": "uk"}


def language_code(value: str) -> str:
    """``value`` as the ISO 639-1 code polish uses ('EN', 'en-US', 'en_GB', 'eng' -> 'en'); ValueError if unknown."""
    code = value.strip().lower().replace("_", "-")
    code = _ISO3.get(code, code).split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}: use an ISO 639-1 code polish can detect, "
                         f"such as en, zh, ru, be or uk")
    return code


def rule_id_ok(value: str) -> bool:
    """Whether ``value`` can name a rule or a family of rules: no blanks, not empty."""
    return bool(value) and not any(ch.isspace() for ch in value)


def _checked(path: Path, key: str, default: Any, value: Any) -> Any:
    """``value`` of setting ``key`` if it has the default's type (a lone string counts as a list of one)."""
    name = key.replace("-", "_")
    if isinstance(default, bool):
        ok, want = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, want = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif isinstance(default, float):
        ok, want = isinstance(value, (int, float)) and not isinstance(value, bool), "a number"
    elif isinstance(default, tuple):
        value = [value] if isinstance(value, str) else value
        ok, want = isinstance(value, list) and all(isinstance(v, str) for v in value), "a list of strings"
    else:  # a string, or None when unset
        ok, want = isinstance(value, str), "a string"
    if not ok:
        raise ConfigError(f"{path}: setting {key!r} must be {want}, not {value!r}")
    if name in _CHOICES and value not in _CHOICES[name]:
        raise ConfigError(f"{path}: setting {key!r} must be one of {', '.join(_CHOICES[name])}, not {value!r}")
    if name in _POSITIVE and value <= 0:
        raise ConfigError(f"{path}: setting {key!r} must be above 0, not {value!r}")
    if name == "disable":
        bad = next((v for v in value if not rule_id_ok(v)), None)
        if bad is not None:
            raise ConfigError(f"{path}: setting {key!r}: {bad!r} is not a rule id (such as mechanics.run-on)")
    if name in ("target", "languages"):
        try:
            value = language_code(value) if name == "target" else [language_code(v) for v in value]
        except ValueError as exc:
            raise ConfigError(f"{path}: setting {key!r}: {exc}") from None
    return value


def _project_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read project settings: {exc}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("polish", {})
    return data.get("polish", data)


def find_project_file(start: Path | None = None) -> Path | None:
    """The nearest polish.toml, or pyproject.toml with [tool.polish], at or above ``start``."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        p = d / "polish.toml"
        if p.is_file():
            return p
        p = d / "pyproject.toml"
        if p.is_file():
            try:
                if "polish" in tomllib.loads(p.read_text(encoding="utf-8")).get("tool", {}):
                    return p
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                pass
    return None


def load_config(start: Path | None = None, project_file: Path | None = None) -> Config:
    """Defaults overlaid with the project file, if there is one."""
    path = project_file or find_project_file(start)
    cfg = Config()
    if path is None:
        env_url = os.environ.get("POLISH_LANGUAGETOOL_URL")
        return replace(cfg, languagetool_url=env_url) if env_url else cfg
    table = _project_table(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the polish settings must be a table ([polish] or [tool.polish])")
    known = {f.name: f for f in fields(Config)}
    kw: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known or name == "project_file":
            raise ConfigError(f"{path}: unknown setting {key!r} in polish settings")
        value = _checked(path, key, getattr(_DEFAULTS, name), value)
        if name in ("glossaries", "boilerplate_patterns"):
            # relative glossary paths are relative to the project file
            value = [str((path.parent / v).resolve()) for v in value]
        kw[name] = tuple(value) if isinstance(value, list) else value
    kw["project_file"] = str(path)
    env_url = os.environ.get("POLISH_LANGUAGETOOL_URL")
    if env_url and "languagetool_url" not in kw:
        kw["languagetool_url"] = env_url
    try:
        return replace(cfg, **kw)
    except TypeError as exc:  # pragma: no cover - defensive
        raise ConfigError(f"{path}: {exc}") from None
