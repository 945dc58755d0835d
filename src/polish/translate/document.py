"""Translate the foreign-language spans of one document in one batch, as Edits and Findings.

Every sentence of every span that shares a language goes to the model in a
single call (through the process-wide engine, so the model loads once and
repeated sentences are translated once). Each span becomes one Edit of kind
"translate" whose meta keeps the source text, its language and the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polish.model import Edit, Finding
from polish.translate import packages as pk
from polish.translate import terms as tm
from polish.langid import language_name
from polish.translate.segment import sentence_spans

RULE = "translation.argos"
_CJK_STOPS = "。！？；：，"


@dataclass(frozen=True)
class Span:
    """A stretch of the text in a language other than the target."""

    start: int
    end: int
    lang: str
    unit: str = "paragraph"  # or "sentence" (a fragment inside a target-language paragraph)


@dataclass
class _Piece:
    span: Span
    starts: list[tuple[int, int]]  # sentence spans, absolute offsets
    prot: list[tm.Protected]


def translate_spans(text: str, spans: list[Span], config: Any, index: tm.TermIndex,
                    packages: list[pk.PackageInfo] | None = None) -> tuple[list[Edit], list[Finding]]:
    """Edits translating ``spans`` of ``text`` into ``config.target``, and findings for what could not be."""
    target = config.target
    spans = [s for s in spans if s.lang and s.lang != target and text[s.start:s.end].strip()]
    if not spans:
        return [], []
    if not pk.argos_available():
        return [], [_not_installed(spans)]
    if packages is None:
        packages = pk.installed_packages(config.argos_dir)
    from polish.translate.engine import engine

    eng = engine(max(1, int(config.translate_threads or 1)))
    edits: list[Edit] = []
    findings: list[Finding] = []
    by_lang: dict[str, list[Span]] = {}
    for s in spans:
        by_lang.setdefault(s.lang, []).append(s)
    for lang, group in by_lang.items():
        route = pk.find_route(lang, target, packages)
        if route is None:
            findings.append(_missing(group, lang, target))
            continue
        try:
            e, f = _translate_group(text, group, lang, route, eng, index, target)
        except (RuntimeError, OSError) as exc:  # a broken model folder: report, do not crash the run
            findings.append(Finding(group[0].start, group[0].end, "translation.failed",
                                    f"Argos package {pk.route_label(route)} failed: {str(exc).splitlines()[0]}"))
            continue
        edits += e
        findings += f
    return edits, findings


def prefetch(texts_spans: list[tuple[str, list[Span]]], config: Any, index: tm.TermIndex,
             packages: list[pk.PackageInfo]) -> int:
    """Translate the protected sentences of several documents in one call per route.

    The answers land in the engine's segment cache, so each document's own
    ``translate_spans`` afterwards finds them there: a worker's whole share of a
    folder goes to the model in one batch instead of one batch per document.
    Returns how many segments were sent.
    """
    from polish.translate.engine import engine

    target = config.target
    batches: dict[str, tuple[list[pk.PackageInfo], list[str]]] = {}
    for text, spans in texts_spans:
        for span in spans:
            if not span.lang or span.lang == target or not text[span.start:span.end].strip():
                continue
            route = pk.find_route(span.lang, target, packages)
            if route is None:
                continue
            key = pk.route_label(route)
            batch = batches.setdefault(key, (route, []))[1]
            for a, b in sentence_spans(text[span.start:span.end]):
                # the same protected form _translate_group sends, so the cache keys agree
                batch.append(tm.protect(text[span.start + a:span.start + b], span.lang, index).text)
    eng = engine(max(1, int(config.translate_threads or 1)))
    sent = 0
    for route, batch in batches.values():
        if batch:
            eng.translate(batch, route)
            sent += len(batch)
    return sent


def _translate_group(text: str, group: list[Span], lang: str, route: list[pk.PackageInfo], eng: Any,
                     index: tm.TermIndex, target: str) -> tuple[list[Edit], list[Finding]]:
    pieces: list[_Piece] = []
    batch: list[str] = []
    for span in group:
        sents = [(span.start + a, span.start + b) for a, b in sentence_spans(text[span.start:span.end])]
        prot = [tm.protect(text[a:b], lang, index) for a, b in sents]
        pieces.append(_Piece(span, sents, prot))
        batch += [p.text for p in prot]
    out = iter(eng.translate(batch, route))
    results: list[list[str | None]] = [[tm.restore(next(out), p) for p in piece.prot] for piece in pieces]

    # Placeholders the model lost: translate those sentences unprotected, one more batch.
    lost = [(i, j) for i, r in enumerate(results) for j, v in enumerate(r) if v is None]
    findings: list[Finding] = []
    fallback_terms: dict[tuple[int, int], list[str]] = {}
    if lost:
        raw = eng.translate([text[slice(*pieces[i].starts[j])] for i, j in lost], route)
        for (i, j), value in zip(lost, raw):
            fixed, ids = tm.apply_after(value, lang, index)
            results[i][j] = fixed
            fallback_terms[(i, j)] = ids
            a, b = pieces[i].starts[j]
            findings.append(Finding(
                a, b, "translation.placeholder-lost",
                f"Argos package {pk.route_label(route)} lost a protected term placeholder; sentence translated "
                f"without protection and glossary applied afterwards ({len(ids)} term(s) replaced)",
                severity="warning",
                meta={"protected": tm.entries_in(pieces[i].prot[j].slots), "applied_after": ids},
            ))

    edits = []
    for i, piece in enumerate(pieces):
        if not piece.starts:
            continue
        a, b = piece.starts[0][0], piece.starts[-1][1]
        out_text = _join(text, piece.starts, [r or "" for r in results[i]], target)
        protected = tm.entries_in(s for p in piece.prot for s in p.slots)
        after = [x for j in range(len(piece.starts)) for x in fallback_terms.get((i, j), [])]
        n = len(protected)
        terms_note = f" ({n} glossary term{'s' if n != 1 else ''} protected)" if n else ""
        edits.append(Edit(
            a, b, out_text, RULE,
            f"{language_name(lang)} {piece.span.unit} translated to {language_name(target)} with Argos package "
            f"{pk.route_label(route)}{terms_note}",
            kind="translate",
            meta={"source_text": text[a:b], "source_lang": lang, "target_lang": target,
                  "package": pk.route_label(route), "package_codes": [p.code for p in route], "sentences": len(piece.starts),
                  "protected": protected, "fallback": any(k[0] == i for k in fallback_terms),
                  "applied_after": after},
        ))
    return edits, findings


def _join(text: str, sents: list[tuple[int, int]], outs: list[str], target: str) -> str:
    """Translated sentences with the original spacing between them (a space where CJK had none)."""
    parts = [outs[0]]
    for k in range(1, len(sents)):
        gap = text[sents[k - 1][1]:sents[k][0]]
        if not gap and target not in ("zh", "ja", "ko") and parts[-1] and outs[k]:
            gap = " "
        parts.append(gap)
        parts.append(outs[k])
    return "".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _not_installed(spans: list[Span]) -> Finding:
    langs = sorted({s.lang for s in spans})
    first = spans[0]
    return Finding(
        first.start, first.end, "translation.not-installed",
        f"{_count(len(spans), 'passage')} in {', '.join(language_name(x) for x in langs)} left untranslated: "
        f"translation needs Argos Translate ({pk.INSTALL_EXTRA})",
        suggestion=None, severity="warning", meta={"languages": langs, "command": pk.INSTALL_EXTRA},
    )


def _missing(group: list[Span], lang: str, target: str) -> Finding:
    cmd = pk.install_command(lang, target)
    first = group[0]
    units = {s.unit for s in group}
    what = _count(len(group), f"{language_name(lang)} " + ("paragraph" if units == {"paragraph"} else "passage"))
    return Finding(
        first.start, first.end, "translation.missing-model",
        f"{what} left untranslated: no Argos package for {lang}→{target} is installed; "
        f"install one with `{cmd}` (offline: `polish models install-file PATH.argosmodel`)",
        severity="warning", meta={"pair": f"{lang}→{target}", "command": cmd, "spans": len(group)},
    )
