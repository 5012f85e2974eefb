"""Country names as sources write them ('Mexico', 'Burma', 'Virgin Islands, British') -> ISO
3166-1 alpha-2, the way the states loader knows states: pycountry's names first, then the
name patterns of country_converter's ``country_data.tsv`` (read as a file, see
loaders/states.py). A name neither knows is None: the caller reports it, nothing is guessed."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import pycountry

from .states import country_data_path, iso2_codes


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    known = {c.alpha_2 for c in pycountry.countries}
    out = []
    with open(country_data_path(), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            codes = [c for c in iso2_codes(row["ISO2"]) if c in known]
            if codes and row.get("regex", "").strip():
                out.append((re.compile(row["regex"].strip(), re.IGNORECASE), codes[0]))
    return out


@lru_cache(maxsize=4096)
def alpha2(name: str) -> str | None:
    name = " ".join(name.split())
    if not name:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        pass
    hits = {code for pattern, code in _patterns() if pattern.search(name)}
    return hits.pop() if len(hits) == 1 else None
