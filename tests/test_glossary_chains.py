"""Which entries feed others (their result stands in another entry's form), and the rounds that follow them."""

from __future__ import annotations

from polish.config import Config
from polish.glossary.chains import cached_feeders, feeders, may_chain
from polish.glossary.model import Entry, Glossary
from polish.pipeline import build_stages, run
from polish.reading import normalize

GLOSSARY = Glossary([
    Entry("belarusian", "Belarusian", ("Belorussian", "Byelorussian")),
    Entry("nasb", "National Academy of Sciences of Belarus",
          ("Belarusian Academy of Sciences", "Belarusian National Academy of Sciences"), kind="organisation"),
    Entry("covid-19", "COVID-19", ("new crown pneumonia",)),
])


def test_feeders_are_entries_whose_result_stands_in_a_form() -> None:
    found = feeders(GLOSSARY)
    # whole inside another entry's variants: near it, the rest of one of them must stand
    # (the variant with "National" needs more than the other one: the other is enough to look for)
    assert found["belarusian"].needs == (("sciences", "academy", "of"),)
    # sharing four words with its own variant "Belarusian National Academy of Sciences"
    assert found["nasb"].needs == (("belarusian",),)
    assert "covid-19" not in found  # its result stands in no form: no second round after it


def test_may_chain_looks_only_near_the_replacement() -> None:
    text = "Founded as the Belorussian Academy of Sciences. " + "Filler words here. " * 20 + "Belorussian students."
    start = text.index("Belorussian")
    chain = feeders(GLOSSARY)["belarusian"]
    assert may_chain(text.lower(), start, start + len("Belorussian"), chain)
    late = text.rindex("Belorussian")
    assert not may_chain(text.lower(), late, late + len("Belorussian"), chain)


def test_large_glossaries_keep_their_feeders_on_disk(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POLISH_CACHE_DIR", str(tmp_path))
    big = Glossary(GLOSSARY.entries + [Entry(f"e{i}", f"Term{i} Institute", (f"Term{i} Institution",))
                                       for i in range(2000)])
    first = cached_feeders(big)
    assert list(tmp_path.glob("chains-*.pkl")) and cached_feeders(big) == first == feeders(big)


def test_a_chain_is_followed_to_its_end_in_one_clean(tmp_path, monkeypatch) -> None:
    g = tmp_path / "g.tsv"
    from polish.glossary.tsv import write_tsv

    write_tsv(GLOSSARY, g)
    cfg = Config(translate=False, default_glossaries=False, glossaries=(str(g),))
    stages = build_stages(cfg, only=["glossary"])
    once = run(normalize("Founded as the Byelorussian Academy of Sciences; new crown pneumonia."), cfg, stages=stages)
    assert once.text == "Founded as the National Academy of Sciences of Belarus; COVID-19."
    assert [c.rule for c in once.changes] == ["glossary:belarusian", "glossary:nasb", "glossary:covid-19"]
    assert run(normalize(once.text), cfg, stages=stages).changes == []


def test_two_replacements_side_by_side_that_make_a_third_entry_s_form_are_followed_in_one_clean() -> None:
    cfg = Config(translate=False, grammar=False)
    stages = build_stages(cfg)
    once = run(normalize("Minsk State Language University Confucian Institute opened."), cfg, stages=stages)
    assert once.text == "Confucius Institute at Minsk State Linguistic University opened."
    assert run(normalize(once.text), cfg, stages=stages).changes == []
