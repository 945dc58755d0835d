"""Small real stages and a sample article for the edition and review tests.

They run through the real ``polish.pipeline.run`` (offset maps, change ids,
rejections), so the editions under test are drawn from genuine ``Result``s
without depending on the other stages being finished.
"""

from __future__ import annotations

import re

from polish.config import Config
from polish.model import Edit, Finding
from polish.reading import normalize
from polish.stages.base import StageResult

ARTICLE = (
    "Minsk,, June 3 -- The forum of the China-Belarus University Alliance was held at BSU <script>alert('x')</script>.\n"
    "Share to: WeChat Weibo QQ\n"
    "More than 40 rectors attended the forum , which focused on Sino -Belarusian cooperation.\n"
    "白俄罗斯国立大学校长科罗尔表示，联盟已成为重要平台。\n"
    "Rector Andrei Korol said that Andrey Korol | noted the growth\n"
)
TRANSLATION = "Rector Korol of Belarusian State University said the alliance has become an important platform."


class Junk:
    """Removes share-widget lines (the whole line and its newline)."""

    name = "boilerplate"

    def run(self, text, ctx):
        edits = [
            Edit(m.start(), m.end(), "", "boilerplate.share-widget", "social share buttons, not article text", kind="remove")
            for m in re.finditer(r"^Share to:[^\n]*\n", text, re.M)
        ]
        return StageResult(edits=edits)


class Translate:
    """Replaces the Chinese paragraph by a fixed English rendering (as a translator would)."""

    name = "translation"

    def run(self, text, ctx):
        edits = []
        for m in re.finditer(r"^[\u4e00-\u9fff][^\n]*", text, re.M):
            edits.append(Edit(m.start(), m.end(), TRANSLATION, "translation.zh-en", "Chinese paragraph translated to English",
                              kind="translate", meta={"source_text": m.group(0), "source_lang": "zh"}))
        return StageResult(edits=edits)


class Mechanics:
    """Punctuation and hyphen fixes, plus a missing full stop (a pure insertion)."""

    name = "mechanics"

    def run(self, text, ctx):
        edits = []
        for m in re.finditer(r",,", text):
            edits.append(Edit(m.start(), m.end(), ",", "mechanics.double-comma", "doubled comma"))
        for m in re.finditer(r" ,", text):
            edits.append(Edit(m.start(), m.end(), ",", "mechanics.space-before-comma", "no space before a comma"))
        for m in re.finditer(r"(\w) -(\w)", text):
            edits.append(Edit(m.start() + 1, m.end() - 1, "-", "mechanics.detached-hyphen", "hyphen detached from its word"))
        if text.endswith("growth\n"):
            edits.append(Edit(len(text) - 1, len(text) - 1, ".", "mechanics.final-stop", "sentence without a full stop"))
        return StageResult(edits=edits)


class Glossary:
    """One glossary entry, applied on top of the mechanics fix."""

    name = "glossary"

    def run(self, text, ctx):
        edits = [
            Edit(m.start(), m.end(), "Chinese-Belarusian", "glossary:sino-belarusian",
                 "glossary: Sino-Belarusian is Chinese-Belarusian in house style", entry="sino-belarusian")
            for m in re.finditer(r"Sino-Belarusian", text)
        ]
        return StageResult(edits=edits)


class Names:
    """Reports a name spelt two ways (a finding, not a fix)."""

    name = "consistency"

    def run(self, text, ctx):
        m = re.search(r"Andrey Korol", text)
        findings = [Finding(m.start(), m.end(), "consistency.name-variant", "name spelt two ways: Andrei Korol / Andrey Korol",
                            suggestion="Andrei Korol")] if m else []
        return StageResult(findings=findings)


def stages(readability: bool = False) -> list:
    """The test pipeline, optionally with the real readability stage at the end."""
    out = [Junk(), Translate(), Mechanics(), Glossary(), Names()]
    if readability:
        from polish.stages.readability import make

        out.append(make(Config()))
    return out


def result(text: str = ARTICLE, readability: bool = False, rejected=(), path: str = "news/forum.txt"):
    """Run the test pipeline over ``text``."""
    from polish.pipeline import run

    doc = normalize(text, path=path)
    return run(doc, Config(), stages=stages(readability), rejected=rejected)
