"""The fast engine's compiled checks stay linear in the data. Oxigraph evaluates the body of
an EXISTS that joins several patterns (a sequence path is such a join) and of a correlated
multi-pattern NOT EXISTS from scratch for every outer row: on a 1M-quad store three project
checks never finished that way (issue 19). These tests pin the forms that do not."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from narcokg.validation import shapes
from narcokg.validation.fast.compile import Compiler

SEQ_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ;
    sh:or ( [ sh:not [ sh:path ( ex:a ex:b ex:c ) ; sh:hasValue ex:v ] ]
            [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ] ) .
"""


def test_a_sequence_path_inside_exists_is_one_exists_per_step():
    g = Graph().parse(data=SEQ_SHAPES, format="turtle")
    shape = URIRef("http://example.org/S")
    cond = Compiler(g, ox.Store().query).cond_param(shape, SH["or"], g.value(shape, SH["or"]),
                                                    "?this")
    assert ">/<" not in cond  # no sequence path left inside an EXISTS
    # three steps: three EXISTS nested, the last with the constant
    assert re.search(r"EXISTS \{ \?this <http://example.org/a> (\?_n\d+) FILTER\(EXISTS \{ "
                     r"\1 <http://example.org/b> (\?_n\d+) FILTER\(EXISTS \{ \2 "
                     r"<http://example.org/c> <http://example.org/v> \}\) \}\) \}", cond), cond


def _not_exists_bodies(text: str):
    for m in re.finditer(r"NOT\s+EXISTS\s*\{", text):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        yield text[m.end():i - 1]


def test_no_project_constraint_has_a_correlated_multi_pattern_not_exists():
    """A NOT EXISTS in a SHACL-SPARQL constraint holds one triple pattern (then Oxigraph
    looks it up with the row's bindings); a longer test is written OPTIONAL { ... }
    FILTER(!BOUND(?x)), which Oxigraph evaluates once for all rows."""
    g = shapes.shapes_graph()
    for select in g.objects(None, SH.select):
        for body in _not_exists_bodies(str(select)):
            patterns = [p for p in re.split(r"\s\.\s|;", re.sub(r"FILTER\s*\(.*", "", body,
                                                                 flags=re.S)) if p.strip()]
            sequence = "/" in re.sub(r"<[^>]*>", "", body)  # a path sequence is a join
            assert len(patterns) <= 1 and not sequence, \
                f"sh:select with a multi-pattern NOT EXISTS: {body.strip()[:200]}"
