"""Decisions: the JSON an edition exports, read back to leave rejected changes out; the terminal review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import edition_fixtures as ef
from polish import pipeline
from polish.cli import app
from polish.config import Config
from polish.decisions import Decisions, decisions_for, load_decisions, save_decisions
from polish.reading import InputError


def _ensure_registered() -> None:
    from polish.cli import edition

    if not any(c.name == "review" for c in app.registered_commands):
        edition.register(app)


@pytest.fixture
def test_stages(monkeypatch):
    """The CLI runs the full pipeline; here its stages are the deterministic test stages."""
    monkeypatch.setattr(pipeline, "build_stages", lambda config, only=None: ef.stages())
    _ensure_registered()


def test_decisions_for_lists_every_change_with_context():
    r = ef.result()
    hyphen = next(c for c in r.changes if c.rule == "mechanics.detached-hyphen")
    d = decisions_for(r, {hyphen.id})
    assert d["version"] == 1 and d["file"] == "news/forum.txt"
    assert sorted(x["id"] for x in d["decisions"]) == sorted(c.id for c in r.changes)
    item = next(x for x in d["decisions"] if x["id"] == hyphen.id)
    assert item == {
        "id": hyphen.id, "decision": "reject", "rule": "mechanics.detached-hyphen", "entry": None,
        "before": " -", "after": "-", "context": ef.ARTICLE[hyphen.start - 40:hyphen.end + 40],
    }
    gloss = next(x for x in d["decisions"] if x["rule"] == "glossary:sino-belarusian")
    assert gloss["entry"] == "sino-belarusian" and gloss["decision"] == "accept"
    assert set(gloss) == {"id", "decision", "rule", "entry", "before", "after", "context", "over"}
    assert gloss["over"] == [hyphen.id]  # built on the hyphen's fix: rejecting both is not a stale decision


def test_round_trip_and_pipeline_skips_rejected(tmp_path):
    r = ef.result()
    comma = next(c for c in r.changes if c.rule == "mechanics.space-before-comma")
    path = tmp_path / "d.json"
    save_decisions(path, decisions_for(r, {comma.id}))
    dec = load_decisions(path)
    assert dec.rejected == {comma.id}
    assert dec.accepted == {c.id for c in r.changes} - {comma.id}
    again = ef.result(rejected=dec.rejected)
    assert "the forum , which" in again.text
    assert [c.id for c in again.rejected] == [comma.id]
    assert comma.id not in {c.id for c in again.changes}
    # the rest is still made, with the same ids
    assert {c.id for c in again.changes} == {c.id for c in r.changes} - {comma.id}
    # decisions from a result that already skipped changes keep them rejected
    assert decisions_for(again)["decisions"][[x["id"] for x in decisions_for(again)["decisions"]].index(comma.id)]["decision"] == "reject"


def test_save_decisions_object(tmp_path):
    d = Decisions(file="a.txt", items=[{"id": "c1", "decision": "reject", "rule": "r", "entry": None,
                                        "before": "x", "after": "y", "context": "x", "file": "a.txt"}])
    save_decisions(tmp_path / "d.json", d)
    data = json.loads((tmp_path / "d.json").read_text())
    assert data == {"version": 1, "file": "a.txt", "decisions": [{"id": "c1", "decision": "reject", "rule": "r", "entry": None,
                                                                  "before": "x", "after": "y", "context": "x"}]}


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not valid JSON (line 1"),
    ("[1, 2]", "must be a JSON object"),
    ('{"version": 1}', "must be a JSON object with a \"decisions\" list"),
    ('{"version": 2, "decisions": []}', "unsupported decisions version 2"),
    ('{"version": 1, "decisions": [{"id": "c1", "decision": "maybe"}]}', "decision 1 (c1): 'decision' must be"),
    ('{"version": 1, "decisions": [{"decision": "reject"}]}', "decision 1 has no change id"),
    ('{"version": 1, "decisions": ["c1"]}', "decision 1 is not an object"),
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"version": 1, "decisions": [{"id": "c1", "decision": "reject", "file": 5}]}', '"file" must be a string'),
    ('{"version": 1, "files": [{"decisions": [{"id": "c1", "decision": "reject", "file": ["a"]}]}]}', '"file" must be a string'),
])
def test_malformed_decisions_are_one_line_errors(tmp_path, content, problem):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_decisions(p)
    msg = str(exc.value)
    assert msg.startswith(str(p) + ": ") and problem in msg and "\n" not in msg


def test_missing_decisions_file(tmp_path):
    with pytest.raises(InputError, match="no such decisions file"):
        load_decisions(tmp_path / "nope.json")


def test_per_file_filtering(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps({"version": 1, "files": [
        {"file": "corpus/a.txt", "decisions": [{"id": "c1", "decision": "reject"}]},
        {"file": "corpus/b.txt", "decisions": [{"id": "c2", "decision": "reject"}, {"id": "c3", "decision": "accept"}]},
    ]}), encoding="utf-8")
    all_ = load_decisions(p)
    assert all_.rejected == {"c1", "c2"}
    assert load_decisions(p, for_file="/home/ed/corpus/b.txt").rejected == {"c2"}
    assert load_decisions(p, for_file="b.txt").accepted == {"c3"}
    assert load_decisions(p, for_file="other/c.txt").rejected == set()
    single = tmp_path / "s.json"
    single.write_text(json.dumps({"version": 1, "file": "news/forum.txt", "decisions": [{"id": "c9", "decision": "reject"}]}))
    assert load_decisions(single, for_file="forum.txt").rejected == {"c9"}
    assert load_decisions(single, for_file="news/other.txt").rejected == set()
    assert load_decisions(single).file == "news/forum.txt"


# -- polish review ------------------------------------------------------------------------------


def _article(tmp_path: Path) -> Path:
    p = tmp_path / "forum.txt"
    p.write_text(ef.ARTICLE, encoding="utf-8")
    return p


def test_review_reads_keys_line_by_line(tmp_path, test_stages):
    src = _article(tmp_path)
    out, dec = tmp_path / "clean.txt", tmp_path / "d.json"
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec), "-o", str(out)], input="a\nr\nq\n")
    assert res.exit_code == 0, res.output
    changes = ef.result(path=str(src)).changes
    data = json.loads(dec.read_text())
    assert data["file"] == str(src)
    assert [(d["id"], d["decision"]) for d in data["decisions"]] == [(changes[0].id, "accept"), (changes[1].id, "reject")]
    # the second change (the share widget removal) was rejected: the line stays
    assert changes[1].rule == "boilerplate.share-widget"
    text = out.read_text()
    assert "Share to: WeChat Weibo QQ" in text and text.startswith("Minsk, June 3")
    assert "Chinese-Belarusian" in text  # not reviewed: stays as polish made it
    assert "1 accepted, 1 rejected, 5 not reviewed" in res.output
    # the decisions feed straight back into the pipeline
    assert "Share to:" in ef.result(rejected=load_decisions(dec).rejected).text


def test_review_accept_rest_and_unknown_keys(tmp_path, test_stages):
    src = _article(tmp_path)
    dec = tmp_path / "d.json"
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec)], input="x\nr\nA\n")
    assert res.exit_code == 0, res.output
    assert "press a, r, A or q" in res.output
    data = json.loads(dec.read_text())
    assert [d["decision"] for d in data["decisions"]] == ["reject"] + ["accept"] * 6
    assert res.stdout.startswith("Minsk,, June 3")  # the final text goes to stdout, rejected change left out


def test_review_end_of_input_stops_like_q(tmp_path, test_stages):
    src = _article(tmp_path)
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(tmp_path / "d.json")], input="")
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "d.json").read_text())["decisions"] == []


def test_review_bad_decisions_file_is_one_line(tmp_path, test_stages):
    src = _article(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    res = CliRunner().invoke(app, ["review", str(src), "--decisions", str(bad)])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0 and "not valid JSON" in res.output


def test_edition_command_writes_editions_and_index(tmp_path, test_stages):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ef.ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text("Sino -Belarusian ties ,growing.\n", encoding="utf-8")
    out = tmp_path / "out"
    cfg = tmp_path / "polish.toml"
    cfg.write_text("[polish]\nboilerplate = false\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["edition", str(folder), "-o", str(out), "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert (out / "a.txt.edition.html").is_file() and (out / "b.txt.edition.html").is_file()
    index = (out / "index.html").read_text()
    assert 'href="a.txt.edition.html"' in index and 'href="b.txt.edition.html"' in index
    res = CliRunner().invoke(app, ["edition", str(folder / "b.txt"), "-o", str(tmp_path / "b.md"), "--format", "md"])
    assert res.exit_code == 0, res.output
    assert "| Line | Original | Polished |" in (tmp_path / "b.md").read_text()


def test_edition_command_refuses_one_file_for_many_inputs(tmp_path, test_stages):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Sino -Belarusian ties.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["edition", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "several inputs need -o FOLDER" in res.output
    res = CliRunner().invoke(app, ["edition", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")])
    assert res.exit_code != 0 and "missing.txt: no such file or folder" in res.output


def test_a_folder_run_applies_each_file_its_own_decisions(tmp_path):
    # Change ids come from the text, so two identical files share them: the file named in
    # the decisions is the one whose changes the editor rejected.
    src = tmp_path / "fold"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text("Sino -Belarusian high -tech cooperation.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(src / "a.txt"), "--format", "json", "--no-translate"])
    ids = [row["id"] for row in json.loads(r.stdout) if row["rule"] == "mechanics.detached-hyphen"]
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "file": "fold/a.txt",
                               "decisions": [{"id": i, "decision": "reject"} for i in ids]}), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["clean", str(src), "-o", str(out), "--decisions", str(dec), "--no-translate", "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "a.txt").read_text(encoding="utf-8") == "Sino -Belarusian high -tech cooperation.\n"
    assert (out / "b.txt").read_text(encoding="utf-8") == "Sino-Belarusian high-tech cooperation.\n"


def test_rejections_that_match_nothing_are_reported_and_several_files_combine(tmp_path):
    src = tmp_path / "fold"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(f"Sino -Belarusian high -tech cooperation of {name[0].upper()}.\n", encoding="utf-8")
    files = []
    for name in ("a.txt", "b.txt"):
        rows = json.loads(CliRunner().invoke(app, ["check", str(src / name), "--format", "json", "--no-translate"]).stdout)
        first = next(r["id"] for r in rows if r["rule"] == "mechanics.detached-hyphen")
        dec = tmp_path / f"{name}.json"
        dec.write_text(json.dumps({"version": 1, "file": f"fold/{name}", "decisions": [{"id": first, "decision": "reject"}]}))
        files.append(dec)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["clean", str(src), "-o", str(out), "--decisions", str(files[0]), "--decisions",
                                 str(files[1]), "--no-translate", "-q"])
    assert r.exit_code == 0, r.output
    assert all("Sino -Belarusian" in (out / n).read_text(encoding="utf-8") for n in ("a.txt", "b.txt"))
    # the text changed since the edition was made: the rejection meets no change, and the run says so
    (src / "a.txt").write_text("Updated: Sino -Belarusian high -tech cooperation of A.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["clean", str(src / "a.txt"), "-o", str(tmp_path / "a2.txt"), "--decisions", str(files[0]),
                                 "--no-translate"])
    assert r.exit_code == 1
    assert "1 of 1 rejected change matched nothing in this run" in r.stderr
    # ...and so does a folder run's report, for the machine reading it
    r = CliRunner().invoke(app, ["clean", str(src), "-o", str(tmp_path / "o3"), "--decisions", str(files[0]),
                                 "--no-translate", "-q"])
    assert r.exit_code == 1
    assert json.loads((tmp_path / "o3" / "polish-report.json").read_text())["summary"]["unmatched_rejections"] == 1


def test_a_resumed_review_asks_only_what_is_open_and_keeps_earlier_accepts(tmp_path, test_stages):
    src = _article(tmp_path)
    first, second = tmp_path / "d1.json", tmp_path / "d2.json"
    CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(first)], input="a\nr\nq\n")
    res = CliRunner().invoke(app, ["review", str(src), "--decisions", str(first), "--decisions-out", str(second)],
                             input="a\nq\n")
    assert res.exit_code == 0, res.output
    changes = ef.result(path=str(src)).changes
    got = {d["id"]: d["decision"] for d in json.loads(second.read_text())["decisions"]}
    # the earlier accept and reject are kept; the first open change is the one asked about
    assert got[changes[0].id] == "accept" and got[changes[1].id] == "reject" and got[changes[2].id] == "accept"
    assert len(got) == 3


def test_review_interrupted_keeps_what_was_decided(tmp_path, test_stages, monkeypatch):
    from polish.cli import edition

    keys = iter(["r", "a"])

    def key(prompt, console):
        k = next(keys, None)
        if k is None:
            raise KeyboardInterrupt
        return k

    monkeypatch.setattr(edition, "_read_key", key)
    src = _article(tmp_path)
    dec = tmp_path / "d.json"
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec)])
    assert res.exit_code == 130, res.output  # an interrupt, not a quit
    assert [d["decision"] for d in json.loads(dec.read_text())["decisions"]] == ["reject", "accept"]
    assert res.stdout == ""  # the review was not finished: no text


def test_a_rejected_removal_keeps_its_line_as_it_was(tmp_path):
    # Rejecting the removal of a counter must not bring in changes to that line that the
    # editor never saw (a relabelled "Views", a tidied space): the line stays as it was.
    src = tmp_path / "a.txt"
    line = "Number of visits:  58"
    src.write_text(f"Title of the news\n{line}\nThe forum , which met on Monday, was short.\n", encoding="utf-8")
    rows = json.loads(CliRunner().invoke(app, ["check", str(src), "--format", "json", "--no-translate"]).stdout)
    removal = next(r for r in rows if r["rule"] == "boilerplate.view-counter")
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "decisions": [{"id": removal["id"], "decision": "reject"}]}))
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 0, r.output
    assert r.stdout == f"Title of the news\n{line}\nThe forum, which met on Monday, was short.\n"


ARTICLE_WITH_FINDINGS = (
    "The university builds a new platform It will help students.\n\n"
    "Rector Vadim Bogush opened the forum. Vadim Bogushi welcomed the guests.\n"
)


def _rows(path: Path, *extra: str) -> tuple[int, list[dict]]:
    r = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--no-translate", *extra])
    return r.exit_code, json.loads(r.stdout)


def test_check_stops_reporting_dismissed_findings_so_a_ci_gate_can_pass(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE_WITH_FINDINGS, encoding="utf-8")
    code, rows = _rows(src)
    findings = [r for r in rows if r["kind"] == "finding"]
    changes = [r for r in rows if r["kind"] == "change"]
    assert code == 1 and findings and changes
    assert any(r["rule"] == "mechanics.run-on" for r in findings)
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "file": "a.txt", "decisions":
                               [{"id": r["id"], "decision": "dismiss"} for r in findings]
                               + [{"id": r["id"], "decision": "reject"} for r in changes]}), encoding="utf-8")
    code, rows = _rows(src, "--decisions", str(dec))
    assert (code, rows) == (0, [])
    # dismissing only the findings leaves the changes to report
    dec.write_text(json.dumps({"version": 1, "file": "a.txt", "decisions":
                               [{"id": r["id"], "decision": "dismiss"} for r in findings]}), encoding="utf-8")
    code, rows = _rows(src, "--decisions", str(dec))
    assert code == 1 and {r["id"] for r in rows} == {r["id"] for r in changes}


def test_clean_lists_dismissed_findings_apart_and_warns_when_one_matches_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_WITH_FINDINGS, encoding="utf-8")
    _, rows = _rows(src / "a.txt")
    run_on = next(r for r in rows if r["rule"] == "mechanics.run-on")
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "file": "in/a.txt", "decisions": [
        {"id": run_on["id"], "decision": "dismiss"}, {"id": "f000000000000", "decision": "dismiss"}]}), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["clean", str(src), "-o", str(out), "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 1  # one dismissal met nothing: the editor should know
    assert "1 of 2 dismissed findings matched nothing in this run" in r.stderr
    report = json.loads((out / "polish-report.json").read_text(encoding="utf-8"))
    entry = report["files"][0]
    assert [f["id"] for f in entry["dismissed"]] == [run_on["id"]]
    assert run_on["id"] not in {f["id"] for f in entry["findings"]}
    assert report["summary"]["dismissed"] == 1 and report["summary"]["unmatched_rejections"] == 1
    assert "1 findings dismissed by decisions" in r.stderr


def test_a_dismissal_saved_before_its_findings_wording_changed_is_found_by_its_rule_text_and_place(tmp_path):
    from polish import clean_path
    from polish.config import Config
    from polish.decisions import dismiss_item

    src = tmp_path / "a.txt"
    src.write_text(ARTICLE_WITH_FINDINGS, encoding="utf-8")
    result = clean_path(src, Config(translate=False))
    run_on = next(f for f in result.findings if f.rule == "mechanics.run-on")
    # as an older polish worded (and so numbered) the same finding
    old = dict(dismiss_item(run_on, result.doc.text), id="f0123456789ab", message="an older wording")
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "file": "a.txt", "decisions": [old]}), encoding="utf-8")
    code, rows = _rows(src, "--decisions", str(dec))
    assert rows and run_on.id not in {r["id"] for r in rows}
    r = CliRunner().invoke(app, ["check", str(src), "--no-translate", "--decisions", str(dec)])
    assert "matched nothing" not in r.stderr


def _dismissing_across(tmp_path: Path, words: str = "the forum") -> tuple[Path, Path, list[dict]]:
    """A folder whose two files spell one name two ways, and decisions dismissing the finding across them."""
    src = tmp_path / "fold"
    src.mkdir()
    for name, spelling in (("a.txt", "Yuri"), ("b.txt", "Iurii")):
        (src / name).write_text(f"Professor {spelling} Voronov opened {words} in Minsk.\n", encoding="utf-8")
    _, rows = _rows(src)
    across = [r for r in rows if r["column"] is None]
    assert across, rows
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "files": [
        {"file": r["file"], "decisions": [{"id": r["id"], "decision": "dismiss"}]} for r in across]}), encoding="utf-8")
    return src, dec, across


def test_a_cross_file_name_finding_can_be_dismissed(tmp_path):
    src, dec, across = _dismissing_across(tmp_path)
    code, rows = _rows(src, "--decisions", str(dec))
    assert (code, rows) == (0, [])
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["clean", str(src), "-o", str(out), "--decisions", str(dec), "--no-translate"])
    report = json.loads((out / "polish-report.json").read_text(encoding="utf-8"))
    assert r.exit_code == 0 and report["corpus_findings"] == [] and report["summary"]["dismissed"] == len(across)


@pytest.mark.parametrize("item, problem", [
    ({"id": "cabc", "decision": "dismiss"}, "a finding (id f…) is dismissed; a change (id c…) is rejected or accepted"),
    ({"id": "fabc", "decision": "reject"}, "a finding (id f…) is dismissed; a change (id c…) is rejected or accepted"),
    ({"id": "fabc", "decision": "ignore"}, "must be \"reject\", \"accept\" or \"dismiss\""),
])
def test_a_dismissal_of_the_wrong_kind_is_a_one_line_error(tmp_path, item, problem):
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "decisions": [item]}), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_decisions(dec)
    assert problem in str(exc.value)


def test_an_edition_keeps_dismissals_when_the_review_resumes(tmp_path):
    from polish import clean_text
    from polish.decisions import Decisions

    first = clean_text(ARTICLE_WITH_FINDINGS)
    run_on = next(f for f in first.findings if f.rule == "mechanics.run-on")
    again = clean_text(ARTICLE_WITH_FINDINGS, rejected=Decisions(items=[{"id": run_on.id, "decision": "dismiss"}]).declined)
    assert [f.id for f in again.dismissed] == [run_on.id]
    assert run_on.id not in {f.id for f in again.findings}
    exported = decisions_for(again)
    assert exported["decisions"][-1]["id"] == run_on.id and exported["decisions"][-1]["decision"] == "dismiss"
    assert again.text == first.text  # a dismissal changes nothing in the text


REVIEWED = (
    "Share to let more people see\n"
    "Minsk,, June 3 -- The high -tech park opened during the new crown pneumonia period.\n"
    "The rector said the the cooperation is a well-known brand.\n"
)


def _decisions_rejecting(src: Path, rules: set[str], dest: Path) -> dict:
    """The decisions an edition of ``src`` exports when the editor rejects every change of ``rules``."""
    from polish import clean_path

    result = clean_path(src, Config(translate=False))
    data = decisions_for(result, {c.id for c in result.changes if c.rule in rules})
    dest.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_rejections_are_found_again_when_a_line_is_added_above_them(tmp_path):
    src = tmp_path / "art.txt"
    src.write_text(REVIEWED, encoding="utf-8")
    dec = tmp_path / "d.json"
    _decisions_rejecting(src, {"glossary:covid-19", "mechanics.doubled-word", "boilerplate.share-widget"}, dec)
    src.write_text("BSUIR welcomes a Dalian delegation\n" + REVIEWED, encoding="utf-8")  # edited after the review
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--in-place", "--no-translate"])
    assert r.exit_code == 0, r.stderr
    text = src.read_text(encoding="utf-8")
    assert "new crown pneumonia" in text and "said the the" in text and "Share to let more people see" in text
    assert "Minsk, June 3" in text and "high-tech" in text  # the accepted changes are made


def test_a_decision_that_fits_nothing_is_named_and_the_file_is_not_rewritten_in_place(tmp_path):
    src = tmp_path / "art.txt"
    src.write_text(REVIEWED, encoding="utf-8")
    dec = tmp_path / "d.json"
    data = _decisions_rejecting(src, {"glossary:covid-19"}, dec)
    edited = REVIEWED.replace("new crown pneumonia", "pandemic")
    src.write_text(edited, encoding="utf-8")
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--in-place", "--no-translate"])
    assert r.exit_code == 1
    assert src.read_text(encoding="utf-8") == edited  # what the editor rejected is not written in
    lost = next(d for d in data["decisions"] if d["decision"] == "reject")
    assert f"{lost['id']} glossary:covid-19 'new crown pneumonia' -> 'COVID-19'" in r.stderr
    assert "not rewritten in place" in r.stderr


def test_decisions_for_another_file_stop_the_run_before_anything_is_written(tmp_path):
    src = tmp_path / "art.txt"
    src.write_text(REVIEWED, encoding="utf-8")
    dec = tmp_path / "d.json"
    _decisions_rejecting(src, {"glossary:covid-19"}, dec)
    copy = tmp_path / "copy.txt"
    copy.write_text(REVIEWED, encoding="utf-8")
    r = CliRunner().invoke(app, ["clean", str(copy), "--decisions", str(dec), "--in-place", "--no-translate"])
    assert r.exit_code == 2
    assert "its decisions are for" in r.stderr and "not for a file of this run" in r.stderr
    assert copy.read_text(encoding="utf-8") == REVIEWED


def test_a_rejected_fix_inside_an_accepted_glossary_change_does_not_hold_it_back(tmp_path):
    src = tmp_path / "chain.txt"
    src.write_text("The new  crown pneumonia period ended.\n", encoding="utf-8")
    dec = tmp_path / "d.json"
    _decisions_rejecting(src, {"mechanics.extra-space"}, dec)
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "The COVID-19 period ended.\n"


def test_rejecting_a_change_and_the_one_built_on_it_is_not_a_stale_decision(tmp_path):
    src = tmp_path / "chain.txt"
    src.write_text("Scientists of the Belorussian Academy of Sciences met in Minsk.\n", encoding="utf-8")
    dec = tmp_path / "d.json"
    data = _decisions_rejecting(src, {"glossary:belarusian", "glossary:national-academy-of-sciences-of-belarus"}, dec)
    academy = next(d for d in data["decisions"] if d["rule"] == "glossary:national-academy-of-sciences-of-belarus")
    assert academy["over"]
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert (r.exit_code, r.stdout) == (0, "Scientists of the Belorussian Academy of Sciences met in Minsk.\n"), r.stderr
    assert "matched nothing" not in r.stderr


def test_a_change_both_rejected_and_accepted_is_a_one_line_error(tmp_path):
    src = tmp_path / "art.txt"
    src.write_text(REVIEWED, encoding="utf-8")
    rejecting, accepting = tmp_path / "r.json", tmp_path / "a.json"
    data = _decisions_rejecting(src, {"glossary:covid-19"}, rejecting)
    accepting.write_text(json.dumps({**data, "decisions": [{**d, "decision": "accept"} for d in data["decisions"]]}))
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(rejecting), "--decisions", str(accepting),
                                 "--no-translate"])
    assert r.exit_code == 2 and "is both rejected and accepted" in r.stderr
    both = tmp_path / "both.json"
    both.write_text(json.dumps({**data, "decisions": data["decisions"] + [
        {**d, "decision": "accept"} for d in data["decisions"] if d["decision"] == "reject"]}))
    with pytest.raises(InputError, match="is both rejected and accepted"):
        load_decisions(both)


def test_rejecting_a_glossary_change_and_the_fix_inside_it_keeps_the_text(tmp_path):
    src = tmp_path / "o.txt"
    src.write_text("Schools closed during the new  crown pneumonia period in Harbin.\n", encoding="utf-8")
    dec = tmp_path / "d.json"
    _decisions_rejecting(src, {"glossary:covid-19", "mechanics.extra-space"}, dec)
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert (r.exit_code, r.stdout) == (0, "Schools closed during the new  crown pneumonia period in Harbin.\n"), r.stderr
    r = CliRunner().invoke(app, ["check", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 0, r.stdout


def test_a_rejection_whose_line_was_deleted_is_not_moved_to_another_change(tmp_path):
    src = tmp_path / "e.txt"
    src.write_text("The lab works on high -tech projects with partners.\n"
                   "Students of the Sino -Belarusian institute met in Minsk.\n", encoding="utf-8")
    dec = tmp_path / "d.json"
    data = _decisions_rejecting(src, set(), dec)
    first = next(d for d in data["decisions"] if d["before"] == " -" and "high" in d["context"][:45])
    first["decision"] = "reject"
    dec.write_text(json.dumps(data), encoding="utf-8")
    src.write_text("Students of the Sino -Belarusian institute met in Minsk.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.stdout == "Students of the Sino-Belarusian institute met in Minsk.\n"
    assert r.exit_code == 1 and "1 of 1 rejected change matched nothing" in r.stderr


def test_an_accepted_change_is_never_taken_for_a_moved_rejection(tmp_path):
    line = "The lab works on high -tech projects with partners.\n"
    src = tmp_path / "t.txt"
    src.write_text(line + line, encoding="utf-8")
    dec = tmp_path / "d.json"
    data = _decisions_rejecting(src, set(), dec)
    data["decisions"][1]["decision"] = "reject"  # accept the first line's fix, reject the second's
    dec.write_text(json.dumps(data), encoding="utf-8")
    src.write_text(line, encoding="utf-8")  # the second line is gone
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.stdout == "The lab works on high-tech projects with partners.\n" and r.exit_code == 1


def test_a_rejected_removal_is_found_again_when_the_blank_lines_around_it_change(tmp_path):
    src = tmp_path / "b.txt"
    src.write_text("The lab works on new projects with partners.\n\nShare to: WeChat Weibo QQ Space\n", encoding="utf-8")
    dec = tmp_path / "d.json"
    _decisions_rejecting(src, {"boilerplate.share-widget"}, dec)
    src.write_text("The lab works on new projects with partners.\nShare to: WeChat Weibo QQ Space\n\n"
                   "More text here in a sentence.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["clean", str(src), "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 0, r.stderr
    assert "Share to: WeChat Weibo QQ Space" in r.stdout


def test_a_long_reviewed_file_whose_changes_all_moved_is_found_again_in_one_pass(tmp_path):
    from polish.decisions import refind

    lines = [f"Paragraph {i}: the lab number {i} works on high -tech projects with partner {i * 7}.\n" for i in range(300)]
    src = tmp_path / "big.txt"
    src.write_text("".join(lines), encoding="utf-8")
    dec = tmp_path / "d.json"
    data = _decisions_rejecting(src, {"mechanics.detached-hyphen"}, dec)
    from polish import clean_text

    moved = clean_text("A new first line.\n" + "".join(lines), Config(translate=False))
    stale = [d for d in data["decisions"] if d["decision"] == "reject"]
    found = refind(moved, stale, set())
    assert len(found) == 300 and len(set(found.values())) == 300


def test_a_malformed_over_is_a_one_line_error(tmp_path):
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "decisions": [{"id": "cdeadbeef0000", "decision": "reject", "over": 5}]}))
    with pytest.raises(InputError, match="must be a list of change ids"):
        load_decisions(dec)


def test_dismissing_a_cross_file_finding_does_not_stop_a_rewrite_in_place(tmp_path):
    src, dec, _ = _dismissing_across(tmp_path, "the high -tech forum")
    r = CliRunner().invoke(app, ["clean", str(src), "--in-place", "--decisions", str(dec), "--no-translate"])
    assert r.exit_code == 0, r.stderr
    assert "high-tech" in (src / "b.txt").read_text(encoding="utf-8")


# -- polish review in use: stopping, resuming, what it shows ------------------------------------


def _keys_then(monkeypatch, keys: str, stop: type[BaseException]) -> None:
    """A terminal on which the editor presses ``keys``, then Ctrl-D (EOFError) or Ctrl-C (KeyboardInterrupt)."""
    import click

    from polish.cli import edition

    pressed = iter(keys)

    def getchar(echo: bool = False) -> str:
        k = next(pressed, None)
        if k is None:
            raise stop()  # what click.getchar raises for ^D and ^C
        return k

    monkeypatch.setattr(edition, "_terminal", lambda: True)
    monkeypatch.setattr(click, "getchar", getchar)


@pytest.mark.parametrize("stop", [EOFError, KeyboardInterrupt])
def test_ctrl_d_or_ctrl_c_on_a_terminal_keeps_the_decisions_made(tmp_path, test_stages, monkeypatch, stop):
    _keys_then(monkeypatch, "ra", stop)
    src, dec, out = _article(tmp_path), tmp_path / "d.json", tmp_path / "clean.txt"
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec), "-o", str(out)])
    interrupted = stop is KeyboardInterrupt
    # Ctrl-D ends the review like q; Ctrl-C interrupts it: exit 130, the decisions kept, no text
    assert res.exit_code == (130 if interrupted else 0), res.output
    assert "Aborted" not in res.stderr
    assert [d["decision"] for d in json.loads(dec.read_text())["decisions"]] == ["reject", "accept"]
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("polish: ") and "1 accepted, 1 rejected, 5 not reviewed" in last
    assert ("interrupted" in last) is interrupted
    assert out.exists() is not interrupted
    assert ("no text written" in last and "the same command resumes" in last) is interrupted


def test_ctrl_c_keeps_the_decisions_for_the_same_command_to_resume(tmp_path, test_stages, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src, default = _article(tmp_path), tmp_path / "forum.txt.decisions.json"
    _keys_then(monkeypatch, "ra", KeyboardInterrupt)
    res = CliRunner().invoke(app, ["review", "forum.txt", "-o", "clean.txt"])
    assert res.exit_code == 130 and not (tmp_path / "clean.txt").exists()
    assert res.stderr.strip().splitlines()[-1] == (
        f"polish: interrupted: 1 accepted, 1 rejected, 5 not reviewed; decisions written to {default.name} "
        "(the same command resumes); no text written")
    _keys_then(monkeypatch, "A", EOFError)
    res = CliRunner().invoke(app, ["review", "forum.txt", "-o", "clean.txt"])
    assert res.exit_code == 0, res.output
    assert f"resuming from {default.name}: 2 change(s) decided earlier, 5 to review" in res.stderr
    assert [d["decision"] for d in json.loads(default.read_text())["decisions"]] == ["reject"] + ["accept"] * 6
    assert "Share to: WeChat Weibo QQ" not in (tmp_path / "clean.txt").read_text() and src.exists()


def test_ctrl_c_before_any_decision_writes_nothing_and_leaves_a_decisions_file_as_it_was(tmp_path, test_stages,
                                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    _article(tmp_path)
    default = tmp_path / "forum.txt.decisions.json"
    _keys_then(monkeypatch, "", KeyboardInterrupt)  # Ctrl-C at the first question
    res = CliRunner().invoke(app, ["review", "forum.txt", "-o", "clean.txt"])
    assert res.exit_code == 130 and not default.exists() and not (tmp_path / "clean.txt").exists()
    assert res.stderr.strip().splitlines()[-1] == "polish: interrupted: nothing decided; no decisions and no text written"
    _keys_then(monkeypatch, "r", EOFError)
    CliRunner().invoke(app, ["review", "forum.txt"])
    kept = default.read_bytes()
    # resumed, then interrupted at once: the file keeps the earlier rejection, untouched
    _keys_then(monkeypatch, "", KeyboardInterrupt)
    res = CliRunner().invoke(app, ["review", "forum.txt"])
    assert res.exit_code == 130 and default.read_bytes() == kept and res.stdout == ""
    assert f"({default.name} is as it was)" in res.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("when", ["reading", "writing"])
def test_ctrl_c_outside_the_questions_is_an_interrupt_too(tmp_path, test_stages, monkeypatch, when):
    import polish
    import polish.reading

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    # before the first question (the pipeline runs), or after the last (the text is being written)
    monkeypatch.setattr(polish, "clean_path", interrupt) if when == "reading" else \
        monkeypatch.setattr(polish.reading, "atomic_write_text", interrupt)
    src, dec, out = _article(tmp_path), tmp_path / "d.json", tmp_path / "clean.txt"
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec), "-o", str(out)], input="r\nq\n")
    assert res.exit_code == 130 and "Aborted" not in res.output and not out.exists()
    last = res.stderr.strip().splitlines()[-1]
    if when == "reading":
        assert last == "polish: interrupted: nothing decided; no decisions and no text written" and not dec.exists()
    else:
        assert [d["decision"] for d in json.loads(dec.read_text())["decisions"]] == ["reject"]
        assert last == f"polish: interrupted: 0 accepted, 1 rejected, 6 not reviewed; decisions written to {dec}; no text written"


def test_a_file_without_changes_gets_no_decisions_file_unless_one_is_there(tmp_path, test_stages, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fine = tmp_path / "fine.txt"
    fine.write_text("The rector met the delegation on Monday.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["review", "fine.txt", "-o", "out.txt"], input="")
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "fine.txt.decisions.json").exists()
    assert res.stderr == "polish: fine.txt: no changes to review; no decisions file written, text written to out.txt\n"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == fine.read_text(encoding="utf-8")
    # every change rejected earlier: none is left to ask about, and the file that holds them is kept up to date
    _article(tmp_path)
    CliRunner().invoke(app, ["review", "forum.txt"], input="r\n" * 7)
    default = tmp_path / "forum.txt.decisions.json"
    first = json.loads(default.read_text())["decisions"]
    written_by_hand = json.dumps({"version": 1, "file": "forum.txt", "decisions": first[::-1]})
    default.write_text(written_by_hand, encoding="utf-8")
    res = CliRunner().invoke(app, ["review", "forum.txt"], input="")
    assert res.exit_code == 0, res.output
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("polish: forum.txt: no changes to review (") and last.endswith(f"decisions written to {default.name}")
    assert default.read_text() != written_by_hand  # rewritten...
    assert sorted(json.loads(default.read_text())["decisions"], key=lambda d: d["id"]) == sorted(first, key=lambda d: d["id"])
    # ...and so is a new --decisions-out that takes them over from --decisions
    res = CliRunner().invoke(app, ["review", "forum.txt", "--decisions", default.name, "--decisions-out", "copy.json"], input="")
    assert res.exit_code == 0 and len(json.loads((tmp_path / "copy.json").read_text())["decisions"]) == 7


def test_a_second_review_resumes_from_the_decisions_it_wrote(tmp_path, test_stages, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = _article(tmp_path)
    default = tmp_path / "forum.txt.decisions.json"
    CliRunner().invoke(app, ["review", str(src)], input="a\nr\nq\n")
    first = json.loads(default.read_text())["decisions"]
    res = CliRunner().invoke(app, ["review", str(src)], input="a\nq\n")
    assert res.exit_code == 0, res.output
    assert f"resuming from {default.name}: 2 change(s) decided earlier, 5 to review" in res.stderr
    assert "[1/" not in res.stderr and "[2/6]" in res.stderr  # the decided ones are not asked again
    again = json.loads(default.read_text())["decisions"]
    assert all(d in again for d in first) and len(again) == 3
    assert "2 accepted, 1 rejected, 4 not reviewed" in res.stderr
    # --restart asks about every change again and replaces the file
    res = CliRunner().invoke(app, ["review", str(src), "--restart"], input="q\n")
    assert "[1/7]" in res.stderr and json.loads(default.read_text())["decisions"] == []


def test_a_resumed_review_keeps_earlier_decisions_the_text_no_longer_gives(tmp_path, test_stages, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = _article(tmp_path)
    default = tmp_path / "forum.txt.decisions.json"
    CliRunner().invoke(app, ["review", str(src)], input="r\nr\nr\nr\nr\nr\nr\n")
    first = json.loads(default.read_text())["decisions"]
    assert first and all(d["decision"] == "reject" for d in first)
    # the writer rewrites the article: most of those changes no longer arise in it
    src.write_text("Minsk,, June 4 -- A short note .\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["review", str(src)], input="a\na\na\n")
    assert res.exit_code == 0, res.output
    again = json.loads(default.read_text())["decisions"]
    # every earlier rejection is still in the file: the one the text still gives (",,") as met now,
    # the others as they were
    assert {d["id"] for d in first} <= {d["id"] for d in again if d["decision"] == "reject"}
    assert sum(d in again for d in first) == len(first) - 1
    assert f"{len(first) - 1} earlier decision(s) in forum.txt.decisions.json match no change in" in res.stderr


def test_a_review_does_not_take_over_another_files_decisions(tmp_path, test_stages, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "forum.txt").write_text(ef.ARTICLE, encoding="utf-8")
    CliRunner().invoke(app, ["review", "a/forum.txt"], input="r\nq\n")
    kept = (tmp_path / "forum.txt.decisions.json").read_text()
    res = CliRunner().invoke(app, ["review", "b/forum.txt"], input="a\nq\n")
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1 and "holds decisions for a/forum.txt, not b/forum.txt" in res.stderr
    assert (tmp_path / "forum.txt.decisions.json").read_text() == kept


def test_review_refuses_a_folder_several_files_and_stdin_in_one_line(tmp_path, test_stages):
    src = _article(tmp_path)
    for args, said in ((["review", str(tmp_path)], "is a folder; polish review steps through one file"),
                       (["review", str(src), str(src)], "one file at a time, not 2"),
                       (["review", "-"], "the text must come from a file")):
        res = CliRunner().invoke(app, args, input="")
        assert res.exit_code == 2 and said in res.stderr, res.output
        assert res.stderr.count("\n") == 1


def test_review_shows_the_sentence_before_after_and_one_line_per_line(tmp_path, test_stages):
    src = _article(tmp_path)
    dec = tmp_path / ("decisions-" + "x" * 80 + ".json")  # a long name: the summary stays one line
    res = CliRunner().invoke(app, ["review", str(src), "--decisions-out", str(dec)], input="a\na\na\nq\n")
    assert res.exit_code == 0, res.output
    err = res.stderr
    # a removed line is shown alone: the next line is not its context
    assert "  [-Share to: WeChat Weibo QQ-]\n  removes the whole line\n" in err
    # a change too small to read alone is shown within its words, quoted so a space shows
    assert "  'forum ,' → 'forum,'\n" in err
    # the context is the change's sentence: it stops at the sentence's end
    assert "forum[- -], which focused on Sino -Belarusian cooperation.\n" in err
    assert err.strip().splitlines()[-1].endswith(str(dec))


def test_what_review_rejects_clean_and_check_leave_out(tmp_path, monkeypatch):
    # the whole pipeline, end to end: the terminal review's file is the one clean and check read
    monkeypatch.chdir(tmp_path)
    (tmp_path / "polish.toml").write_text("grammar = false\ntranslate = false\n", encoding="utf-8")
    src = tmp_path / "news.txt"
    src.write_text("Minsk, June 3 -- BSU and DLUT develop high -tech programmes.\n"
                   "The institute is a well- known brand of cooperation.\n", encoding="utf-8")
    opts = ["--config", "polish.toml", "--no-default-glossaries"]
    res = CliRunner().invoke(app, ["review", "news.txt", *opts], input="r\na\n")
    assert res.exit_code == 0, res.output
    decided = json.loads((tmp_path / "news.txt.decisions.json").read_text())["decisions"]
    assert [(d["before"], d["decision"]) for d in decided] == [(" -", "reject"), ("- ", "accept")]
    res = CliRunner().invoke(app, ["clean", "news.txt", *opts, "--decisions", "news.txt.decisions.json"])
    assert res.exit_code == 0, res.output
    assert "high -tech" in res.stdout and "well-known" in res.stdout
    res = CliRunner().invoke(app, ["check", "news.txt", *opts, "--format", "json", "--decisions", "news.txt.decisions.json"])
    proposed = {row["id"] for row in json.loads(res.stdout)}
    assert decided[0]["id"] not in proposed and decided[1]["id"] in proposed


@pytest.mark.parametrize("option", ["-o", "--decisions-out"])
def test_review_will_not_write_over_the_file_it_reviews(tmp_path, test_stages, option):
    # `clean -o` refuses its input; a review writing its text (or its JSON) over the article lost it, with no backup
    src = _article(tmp_path)
    res = CliRunner().invoke(app, ["review", str(src), option, str(src)], input="A\n")
    assert res.exit_code == 2 and "would overwrite the file under review" in res.stderr
    assert res.stderr.count("\n") == 1 and "[1/" not in res.stderr  # before the first question
    assert src.read_text(encoding="utf-8") == ef.ARTICLE


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 60) -> None:
    """Read a pty's output into ``seen`` until ``wanted`` has appeared as often as asked, or the time is up."""
    import os
    import select
    import time

    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other side closed: the program ended
                return
            if not chunk:
                return
            seen.extend(chunk)


def _wait_for_raw_mode(fd: int, timeout: float = 30) -> None:
    """Wait until the program on a pty reads single keypresses (on Linux the master reports the slave's modes)."""
    import termios
    import time

    deadline = time.monotonic() + timeout
    while termios.tcgetattr(fd)[3] & termios.ICANON and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.slow
def test_ctrl_c_on_a_real_terminal_exits_130_keeps_the_decisions_and_writes_no_text(tmp_path):
    # The real thing: `polish review` in a pseudo-terminal, the whole pipeline, keys pressed one by one.
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from conftest import SAMPLES

    (tmp_path / "a.txt").write_text((SAMPLES / "alliance-forum.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "polish.toml").write_text("translate = false\ngrammar = false\n", encoding="utf-8")
    import polish

    env = {**os.environ, "PYTHONPATH": str(Path(polish.__file__).parents[1])}  # the polish these tests import
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 40 rows, 120 columns
    proc = subprocess.Popen([sys.executable, "-m", "polish.cli", "review", "a.txt", "-o", "clean.txt"], cwd=tmp_path,
                            stdin=slave, stdout=subprocess.DEVNULL, stderr=slave, start_new_session=True, env=env)
    os.close(slave)
    seen = bytearray()
    try:
        for key in (b"r", b"a", b"\x03"):  # \x03: what Ctrl-C sends
            _read_until(master, b"quit [q]? ", seen)
            assert b"quit [q]? " in seen, seen.decode(errors="replace")
            _wait_for_raw_mode(master)  # a key typed before it would be flushed, as on any terminal
            seen.clear()
            os.write(master, key)
        _read_until(master, b"\x00never\x00", seen)  # to the end
        assert proc.wait(timeout=60) == 130, seen.decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    last = seen.decode().strip().splitlines()[-1]
    assert last.startswith("polish: interrupted: 1 accepted, 1 rejected, ") and last.endswith(
        "decisions written to a.txt.decisions.json (the same command resumes); no text written"), last
    assert [d["decision"] for d in json.loads((tmp_path / "a.txt.decisions.json").read_text())["decisions"]] == ["reject", "accept"]
    assert not (tmp_path / "clean.txt").exists()
    # the same command resumes from there
    res = subprocess.run([sys.executable, "-m", "polish.cli", "review", "a.txt", "-o", "clean.txt"], cwd=tmp_path,
                         input="q\n", capture_output=True, text=True, timeout=120, env=env)
    assert res.returncode == 0 and "resuming from a.txt.decisions.json: 2 change(s) decided earlier" in res.stderr
