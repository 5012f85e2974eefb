"""void:triples counts each triple of the union once, also past the million triples after
which Oxigraph's CONSTRUCT stops remembering what it wrote (the Turtle dump then holds a
triple of two distant graphs twice: harmless to a parser, wrong as a count)."""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.publication.dumps import write_dump

EX = "https://example.org/"


def test_the_union_count_is_distinct_past_a_million_triples(tmp_path):
    p = ox.NamedNode(EX + "p")
    first, last = ox.NamedNode(EX + "g/a"), ox.NamedNode(EX + "g/z")
    quads = [ox.Quad(ox.NamedNode(f"{EX}s{i}"), p, ox.Literal(i), first)
             for i in range(1_050_000)]
    repeated = quads[:1000]  # the same triples again, in a graph read after the first
    db = ox.Store()
    db.bulk_extend(quads + [ox.Quad(q.subject, q.predicate, q.object, last) for q in repeated])
    del quads
    dump, counted = write_dump(db, tmp_path, "narcokg.ttl", {}, gzipped=False)
    assert counted == 1_050_000
    parsed = set(ox.parse(path=str(tmp_path / "narcokg.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == counted  # the file says the same once read as a graph
    assert dump.path.endswith("narcokg.ttl")
