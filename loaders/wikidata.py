"""Links from states to their Wikidata items (``skos:exactMatch``), read from
``data/wikidata/states.tsv``: a transcription of the ISO 3166-1 alpha-2 and Wikidata columns
of Our World in Data's country table, a secondary source cited as the graph's document. Only
codes the states loader knows are linked; nothing is looked up online."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pycountry
import pyoxigraph as ox

from narcokg import resources
from narcokg.errors import SourceError
from narcokg.namespaces import GRAPH, PREFIXES

from .base import GraphSource, iri
from .states import state_iri

WIKIDATA = "http://www.wikidata.org/entity/"
EXACT_MATCH = iri(PREFIXES["skos"] + "exactMatch")
OWID = ("https://github.com/owid/owid-grapher/blob/c7402d12e25bd1d45f5bd7d66cfc083342a1ed96/"
        "packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts")


def links_path(data_dir: Path | None = None) -> Path:
    return (data_dir or resources.data_dir()) / "wikidata" / "states.tsv"


def state_links(path: Path) -> Iterator[ox.Triple]:
    known = {c.alpha_2 for c in pycountry.countries}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        code, item = row.get("iso2") or "", row.get("wikidata") or ""
        if not (len(code) == 2 and item[:1] == "Q" and item[1:].isdigit()):
            raise SourceError(f"{path}: row {n}: expected an ISO 3166-1 alpha-2 code and a "
                              f"Wikidata item (Q...), got {code!r} and {item!r}")
        if code in known:
            yield ox.Triple(state_iri(code), EXACT_MATCH, iri(WIKIDATA + item))


def sources(data_dir: Path | None = None) -> list[GraphSource]:
    path = links_path(data_dir)
    if not path.exists():
        return []
    return [GraphSource(
        key="owid-countries-regions",
        graph=GRAPH + "owid-countries-regions",
        document=OWID,
        title={"en": "Our World in Data: countries and regions, with their Wikidata items",
               "nl": "Our World in Data: landen en regio's, met hun Wikidata-items",
               "fr": "Our World in Data : pays et régions, avec leurs éléments Wikidata"},
        triples=lambda: state_links(path),
        note="secondary: a compilation by Our World in Data (columns iso_alpha2, wikidata_uri), "
             "transcribed in data/wikidata/states.tsv",
    )]
