"""KnowledgeGraph, the Python face (issue 18): opened on a store path or an endpoint; query()
ad hoc or by id with parameters; validate() and add(); DataFrames with typed columns;
run_query("SELECT ...") works; the default store is found from anywhere."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg import KnowledgeGraph
from narcokg.errors import InputError, StoreError
from narcokg.query import run_query
from narcokg.results import BooleanResult, GraphResult, QueryResult

sys.path.insert(0, str(Path(__file__).parent))
from servers import oxigraph_cli, oxigraph_server, store_from_trig  # noqa: E402
from test_validate import make_fixture_store  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
EX = "https://example.org/"
ALL = ("SELECT ?s ?label ?signed ?count ?inForce ?year WHERE { ?s ex:count ?count ; "
       "ex:inForce ?inForce . OPTIONAL { ?s skos:prefLabel ?label } "
       "OPTIONAL { ?s ex:signed ?signed } OPTIONAL { ?s ex:year ?year } } ORDER BY ?s ?label")
PREFIX = f"PREFIX ex: <{EX}>\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return store_from_trig(tmp_path_factory.mktemp("kg") / "store",
                           FIXTURES / "sparql-fixture.trig")


@pytest.fixture(scope="module")
def queries_store(tmp_path_factory) -> Path:
    return store_from_trig(tmp_path_factory.mktemp("kgq") / "store",
                           FIXTURES / "queries-fixture.trig")


def test_store_is_a_path(store):
    kg = KnowledgeGraph(store=str(store))
    assert kg.store == store and kg.endpoint is None and "store=" in repr(kg)


def test_ad_hoc_select_ask_construct(store):
    kg = KnowledgeGraph(store=store)
    result = kg.query(PREFIX + ALL)
    assert isinstance(result, QueryResult) and len(result) == 3
    assert isinstance(kg.query("ASK { ?s skos:prefLabel \"Beta\" }"), BooleanResult)
    assert kg.query("ASK { ?s skos:prefLabel \"Gamma\" }").value is False
    graph = kg.query(f"CONSTRUCT WHERE {{ <{EX}a> ?p ?o }}")
    assert isinstance(graph, GraphResult) and len(graph) == 5


def test_run_query_takes_select_text(store):
    result = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store=store)
    assert result.values() == [("10",)]
    assert run_query(f"SELECT (COUNT(*) AS ?n) FROM <{EX}g2> WHERE {{ ?s ?p ?o }}",
                     store=store).values() == [("3",)]


def test_ad_hoc_parameters_bind_variables(store):
    kg = KnowledgeGraph(store=store)
    result = kg.query(PREFIX + "SELECT ?s ?n WHERE { ?s ex:count ?n }", s=f"<{EX}b>")
    assert result.values() == [(f"{EX}b", "3")]
    result = kg.query(PREFIX + "SELECT ?s ?n WHERE { ?s ex:count ?n }", n=12)
    assert result.values() == [(f"{EX}a", "12")]
    with pytest.raises(InputError, match="parameter s"):
        kg.query("SELECT ?s WHERE { ?s ?p ?o }", s=object())


def test_dataframe_types(store):
    df = KnowledgeGraph(store=store).query(PREFIX + ALL).to_dataframe()
    assert list(df.columns) == ["s", "label", "label_lang", "signed", "count", "inForce",
                                "year"]
    assert str(df["count"].dtype) == "Int64" and df["count"].tolist() == [12, 12, 3]
    assert str(df["inForce"].dtype) == "boolean"
    assert df["inForce"].tolist() == [True, True, False]
    assert str(df["signed"].dtype).startswith("datetime64")
    assert df["signed"][0].date() == dt.date(1995, 10, 25) and df["signed"].isna()[2]
    assert df["label"].tolist() == ["Alfa", "Alpha", "Beta"]
    assert df["label_lang"].tolist() == ["nl", "en", None]
    assert df["year"].tolist()[2] == "1961"  # gYear stays text: a year is not a day
    assert df["s"][0] == EX + "a"


def test_dataframe_of_a_graph_and_of_nothing(store):
    kg = KnowledgeGraph(store=store)
    df = kg.query(f"CONSTRUCT WHERE {{ <{EX}b> ?p ?o }}").to_dataframe()
    assert list(df.columns)[:3] == ["subject", "predicate", "object"] and len(df) == 5
    empty = kg.query("SELECT ?s ?o WHERE { ?s <https://example.org/none> ?o }").to_dataframe()
    assert list(empty.columns) == ["s", "o"] and len(empty) == 0


def test_a_clear_message_without_pandas(store, monkeypatch):
    result = KnowledgeGraph(store=store).query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"narcokg\[pandas\]"):
        result.to_dataframe()


def test_competency_query_by_id_with_parameters(queries_store):
    kg = KnowledgeGraph(store=queries_store)
    by_kg = kg.query("treaties-in-force-on-date", date=dt.date(2000, 1, 1), lang="nl")
    plain = run_query("treaties-in-force-on-date", {"date": "2000-01-01"}, lang="nl",
                      store=queries_store)
    assert by_kg.rows == plain.rows and by_kg.rows
    assert kg.query("latam-states-without-clause-type", includeTerritories=True).rows
    with pytest.raises(InputError, match="is not in the store"):
        kg.query("latam-states-without-clause-type", clauseType="clause-type:extraditoin")
    with pytest.raises(InputError, match="no query"):
        kg.query("no-such-query")


def test_validate_and_add(tmp_path):
    store = make_fixture_store(tmp_path / "store")
    entry = tmp_path / "designation.yaml"
    entry.write_text("id: designation/kg\ntype: StateDesignation\n"
                     "source: https://example.org/doc\ndesignatedState: state/CO\n"
                     "designatedBy: org/be-federal-government\n"
                     "designationType: negligent-in-fighting-cartels\n")
    kg = KnowledgeGraph(store=store)
    assert kg.validate(entry).conforms
    result, outcomes = kg.add([entry])
    assert result.conforms and [o.status for o in outcomes] == ["added"]
    assert kg.query("ASK { <https://w3id.org/narcokg/id/designation/kg> ?p ?o }").value
    assert hasattr(kg.validate(), "conforms")  # the whole store


def test_one_of_store_or_endpoint(store):
    with pytest.raises(InputError, match="not both"):
        KnowledgeGraph(store=store, endpoint="http://127.0.0.1:9/query")
    kg = KnowledgeGraph(endpoint="http://127.0.0.1:9/query")
    with pytest.raises(InputError, match="store folder"):
        kg.validate()


def test_the_default_store_from_anywhere(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pytest.raises(StoreError, match="no store found; looked at"):
        KnowledgeGraph().query("ASK {}")
    config = tmp_path / "config" / "narcokg" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'store = "{store}"\n')
    assert KnowledgeGraph().store == store
    assert KnowledgeGraph().query("ASK { ?s ?p ?o }").value
    monkeypatch.setenv("NARCOKG_STORE", str(tmp_path / "elsewhere"))
    assert KnowledgeGraph().store == tmp_path / "elsewhere"


def test_a_bad_config_file_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "narcokg").mkdir()
    (tmp_path / "narcokg" / "config.toml").write_text("store = [1]\n")
    with pytest.raises(StoreError, match="must be a folder path"):
        KnowledgeGraph()


@pytest.fixture(scope="module")
def endpoint():
    if oxigraph_cli() is None:
        pytest.skip("the oxigraph CLI is not installed")
    with oxigraph_server(FIXTURES / "sparql-fixture.trig") as url:
        yield url


def test_the_endpoint_gives_the_same_dataframe(store, endpoint):
    local = KnowledgeGraph(store=store).query(PREFIX + ALL).to_dataframe()
    remote = KnowledgeGraph(endpoint=endpoint, timeout=10).query(PREFIX + ALL).to_dataframe()
    assert local.equals(remote)
    assert KnowledgeGraph(endpoint=endpoint).query("ASK { ?s skos:prefLabel \"Beta\" }").value
    graph = KnowledgeGraph(endpoint=endpoint).query(f"DESCRIBE <{EX}b>")
    assert {t.object for t in graph} >= {ox.Literal("Beta")}
