"""TBX, CSV and OmegaT import/export: real TBX files, round trips, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.glossary.csvfmt import parse_csv, read_csv, to_csv, write_csv
from polish.glossary.model import Entry, Example, Glossary
from polish.glossary.omegat import parse_omegat, read_omegat, to_omegat, write_omegat
from polish.glossary.tbx import parse_tbx, read_tbx, to_tbx, write_tbx
from polish.glossary.tsv import GlossaryError, read_tsv, write_tsv

TBX_DIR = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "tbx"
DCA = TBX_DIR / "ltac-tbx-basic-v3-dca-astronomy.tbx"
DCT = TBX_DIR / "ltac-tbx-basic-v3-dct-astronomy.tbx"
V2 = TBX_DIR / "weblate-cs-tbx-v2-martif.tbx"
needs_shared = pytest.mark.skipif(not TBX_DIR.is_dir(), reason="/work/shared/testdata/tbx is absent")


def sample() -> Glossary:
    """Entries that use every field polish has."""
    return Glossary(entries=[
        Entry(id="bsu", canonical="Belarusian State University",
              variants=("Belorussian State University", "Byelorussian State University"),
              admitted=("BSU",), kind="organisation",
              sources={"zh": ("白俄罗斯国立大学",), "ru": ("Белорусский государственный университет",),
                       "be": ("Беларускі дзяржаўны ўніверсітэт",)},
              note="official English name, bsu.by",
              examples=(Example("He studied at Belorussian State University.",
                                "He studied at Belarusian State University."),)),
        Entry(id="hit", canonical="Harbin Institute of Technology", variants=("Harbin Industrial University",),
              kind="organisation", case_sensitive=True, sources={"zh": ("哈尔滨工业大学", "哈工大")},
              context=("the Harbin Industrial University campus",), exceptions=("Harbin Industrial University Press",),
              status="decide", note="HIT uses this form; a <b>&\"quoted\"</b> note"),
        Entry(id="2024-forum", canonical="Belarus–China Forum", kind="programme"),
        # undecided: the translator has not chosen the English form yet
        Entry(id="gomel-park", canonical="", admitted=("Gomel Hi-Tech Park", "Gomel Science Park"), kind="place",
              status="decide", sources={"ru": ("Гомельский технопарк",)}),
    ], sources=["sample"])


def same_entries(a: list[Entry], b: list[Entry]) -> None:
    """Equal as polish sees them: every field, source forms included (Entry.__eq__ skips them)."""
    assert a == b
    assert [e.sources for e in a] == [e.sources for e in b]


# --- TBX: the real files -------------------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("path", [DCA, DCT], ids=["dca", "dct"])
def test_tbx_basic_v3_real_files(path: Path) -> None:
    warnings: list[str] = []
    g = read_tbx(path, warnings)
    # 45 concepts; six (c17-c20, c22, c40) hold only a bibliography entry in "zu": no English term
    assert len(g.entries) + len(warnings) == 45
    assert len(g.entries) == 39
    assert all("has no English term" in w for w in warnings)
    assert any(w.startswith(f"{path}:") and "'c17'" in w for w in warnings)
    by_id = g.by_id()
    # c38: "CNO cycle" preferred, four admitted, "carbon cycle" deprecated; Spanish preferred first
    cno = by_id["c38"]
    assert cno.canonical == "CNO cycle"
    assert cno.admitted == ("carbon-nitrogen cycle", "carbon-nitrogen-oxygen cycle", "Bethe-Weizsäcker-cycle", "CN cycle")
    assert cno.variants == ("carbon cycle",)
    assert cno.sources["es"][0] == "ciclo del carbono-nitrógeno"
    assert set(cno.sources["es"]) == {"ciclo CNO", "ciclo del carbono-nitrógeno-oxígeno", "ciclo del carbono",
                                      "ciclo del carbono-nitrógeno"}
    # c1: superseded "galactic cluster" is a variant of the preferred "open cluster"
    assert by_id["c1"].canonical == "open cluster"
    assert by_id["c1"].variants == ("galactic cluster",)
    assert by_id["c1"].sources == {"es": ("cúmulo abierto",)}
    assert "G-Source" in by_id["c1"].note and "definition: A group of stars" in by_id["c1"].note
    # c9: no status at all: first English term canonical, the rest admitted
    assert by_id["c9"].canonical == "Galaxy"
    assert by_id["c9"].admitted == ("Milky Way Galaxy", "Milky Way")
    assert by_id["c9"].variants == ()
    # c37: the preferred term is not the first one
    assert by_id["c37"].canonical == "PP chain"
    assert by_id["c37"].admitted == ("proton-proton chain reaction", "proton-proton reaction")
    # "General" is not a polish kind
    assert {e.kind for e in g.entries} == {"term"}
    assert by_id["c1"].origin == (str(path), by_id["c1"].origin[1])
    assert path.read_text(encoding="utf-8").splitlines()[by_id["c1"].origin[1] - 1].strip() == '<conceptEntry id="c1">'


@needs_shared
def test_tbx_dca_and_dct_styles_give_the_same_glossary() -> None:
    dca, dct = read_tbx(DCA), read_tbx(DCT)
    assert [e.id for e in dca.entries] == [e.id for e in dct.entries]
    assert dca.entries == dct.entries  # every polish field, notes included
    assert [e.sources for e in dca.entries] == [e.sources for e in dct.entries]
    assert dca.by_id()["c6"].note.startswith("G-Source: http://www.skyofplenty.com/?page_id=374; definition: Of or")


@needs_shared
def test_tbx_v2_martif_with_doctype_is_read_without_fetching() -> None:
    g = read_tbx(V2)
    assert [e.canonical for e in g.entries] == ["address bar", "administrator", "administrate", "always on top"]
    # termEntry has no id: a slug of the canonical form
    assert [e.id for e in g.entries] == ["address-bar", "administrator", "administrate", "always-on-top"]
    assert g.entries[0].sources == {"cs": ("adresní řádek",)}
    assert g.entries[1].origin == (str(V2), 25)


@needs_shared
def test_real_tbx_survives_tsv_and_back(tmp_path: Path) -> None:
    g = read_tbx(DCA)
    write_tsv(g, tmp_path / "astro.tsv")
    back = read_tsv(tmp_path / "astro.tsv")
    same_entries(g.entries, back.entries)
    write_tbx(back, tmp_path / "astro.tbx")
    same_entries(read_tbx(tmp_path / "astro.tbx").entries, g.entries)


# --- TBX: round trips and structure --------------------------------------------------------

def test_tsv_tbx_tsv_round_trip_keeps_every_field(tmp_path: Path) -> None:
    write_tsv(sample(), tmp_path / "a.tsv")
    first = read_tsv(tmp_path / "a.tsv")
    write_tbx(first, tmp_path / "a.tbx")
    second = read_tbx(tmp_path / "a.tbx")
    same_entries(first.entries, second.entries)
    write_tsv(second, tmp_path / "b.tsv")
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()


def test_tbx_export_is_tbx_basic_dca() -> None:
    import defusedxml.ElementTree as ET

    root = ET.fromstring(to_tbx(sample().entries).encode())
    ns = "{urn:iso:std:iso:30042:ed-2}"
    assert root.tag == ns + "tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    concepts = root.findall(f"{ns}text/{ns}body/{ns}conceptEntry")
    assert [c.get("id") for c in concepts] == ["bsu", "hit", "_2024-forum", "gomel-park"]  # XML ids cannot start with a digit
    bsu = concepts[0]
    assert bsu.find(f"{ns}descrip[@type='subjectField']").text == "organisation"
    en = bsu.find(f"{ns}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='en']")
    statuses = [(ts.find(f"{ns}term").text, ts.find(f"{ns}termNote[@type='administrativeStatus']").text)
                for ts in en.findall(f"{ns}termSec")]
    assert statuses == [("Belarusian State University", "preferredTerm-admn-sts"), ("BSU", "admittedTerm-admn-sts"),
                        ("Belorussian State University", "deprecatedTerm-admn-sts"),
                        ("Byelorussian State University", "deprecatedTerm-admn-sts")]
    langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in bsu.findall(f"{ns}langSec")]
    assert langs == ["en", "zh", "ru", "be"]
    assert read_tbx_text(to_tbx(sample().entries))[2].id == "2024-forum"


def read_tbx_text(text: str) -> list[Entry]:
    return parse_tbx(text.encode("utf-8"), "mem.tbx")[0].entries


def test_tbx_status_words_map_to_polish_fields() -> None:
    xml = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en-US"><text><body>
<termEntry id="t1">
 <langSet xml:lang="en-GB">
  <ntig><termGrp><term>colour</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
  <tig><term>hue</term><termNote type="normativeAuthorization">obsolete</termNote></tig>
  <tig><term>colr</term><termNote type="administrativeStatus">forbidden</termNote></tig>
  <tig><term>color</term><termNote type="normativeAuthorization">standardizedTerm</termNote></tig>
  <tig><term>tint</term><termNote type="administrativeStatus">notRecommended</termNote></tig>
 </langSet>
 <langSet xml:lang="zh-CN"><tig><term>颜色</term></tig></langSet>
 <langSet xml:lang="ru"><tig><term>цвет</term></tig></langSet>
</termEntry>
<termEntry><langSet xml:lang="en"><tig><term>old word</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>"""
    g, warnings = parse_tbx(xml.encode(), "x.tbx")
    (e,) = g.entries
    assert (e.canonical, e.admitted, e.variants) == ("color", ("colour",), ("hue", "colr", "tint"))
    assert e.sources == {"zh": ("颜色",), "ru": ("цвет",)}
    assert warnings == ["x.tbx:14: a concept has only deprecated English terms; skipped"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="a"><langSec xml:lang="en">
<termSec><term>&lol3;</term></termSec></langSec></conceptEntry></body></text></tbx>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="a"><langSec xml:lang="en">
<termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize("xml,line", [(BILLION_LAUGHS, 3), (EXTERNAL_ENTITY, 2)], ids=["billion-laughs", "xxe"])
def test_malicious_xml_is_refused_with_one_line(tmp_path: Path, xml: str, line: int) -> None:
    p = tmp_path / "evil.tbx"
    p.write_text(xml, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        read_tbx(p)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{p}:{line}: refusing XML entity declarations")
    assert "root:" not in message  # nothing of /etc/passwd leaked into the message


def test_broken_and_foreign_xml_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"^b\.tbx:3: not well-formed XML"):
        parse_tbx(b"<tbx>\n<text>\n</tbx>", "b.tbx")
    with pytest.raises(GlossaryError, match=r"not a TBX file: the root element is <html>"):
        parse_tbx(b"<html><body/></html>", "c.tbx")
    with pytest.raises(GlossaryError, match="no such file"):
        read_tbx(tmp_path / "missing.tbx")


# --- CSV -----------------------------------------------------------------------------------

def test_tsv_csv_tsv_round_trip(tmp_path: Path) -> None:
    write_tsv(sample(), tmp_path / "a.tsv")
    first = read_tsv(tmp_path / "a.tsv")
    write_csv(first, tmp_path / "a.csv")
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,canonical,variants,admitted,kind,case,zh,ru,be,")
    second = read_csv(tmp_path / "a.csv")
    same_entries(first.entries, second.entries)
    assert second.entries[0].origin == (str(tmp_path / "a.csv"), 2)
    write_tsv(second, tmp_path / "b.tsv")
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()


def test_csv_columns_in_any_order_and_extra_languages() -> None:
    text = 'canonical,id,es,variants\n"Minsk, Belarus",minsk,Minsk | Minsko,Minsck | Minsck city\n'
    (e,) = parse_csv(text, "m.csv").entries
    assert (e.id, e.canonical, e.variants) == ("minsk", "Minsk, Belarus", ("Minsck", "Minsck city"))
    assert e.sources == {"es": ("Minsk", "Minsko")}
    assert "es" in to_csv([e]).splitlines()[0].split(",")


def test_csv_errors_name_file_and_line() -> None:
    with pytest.raises(GlossaryError, match=r"^m\.csv:1: the header row has no 'canonical' column"):
        parse_csv("id,name\nx,y\n", "m.csv")
    with pytest.raises(GlossaryError, match=r"^m\.csv:1: unknown column 'colour'"):
        parse_csv("id,canonical,colour\nx,y,z\n", "m.csv")
    with pytest.raises(GlossaryError, match=r"^m\.csv:3: 4 cells"):
        parse_csv("id,canonical,note\na,A,\nb,B,c,d\n", "m.csv")


# --- OmegaT --------------------------------------------------------------------------------

def test_omegat_import_groups_by_target() -> None:
    text = ("# OmegaT glossary\n"
            "白俄罗斯国立大学\tBelarusian State University\tofficial name\n"
            "白俄国立大学\tBelarusian State University\n"
            "\n"
            "明斯克\tMinsk\n")
    g = parse_omegat(text, "o.utf8")
    assert [(e.id, e.canonical, e.sources, e.note) for e in g.entries] == [
        ("belarusian-state-university", "Belarusian State University", {"zh": ("白俄罗斯国立大学", "白俄国立大学")}, "official name"),
        ("minsk", "Minsk", {"zh": ("明斯克",)}, ""),
    ]
    assert g.entries[1].origin == ("o.utf8", 5)
    ru = parse_omegat("Минск\tMinsk\n", "r.txt", source_lang="ru").entries[0]
    assert ru.sources == {"ru": ("Минск",)}


def test_omegat_round_trip(tmp_path: Path) -> None:
    g = parse_omegat("白俄罗斯国立大学\tBelarusian State University\tofficial name\n明斯克\tMinsk\n", "o")
    skipped = write_omegat(Glossary(entries=g.entries + sample().entries[2:]), tmp_path / "o.utf8")
    assert skipped == 2  # the forum has no Chinese form, the park no canonical form
    back = read_omegat(tmp_path / "o.utf8")
    same_entries([e for e in back.entries], g.entries)


def test_omegat_export_one_line_per_source_form() -> None:
    text, skipped = to_omegat(sample().entries, "zh")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == [
        "白俄罗斯国立大学\tBelarusian State University\tofficial English name, bsu.by",
        "哈尔滨工业大学\tHarbin Institute of Technology\tHIT uses this form; a <b>&\"quoted\"</b> note",
        "哈工大\tHarbin Institute of Technology\tHIT uses this form; a <b>&\"quoted\"</b> note",
    ]
    assert skipped == 2


def test_omegat_bad_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"^o\.txt:2: expected 'source term<TAB>target term"):
        parse_omegat("明斯克\tMinsk\njust one column\n", "o.txt")
    p = tmp_path / "cp.txt"
    p.write_bytes("明斯克\tMinsk\n".encode("gb18030"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        read_omegat(p)


# --- property: every polish field survives every format --------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from polish.glossary.model import KINDS  # noqa: E402

_WORD = st.text(alphabet="abcXYZé白俄罗斯Минскў<>&\"'.,()–-0", min_size=1, max_size=8).filter(
    lambda w: w.strip() == w and "|" not in w)
_PHRASE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join).filter(lambda p: "=>" not in p)
_FORMS = st.lists(_PHRASE, max_size=3, unique=True).map(tuple)


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9\-]{0,8}", fullmatch=True), min_size=1, max_size=4, unique=True))
    out = []
    for ident in ids:
        sources = {lang: forms for lang in draw(st.lists(st.sampled_from(["zh", "ru", "be", "es", "cs"]), unique=True, max_size=3))
                   if (forms := draw(_FORMS.filter(bool)))}
        out.append(Entry(
            id=ident, canonical=draw(_PHRASE), variants=draw(_FORMS), admitted=draw(_FORMS),
            kind=draw(st.sampled_from(KINDS)), case_sensitive=draw(st.booleans()), sources=sources,
            context=draw(_FORMS), exceptions=draw(_FORMS), status=draw(st.sampled_from(["approved", "decide"])),
            note=draw(st.one_of(st.just(""), _PHRASE)),
            examples=tuple(Example(a, b) for a, b in draw(st.lists(st.tuples(_PHRASE, _PHRASE), max_size=2))),
        ))
    return out


@settings(max_examples=60, deadline=None)
@given(entries())
def test_every_field_survives_tbx_and_csv(generated: list[Entry]) -> None:
    from polish.glossary.tsv import parse_tsv, to_tsv

    # TSV is the reference: what it keeps is what polish knows
    reference = parse_tsv(to_tsv(Glossary(entries=generated)), "g.tsv").entries
    same_entries(reference, generated)
    same_entries(read_tbx_text(to_tbx(generated)), generated)
    same_entries(parse_csv(to_csv(generated), "g.csv").entries, generated)


def test_a_termbase_used_directly_does_not_replace_a_curated_entry_by_a_made_up_id(tmp_path: Path) -> None:
    from polish import clean_text
    from polish.config import Config
    from polish.glossary.loading import glossary_for_config

    termbase = tmp_path / "terms.tbx"
    termbase.write_text(
        '<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        '<text><body><conceptEntry id="c17"><langSec xml:lang="en"><termSec><term>COVID-19</term></termSec>'
        '<termSec><term>covid</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
        '</termSec></langSec></conceptEntry></body></text></tbx>\n', encoding="utf-8")
    cfg = Config(translate=False, glossaries=(str(termbase),))
    ids = [e.id for e in glossary_for_config(cfg).entries]
    assert ids.count("covid-19") == 1 and "c17" in ids
    # the curated entry's variants still apply, and the termbase's own too
    assert clean_text("Classes went online in the new crown pneumonia period.\n", cfg).text == \
        "Classes went online in the COVID-19 period.\n"
    assert "COVID-19" in clean_text("Classes went online during covid.\n", cfg).text
    # a concept named like a curated id is renamed, with a note saying why
    termbase.write_text(termbase.read_text(encoding="utf-8").replace('id="c17"', 'id="covid-19"'), encoding="utf-8")
    entries = {e.id: e for e in glossary_for_config(Config(translate=False, glossaries=(str(termbase),))).entries}
    assert "covid-19-2" in entries and "is the id of an entry in" in entries["covid-19-2"].note
    assert "new crown pneumonia" in entries["covid-19"].variants
