"""`polish glossary ...` end to end through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polish.cli import app
from polish.cli.glossary import exception_phrase
from polish.glossary.matcher import apply_text
from polish.glossary.model import COLUMNS
from polish.glossary.tsv import read_tsv

TBX_DIR = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "tbx"
HEADER = "\t".join(COLUMNS)
runner = CliRunner()


def row(**cells: str) -> str:
    return "\t".join(cells.get(c, "") for c in COLUMNS)


BSU = row(id="bsu", canonical="Belarusian State University", variants="Belorussian State University",
          kind="organisation", zh="白俄罗斯国立大学", note="bsu.by",
          examples="He studied at Belorussian State University. => He studied at Belarusian State University.")
MINSK = row(id="minsk", canonical="Minsk", variants="Minsck", kind="place", ru="Минск")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No project file, an empty built-in glossary folder unless a test fills it, a private matcher cache."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "defaults").mkdir()
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(tmp_path / "defaults"))
    monkeypatch.setenv("POLISH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(*args: str):
    return runner.invoke(app, ["glossary", *args])


def test_every_command_teaches_with_an_example() -> None:
    for cmd in ("lint", "test", "add", "remove", "show", "stats", "suggest", "import", "export", "except"):
        result = run(cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Example:" in result.stdout, cmd
    assert "2 a file" in run("lint", "--help").stdout.replace("**", "")


def test_lint_clean_warnings_errors_and_unreadable(tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.tsv", BSU, MINSK)
    result = run("lint", str(ok))
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 file: 0 errors, 0 warnings" in result.stderr

    warn = write(tmp_path / "warn.tsv", row(id="x", canonical="Xinhua", variants="XH"))
    result = run("lint", str(warn))
    assert result.exit_code == 0
    assert f"{warn}:2: warning: entry 'x': variant 'XH' is shorter than 3 characters" in result.stdout

    bad = write(tmp_path / "bad.tsv", BSU, row(id="bsu", canonical="BSU again"))
    result = run("lint", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: error: entry id 'bsu' is already used at line 2 [duplicate-id]" in result.stdout

    broken = tmp_path / "broken.tsv"
    broken.write_text(HEADER + "\nonly\ttwo cells\n", encoding="utf-8")
    result = run("lint", str(broken), str(ok))
    assert result.exit_code == 1
    assert f"{broken}:2: error: 2 cells but the header names {len(COLUMNS)} columns [format]" in result.stdout

    cp1251 = tmp_path / "cp1251.tsv"
    cp1251.write_bytes((HEADER + "\n" + MINSK + "\n").encode("cp1251"))
    result = run("lint", str(cp1251), str(ok))
    assert result.exit_code == 2
    assert f"{cp1251}:2: error: not UTF-8" in result.stdout


def test_lint_json_and_default_files(tmp_path: Path) -> None:
    write(tmp_path / "defaults" / "base.tsv", BSU, row(id="m", canonical="Mogilev", variants="state"))
    result = run("lint", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == [{"path": str(tmp_path / "defaults" / "base.tsv"), "line": 3, "severity": "warning",
                     "code": "common-word",
                     "message": "entry 'm': variant 'state' is a common English word; limit it with context or exceptions"}]


def test_project_glossaries_come_first(tmp_path: Path) -> None:
    write(tmp_path / "defaults" / "base.tsv", MINSK)
    write(tmp_path / "mine.tsv", row(id="minsk", canonical="Minsk City", variants="Minsk-city"))
    (tmp_path / "polish.toml").write_text('glossaries = ["mine.tsv"]\n', encoding="utf-8")
    result = run("show", "minsk")
    assert result.exit_code == 0
    assert "canonical:  Minsk City" in result.stdout
    assert f"origin:     {tmp_path / 'mine.tsv'}:2" in result.stdout


def test_test_command_reports_failing_examples(tmp_path: Path) -> None:
    good = write(tmp_path / "good.tsv", BSU)
    result = run("test", str(good))
    assert result.exit_code == 0 and "1 examples, 0 failed" in result.stderr
    failing = write(tmp_path / "failing.tsv", row(id="minsk", canonical="Minsk", variants="Minsck",
                                                   examples="in Minsck => in Minsk || Minsck city => Minsk town"))
    result = run("test", str(failing))
    assert result.exit_code == 1
    assert "expected 'Minsk town', got 'Minsk city'" in result.stdout
    assert "2 examples, 1 failed" in result.stderr


def test_add_show_remove(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", MINSK)
    before = g.read_bytes()
    result = run("add", str(g), "--canonical", "Belarusian National Technical University",
                 "--variant", "Belorussian National Technical University", "--variant", "BNTU Belarus",
                 "--admitted", "BNTU", "--kind", "organisation", "--note", "bntu.by",
                 "--zh", "白俄罗斯国立技术大学", "--ru", "Белорусский национальный технический университет",
                 "--example", "at Belorussian National Technical University => at Belarusian National Technical University")
    assert result.exit_code == 0, result.output
    assert "added 'belarusian-national-technical-university'" in result.stdout
    assert g.read_bytes().startswith(before)
    entry = read_tsv(g).by_id()["belarusian-national-technical-university"]
    assert entry.variants == ("Belorussian National Technical University", "BNTU Belarus")
    assert entry.sources == {"zh": ("白俄罗斯国立技术大学",), "ru": ("Белорусский национальный технический университет",)}

    result = run("show", "glossary:belarusian-national-technical-university", "--glossary", str(g))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "canonical:  Belarusian National Technical University" in lines
    assert "admitted:   BNTU" in lines
    assert "zh:         白俄罗斯国立技术大学" in lines
    assert f"origin:     {g}:3" in lines

    result = run("remove", str(g), "belarusian-national-technical-university")
    assert result.exit_code == 0
    assert g.read_bytes() == before


def test_add_refuses_duplicates_bad_kinds_and_failing_examples(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", MINSK)
    before = g.read_bytes()
    result = run("add", str(g), "--id", "minsk", "--canonical", "Minsk City")
    assert result.exit_code == 2
    assert result.stderr == f"polish: {g}:2: an entry with id 'minsk' already exists\n"
    result = run("add", str(g), "--canonical", "Brest", "--kind", "city")
    assert result.exit_code == 2 and "--kind 'city' is not one of" in result.stderr
    result = run("add", str(g), "--canonical", "Brest", "--variant", "Brest-Litovsk",
                 "--example", "Brest-Litovsk => Brest Litovsk")
    assert result.exit_code == 2 and "expected 'Brest Litovsk', got 'Brest'" in result.stderr
    result = run("add", str(g), "--canonical", "Brest", "--example", "no arrow here")
    assert result.exit_code == 2 and "needs the form 'input => expected'" in result.stderr
    assert g.read_bytes() == before
    assert "Traceback" not in result.output


def test_edits_refuse_non_tsv_files(tmp_path: Path) -> None:
    result = run("remove", str(tmp_path / "g.csv"), "minsk")
    assert result.exit_code == 2
    assert result.stderr == (f"polish: {tmp_path / 'g.csv'}: polish edits only native TSV glossaries; "
                             "convert it first with `polish glossary import g.csv -o NAME.tsv`\n")


def test_show_and_remove_unknown_ids(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", MINSK)
    result = run("show", "nope", "--glossary", str(g))
    assert result.exit_code == 2 and result.stderr == f"polish: {g}: no entry with id 'nope'\n"
    result = run("remove", str(g), "nope")
    assert result.exit_code == 2 and result.stderr == f"polish: {g}: no entry with id 'nope'\n"


def test_stats(tmp_path: Path) -> None:
    a = write(tmp_path / "a.tsv", BSU, MINSK, row(id="q", canonical="Qingdao", status="decide", kind="place"))
    b = write(tmp_path / "b.tsv", row(id="t", canonical="rector", admitted="president", kind="title"))
    result = run("stats", str(a), str(b), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data["files"][0]
    assert first["entries"] == 3 and first["kinds"] == {"place": 2, "organisation": 1}
    assert first["statuses"] == {"approved": 2, "decide": 1}
    assert first["variants"] == 2 and first["source_forms"] == {"ru": 1, "zh": 1} and first["examples"] == 1
    assert data["total"]["entries"] == 4 and data["total"]["admitted"] == 1
    assert data["total"]["kinds"] == {"place": 2, "organisation": 1, "title": 1}
    text = run("stats", str(a)).stdout
    assert f"{a}: 3 entries" in text and "kinds:        place 2, organisation 1" in text


@pytest.mark.skipif(not TBX_DIR.is_dir(), reason="/work/shared/testdata/tbx is absent")
def test_import_real_tbx(tmp_path: Path) -> None:
    out = tmp_path / "astro.tsv"
    result = run("import", str(TBX_DIR / "ltac-tbx-basic-v3-dca-astronomy.tbx"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "39 entries written" in result.stderr and "(6 skipped)" in result.stderr
    assert "concept 'c17' has no English term; skipped" in result.stderr
    g = read_tsv(out)
    assert g.by_id()["c38"].canonical == "CNO cycle"
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith("\texamples\tes")
    result = run("lint", str(out))  # the converted file is valid TSV; lint reads the TBX itself too
    assert result.exit_code == 0, result.output
    result = run("lint", str(TBX_DIR / "ltac-tbx-basic-v3-dca-astronomy.tbx"))
    assert result.exit_code == 0, result.output


def test_import_refuses_hostile_xml_in_one_line(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tbx"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE tbx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
                    '<tbx><text><body/></text></tbx>\n', encoding="utf-8")
    result = run("import", str(evil), "-o", str(tmp_path / "out.tsv"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"polish: {evil}:2: refusing XML entity declarations")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out.tsv").exists()


@pytest.mark.parametrize("fmt,name", [("tbx", "g.tbx"), ("csv", "g.csv"), ("omegat", "g.utf8")])
def test_export_then_import_round_trip(tmp_path: Path, fmt: str, name: str) -> None:
    g = write(tmp_path / "g.tsv", BSU, row(id="belarusian-state-university-press",
                                            canonical="Belarusian State University Press", zh="白俄罗斯国立大学出版社"))
    out = tmp_path / name
    result = run("export", str(g), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 entries written" in result.stderr
    back = tmp_path / "back.tsv"
    result = run("import", str(out), "-o", str(back))  # the format comes from the file name
    assert result.exit_code == 0, result.output
    result = run("import", str(out), "-o", str(back))
    assert result.exit_code == 2 and "exists; a hand-maintained glossary is not overwritten" in result.stderr
    assert run("import", str(out), "-o", str(back), "--force").exit_code == 0
    original, imported = read_tsv(g).entries, read_tsv(back).entries
    if fmt == "omegat":
        assert [(e.canonical, e.sources, e.note) for e in imported] == [(e.canonical, e.sources, e.note) for e in original]
    else:
        assert imported == original
        assert [e.sources for e in imported] == [e.sources for e in original]


def test_export_omegat_reports_entries_without_source_form(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", BSU, MINSK)
    out = tmp_path / "ru.txt"
    result = run("export", str(g), "--format", "omegat", "--source-lang", "ru", "-o", str(out))
    assert result.exit_code == 0
    assert "1 entries have no ru form" in result.stderr and "1 entry written" in result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1:] == ["Минск\tMinsk"]
    # no entry has a Chinese form: nothing written, said so, exit 1
    only_ru = write(tmp_path / "minsk.tsv", MINSK)
    result = run("export", str(only_ru), "--format", "omegat", "-o", str(tmp_path / "zh.txt"))
    assert result.exit_code == 1 and "0 entries written" in result.stderr


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "x.json"), "-o", str(tmp_path / "o.tsv"))
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr
    result = run("import", str(tmp_path / "x.csv"), "-o", str(tmp_path / "o.tsv"))
    assert result.exit_code == 2 and result.stderr == f"polish: {tmp_path / 'x.csv'}: no such file\n"


def test_exception_phrase_takes_three_words_each_side() -> None:
    from polish.decisions import context_of

    def phrase(text: str, before: str, nth: int = 0) -> str:
        start = -1
        for _ in range(nth + 1):
            start = text.index(before, start + 1)
        return exception_phrase(before, context_of(text, start, start + len(before)))

    long = "Yesterday the big delegation of the joint Belorussian State University laboratory in Minsk opened a new building."
    # the 40-character window cuts "Yesterday" and "building": those fragments are never used
    assert phrase(long, "Belorussian State University") == "of the joint Belorussian State University laboratory in Minsk"
    assert phrase("Minsck Street, where the office of the university stands, is long.", "Minsck") == \
        "Minsck Street, where the"
    assert phrase("First line ends here.\nThe Minsck office", "Minsck") == "The Minsck office"
    # the window is located exactly, even when the text repeats the match inside it
    text = "one two three four five six seven Minsck eight nine ten Minsck eleven twelve thirteen fourteen fifteen"
    assert phrase(text, "Minsck", 1) == "eight nine ten Minsck eleven twelve thirteen"
    assert exception_phrase("Minsck", "") == "Minsck"


def test_except_turns_rejections_into_exceptions(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", BSU, MINSK)
    text = "The Minsck Street office of the Belorussian State University Press was closed."
    assert apply_text(text, read_tsv(g)) == "The Minsk Street office of the Belarusian State University Press was closed."
    from polish.decisions import context_of

    def around(before: str) -> str:
        start = text.index(before)
        return context_of(text, start, start + len(before))

    decisions = {"version": 1, "file": "news.txt", "decisions": [
        {"id": "c1", "decision": "reject", "rule": "glossary:minsk", "entry": "minsk", "before": "Minsck",
         "after": "Minsk", "context": around("Minsck")},
        {"id": "c2", "decision": "reject", "rule": "glossary:bsu", "entry": "bsu", "before": "Belorussian State University",
         "after": "Belarusian State University", "context": around("Belorussian State University")},
        {"id": "c3", "decision": "accept", "rule": "glossary:bsu", "entry": "bsu", "before": "x", "after": "y", "context": "x"},
        {"id": "c4", "decision": "reject", "rule": "mechanics.detached-hyphen", "before": "a -b", "after": "a-b", "context": ""},
        {"id": "c5", "decision": "reject", "rule": "glossary:gomel", "entry": "gomel", "before": "Homel", "after": "Gomel",
         "context": "in Homel today"},
        {"id": "c6", "decision": "reject", "rule": "glossary:minsk", "entry": "minsk", "before": "Minsck",
         "after": "Minsk", "context": "Minsck"},
    ]}
    d = tmp_path / "report.decisions.json"
    d.write_text(json.dumps(decisions), encoding="utf-8")
    result = run("except", str(g), "--from-decisions", str(d))
    assert result.exit_code == 0, result.output
    assert "minsk: exception 'The Minsck Street office of'" in result.stdout
    assert "bsu: exception 'office of the Belorussian State University Press was closed.'" in result.stdout
    assert f"skipped 1 decision for 'gomel': not an entry of {g}" in result.stderr
    assert "skipped decision 'c6' for 'minsk': no context words around 'Minsck'" in result.stderr
    assert "2 exceptions added" in result.stderr
    by_id = read_tsv(g).by_id()
    assert by_id["minsk"].exceptions == ("The Minsck Street office of",)
    # the rejected spots are now left alone
    assert apply_text(text, read_tsv(g)) == text
    # running again adds nothing
    result = run("except", str(g), "--from-decisions", str(d))
    assert "0 exceptions added" in result.stderr and "2 already there" in result.stderr


COVID = row(id="covid-19", canonical="COVID-19", variants="new crown pneumonia | new crown", kind="term", note="WHO")


def _reject_glossary_changes(tmp_path: Path, text: str, keys: str) -> tuple[Path, Path, Path]:
    """An article, a glossary, and the decisions `polish review` writes when the editor presses ``keys``."""
    (tmp_path / "polish.toml").write_text("grammar = false\ntranslate = false\n", encoding="utf-8")
    article = tmp_path / "news.txt"
    article.write_text(text + "\n", encoding="utf-8")
    g = write(tmp_path / "g.tsv", COVID)
    dec = tmp_path / "news.decisions.json"
    result = runner.invoke(app, ["review", str(article), "-g", str(g), "--no-default-glossaries",
                                 "--decisions-out", str(dec), "-o", str(tmp_path / "out.txt")], input=keys)
    assert result.exit_code == 0, result.output
    return article, g, dec


def _proposed(article: Path, g: Path) -> list[str]:
    result = runner.invoke(app, ["check", str(article), "-g", str(g), "--no-default-glossaries", "--no-grammar",
                                 "--format", "json"])
    return [c["rule"] for c in json.loads(result.stdout) if c["kind"] == "change"]


def test_except_takes_the_phrase_from_the_text_the_glossary_meets(tmp_path: Path) -> None:
    # mechanics drops the doubled "the" before the glossary runs: the phrase must not have it
    text = "Classes moved online during the the new crown pneumonia period."
    article, g, dec = _reject_glossary_changes(tmp_path, text, "a\nr\n")
    decisions = json.loads(dec.read_text())["decisions"]
    assert [(d["rule"], d["decision"]) for d in decisions] == [("mechanics.doubled-word", "accept"),
                                                              ("glossary:covid-19", "reject")]
    assert "the the new crown" in decisions[1]["context"]  # the decision speaks of the original text
    assert _proposed(article, g) == ["mechanics.doubled-word", "glossary:covid-19"]
    result = run("except", str(g), "--from-decisions", str(dec))
    assert result.exit_code == 0, result.output
    assert "covid-19: exception 'online during the new crown pneumonia period.'" in result.stdout
    assert read_tsv(g).by_id()["covid-19"].exceptions == ("online during the new crown pneumonia period.",)
    # the next run leaves the spot alone (and still mends the doubled word)
    assert _proposed(article, g) == ["mechanics.doubled-word"]


def test_except_says_when_no_phrase_can_keep_the_glossary_off(tmp_path: Path) -> None:
    # the words on either side stand behind '|', which an exceptions cell cannot hold
    article, g, dec = _reject_glossary_changes(tmp_path, "The park | new crown pneumonia | period report.", "r\n")
    result = run("except", str(g), "--from-decisions", str(dec))
    assert result.exit_code == 0, result.output
    assert "no context words around 'new crown pneumonia' that an exception can hold ('|' stands between)" \
        in result.stderr
    assert "0 exceptions added" in result.stderr
    assert read_tsv(g).by_id()["covid-19"].exceptions == ()
    # the change stays for the decisions file to keep rejecting
    assert _proposed(article, g) == ["glossary:covid-19"]
    result = runner.invoke(app, ["check", str(article), "-g", str(g), "--no-default-glossaries", "--no-grammar",
                                 "--decisions", str(dec), "--format", "json"])
    assert [c for c in json.loads(result.stdout) if c["kind"] == "change"] == []


def test_except_never_adds_a_phrase_that_would_not_keep_the_glossary_off(tmp_path: Path) -> None:
    from polish.cli.glossary import exception_for
    from polish.glossary.model import Entry, Glossary

    glossary = Glossary(entries=[Entry("covid-19", "COVID-19", ("new crown pneumonia",))])
    phrase, why = exception_for("new crown pneumonia", "during the  new crown pneumonia  period", "covid-19",
                                glossary)
    assert (phrase, why) == ("during the new crown pneumonia period", None)
    # a 'before' the context does not hold, as the glossary meets it
    phrase, why = exception_for("old crown", "during the new crown pneumonia period", "covid-19", glossary)
    assert phrase == "" and why == "'old crown' is not in the context as the glossary meets it"


def test_except_bad_decisions_file(tmp_path: Path) -> None:
    g = write(tmp_path / "g.tsv", MINSK)
    d = tmp_path / "d.json"
    d.write_text('{"version": 1,\n "decisions": [,]}', encoding="utf-8")
    result = run("except", str(g), "--from-decisions", str(d))
    assert result.exit_code == 2 and result.stderr.startswith(f"polish: {d}: not valid JSON (line 2")
    assert result.stderr.count("\n") == 1
    d.write_text('{"version": 2, "decisions": []}', encoding="utf-8")
    result = run("except", str(g), "--from-decisions", str(d))
    assert result.exit_code == 2 and "unsupported decisions version 2" in result.stderr
    result = run("except", str(g), "--from-decisions", str(tmp_path / "none.json"))
    assert result.exit_code == 2 and result.stderr == f"polish: {tmp_path / 'none.json'}: no such decisions file\n"


def test_suggest_prints_reviewable_rows(tmp_path: Path) -> None:
    pytest.importorskip("polish.glossary.suggest")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(
            "Rector Vadim Bogush met the delegation of Harbin Institute of Technology.\n"
            "The Belorussian State University and Vadim Bogushi signed an agreement.\n"
            "Ivan Kovalyov of the Belorussian State University spoke.\n", encoding="utf-8")
        (corpus / f"b{i}.txt").write_text(
            "Vadim Bogush said that the Belarusian State University is open. Ivan Kovalev agreed.\n", encoding="utf-8")
    out = tmp_path / "proposals.tsv"
    result = run("suggest", str(corpus), "-o", str(out), "--limit", "5")
    assert result.exit_code == 0, result.output
    assert "from 6 files" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert all(line.startswith("# score ") for line in lines[1::2])
    proposals = read_tsv(out)  # valid TSV a translator can edit, lint and merge
    by_canonical = {e.canonical: e for e in proposals.entries}
    assert by_canonical["Belarusian State University"].variants == ("Belorussian State University",)
    assert by_canonical["Belarusian State University"].status == "decide"
    assert 1 <= len(proposals.entries) <= 5
    # stdout gives the same rows; --limit cuts them
    result = run("suggest", str(corpus), "--limit", "1")
    assert result.exit_code == 0
    assert len([line for line in result.stdout.splitlines() if line and not line.startswith("#")]) == 2
    result = run("suggest", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and result.stderr == f"polish: {tmp_path / 'nowhere'}: no such file or folder\n"
    # an empty file among them is named and skipped; the rest is mined all the same
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    again = run("suggest", str(corpus), "-o", str(tmp_path / "again.tsv"), "--limit", "5")
    assert again.exit_code == 1 and "empty.txt: empty file" in again.stderr and "from 6 files" in again.stderr
    assert (tmp_path / "again.tsv").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_an_empty_file_and_an_unwritable_output_are_one_line_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    r = run("lint", str(empty))
    assert r.exit_code == 2
    assert [line for line in r.stdout.splitlines() if "error" in line and "empty.tsv:1" in line] == [
        f"{empty}:1: error: missing header row: the file has no lines (expected a row naming the columns) [unreadable]"]
    good = tmp_path / "good.csv"
    good.write_text(",".join(COLUMNS) + "\n" + ",".join({"id": "covid-19", "canonical": "COVID-19"}.get(c, "")
                                                       for c in COLUMNS) + "\n", encoding="utf-8")
    folder = tmp_path / "a-folder.tsv"
    folder.mkdir()
    r = runner.invoke(app, ["glossary", "import", str(good), "-o", str(folder), "--force"])
    assert r.exit_code == 2 and r.stderr.strip() == f"polish: {folder}: cannot write: Is a directory"


def test_add_checks_the_entry_beside_the_glossaries_a_run_uses(tmp_path: Path) -> None:
    curated = write(tmp_path / "defaults" / "curated.tsv",
                    row(id="belarusian-state-university", canonical="Belarusian State University",
                        variants="Belorussian State University", kind="organisation"))
    local = tmp_path / "local.tsv"
    before = curated.read_bytes()
    # a variant a curated entry already lists: the user's glossary, read first, takes it over, and is told
    overriding = tmp_path / "overriding.tsv"
    result = run("add", str(overriding), "--canonical", "Belarusian State University",
                 "--variant", "Belorussian State University", "--kind", "organisation")
    assert result.exit_code == 0 and overriding.exists()
    assert "'Belarusian State University', 'Belorussian State University' also in entry 'belarusian-state-university'" \
        in result.stderr and "this entry applies there" in result.stderr
    # the same variant twice in one file is still refused
    result = run("add", str(overriding), "--id", "bsu-again", "--canonical", "BSU", "--variant",
                 "Belorussian State University", "--kind", "organisation")
    assert result.exit_code == 2 and "[variant-conflict]" in result.stderr
    # a generated id is new across the glossaries: never the curated entry's id
    result = run("add", str(local), "--canonical", "Belarusian State University", "--variant", "BSU Minsk",
                 "--kind", "organisation")
    assert result.exit_code == 0, result.output
    assert "added 'belarusian-state-university-2'" in result.stdout
    # a common English word as a variant: added, with lint's warning
    result = run("add", str(local), "--canonical", "department", "--variant", "chair", "--kind", "term")
    assert result.exit_code == 0 and "warning: entry 'department': variant 'chair' is a common English word" in result.stderr
    assert curated.read_bytes() == before


def test_an_imported_entry_never_takes_over_a_curated_entry_s_id(tmp_path: Path) -> None:
    write(tmp_path / "defaults" / "curated.tsv", BSU)
    tbx = tmp_path / "team.tbx"
    tbx.write_text('<?xml version="1.0" encoding="UTF-8"?><martif type="TBX" xml:lang="en"><text><body>'
                   '<termEntry id="bsu"><langSet xml:lang="en"><tig><term>BSU</term></tig></langSet></termEntry>'
                   '</body></text></martif>', encoding="utf-8")
    result = run("import", str(tbx), "-o", str(tmp_path / "team.tsv"))
    assert result.exit_code == 0, result.output
    assert "id 'bsu' is the id of an entry in" in result.stderr and "imported as 'bsu-2'" in result.stderr
    assert (tmp_path / "team.tsv").read_text(encoding="utf-8").splitlines()[1].startswith("bsu-2\t")
