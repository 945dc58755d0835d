"""Grammar through language-tool-python's real client against a LanguageTool-protocol server."""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from lt_fake_server import CannedRule, FakeLanguageTool

from polish.config import Config
from polish.grammar import GrammarUnavailable, chunks, find_local_install, locate_server
from polish.model import Document
from polish.pipeline import run as run_pipeline
from polish.stages.grammar import GrammarStage, term_spans

A_VS_AN = CannedRule("a exhibition", "EN_A_VS_AN", "MISC", "Use \u201can\u201d instead of \u2018a\u2019 if the following word starts with a vowel sound.", ("an",), span=(0, 1))
SPACE_BEFORE_DOT = CannedRule(" .", "COMMA_PARENTHESIS_WHITESPACE", "TYPOGRAPHY", "Don\u2019t put a space before the full stop.", (".",), issue_type="whitespace")
WORD_REPEAT = CannedRule("the the", "ENGLISH_WORD_REPEAT_RULE", "MISC", "Possible typo: you repeated a word.", ("the",), issue_type="duplication")
SPELLING = CannedRule("Universty", "MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible spelling mistake found.", ("University", "Universe"), issue_type="misspelling")
STYLE = CannedRule("very unique", "EN_UNIQUE", "STYLE", "\u201cunique\u201d is an absolute.", ("unique",), issue_type="style")


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    from polish.grammar import forget_clients

    if request.node.name != "test_real_languagetool":
        request.getfixturevalue("no_network")  # loopback only: the stand-in servers

    monkeypatch.delenv("POLISH_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("LTP_PATH", raising=False)
    forget_clients()
    yield
    forget_clients()


def _cfg(url: str | None, **kw) -> Config:
    return Config(grammar=True, languagetool_url=url, grammar_timeout=kw.pop("grammar_timeout", 5.0), **kw)


def _run(text: str, cfg: Config, terms=()):
    return run_pipeline(Document(text), cfg, stages=[GrammarStage(cfg, terms=terms)])


def test_safe_matches_applied_unsafe_reported() -> None:
    text = "We visited a exhibition in Minsk .The Belarusian State Universty hosted the the meeting, a very unique event."
    with FakeLanguageTool([A_VS_AN, SPACE_BEFORE_DOT, WORD_REPEAT, SPELLING, STYLE]) as lt:
        result = _run(text, _cfg(lt.url))
    assert result.text == "We visited an exhibition in Minsk.The Belarusian State Universty hosted the meeting, a very unique event."
    by_rule = {c.rule: c for c in result.changes}
    assert set(by_rule) == {"grammar.EN_A_VS_AN", "grammar.COMMA_PARENTHESIS_WHITESPACE", "grammar.ENGLISH_WORD_REPEAT_RULE"}
    c = by_rule["grammar.EN_A_VS_AN"]
    assert (c.before, c.after, text[c.start:c.end]) == ("a", "an", "a")
    assert c.meta == {"lt_rule": "EN_A_VS_AN", "category": "MISC", "issue_type": "grammar"}
    assert "vowel sound" in c.reason
    found = {f.rule: f for f in result.findings}
    assert set(found) == {"grammar.MORFOLOGIK_RULE_EN_US", "grammar.EN_UNIQUE"}
    sp = found["grammar.MORFOLOGIK_RULE_EN_US"]
    assert (sp.text, sp.suggestion, sp.meta["category"], sp.meta["issue_type"]) == ("Universty", "University", "TYPOS", "misspelling")
    assert found["grammar.EN_UNIQUE"].suggestion == "unique" and found["grammar.EN_UNIQUE"].severity == "info"
    data = result.data["grammar"]
    assert (data.status, data.matches, data.applied, data.reported) == ("checked", 5, 3, 2)
    # one request for the whole document, in the configured language
    assert len(lt.requests) == 1 and lt.requests[0]["language"] == "en-US" and lt.requests[0]["text"] == text


def test_overlapping_matches_never_both_applied() -> None:
    # The known trap: two matches for one error; applying both turns "This are" into "These is".
    text = "This are good news for the students."
    these = CannedRule("This are", "THIS_NNS_VB", "GRAMMAR", "Did you mean \u201cThese are\u201d?", ("These are",))
    is_ = CannedRule("This are", "SINGULAR_AGREEMENT", "GRAMMAR", "Did you mean \u201cis\u201d?", ("is",), span=(5, 8))
    cfg = _cfg(None, grammar_safe_rules=("THIS_NNS_VB", "SINGULAR_AGREEMENT"))
    with FakeLanguageTool([these, is_]) as lt:
        result = _run(text, replace(cfg, languagetool_url=lt.url))
        import language_tool_python
        from language_tool_python.utils import correct

        naive = language_tool_python.LanguageTool("en-US", remote_server=lt.url)
        assert correct(text, naive.check(text)) == "These is good news for the students."
    assert result.text == text
    assert result.changes == []
    assert sorted(f.rule for f in result.findings) == ["grammar.SINGULAR_AGREEMENT", "grammar.THIS_NNS_VB"]
    assert all(f.meta["not_applied"] == "overlaps another LanguageTool match" for f in result.findings)
    assert {f.suggestion for f in result.findings} == {"These are", "is"}


def test_glossary_terms_and_protected_spans_are_left_alone() -> None:
    text = "Students of Harbin Institute Of Technology met in Minsk. Run `pip  install` now, see http://bsu.by/a  b."
    terms = ["Harbin Institute of Technology"]
    rules = [
        # the spell checker does not know the term: LanguageTool has no per-request dictionary
        CannedRule("Harbin", "MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible spelling mistake found.", ("Harbor",), issue_type="misspelling"),
        # a safe casing fix that would rewrite the glossary's canonical casing
        CannedRule("Institute Of", "EN_CASING", "CASING", "Lower-case \u201cof\u201d.", ("Institute of",), issue_type="typographical"),
        # a safe whitespace fix inside inline code
        CannedRule("pip  install", "WHITESPACE_RULE", "TYPOGRAPHY", "Possible typo: repeated whitespace.", (" ",), issue_type="whitespace", span=(3, 5)),
        # a safe one outside every protected span is still applied
        CannedRule("a  b", "WHITESPACE_RULE", "TYPOGRAPHY", "Possible typo: repeated whitespace.", (" ",), issue_type="whitespace", span=(1, 3)),
    ]
    with FakeLanguageTool(rules) as lt:
        # CASING made safe here, so the glossary guard (not the safe list) is what stops the fix
        cfg = _cfg(lt.url, grammar_safe_categories=("WHITESPACE", "PUNCTUATION", "TYPOGRAPHY", "CASING"))
        result = _run(text, cfg, terms=terms)
    assert "Harbin Institute Of Technology" in result.text and "`pip  install`" in result.text
    assert [c.before for c in result.changes] == ["  "]  # only the "a  b" outside the code span
    notes = {f.rule: f.meta.get("not_applied") for f in result.findings}
    assert notes == {"grammar.EN_CASING": "touches a glossary term", "grammar.WHITESPACE_RULE": "inside a protected span"}
    assert result.data["grammar"].accepted_terms == ["Harbin"]


def test_slow_server_gives_a_finding_within_the_timeout() -> None:
    with FakeLanguageTool([A_VS_AN], delay=10.0) as lt:
        t0 = time.monotonic()
        result = _run("We visited a exhibition.", _cfg(lt.url, grammar_timeout=0.5))
        elapsed = time.monotonic() - t0
    assert elapsed < 4.0
    assert len(lt.requests) == 1  # one try, not the client's default two
    assert [f.rule for f in result.findings] == ["grammar.unavailable"]
    assert "0.5 s" in result.findings[0].message
    assert result.changes == [] and result.data["grammar"].status == "unavailable"


def test_server_down_gives_a_finding() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _run("We visited a exhibition.", _cfg(f"http://127.0.0.1:{port}/"))
    assert [f.rule for f in result.findings] == ["grammar.unavailable"]
    assert f"127.0.0.1:{port}" in result.findings[0].message
    assert result.text == "We visited a exhibition."


def test_no_server_configured_skips_with_how_to() -> None:
    result = _run("We visited a exhibition.", _cfg(None))
    assert [f.rule for f in result.findings] == ["grammar.not-configured"]
    msg = result.findings[0].message
    assert "--languagetool-url" in msg and "POLISH_LANGUAGETOOL_URL" in msg and "LTP_PATH" in msg
    assert result.changes == [] and result.data["grammar"].status == "skipped"


def test_language_the_server_lacks_gives_a_finding() -> None:
    with FakeLanguageTool([A_VS_AN]) as lt:
        result = _run("We visited a exhibition.", _cfg(lt.url, grammar_language="xx-XX"))
    assert [f.rule for f in result.findings] == ["grammar.unavailable"]
    assert "xx-XX" in result.findings[0].message


def test_environment_url_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLanguageTool([A_VS_AN]) as lt:
        monkeypatch.setenv("POLISH_LANGUAGETOOL_URL", lt.url)
        result = _run("We visited a exhibition.", _cfg(None))
    assert result.text == "We visited an exhibition."


def test_ltp_path_without_languagetool_never_downloads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts = []

    def refuse(self, *a, **k):
        attempts.append(a)
        raise OSError("network blocked by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    (tmp_path / "LanguageTool-6.8").mkdir()  # a folder without the jar is not an install
    result = _run("We visited a exhibition.", _cfg(None))
    assert [f.rule for f in result.findings] == ["grammar.unavailable"]
    assert "never downloads" in result.findings[0].message
    assert attempts == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LanguageTool-6.8"]


@pytest.mark.skipif(not (shutil.which("javac") and shutil.which("jar") and shutil.which("java")), reason="needs a JDK")
def test_local_install_started_without_download(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from language_tool_python import download_lt

    from lt_fake_server import build_local_install
    from polish.grammar import forget_clients

    downloads = []

    def no_download(self, *a, **k):
        downloads.append(self)
        raise AssertionError("language-tool-python tried to download LanguageTool")

    monkeypatch.setattr(download_lt.LocalLanguageTool, "_get_remote_zip", no_download)
    build_local_install(tmp_path, "6.8")
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    cfg = _cfg(None)
    first = _run("We visited a exhibition.", cfg)
    second = _run("Then a exhibition again.", cfg)  # the started server is reused, not restarted
    forget_clients()  # stops the Java process
    assert first.text == "We visited an exhibition." and second.text == "Then an exhibition again."
    assert "local LanguageTool 6.8" in first.data["grammar"].server
    assert downloads == []


@pytest.mark.skipif(not (shutil.which("javac") and shutil.which("jar") and shutil.which("java")), reason="needs a JDK")
def test_local_install_that_cannot_start_gives_a_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from lt_fake_server import build_local_install

    build_local_install(tmp_path, "6.8", broken=True)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    t0 = time.monotonic()
    result = _run("We visited a exhibition.", _cfg(None))
    assert time.monotonic() - t0 < 30  # not a walk over the library's 900 ports
    assert [f.rule for f in result.findings] == ["grammar.unavailable"]
    assert "exited early" in result.findings[0].message


def test_local_install_found_by_version(tmp_path: Path) -> None:
    for v in ("5.9", "6.10", "6.8"):
        (tmp_path / f"LanguageTool-{v}").mkdir()
        (tmp_path / f"LanguageTool-{v}" / "languagetool-server.jar").write_bytes(b"PK")
    (tmp_path / "LanguageTool-7.0").mkdir()  # no jar
    version, folder = find_local_install(str(tmp_path))
    assert version == "6.10" and folder.name == "LanguageTool-6.10"
    server = locate_server(Config(), {"LTP_PATH": str(tmp_path)})
    if server is not None:  # java found on PATH
        assert (server.ltp_path, server.version) == (str(tmp_path), "6.10")
    with pytest.raises(GrammarUnavailable):
        find_local_install(str(tmp_path / "missing"))


def test_disabled_and_enabled_rules_are_sent() -> None:
    cfg = _cfg(None, grammar_disabled_rules=("EN_A_VS_AN",), grammar_enabled_rules=("EN_UNIQUE",))
    with FakeLanguageTool([A_VS_AN, STYLE]) as lt:
        result = _run("We visited a exhibition, a very unique one.", replace(cfg, languagetool_url=lt.url))
    form = lt.requests[0]
    assert form["disabledRules"] == "EN_A_VS_AN" and form["enabledRules"] == "EN_UNIQUE"
    assert result.changes == [] and [f.rule for f in result.findings] == ["grammar.EN_UNIQUE"]


def test_long_documents_are_chunked_with_offsets_kept() -> None:
    para = "The delegation of the university visited the laboratories of the institute in Harbin. " * 4
    text = "\n".join([para.strip()] * 150) + "\nFinally we visited a exhibition .\n"
    assert len(text.encode()) > 40_000
    with FakeLanguageTool([A_VS_AN, SPACE_BEFORE_DOT]) as lt:
        result = _run(text, _cfg(lt.url))
    assert len(lt.requests) >= 3
    assert all(len(r["text"].encode()) <= 20_000 for r in lt.requests)
    assert "".join(r["text"] for r in lt.requests) == text
    assert result.text.endswith("Finally we visited an exhibition.\n")
    assert [text[c.start:c.end] for c in result.changes] == ["a", " ."]


def test_chunks_cut_at_newlines_and_inside_long_paragraphs() -> None:
    text = ("word " * 30 + "\n") * 3 + "Sentence one. " * 40
    pieces = list(chunks(text, limit=200))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p.encode()) <= 200 for _, p in pieces)
    assert pieces[0][1].endswith("\n")
    assert all(text[o:o + len(p)] == p for o, p in pieces)


@pytest.mark.parametrize("given", ["http://lt:8081", "http://lt:8081/", "http://lt:8081/v2", "http://lt:8081/v2/"])
def test_server_url_forms(given: str) -> None:
    assert locate_server(Config(languagetool_url=given), {}).url == "http://lt:8081/"
    assert locate_server(Config(languagetool_url="https://host/api"), {}).url == "https://host/api/"


def test_term_spans_whole_words_any_case() -> None:
    text = "BSU and bsu, but not BSUIR; Harbin Institute of Technology."
    assert term_spans(text, ["BSU", "Harbin Institute of Technology"]) == [(0, 3), (8, 11), (28, 58)]


def test_glossary_terms_from_config(tmp_path: Path) -> None:
    loading = pytest.importorskip("polish.glossary.loading")
    from polish.glossary.model import COLUMNS
    from polish.stages.grammar import glossary_terms

    g = tmp_path / "g.tsv"
    g.write_text("\t".join(COLUMNS) + "\n" + "\t".join(["hit", "Harbin Institute of Technology"] + [""] * (len(COLUMNS) - 2)) + "\n",
                 encoding="utf-8")
    cfg = Config(glossaries=(str(g),), default_glossaries=False)
    assert loading.glossary_for_config(cfg).entries
    assert "Harbin Institute of Technology" in glossary_terms(cfg)


@pytest.mark.skipif(not os.environ.get("POLISH_LANGUAGETOOL_URL"), reason="POLISH_LANGUAGETOOL_URL not set")
def test_real_languagetool() -> None:
    url = os.environ["POLISH_LANGUAGETOOL_URL"]
    text = "We visited a exhibition in Minsk. It was was a good day."
    result = _run(text, _cfg(url, grammar_timeout=30.0))
    assert result.data["grammar"].status == "checked"
    assert "an exhibition" in result.text
    assert all(c.rule.startswith("grammar.") and c.meta["lt_rule"] for c in result.changes)
