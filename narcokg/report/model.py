"""The tracker's model: what the report says (each consideration and demand with its text,
the instruments that respond to it or relate to it, the gaps the coverage queries find, and
the coverage summary), collected from the query library (queries/*.rq through
narcokg.query) on the embedded store or a SPARQL endpoint, and the words in en/nl/fr."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from narcokg.errors import InputError
from narcokg.report.collate import collation_key

LANGS = ("en", "nl", "fr")

TEXT = {
    "title": {"en": "Resolution tracker", "nl": "Opvolging van de resolutie",
              "fr": "Suivi de la résolution"},
    "considerations": {"en": "Considerations", "nl": "Overwegingen", "fr": "Considérants"},
    "demands": {"en": "Demands", "nl": "Verzoeken", "fr": "Demandes"},
    "summary": {"en": "Coverage summary", "nl": "Overzicht van de dekking",
                "fr": "Synthèse de la couverture"},
    "responses": {"en": "Responses", "nl": "Antwoorden", "fr": "Réponses"},
    "related": {"en": "Related instruments and bodies", "nl": "Verwante instrumenten en "
                "instanties", "fr": "Instruments et organes liés"},
    "gaps": {"en": "Gaps", "nl": "Lacunes", "fr": "Lacunes"},
    "none": {"en": "none recorded", "nl": "geen geregistreerd", "fr": "aucune enregistrée"},
    "no_gaps": {"en": "no gap found", "nl": "geen lacune gevonden",
                "fr": "aucune lacune trouvée"},
    "chart_states": {"en": "Clause types of demand 3 covered by a bilateral treaty in force "
                     "with Belgium, per Latin-American state",
                     "nl": "Clausuletypes van verzoek 3 gedekt door een van kracht zijnd "
                     "bilateraal verdrag met België, per Latijns-Amerikaanse staat",
                     "fr": "Types de clauses de la demande 3 couverts par un traité bilatéral "
                     "en vigueur avec la Belgique, par État d'Amérique latine"},
    "chart_demands": {"en": "Responses and related instruments per demand",
                      "nl": "Antwoorden en verwante instrumenten per verzoek",
                      "fr": "Réponses et instruments liés par demande"},
    "source": {"en": "source", "nl": "bron", "fr": "source"},
    "clause-type": {"en": "clause type", "nl": "clausuletype", "fr": "type de clause"},
    "task-type": {"en": "task type", "nl": "taaktype", "fr": "type de tâche"},
    "not recorded": {"en": "not recorded in this graph", "nl": "niet vastgelegd in deze graaf",
                     "fr": "non enregistré dans ce graphe"},
    "known absent": {"en": "known absent", "nl": "bekend als afwezig", "fr": "connu comme absent"},
    "covers": {"en": "What this graph covers", "nl": "Wat deze graaf dekt",
               "fr": "Ce que couvre ce graphe"},
    "covers_intro": {"en": "A gap marked 'known absent' lies inside a complete slice below; every "
                     "other gap is only not recorded in this graph, which does not mean none.",
                     "nl": "Een lacune gemarkeerd als 'bekend als afwezig' valt binnen een "
                     "volledige deelverzameling hieronder; elke andere lacune is alleen niet "
                     "vastgelegd in deze graaf, wat niet betekent dat er geen is.",
                     "fr": "Une lacune marquée « connu comme absent » se trouve dans une tranche "
                     "complète ci-dessous ; toute autre lacune est seulement non enregistrée dans "
                     "ce graphe, ce qui ne veut pas dire qu'il n'y a rien."},
    "no_slices": {"en": "no slice is recorded as complete: every gap is only not recorded in "
                  "this graph", "nl": "geen enkele deelverzameling is als volledig vastgelegd: "
                  "elke lacune is alleen niet vastgelegd in deze graaf",
                  "fr": "aucune tranche n'est enregistrée comme complète : toute lacune est "
                  "seulement non enregistrée dans ce graphe"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key].get(lang) or TEXT[key]["en"]


class Entry(str):
    """One line of a list (a response, a related instrument, a gap) that also knows the
    resource it is about (``iri``, or None), so a renderer can link it; it is still the
    plain line for anything that only reads text."""

    iri: str | None

    def __new__(cls, text: str, iri: str | None = None) -> Entry:
        entry = super().__new__(cls, text)
        entry.iri = iri
        return entry


@dataclass
class Item:
    kind: str
    notation: str
    parent: str | None
    iri: str
    label: str
    text_nl: str | None
    text_fr: str | None
    responses: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    items: list[Item]
    state_coverage: list[tuple[str, int, int]]  # (state label, covered, asked)
    coverage: list[str] = field(default_factory=list)  # the coverage statements, one line each
    demand2: object = None  # narcokg.report.sanctions.Demand2: designated states, measures
    state_iris: dict[str, str] = field(default_factory=dict)  # state label -> IRI

    @property
    def considerations(self) -> list[Item]:
        return [i for i in self.items if i.kind == "consideration"]

    @property
    def demands(self) -> list[Item]:
        return [i for i in self.items if i.kind == "demand"]


def _fmt(*parts) -> str:
    return " — ".join(str(p) for p in parts if p not in (None, ""))


def _by_label(rows: list[dict], *keys: str) -> list[dict]:
    """The rows in reading order of their labels (``keys``), accents and case aside; rows
    with equal labels keep the query's order."""
    return sorted(rows, key=lambda r: [collation_key(r[k]) for k in keys])


def collect(lang: str = "en", store=None, store_path=None, endpoint=None,
            timeout: float = 30.0, answers=None) -> Report:
    """Run the queries the tracker needs and assemble the report's content. ``answers``
    (``narcokg.report.answers.Answers``, on the open ``store``): answers shared between
    the languages, each query evaluated once for all of them."""
    from narcokg.query import run_query
    from narcokg.store import open_store

    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r} (want one of {', '.join(LANGS)})")
    if store is None and endpoint is None and answers is None:
        with open_store(store_path) as opened:
            return collect(lang, store=opened, timeout=timeout)

    cache: dict[tuple, list[dict]] = {}

    def q(qid: str, **params) -> list[dict]:
        if answers is not None:
            return answers.q(lang)(qid, **params)
        key = (qid, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = run_query(qid, params, lang=lang, store=store, endpoint=endpoint,
                                   timeout=timeout).dicts()
        return [dict(r) for r in cache[key]]

    items = [Item(r["kind"], r["notation"], r["parent"], r["item"], r["label"], r["textNl"],
                  r["textFr"]) for r in q("resolution-considerations-and-demands")]
    by_notation = {i.notation: i for i in items if i.kind == "demand"}
    for r in q("demand-responses"):
        if r["response"] and r["notation"] in by_notation:
            by_notation[r["notation"]].responses.append(Entry(
                _fmt(r["respondentLabel"], r["statusLabel"], r["statusDate"],
                     f"{t('source', lang)}: {r['source']}" if r["source"] else None),
                r["respondent"] or r["response"]))
    for r in q("demand-related-instruments"):
        if r["notation"] in by_notation:
            match = t(r["match"], lang) if r["match"] in TEXT else r["match"]
            by_notation[r["notation"]].related.append(Entry(
                _fmt(r["relatedLabel"], f"{match}: {r['typeLabel']}", r["statusLabel"]),
                r["related"]))
    for r in q("reporting-obligation-items"):
        if r["statusLabel"] and "9" in by_notation:
            by_notation["9"].related.append(_fmt(r["obligationLabel"], r["itemNotation"],
                                                 r["statusLabel"]))
    _collect_gaps(q, lang, by_notation)
    cells: dict[str, set] = defaultdict(set)
    covered: dict[str, set] = defaultdict(set)
    iris: dict[str, str] = {}
    if "3" in by_notation:
        for r in q("latam-states-clause-coverage", demand=by_notation["3"].iri):
            cells[r["stateLabel"]].add(r["clauseType"])
            iris[r["stateLabel"]] = r["state"]
            if r["treaty"]:
                covered[r["stateLabel"]].add(r["clauseType"])
    coverage = [(s, len(covered[s]), len(cells[s])) for s in sorted(cells, key=collation_key)]
    slices = [_fmt(r["completenessLabel"], r["statementLabel"], r["sliceTypeLabel"], r["slice"],
                   r["coverageDate"], f"{t('source', lang)}: {r['source']}" if r["source"]
                   else None) for r in q("coverage-statements")]
    from narcokg.report.sanctions import collect_demand2

    return Report(lang, items, coverage, slices, collect_demand2(q, lang), iris)


def _collect_gaps(q, lang: str, by_notation: dict[str, Item]) -> None:
    """The gaps the coverage queries find, each with what the graph knows of it (known
    absent or only not recorded in it) and the resource it is about."""
    from narcokg.report.sanctions import gap_text

    def gap(notation: str, text: str, label: str | None = "not recorded",
            iri: str | None = None) -> None:
        if notation in by_notation:
            by_notation[notation].gaps.append(
                Entry(_fmt(text, t(label, lang) if label else None), iri))

    # all=false is all=true with only the rows whose withoutMeasure is true (the query's
    # FILTER(?all || ?withoutMeasure)), in the same order: one run serves both uses
    designated = q("designated-states-without-sanction", all="true")
    for r in _by_label([r for r in designated if r["withoutMeasure"] == "true"], "stateLabel"):
        gap("2", gap_text(r, lang), iri=r["state"])
    for sub in ("3.1", "3.2", "3.3"):
        if sub in by_notation:
            rows = q("latam-states-without-demanded-clause-types", demand=by_notation[sub].iri)
            for r in _by_label(rows, "stateLabel"):
                gap(sub, _fmt(r["stateLabel"], r["clauseTypeLabel"]), r["gap"], r["state"])
    rows = q("readmission-obligation-for-origin-state")
    if not any(r["binding"] == "true" for r in rows):
        gap("4", _fmt("MA", *(r["instrumentLabel"] for r in rows)) or "MA")
    if "5" in by_notation:
        for r in q("demanded-tasks-carried-by-existing-bodies", demand=by_notation["5"].iri):
            if r["body"] is None:
                gap(r["notation"], r["taskTypeLabel"])
    for r in _by_label(q("strategic-ports-without-liaison-post"), "countryLabel", "portLabel"):
        gap("6", _fmt(r["portLabel"], r["countryLabel"]), r["gap"], r["port"])
    for r in _by_label(q("mercosur-members-convention-status"), "memberLabel"):
        if r["party"] != "true":
            gap("8", _fmt(r["memberLabel"], r["instrument"].rsplit("/", 1)[-1]), r["gap"],
                r["member"])


def item_text(item: Item, lang: str) -> list[str]:
    """The item's text in the chosen language: nl or fr from the source; for en the English
    label followed by the Dutch and French texts."""
    if lang == "nl":
        return [item.text_nl or item.label]
    if lang == "fr":
        return [item.text_fr or item.label]
    return [item.label] + [f"[{code}] {text}" for code, text in (("nl", item.text_nl),
                                                                  ("fr", item.text_fr)) if text]
