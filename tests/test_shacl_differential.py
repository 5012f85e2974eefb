"""The fast engine against plain pyshacl, the reference, result for result: the same multiset
of (focus, path, value, component, source shape, severity), paths (sequence, inverse,
alternative) written canonically, blank-node shapes by their description. On the project's
own shapes and fixture store, on each known past disagreement, and on small shapes and data
that hypothesis generates from a handful of constraint kinds."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import SH
from shacl_suite import results

from narcokg.validation.fast import validate_graphs

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""


def both(data: Graph, shapes: Graph):
    """(fast, pyshacl): each (conforms, result multiset)."""
    import pyshacl

    graphs = {SH.focusNode: data, SH.value: data, SH.resultPath: shapes, SH.sourceShape: shapes}
    fast = validate_graphs(data, shapes)
    done, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                       advanced=False)
    return (fast.conforms, results(fast.report, graphs)), (done, results(report, graphs))


def check(text: str, compiled: bool | None = None) -> None:
    g = Graph().parse(data=PREFIXES + text, format="turtle")
    fast, ref = both(g, g)
    assert fast == ref
    if compiled is not None:
        assert (not validate_graphs(g, g).delegated) is compiled


@pytest.fixture(autouse=True)
def _quiet():
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


# --- the disagreements a review found (issue 14), each now the same as pyshacl ----------------

PAST = {
    "qualified min, no values, languageIn": ("""ex:S sh:targetNode ex:a ; sh:property [
        sh:path ex:p ; sh:qualifiedValueShape [ sh:languageIn ("en") ] ;
        sh:qualifiedMinCount 2 ] .""", True),
    "qualified max, no values, class": ("""ex:S sh:targetNode ex:a ; sh:property [
        sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMaxCount 0 ] .""",
                                        True),
    "pattern is a search": ("""ex:a ex:p "xxabc" , "zzz" .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "ab" ] .""", True),
    "lookbehind pattern": ("""ex:a ex:p "xab" , "yb" .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "(?<=a)b" ] .""",
                           False),
    "targeted property shape": ("""ex:a ex:p 1 , "x" . ex:b ex:p "y" .
        ex:S a sh:PropertyShape ; sh:targetNode ex:a , ex:b ; sh:path ex:p ;
        sh:datatype xsd:string .""", True),
    "implicit class target": ("""ex:a a ex:C ; ex:p 1 .
        ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ;
        sh:datatype xsd:string ] .""", True),
    "recursive sh:node": ("""ex:a ex:p ex:b . ex:b ex:p ex:a .
        ex:S sh:targetNode ex:a ; sh:node ex:T .
        ex:T sh:property [ sh:path ex:p ; sh:node ex:T ] .""", False),
    "sh:in compares terms": ("""ex:a ex:p "1.0"^^xsd:decimal .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ;
        sh:in ( "1.00"^^xsd:decimal ) ] .""", None),
    "uniqueLang, one result per language": ("""ex:a ex:p "a"@en , "b"@en , "c"@fr , "d"@FR ,
        "e"@nl . ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ;
        sh:uniqueLang true ] .""", True),
    "sequence and inverse paths": ("""ex:a ex:p ex:b . ex:b ex:q "x" . ex:c ex:p ex:a .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:datatype xsd:int ] ,
        [ sh:path [ sh:inversePath ex:p ] ; sh:class ex:C ] .""", True),
}


@pytest.mark.parametrize("name", sorted(PAST))
def test_past_disagreement(name):
    text, compiled = PAST[name]
    check(text, compiled)


# --- the project's shapes on the fixture store -----------------------------------------------

def test_project_shapes_on_the_fixture_store(tmp_path):
    from test_validate import make_fixture_store

    from narcokg import store as stores
    from narcokg.validation.shapes import shapes_graph, store_graph

    store = make_fixture_store(tmp_path / "store")
    with stores.open_store(store) as s:
        data = store_graph(s)
    shapes = shapes_graph()
    fast, ref = both(data, shapes)
    assert fast[1] and fast == ref
    assert not validate_graphs(data, shapes).delegated  # the project's shapes all compile


# --- generated shapes and data ----------------------------------------------------------------

VALUES = ['ex:a', 'ex:b', 'ex:c', '"a"', '"ab"@en', '"b"@en', '"c"@fr', '"ab"', '1', '2',
          '"x"^^xsd:string', '"2020-01-01"^^xsd:date', 'true', '"1.5"^^xsd:decimal']
PATHS = ["ex:p", "ex:q", "[ sh:inversePath ex:p ]", "( ex:p ex:q )",
         "[ sh:alternativePath ( ex:p ex:q ) ]"]
CONSTRAINTS = st.sampled_from([
    "sh:minCount 1", "sh:minCount 2", "sh:maxCount 1", "sh:maxCount 0",
    "sh:datatype xsd:string", "sh:datatype xsd:integer", "sh:datatype rdf:langString",
    "sh:class ex:C", "sh:nodeKind sh:IRI", "sh:nodeKind sh:Literal",
    'sh:in ( ex:a 1 "a" )', 'sh:pattern "^a"', 'sh:pattern "b"', 'sh:pattern "B" ; sh:flags "i"',
    "sh:uniqueLang true", 'sh:languageIn ( "en" )', "sh:minLength 2", "sh:maxLength 1",
    "sh:hasValue ex:a", 'sh:hasValue "a"', "sh:node ex:T", "sh:not [ sh:class ex:C ]",
    "sh:or ( [ sh:datatype xsd:string ] [ sh:class ex:C ] )",
    "sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1",
    "sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMaxCount 1",
    "sh:qualifiedValueShape [ sh:languageIn ( \"en\" ) ] ; sh:qualifiedMinCount 1",
    "sh:lessThan ex:q", "sh:minInclusive 2", "sh:maxExclusive 2",
])
TARGETS = ["sh:targetClass ex:C", "sh:targetNode ex:a , ex:b", "sh:targetSubjectsOf ex:p",
           "sh:targetObjectsOf ex:p"]


@st.composite
def shapes_and_data(draw) -> str:
    nodes = ["ex:a", "ex:b", "ex:c"]
    lines = []
    for n in nodes:
        if draw(st.booleans()):
            lines.append(f"{n} a ex:C .")
        for p in ("ex:p", "ex:q"):
            for v in draw(st.lists(st.sampled_from(VALUES), max_size=3, unique=True)):
                lines.append(f"{n} {p} {v} .")
    props = []
    for i in range(draw(st.integers(1, 3))):
        kinds = draw(st.lists(CONSTRAINTS, min_size=1, max_size=2,  # one of each parameter
                              unique_by=lambda c: c.split()[0]))
        sev = draw(st.sampled_from(["", " ; sh:severity sh:Warning"]))
        props.append(f"ex:P{i} sh:path {draw(st.sampled_from(PATHS))} ; "
                     f"{' ; '.join(kinds)}{sev} .")
    names = " , ".join(f"ex:P{i}" for i in range(len(props)))
    target = draw(st.sampled_from(TARGETS))
    lines.append(f"ex:S a sh:NodeShape ; {target} ; sh:property {names} .")
    lines.append("ex:T a sh:NodeShape ; sh:nodeKind sh:IRI ; sh:property [ sh:path ex:q ; "
                 "sh:maxCount 1 ] .")
    return "\n".join(lines + props)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shapes_and_data())
def test_generated_shapes_and_data(text):
    check("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n" + text)


def test_bench_reports_the_validation_ratio_only_when_the_engines_agree():
    from servers import bench_module

    run = bench_module("run")
    dec = "<http://www.w3.org/2001/XMLSchema#decimal>"
    ours = {"seconds": 1.0, "keys": [["ex:f", None, "sh:In", "Violation", f'"1.0"^^{dec}']]}
    ref = {"seconds": 10.0, "keys": [["ex:f", None, "sh:In", "Violation", f'"1.00"^^{dec}']]}
    differ = run.compare_validation(dict(ours), dict(ref), 10)
    assert differ["ratio"] is None and not differ["identical"]  # sh:value is in the key
    agree = run.compare_validation(dict(ours), {**ref, "keys": ours["keys"]}, 10)
    assert agree["identical"] and agree["ratio"] == 10.0
    twice = {**ours, "keys": ours["keys"] * 2}  # the multiplicity counts too
    assert run.compare_validation(twice, dict(ours), 10)["ratio"] is None
