"""Package data: the shapes folder (see narcokg.resources)."""
