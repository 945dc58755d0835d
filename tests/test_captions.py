"""Photo captions and credit lines take no full stop; paragraphs cut off mid-sentence still get mechanics.truncated.

The excerpts are in tests/data/captions.toml: machine-translated China–Belarus university news.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from polish import pipeline
from polish.config import Config
from polish.model import Document
from polish.stages import mechanics_rules

EXCERPTS = tomllib.loads((Path(__file__).parent / "data" / "captions.toml").read_text(encoding="utf-8"))
CFG = Config(translate=False)


def _mechanics_findings(excerpt: dict) -> list[tuple[str, str]]:
    """(rule, text) of the mechanics findings of the whole pipeline on ``excerpt``."""
    result = pipeline.run(Document(excerpt["text"], path=excerpt.get("path")), CFG)
    return [(f.rule, f.text) for f in result.findings if f.rule.startswith("mechanics.")]


@pytest.mark.parametrize("excerpt", EXCERPTS["caption"], ids=[e["name"] for e in EXCERPTS["caption"]])
def test_a_caption_or_credit_line_gets_no_mechanics_finding(excerpt: dict) -> None:
    assert _mechanics_findings(excerpt) == []


@pytest.mark.parametrize("excerpt", EXCERPTS["truncated"], ids=[e["name"] for e in EXCERPTS["truncated"]])
def test_a_paragraph_cut_off_mid_sentence_is_still_reported(excerpt: dict) -> None:
    assert _mechanics_findings(excerpt) == [("mechanics.truncated", excerpt["cut"])]


def test_the_caption_under_a_removed_image_is_found_through_the_input() -> None:
    # boilerplate removes the image line: the text mechanics is given no longer shows it
    (excerpt,) = [e for e in EXCERPTS["caption"] if e["name"] == "under an image dump the boilerplate stage removes"]
    result = pipeline.run(Document(excerpt["text"]), CFG)
    assert "img_3421.jpg" not in result.text
    assert [c.rule for c in result.changes] == ["boilerplate.image-dump"]
    assert _mechanics_findings(excerpt) == []


def test_a_kept_markdown_image_captions_the_line_under_it() -> None:
    text = ("# Title\n\nThe rectors signed the agreement.\n\n![Signing](a.jpg)\n\n"
            "Rectors of the two universities exchange the signed copies of the agreement\n\nThe end.\n")
    assert mechanics_rules.check_truncated(text) == []
    # the same line with no image above it is reported
    plain = text.replace("![Signing](a.jpg)", "The photographers left.")
    assert [plain[f.start:f.end] for f in mechanics_rules.check_truncated(plain)] == ["agreement"]


@pytest.mark.parametrize("line, caption", [
    ("Rector Vadim Bogush (third from left) and the delegation at the signing ceremony", True),
    ("The signing ceremony in the building of the ministry. Photo by BelTA", True),
    ("Photo: the new laboratory building of the Belarusian State University", True),
    ("On the photo: students of the university at the gate of the campus", True),
    ("Students at the graduation ceremony in the assembly hall, Minsk, 28 June 2024", True),
    # a sentence cut off on a function word is no caption, whatever photo it mentions
    ("Professor Li Wei (pictured) said that the new laboratory would allow the university to", False),
    ("The university opened a photo exhibition devoted to the anniversary, and the organisers expect", False),
    ("Photo exhibitions and concerts will be held at the institute throughout the week", False),
])
def test_caption_recognition(line: str, caption: bool) -> None:
    assert mechanics_rules.is_caption(line) is caption
