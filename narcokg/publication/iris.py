"""The IRIs narcokg mints and where each one lives in a release (and in ``serve``).

Every IRI under ``https://w3id.org/narcokg/`` dereferences:

- data ``id/...``, vocabulary ``vocab/<scheme>[/<concept>]`` and graph ``graph/...`` IRIs have a
  page at their own path (``<path>.html|.ttl|.jsonld|.nt|.rdf``);
- ontology version IRIs ``ontology/<version>`` have ``ontology/<version>.html|.ttl|.rdf``;
- the ontology IRI and its terms (``ontology#Term``) are documented in ``ontology/index.html``.
"""

from __future__ import annotations

import re

from narcokg.namespaces import GRAPH, ID, ONTOLOGY_IRI, VOCAB

BASE = "https://w3id.org/narcokg/"
PAGED = (ID, VOCAB, GRAPH)  # namespaces whose IRIs get a page at their path
SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~\-]*(/[A-Za-z0-9][A-Za-z0-9._~\-]*)*$")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")
ONTOLOGY_DOCS = "ontology/index.html"


def _safe(path: str) -> bool:
    return bool(SAFE_PATH.match(path)) and not any(p in (".", "..") for p in path.split("/"))


def version_of(iri: str) -> str | None:
    """``0.1.0`` for the ontology version IRI ``.../ontology/0.1.0``, else None."""
    prefix = ONTOLOGY_IRI + "/"
    if iri.startswith(prefix) and VERSION.match(iri[len(prefix):]):
        return iri[len(prefix):]
    return None


def page_path(iri: str) -> str | None:
    """The page of a minted IRI, relative to the release root and without a suffix
    (``id/state/BE``, ``vocab/region/western-europe``, ``graph/meta``, ``ontology/0.1.0``);
    None for any other IRI or one that would not make a safe file path."""
    if version_of(iri):
        return iri[len(BASE):]
    if not iri.startswith(PAGED):
        return None
    path = iri[len(BASE):]
    return path if _safe(path) else None


def release_file(iri: str) -> str | None:
    """The file of the release that a browser gets for a minted IRI (None if not minted)."""
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return ONTOLOGY_DOCS
    path = page_path(iri)
    return path + ".html" if path else None


def is_minted(iri: str) -> bool:
    return iri.startswith(BASE) and not iri.startswith(BASE + "synthetic/")
