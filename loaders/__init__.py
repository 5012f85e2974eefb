"""narcokg.loaders: one module per source, each producing its own named graph(s).

Every loader exposes ``sources(data_dir) -> list[GraphSource]``; the build (narcokg.build)
loads each GraphSource into its named graph and adds, in that graph, ``dcterms:source`` from
every subject to the source document, so provenance is enforced in one place.
"""
