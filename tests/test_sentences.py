"""The one test of "does this line end as a sentence does" that boilerplate, labels and mechanics share."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polish.glossary.labels import stands_as_label
from polish.sentences import ends_sentence, sentence_around, sentence_spans
from polish.stages.mechanics_rules import fix_extra_space


@pytest.mark.parametrize("line", ["It ended.", "It ended.\t", "“It ended.” ", "会议结束。】", "He asked why?”\u3000",
                                  "Done…", "(See below.)"])
def test_a_sentence_mark_ends_a_line_whatever_closes_or_follows_it(line: str) -> None:
    assert ends_sentence(line)


@pytest.mark.parametrize("line", ["", "  ", "Editor: Li Ming", "Release time: 2024-06-03", "Related news »", "Contents:"])
def test_lines_that_end_without_a_mark_are_not_sentences(line: str) -> None:
    assert not ends_sentence(line)


def test_the_stages_agree_on_a_line_that_ends_in_a_tab() -> None:
    # label placement: a line ending as a sentence keeps a label's words mid-sentence as prose
    text = "We saw the release time of the standards.\t"
    assert not stands_as_label(text, text.index("release"), text.index("release") + len("release time"))
    # mechanics: a credit line's double space stays, a sentence's goes, a closing quote aside
    assert fix_extra_space("Editor: Liu Yang  Reviewed by: Zhang Wei") == []
    assert fix_extra_space("He said: “fine.”  Then he left.")


def test_the_sentence_around_a_word_is_the_one_sentence_spans_cuts_its_paragraph_into() -> None:
    repo = Path(__file__).resolve().parents[1]
    paths = sorted((repo / "samples").glob("*.txt")) + sorted((repo / "docs").glob("*.md"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    texts.append("Dr. Li came in 1950. Byelorussia is a partner!\n\nPages 3... 5 are lost? J. S. Bach wrote it.")
    seen = 0
    for text in texts:
        for para in re.finditer(r"(?:(?!\n\n).)+", text, re.S):
            off = para.start()
            if len(para.group(0)) > 900:
                continue  # beyond sentence_around's reach
            for s, e in sentence_spans(para.group(0), max_chars=None):
                for w in re.finditer(r"\w+", para.group(0)[s:e]):
                    seen += 1
                    got = sentence_around(text, off + s + w.start(), off + s + w.end())
                    assert got == (off + s, off + e), (text[got[0]:got[1]], para.group(0)[s:e])
    assert seen > 1000
