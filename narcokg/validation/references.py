"""References a clerk wrote that name nothing: ``state/XZ``, ``port/BR-SSZ``, ``Colombia``.

The shapes only see that such a value is not a state or not a port; this module says what is
wrong in the clerk's terms (no such ISO 3166 code, UN/LOCODE or entity) and suggests the
nearest existing ids of the store: the same key written without dashes or spaces, an entity
whose name is the value, and the closest keys of that kind (difflib).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

import pyoxigraph as ox

from narcokg.namespaces import ID, NKG, PREFIXES
from narcokg.validation.problems import Problem

UNKNOWN = "urn:narcokg:reference:Unknown"
SKOS = PREFIXES["skos"]
CODE_KINDS = ("state", "port", "city")

NO_STATE = {"en": "no state has the ISO 3166 code '{key}'",
            "nl": "geen staat heeft de ISO 3166-code '{key}'",
            "fr": "aucun État n'a le code ISO 3166 « {key} »"}
NO_LOCODE = {"en": "no {kind} has the UN/LOCODE '{key}'",
             "nl": "geen {kind_nl} heeft de UN/LOCODE '{key}'",
             "fr": "aucun {kind_fr} n'a le code UN/LOCODE « {key} »"}
NO_ID = {"en": "'{key}' is not an id (kind/key, such as state/CO) and names no entity",
         "nl": "'{key}' is geen id (soort/sleutel, zoals state/CO) en noemt geen entiteit",
         "fr": "« {key} » n'est pas un identifiant (type/clé, comme state/CO) et ne nomme "
               "aucune entité"}
NO_ENTITY = {"en": "no entity '{key}' exists in the store",
             "nl": "er bestaat geen entiteit '{key}' in de store",
             "fr": "aucune entité « {key} » n'existe dans la base"}
DID_YOU_MEAN = {"en": "; did you mean {ids}?", "nl": "; bedoelde u {ids}?",
                "fr": " ; vouliez-vous dire {ids} ?"}
LOOK = {"en": " (a human should look: it may be added later)",
        "nl": " (iemand zou moeten kijken: ze wordt misschien later toegevoegd)",
        "fr": " (quelqu'un devrait vérifier : elle sera peut-être ajoutée plus tard)"}
KIND_WORDS = {"port": ("port", "haven", "port"), "city": ("city", "stad", "ville")}


def _exists(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, None)), None) \
        is not None


def _rows(store: ox.Store, query: str) -> list[str]:
    return [row[0].value for row in store.query(query, use_default_graph_as_union=True)]


def _by_label(store: ox.Store, text: str) -> list[str]:
    literal = '"' + text.lower().replace("\\", "").replace('"', "") + '"'
    return _rows(store, f"""SELECT DISTINCT ?s WHERE {{
        ?s <{SKOS}prefLabel>|<{SKOS}altLabel> ?l FILTER(LCASE(STR(?l)) = {literal})
        FILTER(STRSTARTS(STR(?s), "{ID}")) }} LIMIT 5""")


def _keys_of_kind(store: ox.Store, kind: str, key: str) -> list[str]:
    """The store's ids of a kind (for ports and cities, those of the same country)."""
    if kind in ("port", "city") and len(key) >= 2:
        return _rows(store, f"""SELECT DISTINCT ?s WHERE {{ ?s <{NKG}unlocode> ?c
            FILTER(STRSTARTS(?c, "{key[:2]}")) }}""")
    if kind == "state":
        return _rows(store, f"SELECT DISTINCT ?s WHERE {{ ?s a <{NKG}State> }}")
    return _rows(store, f"""SELECT DISTINCT ?s WHERE {{ ?s a ?t
        FILTER(STRSTARTS(STR(?s), "{ID}{kind}/")) }}""")


def suggestions(store: ox.Store, key: str) -> list[str]:
    """Nearest existing ids (relative to the id namespace) for a missing ``key``."""
    kind, sep, rest = key.partition("/")
    found: list[str] = []
    if not sep:
        kind, rest = "", key
    code = re.sub(r"[^A-Za-z0-9]", "", rest).upper()
    for k in CODE_KINDS if (kind in CODE_KINDS or not kind) else ():
        if code and _exists(store, f"{ID}{k}/{code}"):
            found.append(f"{ID}{k}/{code}")
    found += _by_label(store, rest.replace("-", " ") if kind else rest)
    if kind and re.fullmatch(r"[a-z][a-z0-9-]*", kind):
        keys = {iri[len(ID) + len(kind) + 1:]: iri for iri in _keys_of_kind(store, kind, code)
                if iri.startswith(f"{ID}{kind}/")}
        want = code if kind in CODE_KINDS else rest
        found += [keys[k] for k in difflib.get_close_matches(want, list(keys), n=3, cutoff=0.6)]
    return [iri[len(ID):] for iri in dict.fromkeys(found)][:3]


def describe(key: str, near: list[str]) -> dict:
    """What is wrong with a missing reference, in en, nl and fr."""
    kind, sep, rest = key.partition("/")
    if not sep:
        texts = NO_ID
    elif kind == "state":
        texts = NO_STATE
        key = rest
    elif kind in KIND_WORDS:
        en, nl, fr = KIND_WORDS[kind]
        texts = {lang: t.replace("{kind}", en).replace("{kind_nl}", nl).replace("{kind_fr}", fr)
                 for lang, t in NO_LOCODE.items()}
        key = rest
    else:
        texts = NO_ENTITY
    out = {lang: t.format(key=key) for lang, t in texts.items()}
    if near:
        ids = ", ".join(near)
        out = {lang: t + DID_YOU_MEAN[lang].format(ids=ids) for lang, t in out.items()}
    return out


def missing_references(entries, store: ox.Store) -> dict[str, list[tuple[str, str]]]:
    """id IRI -> the (subject, predicate) pairs of the entries that name it, for every id
    that neither the store nor the batch describes."""
    ours = {s for e in entries for s in e.subjects}
    out: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        for q in entry.quads:
            obj = q.object
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(ID) and \
                    obj.value not in ours:
                out.setdefault(obj.value, []).append((q.subject.value, q.predicate.value))
    return {iri: uses for iri, uses in out.items() if not _exists(store, iri)}


def explain_references(problems: list[Problem], entries, store: ox.Store | None
                       ) -> list[Problem]:
    """The problems, with those about a missing reference saying so (and what is near);
    a missing reference that no shape reported becomes a warning of its own."""
    if store is None:
        return problems
    missing = missing_references(entries, store)
    if not missing:
        return problems
    texts = {iri: describe(iri[len(ID):], suggestions(store, iri[len(ID):]))
             for iri in missing}
    from rdflib import URIRef

    out, told = [], set()
    for p in problems:
        iri = str(p.value) if isinstance(p.value, URIRef) else None
        if iri in texts:
            told.add((iri, p.focus))
            messages = {lang: f"{texts[iri][lang]} ({p.message(lang)})"
                        for lang in ("en", "nl", "fr")}
            p = replace(p, messages=messages)
        out.append(p)
    for iri, uses in missing.items():
        for subject, predicate in dict.fromkeys(uses):
            if (iri, subject) not in told:
                out.append(Problem(subject, predicate, URIRef(iri), UNKNOWN, "Warning",
                                   {lang: texts[iri][lang] + LOOK[lang]
                                    for lang in ("en", "nl", "fr")}, UNKNOWN))
    return out


def explain_entries(result, entries, store: ox.Store | None):
    """The hook ``validate_entries`` calls: the result's problems said in the clerk's terms
    (missing references, language tags, values as written), sorted as before."""
    from narcokg.validation.written import as_written, language_problems

    problems = explain_references(as_written(result.problems, entries), entries, store)
    problems += language_problems(entries)
    result.problems = sorted(problems, key=lambda p: (p.focus, p.severity != "Violation",
                                                      p.path or "", p.component))
    return result
