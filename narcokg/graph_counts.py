"""The triples in each named graph of a store, one SPARQL text for every reader of it: the
build's summary, the publication's VoID and its pages (``narcokg.build``,
``narcokg.publication``).
Ordered by graph, so that whoever lists the rows lists them the same way."""

COUNT_GRAPHS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
                "ORDER BY ?g")


def triples_per_graph(db) -> dict[str, int]:
    """{graph IRI: its number of triples}, in the order of the graphs' IRIs."""
    return {row["g"].value: int(row["n"].value) for row in db.query(COUNT_GRAPHS)}
