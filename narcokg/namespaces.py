"""IRIs and prefixes used across narcokg (one place, so nothing drifts)."""

NKG = "https://w3id.org/narcokg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/narcokg/ontology"
VOCAB = "https://w3id.org/narcokg/vocab/"
ID = "https://w3id.org/narcokg/id/"
GRAPH = "https://w3id.org/narcokg/graph/"
SYNTHETIC = "https://w3id.org/narcokg/synthetic/"

GRAPH_ONTOLOGY = GRAPH + "ontology"
GRAPH_META = GRAPH + "meta"

PREFIXES = {
    "nkg": NKG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "qb": "http://purl.org/linked-data/cube#",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "id": ID,
}

RDF_TYPE = PREFIXES["rdf"] + "type"
DCT_SOURCE = PREFIXES["dcterms"] + "source"


SOURCE_GRAPHS = GRAPH + "source/"
# Source graphs that a loader writes, not a clerk: the OFAC snapshots and their history
# (loaders/ofac_graph.py). Their keys' prefixes are reserved: a curated source key never
# starts with one (loaders/sources.py), and an entry never owns or replaces what they say.
LOADER_SOURCE_KEY_PREFIXES = ("ofac-sdn-",)


def source_graph(key: str) -> str:
    """The named graph that holds the statements taken from source ``key``."""
    return f"{SOURCE_GRAPHS}{key}"


def is_loader_source_key(key: str) -> bool:
    return key.startswith(LOADER_SOURCE_KEY_PREFIXES)


def is_curated_source_graph(graph: str) -> bool:
    """A source graph that curated entries write (``graph/source/<key>``), not a loader's."""
    return graph.startswith(SOURCE_GRAPHS) and not is_loader_source_key(
        graph[len(SOURCE_GRAPHS):])


def is_loader_graph(graph: str) -> bool:
    """A graph that a loader rebuilds from its source (states, ports, the ontology, the OFAC
    snapshots, an included dump): neither a curated source graph nor graph/meta. An entry
    never changes what it says."""
    return graph != GRAPH_META and not is_curated_source_graph(graph)


def vocab(scheme: str, key: str | None = None) -> str:
    return f"{VOCAB}{scheme}" if key is None else f"{VOCAB}{scheme}/{key}"
