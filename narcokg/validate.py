"""Validate entries (and the whole store) against the shapes in ``shapes/*.ttl``.

A new entry is validated in the context of the store, not against the whole store: the data
graph holds the entry's triples, the ontology (for rdfs:subClassOf and skos:inScheme) and,
for every IRI the entry references, the few store triples the shapes read about it (its
types, and what the SHACL-SPARQL rules follow: nkg:party, nkg:legalBasis, the nkg:hasDemand
chain up to the document, the instrument that has a record). Store triples about the
entry's own subjects are left out, so a replacing entry is validated as the new version.

Note: pyshacl's ``focus_nodes`` option is not used. In pyshacl 0.40.1 it also filters the
value nodes of nested shapes (sh:node, sh:or, sh:not), which then silently conform; the
small data graph is validated whole instead and only results on the entry's subjects kept.
"""

from __future__ import annotations

import gc
import logging
import time
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from narcokg import resources
from narcokg import store as stores
from narcokg.namespaces import GRAPH_META, GRAPH_ONTOLOGY, PREFIXES
from narcokg.problems import Problem, ValidationResult
from narcokg.validate_context import context_triples, load_entries

SH = Namespace(PREFIXES["sh"])

# An ill-typed literal ("17/10/1969"^^xsd:date) is a validation result, not a log event: rdflib
# logs it with a traceback whose frames keep every caller alive, the open store included
# (a later writer in the same process then finds RocksDB's lock still held).
logging.getLogger("rdflib.term").setLevel(logging.ERROR)
SKOS_PREF = URIRef(PREFIXES["skos"] + "prefLabel")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for path in resources.shape_files():
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    out = []
    for path in resources.ontology_files():
        out.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return tuple(out)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return to_rdflib(ontology_triples())


def to_rdflib(triples, base: Graph | None = None) -> Graph:
    """oxigraph triples (or quads: graph names dropped) -> one rdflib graph (a copy of
    ``base`` plus the triples)."""
    triples = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    g = Graph()
    if base is not None:
        for t in base:
            g.add(t)
    if triples:
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def run_pyshacl(data: Graph) -> Graph:
    import pyshacl


    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=None,
                                                inference="none", advanced=False)
    return report


def problems_from_report(report: Graph, keep=None, drop=None) -> tuple[list[Problem], Graph]:
    """The report's results (only those whose focus node passes ``keep``), and a report
    graph holding just them."""
    out, kept = [], Graph()
    for prefix, ns in PREFIXES.items():
        kept.bind(prefix, ns)
    rep = URIRef("urn:narcokg:validation-report")
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if keep is not None and str(focus) not in keep:
            continue
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        messages = {}
        for m in report.objects(node, SH.resultMessage):
            messages[getattr(m, "language", None) or ""] = str(m)
        for origin in (report.value(node, SH.sourceConstraint), report.value(node, SH.sourceShape)):
            for m in shapes_graph().objects(origin, SH.message) if origin is not None else ():
                messages.setdefault(getattr(m, "language", None) or "", str(m))
        problem = Problem(str(focus), str(path) if isinstance(path, URIRef) else None,
                          report.value(node, SH.value),
                          str(report.value(node, SH.sourceConstraintComponent)),
                          str(severity).rsplit("#", 1)[-1], messages,
                          str(report.value(node, SH.sourceShape)))
        if drop is not None and drop(problem):
            continue
        out.append(problem)
        kept.add((rep, SH.result, node))
        _copy_closure(report, kept, node)
    kept.add((rep, RDF.type, SH.ValidationReport))
    kept.add((rep, SH.conforms, Literal(not any(p.severity == "Violation" for p in out))))
    out.sort(key=lambda p: (p.focus, p.severity != "Violation", p.path or "", p.component))
    return out, kept


def _copy_closure(src: Graph, dst: Graph, node, follow=None) -> None:
    """Copy ``node``'s triples from ``src`` to ``dst`` and, recursively, those of the objects
    ``follow`` accepts (by default the blank nodes: a result's or a path's structure)."""
    follow = follow or (lambda o: not isinstance(o, (URIRef, Literal)))
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in src.predicate_objects(n):
            dst.add((n, p, o))
            if follow(o):
                todo.append(o)


def labels_of(data: Graph, focuses) -> dict:
    out = {}
    for f in focuses:
        out[f] = {getattr(lab, "language", None) or "": str(lab)
                  for lab in data.objects(URIRef(f), SKOS_PREF)}
    return out


def new_result(store: ox.Store | None) -> ValidationResult:
    """An empty result; without a store it says what could not be checked."""
    result = ValidationResult()
    if store is None:
        result.notes.append("no store: validated against the ontology only (references to "
                            "states, ports and other entities could not be checked)")
    return result


def validate_loaded(entries, store: ox.Store | None, engine: str = "fast") -> ValidationResult:
    """Validate already-read entries, each in the context of ``store`` (or the ontology)."""
    if engine == "fast":
        from narcokg.validate_fast import validate_loaded_fast

        return validate_loaded_fast(entries, store)
    _check_engine(engine)
    started = time.perf_counter()
    result = new_result(store)
    for entry in entries:
        triples = list(entry.quads)
        if store is not None:
            triples += context_triples(store, entry, entries)
        data = to_rdflib(triples, base=ontology_graph())
        # without a store, references cannot be resolved: do not report them as wrong
        drop = (lambda p, e=entry: _unresolvable(p, e)) if store is None else None
        problems, report = problems_from_report(run_pyshacl(data), keep=entry.subjects,
                                                drop=drop)
        result.problems.extend(problems)
        result.subjects |= entry.subjects
        result.labels.update(labels_of(data, entry.subjects))
        result.report = report if result.report is None else _merge_reports(result.report,
                                                                             report)
    result.seconds = time.perf_counter() - started
    return result


UNRESOLVED = {PREFIXES["sh"] + "ClassConstraintComponent", PREFIXES["sh"] + "OrConstraintComponent"}


def _unresolvable(problem: Problem, entry) -> bool:
    value = problem.value
    return (problem.component in UNRESOLVED and isinstance(value, URIRef)
            and str(value) != problem.focus and str(value) not in entry.subjects)


def _merge_reports(a: Graph, b: Graph) -> Graph:
    rep = URIRef("urn:narcokg:validation-report")
    conforms = bool(a.value(rep, SH.conforms)) and bool(b.value(rep, SH.conforms))
    a.remove((rep, SH.conforms, None))
    b.remove((rep, SH.conforms, None))
    a += b
    a.add((rep, SH.conforms, Literal(conforms)))
    return a


def validate_entries(paths, store_path=None, lang: str = "en", registry=None,
                     engine: str = "fast") -> ValidationResult:
    """Read each file (InputError on a parse error) and validate it in the store's context;
    without a built store, against the ontology only. ``engine``: "fast" (the shapes
    compiled to SPARQL, narcokg/shacl_sparql.py) or "pyshacl" (the reference).

    The entry policy (``narcokg.entry_policy``) is checked too: an id that is not kind/key,
    subjects outside the entry, loader-owned entities (violations), and the replacement of
    an existing entity (a warning naming the entity and its sources)."""
    from narcokg import entry_policy
    from narcokg.errors import InputError

    _check_engine(engine)
    entries = load_entries(paths, registry)
    for root, where in entry_policy.duplicate_roots(entries).items():
        raise InputError(f"{len(where)} files of this batch describe {root}: "
                         f"{', '.join(where)}; one entity, one file")
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
    from narcokg import entry_policy
    from narcokg.references import explain_entries

    policy, plans = entry_policy.check(entries, db)
    result = _with_policy(validate_loaded(entries, db, engine), policy)
    return explain_entries(result, entries, db), plans


def _with_policy(result: ValidationResult, policy) -> ValidationResult:
    result.problems = sorted([*policy, *result.problems],
                             key=lambda p: (p.focus, p.severity != "Violation", p.path or "",
                                            p.component))
    return result


# --- the whole store ----------------------------------------------------------------------

ALL_QUERY = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_META}>) }}"""


def data_store(store: ox.Store) -> ox.Store:
    """An in-memory copy of the data pyshacl validates (every graph except graph/meta) in
    its default graph: exact, and SPARQL on it is ~3x faster than a union of on-disk graphs."""
    mem = ox.Store()
    for g in store.named_graphs():
        if g.value != GRAPH_META:
            mem.bulk_load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g),
                          format=ox.RdfFormat.N_TRIPLES)
    return mem


def store_graph(store: ox.Store) -> Graph:
    """The union of the store's graphs except graph/meta (the ontology graph included)."""
    g = Graph()
    g.parse(data=store.query(ALL_QUERY).serialize(format=ox.RdfFormat.N_TRIPLES),
            format="nt")
    return g


def validate_graph(data: Graph) -> ValidationResult:
    started = time.perf_counter()
    problems, report = problems_from_report(run_pyshacl(data))
    result = ValidationResult(problems, labels_of(data, {p.focus for p in problems}),
                              report=report)
    result.seconds = time.perf_counter() - started
    return result


def validate_all(store_path=None, engine: str = "fast") -> ValidationResult:
    """Validate every subject of the store (the union of its graphs except graph/meta).
    ``engine="pyshacl"``: plain pyshacl on the whole store as one rdflib graph (the
    reference, and the benchmark's baseline); "fast": the shapes compiled to SPARQL."""
    _check_engine(engine)
    started = time.perf_counter()
    if engine == "fast":
        from narcokg.validate_fast import run_fast

        with stores.open_store(store_path) as store:
            data = data_store(store)
        result = run_fast(data, data_graph=lambda: to_rdflib(data))
        result.seconds = time.perf_counter() - started
        result.notes.append(f"validated {len(data)} triples with the fast engine (SPARQL) "
                            f"in {result.seconds:.1f} s")
        return result
    with stores.open_store(store_path) as store:
        data = store_graph(store)
    loaded = time.perf_counter() - started
    result = validate_graph(data)
    result.notes.append(f"validated {len(data)} triples: loaded in {loaded:.1f} s, "
                        f"pyshacl {result.seconds:.1f} s")
    result.seconds += loaded
    return result


# --- engines: "fast" (narcokg/validate_fast.py) or "pyshacl" (the reference) ----------------

ENGINES = ("fast", "pyshacl")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r} (fast or pyshacl)")


__all__ = ["GRAPH_ONTOLOGY", "Problem", "ValidationResult", "context_triples", "load_entries",
           "validate_all", "validate_entries", "validate_loaded"]
