"""Mining a corpus for glossary entries: groups, ranking, contexts, TSV rows that read back."""

from __future__ import annotations

from polish.glossary.model import COLUMNS, Entry, Glossary
from polish.glossary.suggest import Suggestion, slug, suggest_entries
from polish.glossary.tsv import header_line, parse_tsv

CORPUS = [
    ("a.txt", "Rector Vadim Bogushi visited Harbin Institute of Technology. Vice-Rector Ivan Kovalyov came too."),
    ("b.txt", "Rector Vadim Bogush opened the centre. Vadim Bogush spoke about Ivan Kovalyov and the Belorussian State University."),
    ("c.txt", "Vadim Bogush met the guests. Later Rector Vladimir Bogush spoke at the Belarusian State University."),
    ("d.txt", "The Belarusian State University and Professor Anna Petrova welcomed Ivan Petrov. Zhang Wei and Li Wei came."),
]


def _by_canonical(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.canonical: s for s in suggestions}


def test_finds_person_and_organisation_variants_with_counts() -> None:
    got = _by_canonical(suggest_entries(CORPUS, None))
    bogush = got["Vadim Bogush"]
    assert bogush.variants == ("Vadim Bogushi", "Vladimir Bogush")
    assert dict(bogush.counts) == {"Vadim Bogush": 3, "Vadim Bogushi": 1, "Vladimir Bogush": 1}
    assert bogush.count == 5 and bogush.documents == 3 and bogush.kind == "person"
    assert "spelling variants" in bogush.reason and "two given names in one article (c.txt)" in bogush.reason
    bsu = got["Belarusian State University"]
    assert bsu.variants == ("Belorussian State University",) and bsu.kind == "organisation"
    assert dict(bsu.counts) == {"Belarusian State University": 2, "Belorussian State University": 1}
    # Kovalyov twice with no other spelling: nothing to suggest; different people never grouped
    assert set(got) == {"Vadim Bogush", "Belarusian State University"}


def test_a_ministers_portfolio_is_not_part_of_the_name() -> None:
    corpus = [
        ("a.txt", "Minister of Education Igor Karpenko visited the university. Minister of Education Igor Karpenko spoke."),
        ("b.txt", "Later, Minister of Education Ihar Karpenka met the students."),
    ]
    got = _by_canonical(suggest_entries(corpus, None))
    assert set(got) == {"Igor Karpenko"}
    assert got["Igor Karpenko"].variants == ("Ihar Karpenka",)


def test_contexts_name_their_file_and_show_variants_first() -> None:
    bogush = _by_canonical(suggest_entries(CORPUS, None))["Vadim Bogush"]
    assert len(bogush.contexts) == 3
    assert bogush.contexts[0].startswith("a.txt: ") and "Vadim Bogushi" in bogush.contexts[0]
    assert bogush.contexts[1].startswith("c.txt: ") and "Vladimir Bogush" in bogush.contexts[1]
    assert any(c.endswith("…") for c in bogush.contexts)


def test_ranked_by_score() -> None:
    out = suggest_entries(CORPUS, None)
    assert [s.canonical for s in out] == ["Vadim Bogush", "Belarusian State University"]
    assert out[0].score > out[1].score
    # variants count fully, the suggested form a quarter, each further file half a point
    assert out[0].score == 2 + 0.25 * 3 + 0.5 * 2


def test_glossary_canonical_is_the_suggestion_and_settled_forms_are_skipped() -> None:
    glossary = Glossary([
        Entry("kovalev", "Ivan Kovalev", kind="person"),
        Entry("bsu", "Belarusian State University", variants=("Belorussian State University",), kind="organisation"),
    ])
    got = _by_canonical(suggest_entries(CORPUS, glossary))
    kov = got["Ivan Kovalev"]
    assert kov.entry == "kovalev" and kov.id == "kovalev-variants" and kov.variants == ("Ivan Kovalyov",)
    assert dict(kov.counts) == {"Ivan Kovalev": 0, "Ivan Kovalyov": 2}
    assert "Belarusian State University" not in got  # the glossary already lists that variant


def test_tsv_rows_are_native_and_read_back() -> None:
    glossary = Glossary([Entry("kovalev", "Ivan Kovalev", kind="person")])
    out = suggest_entries(CORPUS, glossary)
    rows = [s.to_tsv_row() for s in out]
    assert all(len(r.split("\t")) == len(COLUMNS) and "\n" not in r for r in rows)
    parsed = parse_tsv(header_line() + "\n" + "\n".join(rows) + "\n", "suggested.tsv")
    by_id = parsed.by_id()
    new = by_id["vadim-bogush"]
    assert new.canonical == "Vadim Bogush" and new.variants == ("Vadim Bogushi", "Vladimir Bogush")
    assert new.status == "decide" and new.kind == "person" and new.examples == ()
    assert new.note.startswith("suggested by polish glossary suggest: ") and "5 mentions in 3 files" in new.note
    # extending an existing entry: "decide" too, under an id of its own, so that loaded beside
    # the glossary it neither applies by itself nor replaces the entry it extends
    ext = by_id["kovalev-variants"]
    assert ext.status == "decide" and ext.variants == ("Ivan Kovalyov",) and ext.kind == "person"


def test_slug() -> None:
    assert slug("Vadim Bogush") == "vadim-bogush"
    assert slug("Université de Genève") == "universite-de-geneve"
    assert slug("白俄罗斯") == "entry"


def test_streams_texts_and_handles_an_empty_corpus() -> None:
    assert suggest_entries(iter([]), None) == []
    gen = ((f"{i}.txt", "Rector Vadim Bogushi spoke." if i == 0 else "Rector Vadim Bogush spoke.") for i in range(50))
    (only,) = suggest_entries(gen, None)
    assert only.canonical == "Vadim Bogush" and only.count == 50 and only.documents == 50


def test_case_and_plural_are_no_new_spelling_and_an_extension_keeps_the_entry_kind():
    glossary = Glossary([Entry("intl", "International exchanges", ("International exchange dynamics",), kind="label"),
                         Entry("kovalev", "Ivan Kovalev", kind="organisation")])
    texts = [("a.txt", "Home > International Exchange > News. The Department of International Exchange met."),
             ("b.txt", "Ivan Kovalyov spoke. Ivan Kovalev spoke again.")]
    found = {s.id: s for s in suggest_entries(texts, glossary)}
    assert "intl-variants" not in found
    assert found["kovalev-variants"].kind == "organisation"
