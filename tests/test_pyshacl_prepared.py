"""pySHACL with rdflib's SPARQL texts prepared once per run (``prepared_queries``): the same
report as plain pySHACL, on the query fixtures and on a synthetic graph with planted
violations that the SHACL-SPARQL constraints find."""

from __future__ import annotations

import io
import sys
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from narcokg.validation import pyshacl_engine, shapes

sys.path.insert(0, str(Path(__file__).parent))
from servers import bench_module  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def _graph(trig: Path | None = None, synthetic: int = 0) -> Graph:
    ds = Dataset()
    if trig:
        ds.parse(trig, format="trig")
    if synthetic:
        out = io.StringIO()
        states = ["BE", "NL", "FR", "CO", "MX", "PE", "BR", "EC", "MA"]
        bench_module("synth").generate(synthetic, 11, out, states, violation_rate=0.02)
        ds.parse(data=out.getvalue(), format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def _results(report: Graph) -> Counter:
    return Counter((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
                    str(report.value(r, SH.sourceConstraintComponent)),
                    str(report.value(r, SH.resultSeverity)), str(report.value(r, SH.value)),
                    str(report.value(r, SH.sourceShape)))
                   for r in report.objects(None, SH.result))


@pytest.mark.parametrize(("trig", "synthetic"), [(FIXTURES / "queries-fixture.trig", 0),
                                                 (FIXTURES / "queries-edge.trig", 0),
                                                 (None, 6000)])
def test_prepared_queries_give_the_same_report(trig, synthetic):
    data, sg = _graph(trig, synthetic), shapes.shapes_graph()
    plain = pyshacl.validate(data, shacl_graph=sg, inference="none")[1]
    with pyshacl_engine.prepared_queries():
        prepared = pyshacl.validate(data, shacl_graph=sg, inference="none")[1]
    want = _results(plain)
    assert want and _results(prepared) == want
    # the report the project's pyshacl path gives is that one too
    assert _results(pyshacl_engine.pyshacl_report(data)) == want


def test_the_cache_is_off_outside_the_run():
    from rdflib.plugins.sparql import processor

    with pyshacl_engine.prepared_queries():
        with pyshacl_engine.prepared_queries():  # nested: the outer one keeps its cache
            assert pyshacl_engine._PREPARED.cache is not None
        assert pyshacl_engine._PREPARED.cache is not None
    assert pyshacl_engine._PREPARED.cache is None
    g = Graph()
    assert list(g.query("SELECT * WHERE { ?s ?p ?o }")) == []  # plain rdflib still works
    assert processor.SPARQLProcessor.query.narcokg_prepared
