"""Format a ValidationResult: readable text grouped by entity, JSON, or the standard
sh:ValidationReport graph in Turtle."""

from __future__ import annotations

import json

from narcokg.validate import ValidationResult

MAX_VALUE = 80


def curie(iri: str | None) -> str:
    from narcokg.loaders.profile import curie as _curie

    if iri is None:
        return "-"
    return _curie(iri) or iri


def _value(value) -> str:
    if value is None:
        return ""
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef):
        text = curie(str(value))
    elif isinstance(value, Literal):
        text = f'"{value}"'
        if value.language:
            text += f"@{value.language}"
        elif value.datatype:
            text += f"^^{curie(str(value.datatype))}"
    else:
        text = "(record)"
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def label(result: ValidationResult, focus: str, lang: str) -> str:
    labels = result.labels.get(focus) or {}
    for want in (lang, "en", ""):
        if want in labels:
            return labels[want]
    return next(iter(labels.values()), "")


def component(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")


def text(result: ValidationResult, lang: str = "en") -> str:
    lines = [f"note: {n}" for n in result.notes]
    by_focus: dict[str, list] = {}
    for p in result.problems:
        by_focus.setdefault(p.focus, []).append(p)
    for focus, problems in by_focus.items():
        name = label(result, focus, lang)
        lines.append(f"{curie(focus)}" + (f"  ({name})" if name else ""))
        for p in problems:
            value = _value(p.value)
            lines.append(f"  {p.severity.upper():<9} {curie(p.path):<28} "
                         f"{value + '  ' if value else ''}{p.message(lang)} "
                         f"[{component(p.component)}]")
    v = sum(p.severity == "Violation" for p in result.problems)
    w = sum(p.severity == "Warning" for p in result.problems)
    verdict = "conforms" if result.conforms else "does NOT conform"
    lines.append(f"{verdict}: {v} violation(s), {w} warning(s) on {len(by_focus)} "
                 f"entit{'y' if len(by_focus) == 1 else 'ies'} ({result.seconds:.2f} s)")
    return "\n".join(lines)


def as_json(result: ValidationResult, lang: str = "en") -> str:
    return json.dumps({
        "conforms": result.conforms,
        "notes": result.notes,
        "results": [{
            "focusNode": p.focus, "label": label(result, p.focus, lang) or None,
            "resultPath": p.path, "value": None if p.value is None else str(p.value),
            "sourceConstraintComponent": p.component, "severity": p.severity,
            "message": p.message(lang), "sourceShape": p.shape,
        } for p in result.problems],
    }, ensure_ascii=False, indent=2)


def turtle(result: ValidationResult) -> str:
    from rdflib import Graph

    graph = result.report if result.report is not None else Graph()
    return graph.serialize(format="turtle")


def render(result: ValidationResult, fmt: str = "text", lang: str = "en") -> str:
    if fmt == "json":
        return as_json(result, lang)
    if fmt == "turtle":
        return turtle(result)
    return text(result, lang)
