"""Validate entries (and the whole store) against the shapes in ``shapes/*.ttl``.

A new entry is validated in the context of the store, not against the whole store: the data
graph holds the entry's triples, the ontology (for rdfs:subClassOf and skos:inScheme) and,
for every IRI the entry references, the few store triples the shapes read about it (its
types, and what the SHACL-SPARQL rules follow: nkg:party, nkg:legalBasis, the nkg:hasDemand
chain up to the document, the instrument that has a record; ``narcokg.validation.context``).
Store triples about the entry's own subjects are left out, so a replacing entry is validated
as the new version. The trip runs one way: read -> context -> engine -> report.
"""

from __future__ import annotations

import gc
import time

import pyoxigraph as ox
from rdflib import URIRef

from narcokg import store as stores
from narcokg.namespaces import PREFIXES
from narcokg.validation import disjointness
from narcokg.validation import policy as entry_policy
from narcokg.validation.context import context_triples, load_entries
from narcokg.validation.engines import EntryData, check_engine
from narcokg.validation.engines import engine as get_engine
from narcokg.validation.problems import Problem, ValidationResult, problem_order
from narcokg.validation.report import merge_reports


def new_result(store: ox.Store | None) -> ValidationResult:
    """An empty result; without a store it says what could not be checked."""
    result = ValidationResult()
    if store is None:
        result.notes.append("no store: validated against the ontology only (references to "
                            "states, ports and other entities could not be checked)")
    return result


UNRESOLVED = {PREFIXES["sh"] + "ClassConstraintComponent", PREFIXES["sh"] + "OrConstraintComponent"}


def unresolvable(problem: Problem, entry) -> bool:
    """A reference to an entity outside the entry, which cannot be checked without a store."""
    value = problem.value
    return (problem.component in UNRESOLVED and isinstance(value, URIRef)
            and str(value) != problem.focus and str(value) not in entry.subjects)


def validate_loaded(entries, store: ox.Store | None, engine: str = "fast") -> ValidationResult:
    """Validate already-read entries, each in the context of ``store`` (or the ontology)."""
    chosen = get_engine(engine)
    started = time.perf_counter()
    result = new_result(store)
    for entry in entries:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in entry.quads]
        if store is not None:
            triples += context_triples(store, entry, entries)
        # without a store, references cannot be resolved: do not report them as wrong
        drop = (lambda p, e=entry: unresolvable(p, e)) if store is None else None
        data = EntryData(triples, [q.object for q in entry.quads])
        part = chosen.validate(data, keep=entry.subjects, drop=drop)
        result.problems.extend(part.problems)
        result.problems.extend(disjointness.entry_problems(entry.subjects, triples))
        result.subjects |= entry.subjects
        result.labels.update({s: part.labels.get(s, {}) for s in entry.subjects})
        result.notes.extend(n for n in part.notes if n not in result.notes)
        result.report = merge_reports(result.report, part.report)
    result.problems.sort(key=problem_order)
    result.seconds = time.perf_counter() - started
    return result


def validate_entries(paths, store_path=None, lang: str = "en", registry=None,
                     engine: str = "fast") -> ValidationResult:
    """Read each file (InputError on a parse error) and validate it in the store's context;
    without a built store, against the ontology only. ``engine``: "fast" (the shapes
    compiled to SPARQL, narcokg/validation/fast/) or "pyshacl" (the reference).

    The entry policy (``narcokg.validation.policy``) is checked too: an id that is not
    kind/key, subjects outside the entry, loader-owned entities (violations), and the
    replacement of an existing entity (a warning naming the entity and its sources)."""

    check_engine(engine)
    entries = load_entries(paths, registry)
    entry_policy.refuse_duplicate_roots(entries)
    path = stores.store_path(store_path)
    if not stores.exists(path):
        return check_batch(entries, None, engine)[0]
    with stores.open_store(path) as db:
        result = check_batch(entries, db, engine)[0]
        del db
        gc.collect()  # pyshacl's caught exceptions keep frames (and the store) in cycles
    return result


def check_batch(entries, db: ox.Store | None, engine: str = "fast"):
    """Everything said about a batch of read entries, in one pass: the entry policy (ids,
    ownership, replacement), the shapes in the post-commit context, and the problems said
    in the clerk's terms (missing references, language tags, values as written). Returns
    the result and, with a store, each entry's plan (what committing it would change);
    ``validate`` and ``add`` both call it, so they always say the same."""
    from narcokg.validation.references import explain_entries

    policy, plans = entry_policy.check(entries, db)
    result = validate_loaded(entries, db, engine)
    result.problems = sorted([*policy, *result.problems], key=problem_order)
    return explain_entries(result, entries, db), plans


def validate_all(store_path=None, engine: str = "fast") -> ValidationResult:
    """Validate every subject of the store (the union of its graphs except graph/meta).
    ``engine="pyshacl"``: plain pyshacl on the whole store as one rdflib graph (the
    reference, and the benchmark's baseline); "fast": the shapes compiled to SPARQL. Either
    way, every entity is checked against the ontology's disjointness axioms too."""
    result = get_engine(engine).validate_store(store_path)
    with stores.open_store(store_path) as db:
        clashes = disjointness.store_problems(db)
        del db
    result.problems = sorted([*result.problems, *clashes], key=problem_order)
    return result
