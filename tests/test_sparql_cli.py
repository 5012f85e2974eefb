"""`narcokg sparql` (issue 18): inline text, stdin and headerless .rq files; the union of the
named graphs as default graph unless the query has FROM / FROM NAMED; SELECT, ASK,
CONSTRUCT and DESCRIBE in every format through pyoxigraph's writers; one-line errors (exit
2); no control character printed raw; the same answers from a real Oxigraph server."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from servers import oxigraph_cli, oxigraph_server, store_from_trig  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "sparql-fixture.trig"
EX = "https://example.org/"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return str(store_from_trig(tmp_path_factory.mktemp("sparql") / "store", FIXTURE))


def sparql(capsys, *args) -> tuple[int, str, str]:
    code = main(["sparql", *args])
    out, err = capsys.readouterr()
    return code, out, err


def count(capsys, store, dataset: str = "") -> int:
    code, out, _ = sparql(capsys, COUNT.format(dataset), "--store", store, "-f", "csv")
    assert code == 0
    return int(out.splitlines()[1])


def test_the_default_graph_is_the_union_of_the_named_graphs(capsys, store):
    assert count(capsys, store) == 10


def test_from_one_named_graph_counts_that_graph_only(capsys, store):
    assert count(capsys, store, f"FROM <{EX}g2>") == 3
    assert count(capsys, store, f"FROM <{EX}g1> FROM <{EX}g2>") == 5
    code, out, _ = sparql(capsys, f"PREFIX ex: <{EX}> SELECT (COUNT(*) AS ?n) FROM ex:g3 "
                          "WHERE { ?s ?p ?o }", "--store", store, "-f", "csv")
    assert out.splitlines()[1] == "5"


def test_from_named_gives_named_graphs_and_an_empty_default_graph(capsys, store):
    assert count(capsys, store, f"FROM NAMED <{EX}g1>") == 0
    code, out, _ = sparql(capsys, f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{EX}g1> "
                          "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "--store", store,
                          "-f", "csv")
    assert out.splitlines()[1:] == [f"{EX}g1,2"]


def test_from_inside_a_string_or_comment_is_not_a_dataset(capsys, store):
    query = ('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "FROM <x>") }\n'
             "# FROM <https://example.org/g1>\n")
    code, out, _ = sparql(capsys, query, "--store", store, "-f", "csv")
    assert code == 0 and out.splitlines()[1] == "10"


def test_stdin_and_a_headerless_rq_file(capsys, store, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(COUNT.format(f"FROM <{EX}g1>")))
    assert sparql(capsys, "-", "--store", store, "-f", "tsv")[1].splitlines()[1] == "2"
    own = tmp_path / "my question.rq"
    own.write_text("PREFIX ex: <https://example.org/>\nASK { ex:a ex:inForce true }\n")
    assert sparql(capsys, str(own), "--store", store) == (0, "true\n", "")


def test_project_prefixes_need_no_prefix_line(capsys, store):
    code, out, _ = sparql(capsys, "SELECT ?l WHERE { ?s skos:prefLabel ?l "
                          'FILTER(lang(?l) = "nl") }', "--store", store, "-f", "csv")
    assert code == 0 and out.splitlines() == ["l", "Alfa"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_select_formats_are_sparql_results(capsys, store, fmt):
    code, out, _ = sparql(capsys, "SELECT ?s ?n WHERE { ?s <https://example.org/count> ?n } "
                          "ORDER BY ?n", "--store", store, "-f", fmt)
    assert code == 0
    kind = {"csv": None, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
    if kind[fmt] is None:
        assert out.splitlines() == ["s,n", f"{EX}b,3", f"{EX}a,12"]
        return
    rows = [(s["s"].value, s["n"].value) for s in ox.parse_query_results(out, format=kind[fmt])]
    assert rows == [(f"{EX}b", "3"), (f"{EX}a", "12")]


@pytest.mark.parametrize("fmt,want", [(None, "true\n"), ("json", '{"head":{},"boolean":true}\n'),
                                      ("csv", "true\n")])
def test_ask(capsys, store, fmt, want):
    args = ["--format", fmt] if fmt else []
    assert sparql(capsys, "ASK { ?s skos:prefLabel \"Beta\" }", "--store", store, *args) \
        == (0, want, "")


@pytest.mark.parametrize("fmt,rdf", [(None, ox.RdfFormat.TURTLE),
                                     ("turtle", ox.RdfFormat.TURTLE),
                                     ("n-triples", ox.RdfFormat.N_TRIPLES),
                                     ("json-ld", ox.RdfFormat.JSON_LD)])
def test_construct_and_describe_write_rdf(capsys, store, fmt, rdf):
    args = ["--format", fmt] if fmt else []
    code, out, _ = sparql(capsys, "CONSTRUCT { ?s ?p ?o } FROM <https://example.org/g2> "
                          "WHERE { ?s ?p ?o }", "--store", store, *args)
    assert code == 0 and not RAW_CONTROL.search(out)
    assert len(list(ox.parse(out, format=rdf))) == 3
    code, out, _ = sparql(capsys, f"DESCRIBE <{EX}b>", "--store", store, *args)
    assert code == 0 and len(list(ox.parse(out, format=rdf))) == 5


@pytest.mark.parametrize("args,says", [
    (["SELEC * WHERE { ?s ?p ?o }"], "not a SPARQL query"),
    (["SELECT * WHERE { ?s ?p }"], "SPARQL syntax error: error at 1:"),
    (["INSERT DATA { <a:b> <a:c> <a:d> }"], "SPARQL update (INSERT)"),
    (["PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }"], "SPARQL update (DELETE)"),
    (["ASK {}", "--format", "xml"], "unknown format 'xml'"),
    (["ASK {}", "--format", "turtle"], "does not fit this query"),
    (["CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], "does not fit this query"),
    (["missing.rq"], "no query file missing.rq"),
])
def test_errors_are_one_line_exit_2(capsys, store, args, says):
    code, out, err = sparql(capsys, *args, "--store", store)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("narcokg: error:") and says in err


def test_an_update_never_changes_the_store(capsys, store):
    sparql(capsys, "DELETE WHERE { ?s ?p ?o }", "--store", store)
    assert count(capsys, store) == 10


def test_no_store_says_where_it_looked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, _, err = sparql(capsys, "ASK {}")
    assert code == 2 and len(err.splitlines()) == 1
    assert "$NARCOKG_STORE (not set)" in err and str(tmp_path / ".narcokg" / "store") in err
    assert str(tmp_path / "config" / "narcokg" / "config.toml") in err
    assert str(tmp_path / "data" / "narcokg" / "store") in err


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_control_characters_never_reach_the_terminal(capsys, store, fmt):
    code, out, _ = sparql(capsys, "SELECT ?note WHERE { ?s <https://example.org/note> ?note }",
                          "--store", store, "-f", fmt)
    assert code == 0 and not RAW_CONTROL.search(out) and "\\u001b" in out.lower()


def test_control_characters_in_rdf_output(capsys, store):
    for fmt in ("turtle", "n-triples", "json-ld"):
        code, out, _ = sparql(capsys, f"DESCRIBE <{EX}b>", "--store", store, "-f", fmt)
        assert code == 0 and not RAW_CONTROL.search(out)
    parsed = {t.object.value for t in ox.parse(out, format=ox.RdfFormat.JSON_LD)}
    assert "bell\x07 escape\x1b[2J end" in parsed  # escaped, not altered


def test_json_output_still_means_the_same_string(capsys, store):
    code, out, _ = sparql(capsys, "SELECT ?note WHERE { ?s <https://example.org/note> ?note }",
                          "--store", store, "-f", "json")
    value = json.loads(out)["results"]["bindings"][0]["note"]["value"]
    assert value == "bell\x07 escape\x1b[2J end"


# ---------------------------------------------------------------- a real Oxigraph server

@pytest.fixture(scope="module")
def endpoint():
    if oxigraph_cli() is None:
        pytest.skip("the oxigraph CLI is not installed")
    with oxigraph_server(FIXTURE) as url:
        yield url


@pytest.mark.parametrize("query,fmt", [
    ("SELECT ?s ?l WHERE { ?s skos:prefLabel ?l } ORDER BY ?l", "json"),
    ("SELECT ?s ?n WHERE { ?s <https://example.org/count> ?n } ORDER BY ?n", "tsv"),
    ("ASK { ?s <https://example.org/inForce> false }", "json"),
    (f"CONSTRUCT WHERE {{ <{EX}a> ?p ?o }}", "n-triples"),
])
def test_the_endpoint_answers_like_the_store(capsys, store, endpoint, query, fmt):
    local = sparql(capsys, query, "--store", store, "-f", fmt)
    remote = sparql(capsys, query, "--endpoint", endpoint, "--timeout", "10", "-f", fmt)
    assert local[0] == remote[0] == 0
    if fmt == "n-triples":
        assert sorted(local[1].splitlines()) == sorted(remote[1].splitlines())
    else:
        assert local[1] == remote[1]


def test_an_endpoint_syntax_error_is_one_line(capsys, endpoint):
    code, _, err = sparql(capsys, "SELECT * WHERE { ?s ?p }", "--endpoint", endpoint)
    assert code == 2 and len(err.splitlines()) == 1 and "rejected the query" in err


def test_from_after_a_comment_ended_by_cr_is_a_dataset_clause():
    """pyoxigraph ends a comment at \\r too: FROM after '#...\\r' is a real dataset clause."""
    from narcokg.sparql_service import names_dataset

    assert names_dataset("SELECT * # note\rFROM <urn:g> WHERE { ?s ?p ?o }")
    assert not names_dataset('SELECT * WHERE { ?s ?p "FROM <urn:g>" } # FROM <urn:g>')
