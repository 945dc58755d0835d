"""Project settings: polish.toml / [tool.polish] values are checked, one line per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.config import Config, ConfigError, load_config


def settings(tmp_path: Path, body: str) -> Config:
    p = tmp_path / "polish.toml"
    p.write_text(body, encoding="utf-8")
    return load_config(project_file=p)


def test_good_settings_are_read(tmp_path):
    (tmp_path / "terms.tsv").write_text("", encoding="utf-8")
    cfg = settings(tmp_path, 'glossaries = "terms.tsv"\nmechanics = false\nmax-bytes = 1000\nrepeated_line_min_share = 1\n')
    assert cfg.glossaries == (str((tmp_path / "terms.tsv").resolve()),)  # one string is a list of one
    assert cfg.mechanics is False and cfg.max_bytes == 1000 and cfg.repeated_line_min_share == 1


@pytest.mark.parametrize("body, problem", [
    ('max_bytes = "big"', "setting 'max_bytes' must be a whole number, not 'big'"),
    ("glossaries = [1, 2]", "setting 'glossaries' must be a list of strings"),
    ("target = 5", "setting 'target' must be a string"),
    ('boilerplate = "false"', "setting 'boilerplate' must be true or false, not 'false'"),
    ("mechanics = 0", "setting 'mechanics' must be true or false"),
    ('detector = "nope"', "setting 'detector' must be one of langdetect, lingua"),
    ("max_bytes = -1", "setting 'max_bytes' must be above 0"),
    ("repeated_line_min_docs = true", "must be a whole number"),
    ("polish = 5", "the polish settings must be a table"),
    ('project_file = "x"', "unknown setting 'project_file'"),
    ('colour = "red"', "unknown setting 'colour'"),
    ('target = "xx"', "setting 'target': unknown language 'xx'"),
    ('languages = ["en", "klingon"]', "setting 'languages': unknown language 'klingon'"),
])
def test_bad_settings_are_one_line(tmp_path, body, problem):
    with pytest.raises(ConfigError) as exc:
        settings(tmp_path, body + "\n")
    msg = str(exc.value)
    assert msg.startswith(str(tmp_path / "polish.toml") + ": ") and problem in msg and "\n" not in msg


@pytest.mark.parametrize("written", ["EN", "en-US", "en_GB", "eng", " en "])
def test_a_target_is_read_as_its_iso_639_1_code(tmp_path, written):
    assert settings(tmp_path, f'target = "{written}"\n').target == "en"
