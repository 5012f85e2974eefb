"""Ports and cities from the UN/LOCODE 2023-1 CSV files shipped in pyunlocode."""

import pyoxigraph as ox
import pytest

from narcokg.errors import SourceError
from narcokg.loaders import ports

NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PORT_COUNT = 17497  # distinct codes with function 1 (17,573 rows: bilingual names repeat)


def name(text: str) -> ox.Literal:
    """A UN/LOCODE name: language undetermined, Latin script (the source says no language)."""
    return ox.Literal(text, language="und-Latn")


def to_store(triples) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def value(store: ox.Store, subject: str, predicate: str):
    found = [q.object for q in store.quads_for_pattern(ox.NamedNode(subject),
                                                       ox.NamedNode(predicate), None)]
    assert len(found) == 1, (subject, predicate, found)
    return found[0]


def typed(store: ox.Store, cls: str) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(TYPE),
                                                             ox.NamedNode(NKG + cls))}


@pytest.fixture(scope="module")
def source():
    (src,) = ports.sources(extra_locodes=["COBOG", "BEANR", "MQSHL"])
    return src


@pytest.fixture(scope="module")
def store(source):
    return to_store(source.triples())


def test_graph(source):
    assert source.key == "unlocode"
    assert source.graph == "https://w3id.org/narcokg/graph/unlocode"
    assert source.document.startswith("https://unece.org/trade/cefact/unlocode")
    assert "UN/LOCODE 2023-1" in source.citation and "pyunlocode" in source.citation


def test_port_count(store, source):
    assert len(typed(store, "Port")) == PORT_COUNT
    stats = source.extra["stats"]
    assert stats.ports == PORT_COUNT
    assert stats.unknown_country == {"XZ": 24}  # XZ: international waters, not ISO 3166


def test_antwerp(store):
    s = ID + "port/BEANR"
    assert s in typed(store, "Port")
    assert value(store, s, NKG + "situatedIn") == ox.NamedNode(ID + "state/BE")
    assert value(store, s, NKG + "unlocode").value == "BEANR"
    assert value(store, s, NKG + "unlocodeFunction").value == "12345---"
    assert value(store, s, SKOS + "prefLabel") == name("Antwerpen")
    lat, lon = value(store, s, GEO + "lat"), value(store, s, GEO + "long")
    assert lat.datatype.value.endswith("#decimal")
    assert (lat.value, lon.value) == ("51.2167", "4.4167")  # CSV: 5113N 00425E
    assert abs(float(lat.value) - 51.2) < 0.05 and abs(float(lon.value) - 4.4) < 0.05


@pytest.mark.parametrize("code", ["NLRTM", "ECGYE", "BRSSZ", "COBUN", "PECLL", "UYMVD"])
def test_ports_exist(store, code):
    assert ID + f"port/{code}" in typed(store, "Port")


def test_southern_hemisphere_and_west(store):
    assert value(store, ID + "port/BRSSZ", GEO + "lat").value == "-23.9333"  # 2356S
    assert value(store, ID + "port/BRSSZ", GEO + "long").value == "-46.3167"  # 04619W


def test_bilingual_duplicate_becomes_alt_label(store):
    s = ID + "port/BEBRU"
    assert value(store, s, SKOS + "prefLabel") == name("Brussel (Bruxelles)")
    assert value(store, s, SKOS + "altLabel") == name("Bruxelles (Brussel)")


def test_cp1252_names(store):
    # 0x9C in the file is "œ" in Windows-1252 (a control character in Latin-1)
    assert value(store, ID + "city/MQSHL", SKOS + "prefLabel") == name("Schœlcher")
    assert value(store, ID + "city/COBOG", SKOS + "prefLabel") == name("Bogotá")


def test_extra_city(store):
    # COBOG (-2345---) and MQSHL (----5---) are cities only; BEANR, named as a city by the
    # data, is a port too: both IRIs, described alike, the city the same as the port
    assert typed(store, "City") == {ID + "city/COBOG", ID + "city/MQSHL", ID + "city/BEANR"}
    assert ID + "port/BEANR" in typed(store, "Port")
    assert ID + "port/COBOG" not in typed(store, "Port")
    assert value(store, ID + "city/COBOG", NKG + "unlocodeFunction").value == "-2345---"
    assert value(store, ID + "city/COBOG", NKG + "situatedIn") == ox.NamedNode(ID + "state/CO")
    same = "http://www.w3.org/2002/07/owl#sameAs"
    assert value(store, ID + "city/BEANR", same) == ox.NamedNode(ID + "port/BEANR")
    assert value(store, ID + "city/BEANR", NKG + "unlocode").value == "BEANR"
    assert value(store, ID + "city/BEANR", SKOS + "prefLabel") == name("Antwerpen")


def test_names_claim_no_language_but_their_script(store):
    labels = [q.object for q in store.quads_for_pattern(
        None, ox.NamedNode(SKOS + "prefLabel"), None)]
    assert labels and {lit.language for lit in labels} == {"und-latn"}  # stored lower-case


def test_unknown_extra_code_raises():
    (src,) = ports.sources(extra_locodes=["ZZQQQ"])
    with pytest.raises(SourceError, match="ZZQQQ"):
        list(src.triples())


@pytest.mark.parametrize("text,expected", [
    ("5113N 00425E", ("51.2167", "4.4167")),
    ("0000N 00000W", ("0.0000", "0.0000")),
    ("3492S 13866E", None),  # minutes over 59
    ("9130N 00000E", None),
    ("5113N", None),
    ("51.2N 4.4E", None),
])
def test_coordinates(text, expected):
    assert ports.coordinates(text) == expected


def test_headers_removed_entries_and_encoding(tmp_path):
    csv = tmp_path / "part.csv"
    csv.write_bytes(
        b',"MQ",,".MARTINIQUE",,,,,,,,\r\n'
        b',"MQ","SHX","Sch\x9clcher","Scholcher",,"1-------","RL","1901",,"1436N 06106W",""\r\n'
        b'X,"MQ","OLD","Old","Old",,"1-------","XX","2301",,"1436N 06106W","Use MQSHX"\r\n'
        b',"XZ","AAA","Sea","Sea",,"1-------","RL","1901",,"99N",""\r\n')
    stats = ports.Stats()
    store = to_store(ports.unlocode_triples(files=[csv], stats=stats))
    assert typed(store, "Port") == {ID + "port/MQSHX", ID + "port/XZAAA"}
    assert value(store, ID + "port/MQSHX", SKOS + "prefLabel").value == "Schœlcher"
    assert stats.unknown_country == {"XZ": 1} and stats.bad_coordinates == ["XZAAA '99N'"]
    assert not list(store.quads_for_pattern(ox.NamedNode(ID + "port/XZAAA"),
                                            ox.NamedNode(NKG + "situatedIn"), None))
    with pytest.raises(SourceError, match="MQOLD"):  # marked for removal
        list(ports.unlocode_triples(["MQOLD"], files=[csv]))
