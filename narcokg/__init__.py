"""narcokg: a linked-data knowledge graph of the actors and instruments of international
drug policy.

The library API (the CLI is a thin layer over it)::

    from narcokg import KnowledgeGraph, build, check_ontology
    from narcokg.store import open_store
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("narcokg")
except PackageNotFoundError:  # a checkout that is not installed
    __version__ = "0.0.0+checkout"


def __getattr__(name):  # lazy: importing narcokg must not import rdflib or owlready2
    if name == "build":
        from narcokg.build import build
        return build
    if name == "KnowledgeGraph":
        from narcokg.graph import KnowledgeGraph
        return KnowledgeGraph
    if name == "check_ontology":
        from narcokg.ontology_check import check_ontology
        return check_ontology
    raise AttributeError(name)
