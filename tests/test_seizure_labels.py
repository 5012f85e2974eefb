"""Pages label a seizure statistic that has no label of its own from its dimensions; a part of
a total names its origin or destination, so it never reads like the total it belongs to."""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.namespaces import ID, NKG, vocab
from narcokg.publication.labels import derive, derived_query

G = ox.NamedNode("https://w3id.org/narcokg/graph/source/example")


def _seizure(key: str, origin: str, destination: str) -> list[ox.Quad]:
    s = ox.NamedNode(ID + "seizure/" + key)
    facts = {"drugType": vocab("drug-type", "cocaine"), "seizureLocation": ID + "port/BEANR",
             "originState": origin, "consignmentDestination": destination}
    quads = [ox.Quad(s, ox.NamedNode(NKG + p), ox.NamedNode(o), G) for p, o in facts.items()]
    year = ox.Literal("2022", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    return quads + [ox.Quad(s, ox.NamedNode(NKG + "referencePeriod"), year, G),
                    ox.Quad(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                            ox.NamedNode(NKG + "SeizureStatistic"), G)]


def test_a_part_names_its_origin_or_destination_and_a_total_does_not():
    store = ox.Store()
    store.bulk_extend(_seizure("total", vocab("aggregate", "all-origins"),
                               vocab("aggregate", "all-destinations"))
                      + _seizure("from-ec", ID + "state/EC", vocab("aggregate", "all-destinations"))
                      + _seizure("to-nl", vocab("aggregate", "all-origins"), ID + "state/NL"))
    labels = {ID + "state/EC": {"en": "Ecuador", "fr": "Équateur"},
              ID + "port/BEANR": {"": "Antwerpen"},
              vocab("drug-type", "cocaine"): {"en": "cocaine", "nl": "cocaïne"},
              ID + "state/NL": {"nl": "Nederland", "en": "Netherlands"}}
    derived = derive(store.query(derived_query()), labels)
    assert derived[ID + "seizure/total"]["en"] == "cocaine — Antwerpen — 2022"
    assert derived[ID + "seizure/from-ec"]["en"] == "cocaine — Antwerpen — 2022 — origin: Ecuador"
    assert derived[ID + "seizure/from-ec"]["fr"] == \
        "cocaine — Antwerpen — 2022 — origine : Équateur"
    assert derived[ID + "seizure/to-nl"]["nl"] == \
        "cocaïne — Antwerpen — 2022 — bestemming: Nederland"
