"""Package data: the data folder (see narcokg.resources)."""
