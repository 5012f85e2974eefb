"""States from installed packages: ISO 3166-1 (pycountry) and UN M49 regions, EU membership and
UN membership years (the ``country_data.tsv`` shipped with country_converter, read as a file:
importing country_converter is not needed and breaks with pandas 3), and the UN's two
non-member observer states. A UN member or observer state is an ``nkg:SovereignState``; every
other ISO 3166-1 entry (dependent territories, Antarctica, disputed entries) is an ``nkg:State``
with the status ``other-iso-3166-entry``. No administering state is recorded here: neither
source gives one, and a code or a name is not a source."""

from __future__ import annotations

import csv
import gettext
import importlib.metadata
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import pycountry
import pyoxigraph as ox

from narcokg import resources
from narcokg.errors import SourceError
from narcokg.namespaces import GRAPH, ID, NKG, PREFIXES, RDF_TYPE, vocab

from .base import GraphSource, iri, lit

SKOS, RDFS, ORG = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["org"]
XSD_STRING = PREFIXES["xsd"] + "string"
LANGS = ("nl", "fr")
EU = ID + "org/eu"
UN = ID + "org/un"
STATUS = vocab("statehood-status")
# research.un.org/en/unmembers/observers: "There are currently two non-member observer
# states": the Holy See and the State of Palestine.
OBSERVERS = ("VA", "PS")
CODES = {"iso3166Alpha2": "alpha_2", "iso3166Alpha3": "alpha_3", "iso3166Numeric": "numeric"}

A = iri(RDF_TYPE)
PREF, ALT, LABEL = iri(SKOS + "prefLabel"), iri(SKOS + "altLabel"), iri(RDFS + "label")


def state_iri(alpha2: str) -> ox.NamedNode:
    return iri(f"{ID}state/{alpha2}")


def _version(dist: str) -> str:
    return importlib.metadata.version(dist)


def _translations() -> dict[str, gettext.NullTranslations]:
    return {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in LANGS}


def pycountry_triples() -> Iterator[ox.Triple]:
    tr = _translations()
    for c in pycountry.countries:
        s = state_iri(c.alpha_2)
        yield ox.Triple(s, A, iri(NKG + "State"))
        for prop, attr in CODES.items():
            yield ox.Triple(s, iri(NKG + prop), lit(getattr(c, attr), datatype=XSD_STRING))
        common = getattr(c, "common_name", None)
        labels = {"en": common or c.name}
        for lang in LANGS:  # the common name where the catalog translates it, like en
            known = common and common in getattr(tr[lang], "_catalog", {})
            labels[lang] = tr[lang].gettext(common if known else c.name)
        for lang, text in labels.items():
            yield ox.Triple(s, PREF, lit(text, lang))
            yield ox.Triple(s, LABEL, lit(text, lang))
        alts = [c.name] if common and common != c.name else []
        official = getattr(c, "official_name", None)
        if official and official not in alts and official != labels["en"]:
            alts.append(official)
        for text in alts:
            yield ox.Triple(s, ALT, lit(text, "en"))


def country_data_path() -> Path:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise SourceError("country_converter is not installed (needed for country_data.tsv)")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    if not path.is_file():
        raise SourceError(f"country_converter has no country_data.tsv at {path}")
    return path


def region_keys() -> set[str]:
    prefix = vocab("region") + "/"
    path = resources.ontology_dir() / "vocab" / "region.ttl"
    triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    return {t.subject.value[len(prefix):] for t in triples
            if t.predicate.value == RDF_TYPE and t.object.value == SKOS + "Concept"
            and t.subject.value.startswith(prefix)}


def region_key(value: str) -> str:
    """'South America' -> 'south-america', 'South-eastern Asia' -> 'south-eastern-asia'."""
    return re.sub(r"\s+", "-", value.strip().lower())


def iso2_codes(value: str) -> list[str]:
    """The ISO2 column holds a code or, for GR and GB, a regex such as '^GR$|^EL$'."""
    if "^" in value:
        return re.findall(r"\^([A-Z]{2})\$", value)
    return [value] if value else []


def country_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """(ISO 3166 alpha-2, row) of country_converter's data file, for the codes pycountry
    knows (a row's ISO2 may name two codes)."""
    known = {c.alpha_2 for c in pycountry.countries}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for alpha2 in iso2_codes(row["ISO2"]):
                if alpha2 in known:
                    yield alpha2, row


def membership(m: ox.NamedNode, member: ox.NamedNode, organisation: str) -> Iterator[ox.Triple]:
    """An org:Membership of ``member`` in ``organisation`` with the role "member"."""
    yield ox.Triple(m, A, iri(ORG + "Membership"))
    yield ox.Triple(m, iri(ORG + "member"), member)
    yield ox.Triple(m, iri(ORG + "organization"), iri(organisation))
    yield ox.Triple(m, iri(ORG + "role"), iri(vocab("membership-role", "member")))


def country_converter_triples(path: Path | None = None) -> Iterator[ox.Triple]:
    """UN M49 regions (column UNregion)."""
    path = path or country_data_path()
    regions = region_keys()
    for alpha2, row in country_rows(path):
        if row["UNregion"].strip():
            key = region_key(row["UNregion"])
            if key not in regions:
                raise SourceError(f"{path.name}: UNregion {row['UNregion']!r} of "
                                  f"{alpha2} has no concept in vocab/region")
            yield ox.Triple(state_iri(alpha2), iri(NKG + "inRegion"), iri(vocab("region", key)))


def eu_membership_triples(path: Path | None = None) -> Iterator[ox.Triple]:
    """EU member states (column EU) with their org:Membership of the EU. Kept apart from the
    M49 regions: the UN's M49 page does not define EU membership."""
    for alpha2, row in country_rows(path or country_data_path()):
        if row["EU"].strip() == "EU":
            s = state_iri(alpha2)
            yield from membership(iri(f"{ID}membership/eu-{alpha2}"), s, EU)
            yield ox.Triple(s, iri(ORG + "memberOf"), iri(EU))


def _status(s: ox.NamedNode, key: str) -> Iterator[ox.Triple]:
    yield ox.Triple(s, iri(NKG + "statehoodStatus"), iri(f"{STATUS}/{key}"))
    if key != "other-iso-3166-entry":
        yield ox.Triple(s, A, iri(NKG + "SovereignState"))


def un_membership_triples(path: Path | None = None) -> Iterator[ox.Triple]:
    """UN member states (column UNmember: the year of admission) with their org:Membership
    of the UN; entries that are neither members nor observer states get the status
    other-iso-3166-entry."""
    path = path or country_data_path()
    seen: set[str] = set()
    for alpha2, row in country_rows(path):
        if alpha2 in seen or alpha2 in OBSERVERS:
            continue
        seen.add(alpha2)
        year, s = (row.get("UNmember") or "").strip(), state_iri(alpha2)
        if not year:
            yield from _status(s, "other-iso-3166-entry")
            continue
        if not re.fullmatch(r"\d{4}", year):
            raise SourceError(f"{path.name}: UNmember {year!r} of {alpha2} is not a year")
        yield from _status(s, "un-member-state")
        m = iri(f"{ID}membership/un-{alpha2}")
        yield from membership(m, s, UN)
        yield ox.Triple(m, iri(NKG + "startDate"), lit(year, datatype=PREFIXES["xsd"] + "gYear"))


def observer_triples() -> Iterator[ox.Triple]:
    for alpha2 in OBSERVERS:
        yield from _status(state_iri(alpha2), "un-observer-state")


def sources(data_dir=None) -> list[GraphSource]:
    pc, cc = _version("pycountry"), _version("country_converter")
    return [
        GraphSource(
            key="pycountry",
            graph=GRAPH + "pycountry",
            document="https://www.iso.org/iso-3166-country-codes.html",
            title={"en": "ISO 3166-1 country codes", "nl": "ISO 3166-1-landcodes",
                   "fr": "codes de pays ISO 3166-1"},
            triples=pycountry_triples,
            citation=f"ISO 3166-1 as shipped in pycountry {pc} (iso-codes data)",
            note=f"pycountry {pc} (iso-codes data); nl and fr names from its gettext catalogs",
        ),
        GraphSource(
            key="country-converter",
            graph=GRAPH + "country-converter",
            document="https://unstats.un.org/unsd/methodology/m49/",
            title={"en": "UN M49 standard country or area codes for statistical use",
                   "nl": "UN M49-standaardcodes voor landen en gebieden",
                   "fr": "codes standard M49 des pays et zones des Nations unies"},
            triples=country_converter_triples,
            citation=f"UN M49 regions as shipped in country_converter {cc} "
                     "(country_data.tsv)",
            note=f"country_converter {cc}, country_data.tsv (columns ISO2, UNregion)",
        ),
        GraphSource(
            key="eu-membership",
            graph=GRAPH + "eu-membership",
            document="https://github.com/IndEcol/country_converter",
            title={"en": "EU member states", "nl": "EU-lidstaten",
                   "fr": "États membres de l'UE"},
            triples=eu_membership_triples,
            citation=f"EU membership as compiled in country_converter {cc} "
                     "(country_data.tsv, column EU)",
            note=f"secondary: a compilation shipped with country_converter {cc}; the EU's own "
                 "list of its member countries is https://europa.eu/european-union/about-eu/"
                 "countries_en (official)",
        ),
        GraphSource(
            key="un-membership",
            graph=GRAPH + "un-membership",
            document="https://github.com/IndEcol/country_converter",
            title={"en": "UN member states and their years of admission",
                   "nl": "VN-lidstaten en hun jaar van toetreding",
                   "fr": "États membres de l'ONU et leur année d'admission"},
            triples=un_membership_triples,
            citation=f"UN membership years as compiled in country_converter {cc} "
                     "(country_data.tsv, column UNmember)",
            note=f"secondary: a compilation shipped with country_converter {cc}, not the UN's "
                 "own list; an entry without a year is recorded as neither a member nor an "
                 "observer state (other-iso-3166-entry)",
        ),
        GraphSource(
            key="un-observer-states",
            graph=GRAPH + "un-observer-states",
            document="https://research.un.org/en/unmembers/observers",
            title={"en": "UN Dag Hammarskjöld Library: non-member observer states",
                   "nl": "UN Dag Hammarskjöld-bibliotheek: waarnemende niet-lidstaten",
                   "fr": "Bibliothèque Dag Hammarskjöld de l'ONU : États non membres "
                         "observateurs"},
            triples=observer_triples,
            note="official (UN library research guide): the Holy See and the State of Palestine",
        ),
    ]
