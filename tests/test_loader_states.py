"""States from pycountry (ISO 3166-1) and country_converter's country_data.tsv (M49, EU)."""

import pyoxigraph as ox
import pytest

from narcokg.loaders import states

NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
REGION = "https://w3id.org/narcokg/vocab/region/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def to_store(triples) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def objects(store: ox.Store, subject: str, predicate: str) -> set:
    return {q.object for q in store.quads_for_pattern(ox.NamedNode(subject),
                                                      ox.NamedNode(predicate), None)}


@pytest.fixture(scope="module")
def graphs():
    return {s.key: s for s in states.sources()}


@pytest.fixture(scope="module")
def iso(graphs):
    return to_store(graphs["pycountry"].triples())


@pytest.fixture(scope="module")
def m49(graphs):
    return to_store(graphs["country-converter"].triples())


def test_graphs_and_documents(graphs):
    assert graphs["pycountry"].graph == "https://w3id.org/narcokg/graph/pycountry"
    assert graphs["pycountry"].document == "https://www.iso.org/iso-3166-country-codes.html"
    assert "pycountry" in graphs["pycountry"].citation
    cc = graphs["country-converter"]
    assert cc.graph == "https://w3id.org/narcokg/graph/country-converter"
    assert cc.document == "https://unstats.un.org/unsd/methodology/m49/"
    assert "country_data.tsv" in cc.citation
    for g in graphs.values():
        assert set(g.title) == {"en", "nl", "fr"}


def test_249_states(iso):
    states_ = {q.subject for q in iso.quads_for_pattern(None, ox.NamedNode(TYPE),
                                                        ox.NamedNode(NKG + "State"))}
    assert len(states_) == 249


def test_belgium(iso):
    be = ID + "state/BE"
    labels = objects(iso, be, SKOS + "prefLabel")
    assert labels == {ox.Literal("Belgium", language="en"), ox.Literal("België", language="nl"),
                      ox.Literal("Belgique", language="fr")}
    assert objects(iso, be, "http://www.w3.org/2000/01/rdf-schema#label") == labels
    assert ox.Literal("Kingdom of Belgium", language="en") in objects(iso, be, SKOS + "altLabel")
    assert {o.value for o in objects(iso, be, NKG + "iso3166Alpha3")} == {"BEL"}
    assert {o.value for o in objects(iso, be, NKG + "iso3166Numeric")} == {"056"}


def test_common_name_is_the_english_label(iso):
    labels = objects(iso, ID + "state/BO", SKOS + "prefLabel")
    assert ox.Literal("Bolivia", language="en") in labels


def test_every_state_has_three_labels(iso):
    langs = {}
    for q in iso.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
        langs.setdefault(q.subject, set()).add(q.object.language)
    assert len(langs) == 249
    assert all(v == {"en", "nl", "fr"} for v in langs.values())


@pytest.mark.parametrize("code,region", [("BO", "south-america"), ("PA", "central-america"),
                                         ("BE", "western-europe"), ("GR", "southern-europe"),
                                         ("GB", "northern-europe"), ("AQ", "antarctica")])
def test_regions(m49, code, region):
    assert objects(m49, ID + f"state/{code}", NKG + "inRegion") == {ox.NamedNode(REGION + region)}


@pytest.fixture(scope="module")
def eu_members(graphs):
    return to_store(graphs["eu-membership"].triples())


def test_eu_membership_has_its_own_graph_and_source(graphs, m49):
    eu = graphs["eu-membership"]
    assert eu.graph == "https://w3id.org/narcokg/graph/eu-membership"
    assert "unstats" not in eu.document and "column EU" in eu.citation
    assert "europa.eu" in eu.note and "secondary" in eu.note
    assert not list(m49.quads_for_pattern(None, ox.NamedNode(ORG + "memberOf"), None))


def test_eu_membership(eu_members):
    m49 = eu_members
    eu = ox.NamedNode(ID + "org/eu")
    members = {q.subject.value for q in m49.quads_for_pattern(None, ox.NamedNode(ORG + "memberOf"),
                                                              eu)}
    assert len(members) == 27
    assert ID + "state/BE" in members and ID + "state/GR" in members
    assert ID + "state/GB" not in members
    m = ID + "membership/eu-BE"
    assert objects(m49, m, TYPE) == {ox.NamedNode(ORG + "Membership")}
    assert objects(m49, m, ORG + "member") == {ox.NamedNode(ID + "state/BE")}
    assert objects(m49, m, ORG + "organization") == {eu}
    assert objects(m49, m, ORG + "role") == {
        ox.NamedNode("https://w3id.org/narcokg/vocab/membership-role/member")}
    assert not list(m49.quads_for_pattern(ox.NamedNode(ID + "membership/eu-GB"), None, None))


def test_iso2_regex_column():
    assert states.iso2_codes("^GR$|^EL$") == ["GR", "EL"]
    assert states.iso2_codes("BE") == ["BE"]
    assert states.iso2_codes("") == []


@pytest.fixture(scope="module")
def un(graphs):
    return to_store([*graphs["un-membership"].triples(), *graphs["un-observer-states"].triples()])


def _status(store, code):
    return {o.value.rsplit("/", 1)[-1] for o in objects(store, ID + f"state/{code}",
                                                           NKG + "statehoodStatus")}


def test_sovereign_states_and_territories(un):
    sovereign = {q.subject.value for q in un.quads_for_pattern(
        None, ox.NamedNode(TYPE), ox.NamedNode(NKG + "SovereignState"))}
    assert len(sovereign) == 195  # 193 UN members and the two observer states
    for code in ("BE", "PE", "VA", "PS"):
        assert ID + f"state/{code}" in sovereign
    for code in ("BV", "GS", "GP", "PR", "AQ", "TW", "EH"):  # territories and other entries
        assert ID + f"state/{code}" not in sovereign
        assert _status(un, code) == {"other-iso-3166-entry"}
    assert _status(un, "BE") == {"un-member-state"}
    assert _status(un, "VA") == _status(un, "PS") == {"un-observer-state"}
    statuses = {}
    for q in un.quads_for_pattern(None, ox.NamedNode(NKG + "statehoodStatus"), None):
        statuses.setdefault(q.subject, set()).add(q.object)
    assert len(statuses) == 249 and all(len(v) == 1 for v in statuses.values())


def test_un_membership_years(un, graphs):
    m = ID + "membership/un-BE"
    assert objects(un, m, ORG + "member") == {ox.NamedNode(ID + "state/BE")}
    assert objects(un, m, ORG + "organization") == {ox.NamedNode(ID + "org/un")}
    year = ox.Literal("1945", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    assert objects(un, m, NKG + "startDate") == {year}
    assert not list(un.quads_for_pattern(ox.NamedNode(ID + "membership/un-VA"), None, None))
    assert graphs["un-observer-states"].document == "https://research.un.org/en/unmembers/observers"
    assert "secondary" in graphs["un-membership"].note


def test_no_administering_state_is_guessed(un, iso, m49):
    for store in (un, iso, m49):
        assert not list(store.quads_for_pattern(None, ox.NamedNode(NKG + "administeringState"),
                                                None))
