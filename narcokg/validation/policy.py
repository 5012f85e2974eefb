"""What a new entry may change in the store, decided before anything is validated or written.

- An entry describes one entity whose id is ``kind/key`` under the id namespace
  (``https://w3id.org/narcokg/id/org/europol``), or one record filed on its own under its
  entity (``treaty/x/event/be-ratification``); a kind alone (``org``) or the namespace root
  would make the entry "own" every entity of that kind.
- It never describes an ontology term or anything outside the id namespace.
- It never changes an entity that a loader owns (states from pycountry, ports from UN/LOCODE,
  the ontology, an included dump): those graphs are rebuilt from their sources.
- Replacing an entity that already exists (statements about it or its records in the curated
  source graphs) is said before anything is stored, with the sources it comes from, and
  ``add`` does it only with ``--replace``.

Each finding is a ``Problem`` in the validation result, with messages in en, nl and fr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from narcokg.namespaces import ID, SOURCE_GRAPHS, is_curated_source_graph, is_loader_graph
from narcokg.validation.problems import Problem

SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._~-]*"
# kind/key, or a record filed on its own under its entity (treaty/x/event/be-ratification)
ROOT_ID = re.compile(rf"[a-z][a-z0-9-]*/{SEGMENT}(/{SEGMENT})*")
POLICY = "urn:narcokg:entry-policy:"

OWNED_QUERY = """SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?s = <{root}> || STRSTARTS(STR(?s), "{root}/")) }}"""


@dataclass
class Plan:
    """What committing one entry would do to the store."""

    root: str
    old: set[ox.Quad] = field(default_factory=set)  # the entity's current statements
    new: set[ox.Quad] = field(default_factory=set)

    @property
    def status(self) -> str:
        if self.old == self.new:
            return "unchanged"
        return "replaced" if self.old else "added"

    @property
    def removed(self) -> set[ox.Quad]:
        return self.old - self.new

    @property
    def inserted(self) -> set[ox.Quad]:
        return self.new - self.old

    def old_sources(self) -> list[str]:
        return sorted({q.graph_name.value[len(SOURCE_GRAPHS):] for q in self.old})


def owned_quads(store: ox.Store, root: str) -> set[ox.Quad]:
    """The quads an entry owns: about its root or any record under ``<root>/``, and only in
    the curated source graphs, never in the loaders' graphs (states, ports, the OFAC
    snapshots) or meta/ontology, so replacing an entry about a port cannot delete what
    UN/LOCODE says of it.

    The curated graphs are named in the query (``VALUES``), so the engine reads them through
    its graph index: scanning every quad for the prefix took 18 s per entry on a store with
    10M quads in other graphs (a benchmark's, a bulk-loaded dump's), and reading the OFAC
    snapshots' graphs too took 0.24 s of a 0.33 s entry."""
    graphs = [g for g in store.named_graphs()
              if isinstance(g, ox.NamedNode) and is_curated_source_graph(g.value)]
    if not graphs:
        return set()
    rows = store.query(OWNED_QUERY.format(
        values=" ".join(str(g) for g in graphs), root=root))
    return {ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows}


def plan(store: ox.Store, entry) -> Plan:
    return Plan(entry.root, owned_quads(store, entry.root), set(entry.quads))


def _problem(focus: str, check: str, severity: str, messages: dict, value=None) -> Problem:
    return Problem(focus, None, value, POLICY + check, severity, messages, POLICY + check)


def id_problems(entry) -> list[Problem]:
    """The entry's id and subjects, without the store."""
    root = entry.root
    if not root.startswith(ID) or not ROOT_ID.fullmatch(root[len(ID):]):
        shown = root[len(ID):] if root.startswith(ID) else root
        return [_problem(root, "EntryId", "Violation", {
            "en": f"the entry id {shown!r} is not kind/key under {ID} (for example "
                  "org/europol or treaty/be-pe-extradition-1886): an entry describes one "
                  "entity, never a whole kind or the namespace",
            "nl": f"de id {shown!r} van de invoer is geen soort/sleutel onder {ID} "
                  "(bijvoorbeeld org/europol): een invoer beschrijft één entiteit, nooit een "
                  "hele soort of de naamruimte",
            "fr": f"l'identifiant {shown!r} de l'entrée n'est pas type/clé sous {ID} (par "
                  "exemple org/europol) : une entrée décrit une seule entité, jamais tout un "
                  "type ni l'espace de noms"})]
    outside = sorted(s for s in entry.subjects if s != root and not s.startswith(root + "/"))
    return [_problem(s, "SubjectOutsideEntry", "Violation", {
        "en": f"{s} is not the entry's entity or a record under it: an entry cannot describe "
              "ontology terms or other entities",
        "nl": f"{s} is niet de entiteit van de invoer of een record eronder: een invoer kan "
              "geen ontologietermen of andere entiteiten beschrijven",
        "fr": f"{s} n'est ni l'entité de l'entrée ni un enregistrement sous elle : une entrée "
              "ne peut décrire ni des termes de l'ontologie ni d'autres entités"})
        for s in outside]


def loader_owned(store: ox.Store, subjects) -> dict[str, str]:
    """Subject -> the loader graph (not a curated source graph, not graph/meta) that states
    something about it; an OFAC snapshot's graph is a loader's."""
    out = {}
    for s in sorted(subjects):
        for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and is_loader_graph(g.value):
                out[s] = g.value
                break
    return out


def store_problems(store: ox.Store, entry, the_plan: Plan) -> list[Problem]:
    """Findings that need the store: loader-owned subjects (Violation) and the replacement
    of an existing entity (Warning: a human should look; ``add`` needs ``--replace``)."""
    out = []
    for s, graph in loader_owned(store, entry.subjects).items():
        out.append(_problem(s, "LoaderOwned", "Violation", {
            "en": f"{s} comes from a loader ({graph}), which is rebuilt from its source: "
                  "an entry cannot add to it or change it",
            "nl": f"{s} komt uit een lader ({graph}) die uit zijn bron wordt herbouwd: een "
                  "invoer kan er niets aan toevoegen of wijzigen",
            "fr": f"{s} vient d'un chargeur ({graph}), reconstruit depuis sa source : une "
                  "entrée ne peut ni le compléter ni le modifier"}))
    if the_plan.status == "replaced":
        sources = ", ".join(the_plan.old_sources())
        n = len(the_plan.removed)
        out.append(_problem(entry.root, "ReplacesExisting", "Warning", {
            "en": f"this entry would replace the existing entity {entry.root} (from source(s) "
                  f"{sources}): {n} statement(s) would be removed; `add` needs --replace",
            "nl": f"deze invoer zou de bestaande entiteit {entry.root} vervangen (uit bron(nen) "
                  f"{sources}): {n} bewering(en) zouden verdwijnen; `add` vraagt --replace",
            "fr": f"cette entrée remplacerait l'entité existante {entry.root} (source(s) "
                  f"{sources}) : {n} énoncé(s) seraient supprimés ; `add` exige --replace"}))
    return out


def refuse_duplicate_roots(entries) -> None:
    """An InputError if two files of one batch describe the same entity."""
    from narcokg.errors import InputError

    seen: dict[str, list[str]] = {}
    for e in entries:
        seen.setdefault(e.root, []).append(e.path)
    for root, where in seen.items():
        if len(where) > 1:
            raise InputError(f"{len(where)} files of this batch describe {root}: "
                             f"{', '.join(where)}; one entity, one file")


def check(entries, store: ox.Store | None) -> tuple[list[Problem], list[Plan]]:
    """Every policy finding for a batch, and (with a store) the plan of each entry."""
    problems, plans = [], []
    for entry in entries:
        bad_id = id_problems(entry)
        problems += bad_id
        if store is None:
            continue
        if bad_id:  # an id that is not kind/key would "own" a whole kind: never planned
            plans.append(Plan(entry.root, set(), set(entry.quads)))
            continue
        p = plan(store, entry)
        plans.append(p)
        problems += store_problems(store, entry, p)
    return problems, plans
