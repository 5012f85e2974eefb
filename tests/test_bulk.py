"""Parallel chunked bulk loading (``narcokg.bulk``) and ``narcokg build --include``: the same
graph as one plain parse (blank nodes included), errors at the file's real line, and no
include that could blur the provenance of what the build loaded."""

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from narcokg.build import build
from narcokg.bulk import load_dumps
from narcokg.errors import InputError

G = "<https://w3id.org/narcokg/synthetic/graph/t>"


def nquads(n: int) -> str:
    """n statements; blank nodes scattered so that small chunks cut between their uses."""
    lines = []
    for i in range(n):
        s = f"<https://w3id.org/narcokg/synthetic/id/s{i}>"
        odd = " _: x" if i % 2 else ""  # "_:" in a literal moves the line, harmlessly
        lines.append(f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "s {i}{odd}"@en {G} .')
        lines.append(f"{s} <http://example.org/p> _:b{i % 7} {G} .")
        lines.append(f"_:b{i % 7} <http://example.org/q> {s} {G} .")
    return "\n".join(lines)  # no newline after the last line on purpose


def as_rdflib(quads) -> Graph:
    return Graph().parse(data="".join(f"{q.triple} .\n" for q in quads), format="nt")


def test_chunked_parallel_load_equals_one_plain_parse(tmp_path):
    path = tmp_path / "d.nq"
    path.write_text(nquads(200))
    db = ox.Store()
    size = load_dumps(db, [path], threads=2, chunk_bytes=97)  # hundreds of chunks
    assert size == path.stat().st_size
    plain = ox.Store()
    plain.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    assert len(db) == len(plain) == 600
    blanks = {q.object for q in db if isinstance(q.object, ox.BlankNode)}
    assert len(blanks) == 7  # _:b0.._:b6 kept their identity across chunks
    assert isomorphic(as_rdflib(db), as_rdflib(plain))


@pytest.mark.parametrize("index", [120, 121])  # a plain line; a line with a blank node
def test_a_syntax_error_in_a_late_chunk_is_reported_at_its_line(tmp_path, index):
    path = tmp_path / "bad.nq"
    text = nquads(50).splitlines()
    text[index] = text[index].replace("id/s", "id/ s", 1)  # a space in an IRI
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(InputError) as err:
        load_dumps(ox.Store(), [path], chunk_bytes=200)
    assert err.value.path == str(path) and err.value.line == index + 1


@pytest.mark.parametrize("name", ["d.ttl", "d"])
def test_only_line_based_formats(tmp_path, name):
    path = tmp_path / name
    path.write_text("")
    with pytest.raises(InputError, match="N-Quads"):
        load_dumps(ox.Store(), [path])


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_dumps(ox.Store(), [tmp_path / "absent.nq"])


@pytest.mark.slow
def test_build_include_loads_a_dump_and_refuses_what_would_blur_provenance(tmp_path):
    store = tmp_path / "store"
    dump = tmp_path / "synth.nq"
    dump.write_text(nquads(20) + "\n")
    summary = build(store, include=[dump])
    assert summary.triples_per_graph[G.strip("<>")] == 60

    default = tmp_path / "default.nq"
    default.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    with pytest.raises(InputError, match="default graph"):
        build(store, include=[default])
    owned = tmp_path / "owned.nq"
    owned.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/o> "
                     "<https://w3id.org/narcokg/graph/unlocode> .\n")
    with pytest.raises(InputError, match="graphs the build owns"):
        build(store, include=[owned])
    same = tmp_path / "same.nq"  # a quad the build also has, in its graph: still refused
    same.write_text("<https://w3id.org/narcokg/ontology> "
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<http://www.w3.org/2002/07/owl#Ontology> "
                    "<https://w3id.org/narcokg/graph/ontology> .\n")
    with pytest.raises(InputError, match="graphs the build owns: .*graph/ontology"):
        build(store, include=[same])
    db = ox.Store.read_only(str(store))  # the failed builds left the first one in place
    assert len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(G.strip("<>"))))) == 60


def test_sources_read_beside_the_load_and_their_errors_after_it(tmp_path):
    from narcokg.included import load_beside

    dump = tmp_path / "d.nq"
    dump.write_text(nquads(5) + "\n")
    graphs, read = load_beside(ox.Store(), [dump], lambda _m: None, lambda: ["sources"])
    assert graphs == {ox.NamedNode(G.strip("<>"))} and read == ["sources"]

    def failing():
        raise InputError("a broken source", "data/x.yaml")

    with pytest.raises(InputError, match="a broken source"):
        load_beside(ox.Store(), [dump], lambda _m: None, failing)
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://example.org/ s> <http://example.org/p> <http://example.org/o> "
                   f"{G} .\n")
    with pytest.raises(InputError, match="syntax error"):  # the load's error comes first
        load_beside(ox.Store(), [bad], lambda _m: None, failing)
