"""Package data: the queries folder (see narcokg.resources)."""
