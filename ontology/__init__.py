"""Package data: the ontology folder (see narcokg.resources)."""
