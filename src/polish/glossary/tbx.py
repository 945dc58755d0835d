"""TBX (ISO 30042) import and export, so glossaries travel to and from CAT tools.

Import reads three shapes of TBX:

* TBX-Basic v3, DCA style: ``tbx``/``text``/``body``/``conceptEntry``/``langSec xml:lang``/
  ``termSec``/``term``, with ``<termNote type="administrativeStatus">``;
* TBX-Basic v3, DCT style: the same skeleton with namespaced data categories
  (``<min:administrativeStatus>``, ``<basic:definition>``, ...);
* legacy TBX v2: ``martif``/``termEntry``/``langSet``/``tig`` (or ``ntig``/``termGrp``)/``term``.

XML is parsed with defusedxml: entity declarations (billion laughs, external
entities) are refused, and a DOCTYPE's external DTD is never fetched.

Mapping from a concept to a polish ``Entry``:

=====================================  ==========================================
TBX                                    polish
=====================================  ==========================================
English ``preferredTerm-admn-sts``      ``canonical`` (the first one; later ones are ``admitted``)
(also standardized/legal/regulated)
English ``admittedTerm-admn-sts``       ``admitted``
English ``deprecatedTerm``,             ``variants`` (replaced by the canonical form)
``supersededTerm``, ``notRecommended``,
``obsolete``, ``forbidden``
English terms with no status           the first is ``canonical`` when no term is preferred,
                                       the rest are ``admitted``
terms of any other ``xml:lang``        source forms under the primary language subtag
                                       (``zh-CN`` -> ``zh``), preferred term first
``conceptEntry@id``                    ``id`` (or a slug of the canonical form when absent)
``<descrip type="subjectField">``      ``kind`` when the value is one of polish's kinds
concept-level ``<note>``                ``note`` (with the English section's notes and
                                       ``definition`` appended)
``<note>polish-KEY: VALUE</note>``      polish fields TBX has no category for (see below)
=====================================  ==========================================

A concept without an English term cannot become an entry: it is skipped and
reported in the returned warnings.

Export writes TBX-Basic v3 in DCA style. Every polish field survives
``read_tbx(write_tbx(g))``: ``kind`` goes into ``<descrip type="subjectField">``,
``note`` into a concept-level ``<note>``, and the fields without a TBX data
category into concept-level notes that other tools show as plain notes:
``polish-case: sensitive``, ``polish-status: decide``, ``polish-context: a | b``,
``polish-exceptions: a | b``, ``polish-example: input => expected`` (one note per
example) and ``polish-id: ...``, the entry's id (a concept without one gets an id made up
from its own, and a made-up id that another glossary uses is renamed, not an override).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from polish.glossary.model import ARROW, KINDS, LIST_SEP, Entry, Example, Glossary
from polish.glossary.tsv import GlossaryError

TBX_NS = "urn:iso:std:iso:30042:ed-2"
#: core structure elements of every TBX edition live in a namespace starting with this
_CORE = "{urn:iso:std:iso:30042"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = {"preferredterm", "standardizedterm", "legalterm", "regulatedterm"}
_REJECTED = {"deprecatedterm", "supersededterm", "notrecommended", "obsolete", "forbidden",
             "notrecommendedterm", "obsoleteterm", "forbiddenterm"}
_POLISH_NOTE = re.compile(r"polish-(id|case|status|context|exceptions|example): ?(.*)", re.S)
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
#: what the native format accepts as an id and as an extra language column
_POLISH_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*\Z")
_TWO_LETTER = re.compile(r"[a-z]{2}\Z")


def _local(tag: object) -> str:
    """Element name without its namespace (DCT puts data categories in basic:/min:)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean(text: str | None) -> str:
    """Text of an element as one line: XML layout (newlines, indentation) becomes a space."""
    if not text:
        return ""
    return re.sub(r"\s*[\n\r\t]\s*", " ", text).strip()


def _all_text(el: Element) -> str:
    return _clean("".join(el.itertext()))


def new_id(text: str, taken: set[str]) -> str:
    """A fresh slug id made from ``text`` (ASCII, lower case, hyphens), unique within ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "entry"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def _category(el: Element) -> tuple[str, str] | None:
    """(data category, value) for a DCA ``<termNote type=X>`` or a DCT ``<min:X>`` element."""
    name = _local(el.tag)
    if name in ("termNote", "descrip", "admin"):
        return el.get("type", ""), _all_text(el)
    if "}" in el.tag and not el.tag.startswith(_CORE):
        return name, _all_text(el)
    return None


def _status(term_box: Element) -> str:
    """Normalised administrative status of one term ("" when none is given)."""
    for el in term_box.iter():
        cat = _category(el)
        if cat and cat[0] in ("administrativeStatus", "normativeAuthorization"):
            value = cat[1].strip()
            if value.endswith("-admn-sts"):
                value = value[: -len("-admn-sts")]
            return value.lower()
    return ""


def _terms(lang_box: Element) -> list[tuple[str, str]]:
    """(term, status) for each termSec / tig / ntig of a language section, in file order."""
    out = []
    for box in lang_box:
        if _local(box.tag) not in ("termSec", "tig", "ntig"):
            continue
        term = next((t for t in box.iter() if _local(t.tag) == "term"), None)
        if term is None:
            continue
        text = _all_text(term)
        if text:
            out.append((text, _status(box)))
    return out


def _lang(el: Element, default: str) -> str:
    code = (el.get(_XML_LANG) or el.get("lang") or default).strip()
    return code.replace("_", "-").split("-", 1)[0].lower()


def _concept(ce: Element, file_lang: str, path: str, line: int, taken: set[str],
             warnings: list[str], made: set[str]) -> Entry | None:
    notes: list[str] = []
    polish: dict[str, list[str]] = {}
    kind = "term"
    definitions: list[str] = []
    lang_notes: list[str] = []
    english: list[tuple[str, str]] = []
    sources: dict[str, list[tuple[str, str]]] = {}
    for child in ce:
        name = _local(child.tag)
        if name == "note":
            text = _all_text(child)
            m = _POLISH_NOTE.match(text)
            if m:
                polish.setdefault(m.group(1), []).append(m.group(2).strip())
            elif text:
                notes.append(text)
        elif name in ("langSec", "langSet"):
            lang = _lang(child, file_lang)
            terms = _terms(child)
            if lang == "en":
                english.extend(terms)
                lang_notes.extend(_all_text(n) for n in child if _local(n.tag) == "note" and _all_text(n))
                for el in child.iter():
                    cat = _category(el)
                    if cat and cat[0] == "definition" and cat[1]:
                        definitions.append(cat[1])
            elif terms and not _TWO_LETTER.match(lang):
                warnings.append(f"{path}:{line}: terms in language {lang!r} skipped "
                                "(source forms are kept under two-letter ISO 639-1 codes)")
            elif terms:
                sources.setdefault(lang, []).extend(terms)
        else:
            for el in child.iter():
                cat = _category(el)
                if cat and cat[0] == "subjectField" and cat[1] in KINDS:
                    kind = cat[1]
    ident = (polish.get("id") or [ce.get("id") or ""])[0]
    label = f"concept {ident!r}" if ident else "a concept"
    # polish writes an entry whose form a translator has not chosen yet with no preferred term
    undecided = polish.get("status") == ["decide"]
    if not english and not undecided:
        warnings.append(f"{path}:{line}: {label} has no English term; skipped")
        return None
    admitted: list[str] = []
    variants: list[str] = []
    chosen = next((i for i, (_, s) in enumerate(english) if s in _PREFERRED), None)
    if chosen is None and not undecided:
        chosen = next((i for i, (_, s) in enumerate(english) if s not in _REJECTED), None)
        if chosen is None:
            warnings.append(f"{path}:{line}: {label} has only deprecated English terms; skipped")
            return None
    canonical = english[chosen][0] if chosen is not None else ""
    for i, (term, status) in enumerate(english):
        if i != chosen:
            (variants if status in _REJECTED else admitted).append(term)
    forms: dict[str, tuple[str, ...]] = {}
    for lang, terms in sources.items():
        ordered = [t for t, s in terms if s in _PREFERRED] + [t for t, s in terms if s not in _PREFERRED]
        forms[lang] = tuple(dict.fromkeys(ordered))
    if polish.get("id") and _POLISH_ID.match(ident) and ident not in taken:
        taken.add(ident)  # a polish id: the translator's, which may replace an entry on purpose
    elif ident and _POLISH_ID.match(ident) and ident not in taken:
        taken.add(ident)
        made.add(ident)
    else:
        ident = new_id(ident or canonical or "entry", taken)
        made.add(ident)
    note = "; ".join(notes + lang_notes + [f"definition: {d}" for d in definitions])
    examples = []
    for raw in polish.get("example", []):
        if ARROW not in raw:
            raise GlossaryError(path, line, f"polish-example note {raw!r} has no {ARROW.strip()!r}")
        text, expected = raw.split(ARROW, 1)
        examples.append(Example(text, expected))

    def listed(key: str) -> tuple[str, ...]:
        return tuple(p for v in polish.get(key, []) for p in v.split(LIST_SEP) if p)

    return Entry(
        id=ident,
        canonical=canonical,
        variants=tuple(dict.fromkeys(variants)),
        admitted=tuple(dict.fromkeys(admitted)),
        kind=kind,
        case_sensitive=(polish.get("case") or ["insensitive"])[0] == "sensitive",
        sources=forms,
        context=listed("context"),
        exceptions=listed("exceptions"),
        status=(polish.get("status") or ["approved"])[0],
        note=note,
        examples=tuple(examples),
    ).with_origin(path, line)


def _entity_line(data: bytes) -> int:
    """Line of the first entity declaration, for the refusal message."""
    at = data.find(b"<!ENTITY")
    return data.count(b"\n", 0, at) + 1 if at >= 0 else 1


def parse_tbx(data: bytes, path: str = "<tbx>") -> tuple[Glossary, list[str]]:
    """Entries of a TBX document, and warnings for concepts that could not become entries."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        root = DET.fromstring(data)
    except DefusedXmlException as exc:
        raise GlossaryError(path, _entity_line(data),
                            f"refusing XML entity declarations ({type(exc).__name__}); TBX files need none") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise GlossaryError(path, line, f"not well-formed XML: {str(exc).split(':')[0]}") from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(path, 1, f"not a TBX file: the root element is <{_local(root.tag)}>, expected <tbx> or <martif>")
    file_lang = _lang(root, "en")
    # ElementTree keeps no line numbers: count concept openings in the raw bytes instead.
    lines = [data.count(b"\n", 0, m.start()) + 1
             for m in re.finditer(rb"<(?:[\w.-]+:)?(?:conceptEntry|termEntry)[\s>/]", data)]
    warnings: list[str] = []
    taken: set[str] = set()
    made: set[str] = set()
    entries: list[Entry] = []
    concepts = [el for el in root.iter() if _local(el.tag) in ("conceptEntry", "termEntry")]
    for i, ce in enumerate(concepts):
        line = lines[i] if i < len(lines) else 1
        entry = _concept(ce, file_lang, path, line, taken, warnings, made)
        if entry is not None:
            entries.append(entry)
    return Glossary(entries=entries, sources=[path], made_ids={e.id for e in entries} & made), warnings


def read_tbx(path: str | os.PathLike[str], warnings: list[str] | None = None) -> Glossary:
    """Read a TBX file into a glossary; skipped concepts are appended to ``warnings``."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(str(path), 0, "no such file") from None
    except OSError as exc:
        raise GlossaryError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    glossary, found = parse_tbx(data, str(path))
    if warnings is not None:
        warnings.extend(found)
    return glossary


def _term_sec(term: str, status: str | None, indent: str) -> list[str]:
    out = [f"{indent}<termSec>", f"{indent}\t<term>{escape(term)}</term>"]
    if status:
        out.append(f'{indent}\t<termNote type="administrativeStatus">{status}-admn-sts</termNote>')
    out.append(f"{indent}</termSec>")
    return out


def _concept_xml(entry: Entry) -> list[str]:
    t = "\t\t\t"
    ident = entry.id if _NCNAME.match(entry.id) else "_" + re.sub(r"[^A-Za-z0-9_.\-]", "_", entry.id)
    out = [f"{t}<conceptEntry id={quoteattr(ident)}>",
           f'{t}\t<descrip type="subjectField">{escape(entry.kind)}</descrip>']
    # always: a concept's own id is taken for a made-up one, and a made-up id never replaces the
    # entry of another glossary (a polish id does, as in the TSV it came from)
    notes = [f"polish-id: {entry.id}"]
    if entry.note:
        notes.append(entry.note)
    if entry.case_sensitive:
        notes.append("polish-case: sensitive")
    if entry.status != "approved":
        notes.append(f"polish-status: {entry.status}")
    if entry.context:
        notes.append("polish-context: " + LIST_SEP.join(entry.context))
    if entry.exceptions:
        notes.append("polish-exceptions: " + LIST_SEP.join(entry.exceptions))
    notes += [f"polish-example: {ex.text}{ARROW}{ex.expected}" for ex in entry.examples]
    out += [f"{t}\t<note>{escape(n)}</note>" for n in notes]
    english = ([(entry.canonical, "preferredTerm")] if entry.canonical else [])
    english += [(a, "admittedTerm") for a in entry.admitted] + [(v, "deprecatedTerm") for v in entry.variants]
    if english:
        out.append(f'{t}\t<langSec xml:lang="en">')
        for term, status in english:
            out += _term_sec(term, status, t + "\t\t")
        out.append(f"{t}\t</langSec>")
    for lang, forms in entry.sources.items():
        if not forms:
            continue
        out.append(f"{t}\t<langSec xml:lang={quoteattr(lang)}>")
        for form in forms:
            out += _term_sec(form, None, t + "\t\t")
        out.append(f"{t}\t</langSec>")
    out.append(f"{t}</conceptEntry>")
    return out


def to_tbx(entries: Iterable[Entry], description: str = "Exported by polish") -> str:
    """A TBX-Basic v3 (DCA style) document holding ``entries``."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
        'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>',
        '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
        'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
        f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">',
        "\t<tbxHeader>",
        "\t\t<fileDesc>",
        "\t\t\t<sourceDesc>",
        f"\t\t\t\t<p>{escape(description)}</p>",
        "\t\t\t</sourceDesc>",
        "\t\t</fileDesc>",
        "\t</tbxHeader>",
        "\t<text>",
        "\t\t<body>",
    ]
    body = [line for e in entries for line in _concept_xml(e)]
    return "\n".join(head + body + ["\t\t</body>", "\t</text>", "</tbx>", ""])


def write_tbx(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as a TBX-Basic v3 (DCA) file, atomically."""
    from polish.reading import atomic_write_text

    atomic_write_text(path, to_tbx(glossary.entries))
