"""The registry of sources: which document each named graph's statements come from.

Curated sources are declared in ``data/sources/*.yaml`` (key -> url or document, title,
note, citation, kind). A YAML entry may also cite a URL directly; it then gets a derived key.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from narcokg.errors import InputError
from narcokg.namespaces import ID, LOADER_SOURCE_KEY_PREFIXES, is_loader_source_key, source_graph

from .yamlsafe import load_yaml_mapping

FIELDS = {"url", "document", "title", "note", "citation", "kind"}
# What a source is to its facts: the depositary of a treaty (its status page), an official page
# of the body or government concerned, or a secondary one (a press article, a mirror or copy of
# an official page). Stored in graph/meta as dcterms:type of the document.
KINDS = ("official", "depositary", "secondary")
LINK_SCHEMES = ("http", "https")  # a source document is a web page people may click
URL_BAD = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f-\x9f]')


class UnknownSource(LookupError):
    """A source reference that is neither a declared key nor an acceptable URL; the message
    says why."""

    def __str__(self) -> str:
        return self.args[0]


def link_problem(url: str) -> str | None:
    """Why ``url`` cannot be a link on a page (only absolute http(s) URLs can), or None."""
    if URL_BAD.search(url):
        return (f"{url!r} is not a valid URL (spaces, quotes and control characters are not "
                "allowed)")
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url!r} is not a valid URL"
    if parts.scheme.lower() not in LINK_SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"{url!r}: only http and https URLs are allowed (not {scheme})"
    if not parts.netloc:
        return f"{url!r} has no host"
    return None


@dataclass(frozen=True)
class Source:
    key: str
    document: str  # IRI of the source document (object of dcterms:source)
    title: str | None = None
    note: str | None = None
    citation: str | None = None
    kind: str | None = None

    @property
    def graph(self) -> str:
        return source_graph(self.key)


def key_for_url(url: str) -> str:
    return "url-" + hashlib.sha1(url.encode()).hexdigest()[:12]


class SourceRegistry:
    def __init__(self, sources: dict[str, Source] | None = None):
        self.sources: dict[str, Source] = dict(sources or {})

    @classmethod
    def from_dir(cls, folder: Path) -> SourceRegistry:
        reg = cls()
        documents: dict[str, str] = {}
        for path in sorted(folder.glob("*.yaml")):
            data, lines = load_yaml_mapping(path)
            for key, spec in data.items():
                line = lines.get(key)
                if not isinstance(spec, dict):
                    raise InputError(f"source {key!r} must be a mapping", str(path), line)
                unknown = set(spec) - FIELDS
                if unknown:
                    raise InputError(f"source {key!r}: unknown field(s) {sorted(unknown)}; "
                                     f"allowed: {sorted(FIELDS)}", str(path), line)
                if is_loader_source_key(str(key)):
                    raise InputError(f"source key {key!r} is reserved for a loader's graphs "
                                     f"(keys starting with {', '.join(LOADER_SOURCE_KEY_PREFIXES)}"
                                     "); choose another key", str(path), line)
                if ("url" in spec) == ("document" in spec):
                    raise InputError(f"source {key!r} needs exactly one of url or document",
                                     str(path), line)
                doc = str(spec.get("url") or ID + str(spec["document"]))
                problem = link_problem(doc)
                if problem:
                    raise InputError(f"source {key!r}: {problem}", str(path), line)
                kind = spec.get("kind")
                if kind is not None and kind not in KINDS:
                    raise InputError(f"source {key!r}: kind {kind!r} is not one of "
                                     f"{', '.join(KINDS)}", str(path), line)
                src = Source(str(key), str(doc), spec.get("title"), spec.get("note"),
                             spec.get("citation"), kind)
                if key in reg.sources and reg.sources[key] != src:
                    raise InputError(f"source key {key!r} is declared twice with different "
                                     "values", str(path), line)
                reg.sources[str(key)] = src
                other = documents.setdefault(src.document, str(key))
                if other != str(key):  # one document, one named graph
                    raise InputError(f"source {key!r} cites the same document as {other!r}: "
                                     f"{src.document}; use one key", str(path), line)
        return reg

    def resolve(self, ref: str) -> Source:
        """A source key, or a URL cited directly (registered on the fly). Raises
        UnknownSource for anything else."""
        if ref in self.sources:
            return self.sources[ref]
        for src in self.sources.values():
            if src.document == ref:
                return src
        if "://" not in ref:
            raise UnknownSource(f"unknown source {ref!r}: declare it in data/sources/*.yaml "
                                "or give its URL")
        problem = link_problem(ref)
        if problem:
            raise UnknownSource(f"source {problem}")
        if ref.startswith(ID):
            raise UnknownSource(f"unknown source document {ref!r}: documents under {ID} "
                                "must be declared in data/sources/*.yaml")
        src = Source(key_for_url(ref), ref)
        self.sources[src.key] = src
        return src

    def by_document(self, document: str) -> Source:
        return self.resolve(document)
