"""``disable``: a project or a run switches single rules off (polish.toml and ``--disable``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polish import Config, clean_text
from polish.cli import app
from polish.config import ConfigError, load_config
from polish.pipeline import build_stages, switched_off, unknown_disabled

from conftest import SAMPLES

runner = CliRunner()
# a doubled comma and a doubled word (changes), a glossary variant (a change), a run-on (a finding)
TEXT = "Minsk,, June 3. The the delegation arrived in the new crown pneumonia period on the platform It was warm.\n"
OFF = Config(translate=False)


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def rules(rows: str) -> set[str]:
    return {row["rule"] for row in json.loads(rows)}


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_the_flag_switches_off_a_change_and_a_finding_and_leaves_the_rest(article):
    before = invoke("check", article, "--no-translate", "--format", "json")
    assert {"mechanics.doubled-word", "mechanics.run-on", "mechanics.doubled-punct", "glossary:covid-19"} <= rules(before.stdout)
    r = invoke("check", article, "--no-translate", "--format", "json",
               "--disable", "mechanics.doubled-word", "--disable", "mechanics.run-on")
    left = rules(r.stdout)
    assert "mechanics.doubled-word" not in left and "mechanics.run-on" not in left
    assert {"mechanics.doubled-punct", "glossary:covid-19"} <= left
    assert r.stderr == ""  # known rules: no warning
    out = invoke("clean", article, "--no-translate", "--disable", "mechanics.doubled-word").stdout
    assert "The the delegation" in out and "Minsk, June 3" in out and "COVID-19" in out


def test_the_project_file_switches_off_a_glossary_entry(tmp_path, article):
    conf = tmp_path / "polish.toml"
    conf.write_text('disable = ["glossary:covid-19", "mechanics.run-on"]\n', encoding="utf-8")
    r = invoke("clean", article, "--no-translate", "--config", conf)
    assert r.exit_code == 0 and r.stderr == ""
    assert "new crown pneumonia" in r.stdout and "The delegation" in r.stdout and "Minsk, June 3" in r.stdout
    assert load_config(project_file=conf).disable == ("glossary:covid-19", "mechanics.run-on")
    # the flag adds to the file's list
    d = invoke("diff", article, "--no-translate", "--config", conf, "--disable", "mechanics.doubled-word")
    assert "-Minsk,, June 3. The the" in d.stdout and "+Minsk, June 3. The the" in d.stdout
    assert "COVID-19" not in d.stdout


def test_check_passes_when_the_only_findings_are_switched_off(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("The delegation arrived on the platform It was warm.\n", encoding="utf-8")
    assert invoke("check", p, "--no-translate").exit_code == 1
    r = invoke("check", p, "--no-translate", "--disable", "mechanics.run-on")
    assert r.exit_code == 0, r.output


def test_an_unknown_rule_warns_in_one_line_naming_where_it_was_written(tmp_path, article):
    conf = tmp_path / "polish.toml"
    conf.write_text('disable = ["boilerplate.share-widgett"]\n', encoding="utf-8")
    r = invoke("check", article, "--no-translate", "--config", conf, "--disable", "mechanics.run-onn")
    lines = r.stderr.splitlines()
    assert len(lines) == 2, r.stderr
    assert lines[0].startswith("polish: warning: ") and "--disable: 'mechanics.run-onn'" in r.stderr
    assert "did you mean mechanics.run-on?" in r.stderr
    assert f"{conf}: setting 'disable': 'boilerplate.share-widgett'" in r.stderr
    assert "mechanics.run-on:" in r.stdout  # the misspelt id switched nothing off


@pytest.mark.parametrize("rule", ["mechanics.run-on", "glossary:covid-19", "glossary.decide", "glossary",
                                  "mechanics", "boilerplate.share-widget", "consistency.name-variant",
                                  "grammar.ANY_LT_RULE", "translation.missing-model", "language.untranslated"])
def test_known_rules_and_families_do_not_warn(rule):
    cfg = Config(disable=(rule,))
    stages = build_stages(cfg)
    for s in stages:
        getattr(s, "prepare", lambda: None)()
    assert unknown_disabled(cfg, stages) == []


def test_a_family_is_a_prefix_ending_at_a_separator():
    off = switched_off(Config(disable=("glossary.decide", "mechanics.run")))
    assert off("glossary.decide:bsuir") and not off("glossary:bsuir") and not off("glossary.historical:belarus")
    assert not off("mechanics.run-on")  # "mechanics.run" is no family of "mechanics.run-on"
    every = switched_off(Config(disable=("glossary",)))
    assert every("glossary:covid-19") and every("glossary.decide:x") and not every("glossaryx.y")
    assert switched_off(Config()) is None  # nothing to test when nothing is switched off


@pytest.mark.parametrize("body, problem", [
    ('disable = ["mechanics run-on"]', "'mechanics run-on' is not a rule id"),
    ('disable = [""]', "'' is not a rule id"),
    ("disable = [1]", "must be a list of strings"),
])
def test_bad_disable_settings_are_one_line(tmp_path, body, problem):
    p = tmp_path / "polish.toml"
    p.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(project_file=p)
    assert problem in str(exc.value) and "\n" not in str(exc.value)


def test_a_merged_fix_with_a_switched_off_rule_keeps_the_other_rules_part():
    # extra-space then doubled-word mend "the  the" as one change (meta.rules)
    text = "We met the  the rector.\n"
    merged = [c for c in clean_text(text, OFF).changes if len(c.meta.get("rules", ())) > 1]
    assert merged and "mechanics.doubled-word" in merged[0].meta["rules"]
    r = clean_text(text, Config(translate=False, disable=("mechanics.doubled-word",)))
    assert all("mechanics.doubled-word" not in (c.rule, *c.meta.get("rules", ())) for c in r.changes)
    assert r.text == "We met the the rector.\n"  # extra-space, still on, did its part


def test_a_rule_left_on_still_fixes_a_spot_it_shares_with_a_switched_off_rule(tmp_path):
    # extra-space and detached-hyphen mend "high  -tech" as one change: switching either
    # off must leave the other's fix, not drop the change whole
    p = tmp_path / "m.txt"
    p.write_text("The high  -tech park opened.\n", encoding="utf-8")
    assert invoke("clean", p, "--no-translate").stdout == "The high-tech park opened.\n"
    no_hyphen = invoke("clean", p, "--no-translate", "--disable", "mechanics.detached-hyphen")
    assert no_hyphen.stdout == "The high -tech park opened.\n"
    no_space = invoke("clean", p, "--no-translate", "--disable", "mechanics.extra-space")
    assert no_space.stdout == "The high-tech park opened.\n"
    rows = json.loads(invoke("check", p, "--no-translate", "--format", "json",
                             "--disable", "mechanics.detached-hyphen").stdout)
    assert [(r["rule"], r["text"], r["suggestion"], r["message"]) for r in rows] == [
        ("mechanics.extra-space", "  ", " ", "extra spaces removed")]  # named after the rule that made it


@pytest.mark.parametrize("disable", [("mechanics.doubled-word", "mechanics.run-on"), ("glossary",),
                                     ("boilerplate.share-widget", "mechanics.extra-space"), ("mechanics.detached-hyphen",)])
def test_cleaning_stays_idempotent_with_rules_switched_off(disable):
    cfg = Config(translate=False, disable=disable)
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        once = clean_text(text, cfg).text
        assert clean_text(once, cfg).text == once, path.name


def test_the_report_lists_the_rules_switched_off(tmp_path, article):
    (tmp_path / "in").mkdir()
    article.rename(tmp_path / "in" / "a.txt")
    r = invoke("clean", tmp_path / "in", "-o", tmp_path / "out", "--no-translate", "--disable", "mechanics.run-on")
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "out" / "polish-report.json").read_text(encoding="utf-8"))
    assert report["disabled"] == ["mechanics.run-on"]
    assert all(f["rule"] != "mechanics.run-on" for f in report["files"][0]["findings"])


def test_the_translation_stage_names_every_rule_the_translator_gives():
    from polish.stages.translation import RULES

    source = (Path(__file__).parents[1] / "src/polish/translate/document.py").read_text(encoding="utf-8")
    given = set(re.findall(r'"(translation\.[a-z-]+)"', source))
    assert given and given <= set(RULES)


def test_a_switched_off_rule_gives_no_finding_across_files(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text("Ivan Petrovsky spoke at the forum. Ivan Petrovsky thanked the guests.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The rector met Ivan Petrovskiy on Monday.\n", encoding="utf-8")
    found = invoke("check", folder, "--no-translate", "--format", "json")
    assert "consistency.name-variant" in rules(found.stdout)
    r = invoke("check", folder, "--no-translate", "--format", "json", "--disable", "consistency.name-variant")
    assert r.exit_code == 0 and rules(r.stdout) == set(), r.output


def test_edition_and_review_take_the_flag_and_warn_about_a_typo(tmp_path, article):
    page = tmp_path / "a.html"
    r = invoke("edition", article, "-o", page, "--no-default-glossaries", "--disable", "mechanics.doubled-word")
    assert r.exit_code == 0, r.output
    html = page.read_text(encoding="utf-8")
    assert "mechanics.doubled-word" not in html and "mechanics.doubled-punct" in html
    r = invoke("review", article, "--decisions-out", tmp_path / "d.json", "--disable", "mechanics.run-onn",
               "--disable", "mechanics.doubled-punct", input="q\n")
    assert r.exit_code == 0, r.output
    assert r.stderr.count("matches no rule polish knows") == 1 and "mechanics.doubled-punct  (fix)" not in r.stderr
