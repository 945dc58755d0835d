"""The indefinite article before a glossary replacement: "a docent" -> "an associate professor"."""

from __future__ import annotations

import re

#: "a" or "an" (any case) and one space, right before a match
_ARTICLE = re.compile(r"(?:^|(?<=[^\w-]))(an?|An?|AN?) $")

#: words spelt with a vowel but said with a consonant (and the reverse)
_SAID_A = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")
_SAID_AN = ("hour", "honest", "honou", "heir")


def article_for(phrase: str) -> str:
    """The indefinite article English puts before ``phrase``: 'a' or 'an' (by its first letters)."""
    words = phrase.split()
    word = words[0] if words else ""
    low = word.lower()
    if low.startswith(_SAID_AN):
        return "an"
    if low.startswith(_SAID_A):
        return "a"
    if len(word) > 1 and word[:2].isupper() and word[0] in "AEFHILMNORSX":  # initialisms: "an MSU", "an FSB"
        return "an"
    return "an" if low[:1] in ("a", "e", "i", "o", "u") else "a"


def with_article(text: str, start: int, matched: str, replacement: str) -> tuple[int, str, str] | None:
    """(new start, replacement with the article, note for the reason) when the article before ``start`` must change."""
    if start < 2 or text[start - 1] != " " or text[start - 2] not in "aAnN":
        return None  # the common case, decided without a regex: no "a " or "an " before the match
    m = _ARTICLE.search(text, max(0, start - 4), start)
    if m is None:
        return None
    old, new = article_for(matched), article_for(replacement)
    if old == new or m.group(1).lower() != old:
        return None  # the same article serves, or the text had the other one already
    article = m.group(1)
    fixed = new if article.islower() else (new.upper() if article.isupper() and len(article) > 1 else new.capitalize())
    return m.start(1), f"{fixed} {replacement}", f" ('{article}' -> '{fixed}' before it)"
