"""The seizures data set is a well-formed RDF Data Cube: the W3C integrity constraints
IC-1 ... IC-21 (tests/fixtures/datacube/, the spec's normative ASK queries, run after the
spec's normalisation) hold on the built graph, and each one that our data could break does
catch a broken copy. A sum over the totals never counts a part twice."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.namespaces import ID, NKG, VOCAB

CUBE = Path(__file__).parent / "fixtures" / "datacube"
CONSTRAINTS = sorted(p for p in CUBE.glob("ic-*.rq") if not p.name.endswith(".instances.rq"))
QB = "http://purl.org/linked-data/cube#"


def normalised(quads) -> ox.Store:
    """The union of the graphs as one default graph, normalised (spec section 10.3)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                      for q in quads)
    for phase in sorted(CUBE.glob("normalize-*.ru")):
        store.update(phase.read_text(encoding="utf-8"))
    return store


def instances(store: ox.Store, constraint: Path) -> list[str]:
    """IC-20 and IC-21 are templates: one query per parent-child property; others: one."""
    text = constraint.read_text(encoding="utf-8")
    finder = constraint.with_name(constraint.stem + ".instances.rq")
    if not finder.exists():
        return [text]
    found = store.query(finder.read_text(encoding="utf-8"))
    return [text.replace("$p", row["p"].value) for row in found]


def violated(store: ox.Store, constraint: Path) -> bool:
    return any(bool(store.query(q)) for q in instances(store, constraint))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[ox.Quad]:
    from narcokg.build import build

    path = tmp_path_factory.mktemp("cube") / "store"
    build(path)
    return list(ox.Store.read_only(str(path)).quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def cube(built) -> ox.Store:
    return normalised(built)


def test_the_constraint_files_are_the_spec_s_twenty_one():
    numbers = {p.stem.split("-")[1].rstrip("ab") for p in CONSTRAINTS}
    assert numbers == {f"{n:02d}" for n in range(1, 22)}
    assert all("https://www.w3.org/TR/vocab-data-cube/#wf-rules" in p.read_text()
               for p in CONSTRAINTS)


@pytest.mark.slow
def test_the_built_seizures_hold_the_observations(cube):
    count = f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o <{QB}dataSet> <{ID}dataset/seizures> }}"
    classed = f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a <{NKG}SeizureStatistic> }}"
    n = int(next(iter(cube.query(count)))["n"].value)
    assert n >= 13 and n == int(next(iter(cube.query(classed)))["n"].value)


@pytest.mark.slow
@pytest.mark.parametrize("constraint", CONSTRAINTS, ids=lambda p: p.stem)
def test_the_built_graph_meets_every_integrity_constraint(cube, constraint):
    assert not violated(cube, constraint), constraint.read_text().splitlines()[0]


# --- each constraint our data could break does catch a broken copy -----------------------------

OBS = ID + "seizure/antwerp-2022"
BREAKDOWN = NKG + "breakdown"


def _broken(built, drop=(), add=()) -> ox.Store:
    quads = [q for q in built if (q.subject.value, q.predicate.value) not in drop]
    extra = [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.DefaultGraph()) for s, p, o in add]
    return normalised(quads + extra)


def _copy_of(built, source: str, target: str) -> list[tuple]:
    return [(target, q.predicate.value, q.object) for q in built if q.subject.value == source]


@pytest.mark.slow
@pytest.mark.parametrize("name, ic", [
    ("a dimension left out", "ic-11"),
    ("a second figure for the same cell", "ic-12"),
    ("a code from outside the code list", "ic-19a"),
    ("no source", "ic-13"),
    ("no quantity", "ic-14"),
    ("two data sets", "ic-01"),
])
def test_a_broken_copy_is_caught(built, name, ic):
    constraint = CUBE / f"{ic}.rq"
    if name == "a dimension left out":
        store = _broken(built, drop={(OBS, BREAKDOWN)})
    elif name == "a second figure for the same cell":
        store = _broken(built, add=_copy_of(built, OBS, ID + "seizure/antwerp-2022-again"))
    elif name == "a code from outside the code list":
        store = _broken(built, drop={(OBS, BREAKDOWN)},
                        add=[(OBS, BREAKDOWN, ox.NamedNode(VOCAB + "drug-type/cocaine"))])
    elif name == "no source":
        store = _broken(built, drop={(OBS, "http://purl.org/dc/terms/source")})
    elif name == "no quantity":
        store = _broken(built, drop={(OBS, NKG + "quantityKg")})
    else:
        store = _broken(built, add=[(OBS, QB + "dataSet", ox.NamedNode(ID + "dataset/other"))])
    assert violated(store, constraint), name


@pytest.mark.slow
def test_antwerp_2022_is_counted_once(built):
    from narcokg.query import run_query

    store = ox.Store()
    store.bulk_extend(built)
    result = run_query("seizures-per-port-per-year", db=store)
    rows = {(r["port"], r["year"]): r["totalKg"] for r in result.dicts()}
    assert rows[(ID + "port/BEANR", "2022")] == "109900"  # not 109.9 t + its 56.4 t Ecuador part
    assert rows[(ID + "port/BEANR", "2023")] == "116000"
