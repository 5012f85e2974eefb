"""Issue 17's found facts and audit fixes, pinned on a real build: every source has a kind
(official / depositary / secondary) stored in graph/meta, clauses cite what a source says (never
an instrument's title), tasks of existing bodies carry their own source, participation records
are dated and name parties, and coverage statements say the party lists are only partial."""

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from narcokg.build import build
from narcokg.errors import InputError
from narcokg.loaders.sources import KINDS, SourceRegistry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
P = """PREFIX nkg: <https://w3id.org/narcokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX tt: <https://w3id.org/narcokg/vocab/task-type/>
PREFIX et: <https://w3id.org/narcokg/vocab/event-type/>
PREFIX cp: <https://w3id.org/narcokg/vocab/completeness/>
"""
META = "https://w3id.org/narcokg/graph/meta"
ID = "https://w3id.org/narcokg/id/"
CONVENTIONS = ["un-single-convention-1961", "un-psychotropic-substances-1971",
               "un-illicit-traffic-1988", "untoc-2000"]
# (body, task type): each carried by a task whose source states it
TASKS = [("european-ports-alliance", "coordinated-container-scanning"),
         ("be-customs", "coordinated-container-scanning"),
         ("be-customs", "operational-customs-cooperation"),
         ("maoc-n", "maritime-interdiction"),
         ("europol", "support-to-operations"),
         ("euda", "drug-monitoring")]
# clauses that used to be inferred from a title, with the source that now states them
CLAUSES = [("un-illicit-traffic-1988", "anti-trafficking-cooperation",
            "https://www.unodc.org/ropan/en/BorderControl/legal-framework.html"),
           ("untoc-2000", "organised-crime-cooperation",
            "http://kenyalaw.org/treaties/treaties/142/United-Nations-Convention-against-"
            "Transnational-Organized"),
           ("be-br-customs-memorandum-2019", "customs-cooperation",
            "https://www.novinite.com/articles/200676/"
            "The+Amount+of+the+Cocaine+Shipped+from+Brazil+to+Europe+Is+Increasing")]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("found") / "store"
    build(path)
    st = ox.Store.read_only(str(path))
    yield st
    del st


def rows(store, query):
    return [tuple(x.value if x is not None else None for x in s)
            for s in store.query(P + query, use_default_graph_as_union=True)]


def test_every_curated_source_has_a_kind():
    for path in sorted((ROOT / "data" / "sources").glob("*.yaml")):
        for key, spec in yaml.safe_load(path.read_text()).items():
            assert spec.get("kind") in KINDS, f"{path.name}: {key} has no kind"


def test_an_unknown_kind_is_an_input_error(tmp_path):
    (tmp_path / "s.yaml").write_text("k:\n  url: https://example.org/a\n  kind: blog\n")
    with pytest.raises(InputError, match="kind 'blog'"):
        SourceRegistry.from_dir(tmp_path)


def test_kinds_are_in_graph_meta(store):
    got = dict(rows(store, f"""SELECT ?doc ?kind WHERE {{ GRAPH <{META}> {{
        ?doc dcterms:type ?kind }} }}"""))
    assert got["https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/Chapter%20VI/"
               "VI-15.en.xml"] == "depositary"
    assert got["https://maoc.eu/who-we-are/"] == "official"
    assert got["https://www.hscrew.ch/en/blogs/cannabis-legalization-global/"
               "22-international-drug-trafficking-ch19"] == "secondary"


@pytest.mark.parametrize("body,task_type", TASKS)
def test_task_of_an_existing_body_cites_a_source_with_a_kind(store, body, task_type):
    found = rows(store, f"""SELECT ?doc ?kind WHERE {{
        <{ID}org/{body}> nkg:hasTask ?t . ?t nkg:taskType tt:{task_type} ; dcterms:source ?doc .
        GRAPH <{META}> {{ ?doc dcterms:type ?kind }} }}""")
    assert found, f"{body} has no sourced {task_type} task"


@pytest.mark.parametrize("treaty,clause,doc", CLAUSES)
def test_clause_cites_what_a_source_says(store, treaty, clause, doc):
    found = rows(store, f"""SELECT ?doc ?c WHERE {{ <{ID}treaty/{treaty}> nkg:hasClause ?cl .
        ?cl nkg:clauseType <https://w3id.org/narcokg/vocab/clause-type/{clause}> ;
            dcterms:source ?doc ; rdfs:comment ?c }}""")
    assert (doc,) in [(d,) for d, _ in found]
    assert not any("by its title" in c for _, c in found)


def test_benelux_union_claims_no_memberships_it_lacks(store):
    comments = [c for (c,) in rows(
        store, f"SELECT ?c WHERE {{ <{ID}org/benelux-union> rdfs:comment ?c }}")]
    assert not any("are recorded as memberships" in c for c in comments)


@pytest.mark.parametrize("treaty", CONVENTIONS)
def test_participation_records_are_dated_and_name_parties(store, treaty):
    bad = rows(store, f"""SELECT ?r WHERE {{ <{ID}treaty/{treaty}> nkg:hasEvent ?r .
        ?r a nkg:ParticipationRecord ; nkg:participant ?p .
        FILTER(NOT EXISTS {{ <{ID}treaty/{treaty}> nkg:party ?p }}
            || (NOT EXISTS {{ ?r nkg:date ?d }} && NOT EXISTS {{ ?r nkg:latestDate ?l }}
                && NOT EXISTS {{ ?r nkg:eventType et:party }})) }}""")
    assert bad == []


@pytest.mark.parametrize("treaty", CONVENTIONS)
def test_party_lists_are_declared_partial(store, treaty):
    found = rows(store, f"""SELECT ?s WHERE {{ ?s nkg:sliceInstrument <{ID}treaty/{treaty}> ;
        nkg:completeness cp:partial ; dcterms:source ?doc }}""")
    assert len(found) == 1


def test_no_coverage_date_is_made_up():
    """A stored copy without a status date gives a partial statement without a date (not
    the day the copy was read)."""
    import yaml

    for path in (Path(__file__).resolve().parent.parent / "data" / "coverage").glob("*.yaml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert entry["completeness"] == "partial" or "coverageDate" in entry, path.name
        assert str(entry.get("coverageDate", "")) != "2026-11-30", path.name


def test_new_participation_from_the_depositary(store):
    # pinned from the stored copy of UN VI-16 (1971): Belize acceded on 18 Dec 2001
    found = rows(store, f"""SELECT ?d WHERE {{
        <{ID}treaty/un-psychotropic-substances-1971> nkg:hasEvent ?r .
        ?r nkg:participant <{ID}state/BZ> ; nkg:eventType et:accession ; nkg:date ?d }}""")
    assert found == [("2001-12-18",)]
