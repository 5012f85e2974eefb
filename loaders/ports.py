"""Ports (and the cities the curated data refers to) from UN/LOCODE 2023-1, read from the three
``2023-1 UNLOCODE CodeListPart*.csv`` files shipped in the pyunlocode package (not from its
SQLite database, whose coordinates are wrong).

The CSV files are Windows-1252 (``Sch\\x9clcher`` is Schœlcher, ``d\\x92Esny`` is d'Esny) with
no header and twelve columns: change indicator, country, location, name, name without
diacritics, subdivision, function, status, date, IATA, coordinates, remarks. A row with an
empty location is a country header; a row whose change indicator is X (or x) is to be removed.
Some codes are listed twice, once per language of a bilingual place name ("Brussel
(Bruxelles)" and "Bruxelles (Brussel)"): the first row gives the preferred label and the data,
the other names become alternative labels.

Names are tagged ``und-Latn`` (BCP 47: language undetermined, Latin script): UN/LOCODE gives
each place "in its national language", romanised, without saying which language, and a
bilingual country lists one name per language; so the tag claims neither English nor a
national language it cannot name.

A place is a port when its function has code 1 (``port/<code>``) and a city when the curated
data names it as one (``city/<code>``, "the EU Drugs Agency sits in Lisbon"); a port that the
data also names as a city gets both IRIs, described alike and joined by ``owl:sameAs``, so
the port IRI stays stable and both resolve. The function codes stay data
(``nkg:unlocodeFunction``).
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pycountry
import pyoxigraph as ox

from narcokg.errors import SourceError
from narcokg.namespaces import GRAPH, ID, NKG, PREFIXES, RDF_TYPE

from .base import GraphSource, iri, lit

ENCODING = "cp1252"
EDITION = "2023-1"
PATTERN = f"{EDITION} UNLOCODE CodeListPart*.csv"
CHANGE, COUNTRY, LOCATION, NAME, FUNCTION, COORDINATES = 0, 1, 2, 3, 6, 10
REMOVED = {"X", "x"}
COORD = re.compile(r"(\d{2})(\d{2})([NS]) (\d{3})(\d{2})([EW])")

XSD = PREFIXES["xsd"]
SKOS, RDFS, GEO = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["geo"]
A, PREF, LABEL = iri(RDF_TYPE), iri(SKOS + "prefLabel"), iri(RDFS + "label")
ALT = iri(SKOS + "altLabel")
SAME_AS = iri(PREFIXES["owl"] + "sameAs")
NAME_LANG = "und-Latn"  # language undetermined, romanised (see the module docstring)
P_CODE, P_FUNCTION = iri(NKG + "unlocode"), iri(NKG + "unlocodeFunction")
P_COUNTRY, LAT, LONG = iri(NKG + "situatedIn"), iri(GEO + "lat"), iri(GEO + "long")
PORT, CITY = iri(NKG + "Port"), iri(NKG + "City")
STRING, DECIMAL = XSD + "string", XSD + "decimal"


@dataclass
class Stats:
    ports: int = 0
    cities: int = 0
    rows: int = 0  # location rows read (headers and removed entries not counted)
    alt_names: int = 0
    unknown_country: dict[str, int] = field(default_factory=dict)
    bad_coordinates: list[str] = field(default_factory=list)
    no_coordinates: int = 0


def csv_files() -> list[Path]:
    spec = importlib.util.find_spec("pyunlocode")
    if spec is None or not spec.submodule_search_locations:
        raise SourceError("pyunlocode is not installed (needed for the UN/LOCODE code list)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "csv"
    files = sorted(folder.glob(PATTERN))
    if len(files) != 3:
        raise SourceError(f"expected 3 files {PATTERN!r} in {folder}, found {len(files)}")
    return files


def rows(files: Iterable[Path] | None = None) -> Iterator[list[str]]:
    """Location rows (country headers and entries marked for removal left out)."""
    for path in files if files is not None else csv_files():
        with open(path, encoding=ENCODING, newline="") as fh:
            for row in csv.reader(fh):
                if len(row) < 11 or not row[LOCATION] or row[CHANGE] in REMOVED:
                    continue
                yield row


def _degrees(deg: str, minutes: str, sign: str, limit: int) -> str | None:
    d, m = int(deg), int(minutes)
    if m >= 60 or d > limit or (d == limit and m):
        return None
    value = (Decimal(d) + Decimal(m) / 60).quantize(Decimal("0.0001"))
    return str(-value if sign in "SW" and value else value)


def coordinates(text: str) -> tuple[str, str] | None:
    """'5113N 00425E' -> ('51.2167', '4.4167'); None when malformed or out of range."""
    m = COORD.fullmatch(text.strip())
    if not m:
        return None
    lat, lon = _degrees(m[1], m[2], m[3], 90), _degrees(m[4], m[5], m[6], 180)
    return (lat, lon) if lat is not None and lon is not None else None


def location_triples(row: list[str], kind: ox.NamedNode, subject: ox.NamedNode,
                     known: set[str], stats: Stats) -> Iterator[ox.Triple]:
    cc, code = row[COUNTRY], row[COUNTRY] + row[LOCATION]
    yield ox.Triple(subject, A, kind)
    yield ox.Triple(subject, P_CODE, lit(code, datatype=STRING))
    yield ox.Triple(subject, P_FUNCTION, lit(row[FUNCTION], datatype=STRING))
    yield ox.Triple(subject, PREF, lit(row[NAME], lang=NAME_LANG))
    yield ox.Triple(subject, LABEL, lit(row[NAME], lang=NAME_LANG))
    if cc in known:
        yield ox.Triple(subject, P_COUNTRY, iri(f"{ID}state/{cc}"))
    else:
        stats.unknown_country[cc] = stats.unknown_country.get(cc, 0) + 1
    if not row[COORDINATES].strip():
        stats.no_coordinates += 1
        return
    latlon = coordinates(row[COORDINATES])
    if latlon is None:
        stats.bad_coordinates.append(f"{code} {row[COORDINATES]!r}")
        return
    yield ox.Triple(subject, LAT, lit(latlon[0], datatype=DECIMAL))
    yield ox.Triple(subject, LONG, lit(latlon[1], datatype=DECIMAL))


def unlocode_triples(extra_locodes: Iterable[str] = (), files: Iterable[Path] | None = None,
                     stats: Stats | None = None) -> Iterator[ox.Triple]:
    """Every entry with port function (function starting with '1') as nkg:Port; the codes in
    ``extra_locodes`` (named as cities by the data) as nkg:City, the same as the port when
    the place is a port too."""
    stats = stats if stats is not None else Stats()
    known = {c.alpha_2 for c in pycountry.countries}
    wanted = set(extra_locodes)
    seen: dict[str, tuple[list[ox.NamedNode], set[str]]] = {}  # code -> (subjects, names)
    for row in rows(files):
        stats.rows += 1
        code = row[COUNTRY] + row[LOCATION]
        is_port, is_city = row[FUNCTION].startswith("1"), code in wanted
        if not is_port and not is_city:
            continue
        if code in seen:  # the same place listed again under another name
            subjects, names = seen[code]
            if row[NAME] not in names:
                names.add(row[NAME])
                stats.alt_names += 1
                for subject in subjects:
                    yield ox.Triple(subject, ALT, lit(row[NAME], lang=NAME_LANG))
            continue
        kinds = [(PORT, "port")] * is_port + [(CITY, "city")] * is_city
        subjects = [iri(f"{ID}{folder}/{code}") for _, folder in kinds]
        seen[code] = (subjects, {row[NAME]})
        stats.ports += is_port
        stats.cities += is_city
        for n, ((kind, _), subject) in enumerate(zip(kinds, subjects, strict=True)):
            yield from location_triples(row, kind, subject, known, stats if n == 0 else Stats())
        if len(subjects) == 2:
            yield ox.Triple(subjects[1], SAME_AS, subjects[0])
    missing = sorted(wanted - set(seen))
    if missing:
        raise SourceError(f"UN/LOCODE {EDITION} has no entry {', '.join(missing)} "
                          "(referenced as id/city/<code>)")


def sources(data_dir=None, extra_locodes=()) -> list[GraphSource]:
    version = importlib.metadata.version("pyunlocode")
    extra, stats = tuple(extra_locodes), Stats()
    return [GraphSource(
        key="unlocode",
        graph=GRAPH + "unlocode",
        document="https://unece.org/trade/cefact/unlocode-code-list-country-and-territory",
        title={"en": "UN/LOCODE code list by country and territory",
               "nl": "UN/LOCODE-codelijst per land en gebied",
               "fr": "liste des codes UN/LOCODE par pays et territoire"},
        triples=lambda: unlocode_triples(extra, stats=stats),
        citation=f"UN/LOCODE {EDITION} as shipped in pyunlocode {version}",
        note=f"pyunlocode {version}, csv/{PATTERN} (Windows-1252); ports are the entries "
             "whose function has code 1",
        extra={"stats": stats},  # filled in while the triples are read
    )]
