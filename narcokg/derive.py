"""What the build derives from the data, for the curated entries, the entries that
``narcokg add`` keeps and the loaders' graphs alike: the day bounds of dates
(narcokg/dates.py) and the signatory and party roles (narcokg/roles.py). Each derived
statement sits in the named graph of the statement it follows from, so it keeps its source."""

from __future__ import annotations

from narcokg.dates import bound_quads
from narcokg.roles import role_quads


def with_derived(quads) -> list:
    """``quads`` and what follows from them, without duplicates, in order."""
    quads = list(quads)
    return list(dict.fromkeys(quads + bound_quads(quads) + role_quads(quads)))
