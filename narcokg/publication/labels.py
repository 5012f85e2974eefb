"""Labels that pages show for records the data leaves without one in a language:
participation records and treaty events ("Belgium — ratification — 1995-10-25"), memberships
("Belgium — member of — MAOC (N)"), seizure statistics ("cocaine — Antwerpen — 2021", a part of
a total naming its origin or destination: "... — 2022 — origin: Ecuador") and the
nl/fr labels of demands and considerations (the first sentence of their text where the data
says only "Verzoek 5"). Page rendering only: nothing is written to the store."""

from __future__ import annotations

import re

import pyoxigraph as ox

from narcokg.namespaces import NKG, PREFIXES, vocab

LANGS = ("en", "nl", "fr")
ORG, SKOS = PREFIXES["org"], PREFIXES["skos"]
MEMBER_OF = {"en": "member of", "nl": "lid van", "fr": "membre de"}
ORIGIN = {"en": "origin: ", "nl": "herkomst: ", "fr": "origine : "}
DESTINATION = {"en": "destination: ", "nl": "bestemming: ", "fr": "destination : "}
PLACEHOLDER = re.compile(r"^(Verzoek|Demande|Demand|Overweging|Considérant|Consideration)"
                         r"\s+[\w.]+$")
SENTENCE_END = re.compile(r"[.;:!?](\s|$)")
MAX_TEXT = 90
# The VALUES block of ``derived_query(iris)`` goes inside each GRAPH group: outside, Oxigraph
# 0.5 evaluated the event branch over the whole store before joining (1M quads: 1.5 s for
# one IRI; inside: under 1 ms).
# ?kind: which pattern; ?a ?b ?c: its parts, in the order a label names them; ?d ?e: the
# origin and destination of a seizure statistic that is a part of a total (not "all ...")
DERIVED_QUERY = f"""SELECT ?s ?kind ?a ?b ?c ?d ?e WHERE {{
  {{ GRAPH ?g {{ {{values}} ?s <{NKG}eventType> ?b OPTIONAL {{ ?s <{NKG}participant> ?a }}
     OPTIONAL {{ ?s <{NKG}date> ?c }} }} BIND("event" AS ?kind) }}
  UNION {{ GRAPH ?g {{ {{values}} ?s a <{ORG}Membership> ; <{ORG}member> ?a ; <{ORG}organization> ?c
     OPTIONAL {{ ?s <{ORG}role> ?b }} }} BIND("membership" AS ?kind) }}
  UNION {{ GRAPH ?g {{ {{values}} ?s a <{NKG}SeizureStatistic> OPTIONAL {{ ?s <{NKG}drugType> ?a }}
     OPTIONAL {{ ?s <{NKG}seizureLocation> ?b }} OPTIONAL {{ ?s <{NKG}referencePeriod> ?c }}
     OPTIONAL {{ ?s <{NKG}originState> ?d FILTER(?d != <{vocab("aggregate", "all-origins")}>) }}
     OPTIONAL {{ ?s <{NKG}consignmentDestination> ?e
                 FILTER(?e != <{vocab("aggregate", "all-destinations")}>) }} }}
     BIND("seizure" AS ?kind) }}
  UNION {{ GRAPH ?g {{ {{values}} ?s a ?t ; <{NKG}text> ?a }}
     VALUES ?t {{ <{NKG}Demand> <{NKG}Consideration> }} BIND("text" AS ?kind) }} }}"""


def derived_query(iris=None) -> str:
    """The query whose rows ``derive`` reads: for every record, or only for ``iris``."""
    values = ("VALUES ?s { " + " ".join(f"<{i}>" for i in iris) + " }") if iris else ""
    return DERIVED_QUERY.replace("{values}", values)


def parts_of(rows) -> set[str]:
    """The IRIs a derived label names (whose own labels it needs)."""
    return {t.value for r in rows for t in (r["a"], r["b"], r["c"], r["d"], r["e"])
            if isinstance(t, ox.NamedNode)}


def first_sentence(text: str) -> str:
    end = SENTENCE_END.search(text)
    sentence = " ".join((text[:end.start()] if end else text).split()).strip(" ,;:")
    if len(sentence) > MAX_TEXT:
        sentence = sentence[:MAX_TEXT].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return sentence[:1].upper() + sentence[1:]


def _name(term, labels: dict, lang: str) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return term.value
    found = labels.get(term.value) or {}
    for key in (lang, "en", "", *LANGS):
        if key in found:
            return found[key]
    if found:  # e.g. a UN/LOCODE name, tagged und-Latn (language undetermined)
        return next(iter(found.values()))
    return term.value.rsplit("/", 1)[-1]


def _label(kind: str, row, labels: dict, lang: str) -> str | None:
    a, b, c = (_name(row[k], labels, lang) for k in ("a", "b", "c"))
    if kind == "membership":
        return " — ".join((a, b or MEMBER_OF[lang], c))
    if kind == "seizure":
        d, e = (_name(row[k], labels, lang) for k in ("d", "e"))
        parts = (a, b, c, d and ORIGIN[lang] + d, e and DESTINATION[lang] + e)
        return " — ".join(x for x in parts if x) or None
    if kind == "event":
        return " — ".join(x for x in (a, b, c) if x) or None
    return None


def derive(rows, labels: dict) -> dict[str, dict[str, str]]:
    """{iri: {lang: label}} for the records of ``derived_query`` rows, in en/nl/fr."""
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        s, kind = r["s"].value, r["kind"].value
        if kind == "text":
            lang = r["a"].language
            if lang in ("nl", "fr") and lang not in out.get(s, {}):
                out.setdefault(s, {})[lang] = first_sentence(r["a"].value)
            continue
        for lang in LANGS:
            if lang not in out.get(s, {}):
                text = _label(kind, r, labels, lang)
                if text:
                    out.setdefault(s, {})[lang] = text
    return out


def merge(labels: dict, derived: dict) -> dict:
    """``labels`` with a derived label wherever the data has none in that language, or only
    a placeholder ("Verzoek 5")."""
    merged = dict(labels)
    for iri, by_lang in derived.items():
        own = dict(merged.get(iri, {}))
        for lang, text in by_lang.items():
            if lang not in own or PLACEHOLDER.match(own[lang]):
                own[lang] = text
        merged[iri] = own
    return merged
