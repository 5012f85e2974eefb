"""The tracker's demand-2 block: per designated state, its designations by year and the
sanction measures that target it, its nationals or its organisations (by programme), and a
plain sentence on whether any EU or Belgian regime in the graph targets a state. Built from
the queries designated-states-without-sanction and sanctions-by-target-state."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from narcokg.namespaces import ID
from narcokg.report.collate import collation_key

# authorities whose regimes count as "EU or Belgian": the EU and Belgium; Belgian bodies
# are organisations whose key starts with be-
EU_OR_BE = (ID + "org/eu", ID + "state/BE")
BELGIAN_BODY = ID + "org/be-"

TEXT = {
    "heading": {"en": "Designated states and sanction measures",
                "nl": "Aangewezen staten en sanctiemaatregelen",
                "fr": "États désignés et mesures de sanction"},
    "no_eu_be": {"en": "In this graph, no EU or Belgian sanction regime targets a state for "
                       "narcotics.",
                 "nl": "In deze graaf treft geen enkel sanctieregime van de EU of België een "
                       "staat wegens drugs.",
                 "fr": "Dans ce graphe, aucun régime de sanctions de l'UE ou de la Belgique ne "
                       "vise un État pour des motifs liés aux stupéfiants."},
    "eu_be": {"en": "In this graph, these EU or Belgian sanction measures target a state:",
              "nl": "In deze graaf treffen deze sanctiemaatregelen van de EU of België een "
                    "staat:",
              "fr": "Dans ce graphe, ces mesures de sanction de l'UE ou de la Belgique visent "
                    "un État :"},
    "fy": {"en": "FY", "nl": "begrotingsjaar ", "fr": "exercice "},
    "measures": {"en": "measures", "nl": "maatregelen", "fr": "mesures"},
    "current": {"en": "current", "nl": "actueel", "fr": "actuelles"},
    "on_state": {"en": "on the state itself", "nl": "tegen de staat zelf",
                 "fr": "contre l'État lui-même"},
    "by_nationality": {"en": "on its nationals", "nl": "tegen zijn onderdanen",
                       "fr": "contre ses ressortissants"},
    "by_weaker": {"en": "by a weaker link (identifier country, flag state)",
                  "nl": "via een zwakkere band (land van een identificatiedocument, "
                        "vlaggenstaat)",
                  "fr": "par un lien plus faible (pays d'un identifiant, État du pavillon)"},
    "no_measure": {"en": "no sanction measure in this graph targets the state, its nationals "
                         "or its organisations",
                   "nl": "geen enkele sanctiemaatregel in deze graaf treft de staat, zijn "
                         "onderdanen of zijn organisaties",
                   "fr": "aucune mesure de sanction de ce graphe ne vise l'État, ses "
                         "ressortissants ou ses organisations"},
    "no_regime": {"en": "no regime recorded", "nl": "geen regime vermeld",
                  "fr": "aucun régime enregistré"},
    "no_designation": {"en": "no state designation in this graph",
                       "nl": "geen aanwijzing van een staat in deze graaf",
                       "fr": "aucune désignation d'État dans ce graphe"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key].get(lang) or TEXT[key]["en"]


@dataclass
class DesignatedState:
    label: str
    years: list[str] = field(default_factory=list)  # "type: FY2019–FY2022, FY2024", per type
    measures: list[str] = field(default_factory=list)  # one line per programme


@dataclass
class Demand2:
    states: list[DesignatedState] = field(default_factory=list)
    sentence: str = ""
    eu_be_measures: list[str] = field(default_factory=list)


def _fmt(*parts) -> str:
    return " — ".join(str(p) for p in parts if p not in (None, ""))


def _ranges(years: list[int], prefix: str) -> str:
    """2019 2020 2021 2023 -> FY2019–FY2021, FY2023."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{prefix}{r[0]}" + (f"–{prefix}{r[-1]}" if len(r) > 1 else "")
                     for r in runs)


def _years(rows: list[dict], lang: str) -> list[str]:
    """One line per designation type: its fiscal years as ranges (or its date, for a
    designation without a fiscal year)."""
    out = []
    for r in sorted(rows, key=lambda r: r["designationTypeLabel"] or ""):
        years = [int(y) for y in (r["fiscalYears"] or "").split() if y.isdigit()]
        when = _ranges(years, t("fy", lang)) if years else (r["latestDate"] or "?")
        out.append(f"{r['designationTypeLabel']}: {when}")
    return out


def _measures(rows: list[dict], lang: str) -> list[str]:
    """One line per programme: distinct measures, current ones, and per relation."""
    by_programme: dict[str, dict] = defaultdict(lambda: {"all": set(), "current": set(),
                                                         "known": False,
                                                         "rel": defaultdict(set)})
    for r in rows:
        # a measure the list gives without a regime is counted as such, never under another
        entry = by_programme[r["programCode"] or r["regimeLabel"] or t("no_regime", lang)]
        entry["all"].add(r["measure"])
        entry["known"] |= r["current"] is not None
        if r["current"] == "true":
            entry["current"].add(r["measure"])
        rel = {"state": "on_state", "nationality": "by_nationality"}.get(r["relation"],
                                                                         "by_weaker")
        entry["rel"][rel].add(r["measure"])
    out = []
    for programme, entry in sorted(by_programme.items()):
        rels = ", ".join(f"{t(k, lang)} {len(entry['rel'][k])}"
                         for k in ("on_state", "by_nationality", "by_weaker") if entry["rel"][k])
        current = f", {t('current', lang)} {len(entry['current'])}" if entry["known"] else ""
        out.append(f"{programme}: {t('measures', lang)} {len(entry['all'])}{current} ({rels})")
    return out


def gap_text(row: dict, lang: str) -> str:
    """A designated state that no measure targets, as a gap line of demand 2."""
    years = _ranges([int(y) for y in (row["fiscalYears"] or "").split() if y.isdigit()],
                    t("fy", lang))
    return _fmt(row["stateLabel"], row["designationTypeLabel"], years or row["latestDate"])


def _eu_or_be(iri: str | None) -> bool:
    return bool(iri) and (iri in EU_OR_BE or iri.startswith(BELGIAN_BODY))


def collect_demand2(q: Callable[..., list[dict]], lang: str) -> Demand2:
    """``q(query_id, **params)`` runs a query and returns its rows as dicts."""
    designations = q("designated-states-without-sanction", all="true")
    measures = q("sanctions-by-target-state")
    per_state: dict[str, list[dict]] = defaultdict(list)
    for r in designations:
        per_state[r["state"]].append(r)
    on_state: dict[str, list[dict]] = defaultdict(list)
    for r in measures:
        if r["state"] in per_state:
            on_state[r["state"]].append(r)
    labels = {s: rows[0]["stateLabel"] for s, rows in per_state.items()}
    states = [DesignatedState(labels[s], _years(per_state[s], lang),
                              _measures(on_state[s], lang) or [t("no_measure", lang)])
              for s in sorted(per_state, key=lambda s: (collation_key(labels[s]), s))]
    eu_be = sorted({_fmt(r["stateLabel"], r["regimeLabel"], r["targetLabel"])
                    for r in measures if r["relation"] == "state" and _eu_or_be(r["imposedBy"])})
    return Demand2(states, t("eu_be" if eu_be else "no_eu_be", lang), eu_be)


def markdown_lines(block: Demand2, lang: str, md: Callable[[str], str]) -> list[str]:
    out = [f"*{t('heading', lang)}*: "
           + ("" if block.states else t("no_designation", lang))]
    for s in block.states:
        out.append(f"- **{md(s.label)}**")
        out += [f"  - {md(y)}" for y in s.years]
        out += [f"  - {md(m)}" for m in s.measures]
    out += ["", md(block.sentence)]
    out += [f"- {md(m)}" for m in block.eu_be_measures]
    return out + [""]


def html_parts(block: Demand2, lang: str) -> list[str]:
    from html import escape

    out = [f"<p><b>{escape(t('heading', lang))}</b></p>"]
    if not block.states:
        out.append(f'<p class="muted">{escape(t("no_designation", lang))}</p>')
    else:
        out.append('<ul class="designated">')
        for s in block.states:
            inner = "".join(f"<li>{escape(x)}</li>" for x in s.years + s.measures)
            out.append(f"<li><b>{escape(s.label)}</b><ul>{inner}</ul></li>")
        out.append("</ul>")
    out.append(f'<p class="sanctions-note">{escape(block.sentence)}</p>')
    if block.eu_be_measures:
        out.append("<ul>" + "".join(f"<li>{escape(m)}</li>" for m in block.eu_be_measures)
                   + "</ul>")
    return out
