"""Read one entry (YAML entry form, Turtle or JSON-LD) into quads with provenance.

The same reader serves the curated data in ``data/`` and a clerk's new entry. The YAML form
is described in docs/design.md; its keys and value typing come from ``loaders.profile``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from narcokg.derive import with_derived
from narcokg.errors import InputError
from narcokg.namespaces import DCT_SOURCE, ID, PREFIXES, RDF_TYPE

from .profile import LANG_STRING, XSD, Profile, load_profile
from .rdfinput import parse_rdf_file
from .sources import Source, SourceRegistry, UnknownSource, link_problem
from .yamlsafe import compose, control_character

RESERVED = {"id", "type", "source"}
IRI_BAD = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f-\x9f]')
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # always fullmatch
LEXICAL = [  # datatype -> lexical test (fullmatch), in the order tried when several fit
    (XSD + "date", re.compile(r"-?\d{4,}-\d{2}-\d{2}")),
    (XSD + "gYearMonth", re.compile(r"-?\d{4,}-\d{2}")),
    (XSD + "gYear", re.compile(r"-?\d{4,}")),
    (XSD + "boolean", re.compile(r"true|false")),
    (XSD + "integer", re.compile(r"[+-]?\d+")),
    (XSD + "decimal", re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")),
]
RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD,
                ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
                ".owl": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}
YAML_SUFFIXES = {".yaml", ".yml"}


@dataclass
class Entry:
    path: str
    root: str  # IRI of the entity; it owns every IRI under "<root>/"
    quads: list[ox.Quad] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # key -> source

    @property
    def subjects(self) -> set[str]:
        return {q.subject.value for q in self.quads}


def load_entry_file(path: str | Path, registry: SourceRegistry,
                    profile: Profile | None = None) -> Entry:
    """Read one entry, with what the build derives from it (narcokg.derive: day bounds of
    dates, signatory and party roles), so the build and ``narcokg add`` store the same quads."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        entry = _YamlReader(path, registry, profile or load_profile()).read()
    elif suffix in RDF_SUFFIXES:
        entry = _rdf_entry(path, RDF_SUFFIXES[suffix], registry)
    else:
        raise InputError(f"unknown entry format {suffix or '(no extension)'!r}; use .yaml, "
                         ".ttl or .jsonld", str(path))
    documents = {s.graph: s.document for s in entry.sources.values()}
    entry.quads = with_provenance(with_derived(entry.quads), documents)
    return entry


def with_provenance(quads: list[ox.Quad], documents: dict[str, str]) -> list[ox.Quad]:
    """Add ``dcterms:source <document>`` for every subject in each graph (graph -> document)."""
    seen = set()
    out = list(quads)
    for q in quads:
        key = (q.subject, q.graph_name)
        if key in seen:
            continue
        seen.add(key)
        doc = documents[q.graph_name.value]
        out.append(ox.Quad(q.subject, ox.NamedNode(DCT_SOURCE), ox.NamedNode(doc), q.graph_name))
    return list(dict.fromkeys(out))


class _YamlReader:
    def __init__(self, path: Path, registry: SourceRegistry, profile: Profile):
        self.path, self.registry, self.profile = path, registry, profile
        self.quads: list[ox.Quad] = []
        self.sources: dict[str, Source] = {}

    def error(self, message: str, node: yaml.Node) -> InputError:
        m = node.start_mark
        return InputError(message, str(self.path), m.line + 1, m.column + 1)

    def read(self) -> Entry:
        node = compose(self.path)
        if not isinstance(node, yaml.MappingNode):
            raise self.error("an entry is a mapping with id, type and source", node)
        root = self._record(node, None, None)
        quads = with_provenance(self.quads, {s.graph: s.document for s in self.sources.values()})
        return Entry(str(self.path), root, quads, self.sources)

    def _iri(self, value: str, node: yaml.Node, base: str = ID) -> str:
        if IRI_BAD.search(value) or not value:
            raise self.error(f"{value!r} is not a valid IRI or id (spaces, quotes and control "
                             "characters are not allowed)", node)
        prefix, sep, rest = value.partition(":")
        if "://" in value:
            problem = link_problem(value)
            if problem:
                raise self.error(problem, node)
            iri = value
        elif sep and prefix in PREFIXES:
            iri = PREFIXES[prefix] + rest
        elif sep and SCHEME.fullmatch(prefix):
            raise self.error(f"{value!r}: unknown prefix {prefix + ':'!r}; use a known prefix "
                             "(e.g. state:BE), an id (treaty/x) or an http(s) URL", node)
        else:
            iri = base + value
        try:
            return ox.NamedNode(iri).value
        except ValueError as exc:
            raise self.error(f"{value!r} is not a valid IRI or id ({exc})", node) from None

    def _record(self, node: yaml.MappingNode, parent: str | None,
                inherited: Source | None) -> str:
        items = {k.value: (k, v) for k, v in node.value}
        if "id" not in items:
            raise self.error("record has no 'id'", node)
        id_node = items["id"][1]
        if not isinstance(id_node, yaml.ScalarNode):
            raise self.error("'id' must be a string", id_node)
        base = ID if parent is None else parent + "/"
        iri = self._iri(id_node.value, id_node, base)
        source = inherited
        if "source" in items:
            source = self._source(items["source"][1])
        if source is None:
            raise self.error("entry has no 'source': every statement must cite its document",
                             node)
        self.sources[source.key] = source
        graph = ox.NamedNode(source.graph)
        subject = ox.NamedNode(iri)
        if "type" in items:
            for tnode in self._values(items["type"][1]):
                if not isinstance(tnode, yaml.ScalarNode):
                    raise self.error("'type' is a class name or a list of class names", tnode)
                cls = self.profile.classes.get(str(tnode.value))
                if cls is None:
                    raise self.error(self._unknown("class", str(tnode.value),
                                                   self.profile.classes), tnode)
                self.quads.append(ox.Quad(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls),
                                          graph))
        for key, (knode, vnode) in items.items():
            if key in RESERVED:
                continue
            prop = self.profile.property_for(key)
            if prop is None:
                raise self.error(self._unknown("key", key, self.profile.keys), knode)
            if prop.iri == DCT_SOURCE:
                raise self.error(f"{key!r}: cite the document with 'source:'", knode)
            for value in self._values(vnode):
                value, stmt_graph = self._statement_source(value, graph)
                for obj in self._objects(prop, value, iri, source):
                    self.quads.append(ox.Quad(subject, ox.NamedNode(prop.iri), obj, stmt_graph))
        return iri

    def _statement_source(self, node: yaml.Node, graph: ox.NamedNode):
        """``{value: X, source: key}`` files one statement under its own source."""
        if not isinstance(node, yaml.MappingNode):
            return node, graph
        items = {k.value: v for k, v in node.value}
        if "value" not in items or "id" in items:
            return node, graph
        if set(items) != {"value", "source"}:
            raise self.error("a sourced value has exactly the keys 'value' and 'source'", node)
        source = self._source(items["source"])
        self.sources[source.key] = source
        return items["value"], ox.NamedNode(source.graph)

    def _source(self, node: yaml.Node) -> Source:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            raise self.error("'source' must be a source key or an http(s) URL", node)
        try:
            return self.registry.resolve(str(node.value))
        except UnknownSource as exc:
            raise self.error(str(exc), node) from None

    @staticmethod
    def _values(node: yaml.Node) -> list[yaml.Node]:
        return list(node.value) if isinstance(node, yaml.SequenceNode) else [node]

    @staticmethod
    def _unknown(what: str, name: str, known) -> str:
        close = difflib.get_close_matches(name, list(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown {what} {name!r}{hint}"

    def _objects(self, prop, node: yaml.Node, subject: str, source: Source):
        if isinstance(node, yaml.SequenceNode):
            raise self.error("nested lists are not allowed", node)
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            if "id" not in keys and prop.kind != "object":
                return [self._lang_literal(k, v) for k, v in node.value]
            if prop.kind != "object":
                raise self.error(f"{prop.iri} takes values, not nested records", node)
            return [ox.NamedNode(self._record(node, subject, source))]
        if node.tag.endswith(":null"):
            raise self.error("empty value: leave the key out when the value is unknown", node)
        text = str(node.value)
        if prop.kind == "object":
            if prop.value_scheme and re.fullmatch(r"[A-Za-z0-9._-]+", text):
                return [ox.NamedNode(self._concept(prop, text))]
            return [ox.NamedNode(self._iri(text, node))]
        return [self._literal(prop, text, node)]

    def _concept(self, prop, key: str) -> str:
        """A concept key: the scheme of the property that has it (a property may take
        concepts of several schemes, such as nkg:status), else the first scheme."""
        for scheme in prop.value_schemes:
            if f"{scheme}/{key}" in self.profile.concepts.get(scheme, ()):
                return f"{scheme}/{key}"
        return f"{prop.value_scheme}/{key}"

    def _lang_literal(self, knode: yaml.Node, vnode: yaml.Node) -> ox.Literal:
        if not LANG_TAG.fullmatch(knode.value):
            raise self.error(f"{knode.value!r} is not a BCP 47 language tag", knode)
        if not isinstance(vnode, yaml.ScalarNode):
            raise self.error("a language-tagged value must be a string", vnode)
        try:
            return ox.Literal(str(vnode.value), language=knode.value)
        except ValueError as exc:
            raise self.error(f"{knode.value!r} is not a BCP 47 language tag: {exc}",
                             knode) from None

    def _literal(self, prop, text: str, node: yaml.Node) -> ox.Literal:
        allowed = [d for d in prop.datatypes if d != LANG_STRING]
        if not allowed:
            if LANG_STRING in prop.datatypes:
                raise self.error(f"{prop.iri} needs language-tagged text, e.g. {{en: ...}}", node)
            allowed = [XSD + "string"] if node.tag.endswith(":str") and not re.fullmatch(
                r"-?\d{4}(-\d{2}){0,2}", text) else [d for d, _ in LEXICAL] + [XSD + "string"]
        for datatype in allowed:
            test = dict(LEXICAL).get(datatype)
            if test is None or test.fullmatch(text):
                return ox.Literal(text, datatype=ox.NamedNode(datatype))
        # no allowed datatype fits: keep the first, so validation reports the exact constraint
        try:
            return ox.Literal(text, datatype=ox.NamedNode(allowed[0]))
        except ValueError as exc:
            raise self.error(f"invalid value {text!r}: {exc}", node) from None


def _check_terms(t: ox.Triple, path: Path) -> None:
    """Entries hold http(s) IRIs (they become links on pages) and plain text."""
    if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
        raise InputError("blank nodes are not allowed in entries: give every record an "
                         "IRI under its parent", str(path))
    if t.predicate.value == DCT_SOURCE and not isinstance(t.object, ox.NamedNode):
        raise InputError(f"{t.subject.value}: dcterms:source must be the IRI of a declared "
                         f"source document, not the literal {t.object.value!r}", str(path))
    for term in (t.subject, t.predicate, t.object):
        if isinstance(term, ox.NamedNode):
            problem = link_problem(term.value)
            if problem:
                raise InputError(f"{t.subject.value}: {problem}", str(path))
        else:
            bad = control_character(term.value)
            if bad:
                raise InputError(f"{t.subject.value}: {bad} in the value of "
                                 f"<{t.predicate.value}> is not allowed (entries hold plain "
                                 "text)", str(path))


def _rdf_entry(path: Path, fmt: ox.RdfFormat, registry: SourceRegistry) -> Entry:
    triples = parse_rdf_file(path, fmt)
    by_subject: dict[str, list] = {}
    for t in triples:
        _check_terms(t, path)
        by_subject.setdefault(t.subject.value, []).append(t)
    if not by_subject:
        raise InputError("entry holds no triples", str(path))
    subjects = sorted(by_subject)
    roots = [s for s in subjects if not any(s.startswith(o + "/") for o in subjects if o != s)]
    if len(roots) != 1:
        raise InputError(f"an entry describes one entity (and records under its IRI); found "
                         f"{len(roots)}: {', '.join(roots[:5])}", str(path))
    sources: dict[str, Source] = {}
    quads = []
    for subject in subjects:  # sorted: an owner comes before the records under it
        docs = {t.object.value for t in by_subject[subject] if t.predicate.value == DCT_SOURCE}
        if len(docs) > 1:
            raise InputError(f"{subject} cites {len(docs)} sources; one record, one source: "
                             "split it into records", str(path))
        if not docs:
            owner = max((s for s in sources if subject.startswith(s + "/")), key=len,
                        default=None)
            if owner is None:
                raise InputError(f"{subject} has no dcterms:source", str(path))
            src = sources[owner]
        else:
            try:
                src = registry.by_document(docs.pop())
            except UnknownSource as exc:
                raise InputError(f"{subject}: {exc}", str(path)) from None
        sources[subject] = src
        graph = ox.NamedNode(src.graph)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in by_subject[subject])
    used = {s.key: s for s in sources.values()}
    quads = with_provenance(quads, {s.graph: s.document for s in used.values()})
    return Entry(str(path), roots[0], quads, used)
