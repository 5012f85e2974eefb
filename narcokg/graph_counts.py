"""The triples in each named graph of a store, one SPARQL text for every reader of it: the
build's summary and the publication's VoID (``narcokg.build``, ``narcokg.publication``).
Ordered by graph, so that whoever lists the rows lists them the same way."""

COUNT_GRAPHS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
                "ORDER BY ?g")
