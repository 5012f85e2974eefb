"""The US majors list (issue 16, section 2): what data/designations holds, pinned.

The fast tests read the curated entries with the same reader as `build`; the slow one asks the
built store. The pinned counts are those of the determinations as the sources in
data/sources/designations.yaml give them."""

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from narcokg.loaders.entries import load_entry_file
from narcokg.loaders.sources import SourceRegistry
from narcokg.namespaces import ID

DATA = Path(__file__).resolve().parents[1] / "data"
NKG = "https://w3id.org/narcokg/ontology#"
DT = "https://w3id.org/narcokg/vocab/designation-type/"
MAJORS, FAILED = "major-drug-transit-or-producing", "failed-demonstrably"

# fiscal year -> (states on the majors list, states designated as having failed demonstrably)
PINNED = {2019: (22, 2), 2020: (22, 2), 2021: (22, 2), 2022: (22, 2),
          2023: (22, 4), 2024: (23, 3), 2025: (23, 3), 2026: (23, 5)}
FAILED_STATES = {2019: {"BO", "VE"}, 2020: {"BO", "VE"}, 2021: {"BO", "VE"},
                 2022: {"BO", "VE"}, 2023: {"AF", "BO", "MM", "VE"},
                 2024: {"BO", "MM", "VE"}, 2025: {"BO", "MM", "VE"},
                 2026: {"AF", "BO", "CO", "MM", "VE"}}
DETERMINED = {2019: "2018-09-11", 2020: "2019-08-08", 2021: "2020-09-16", 2022: "2021-09-15",
              2023: "2022-09-15", 2024: "2023-09-15", 2025: "2024-09-15", 2026: "2025-09-15"}


@pytest.fixture(scope="module")
def registry() -> SourceRegistry:
    return SourceRegistry.from_dir(DATA / "sources")


@pytest.fixture(scope="module")
def records(registry) -> list[dict]:
    """One dict per designation: state, type, fiscal year, date, authority, source keys."""
    out = []
    for path in sorted((DATA / "designations").glob("*.yaml")):
        entry = load_entry_file(path, registry)
        rec = {"id": entry.root[len(ID):], "graphs": set()}
        for q in entry.quads:
            name = q.predicate.value.removeprefix(NKG)
            rec["graphs"].add(q.graph_name.value.rsplit("/", 1)[-1])
            if name in ("designatedState", "designatedBy", "designationType"):
                rec[name] = q.object.value.rsplit("/", 1)[-1]
            elif name in ("fiscalYear", "date"):
                rec[name] = q.object
        out.append(rec)
    return out


def counts(records) -> dict[int, tuple[int, int]]:
    c = Counter((int(r["fiscalYear"].value), r["designationType"]) for r in records)
    return {fy: (c[fy, MAJORS], c[fy, FAILED]) for fy in sorted({fy for fy, _ in c})}


def test_designations_per_fiscal_year(records):
    assert counts(records) == PINNED


def test_failed_demonstrably_states_per_year(records):
    got = {fy: {r["designatedState"] for r in records if r["designationType"] == FAILED
                and int(r["fiscalYear"].value) == fy} for fy in PINNED}
    assert got == FAILED_STATES


def test_named_designations(records):
    have = {(r["designatedState"], int(r["fiscalYear"].value), r["designationType"])
            for r in records}
    assert ("CO", 2026, FAILED) in have  # Colombia, first designated for FY2026
    assert ("CO", 2025, FAILED) not in have
    assert ("CN", 2024, MAJORS) in have  # the PRC, first listed for FY2024
    assert ("CN", 2023, MAJORS) not in have
    assert ("AF", 2024, FAILED) not in have and ("AF", 2023, FAILED) in have


def test_every_failed_state_is_on_that_years_majors_list(records):
    majors = {(r["designatedState"], r["fiscalYear"].value) for r in records
              if r["designationType"] == MAJORS}
    for r in records:
        if r["designationType"] == FAILED:
            assert (r["designatedState"], r["fiscalYear"].value) in majors, r["id"]


def test_authority_year_and_date_are_those_of_the_determination(records):
    for r in records:
        assert r["designatedBy"] == "us-president", r["id"]
        fy = int(r["fiscalYear"].value)
        assert r["fiscalYear"].datatype.value.endswith("#gYear")
        assert r["date"].value == DETERMINED[fy], r["id"]
        slug = "majors" if r["designationType"] == MAJORS else FAILED
        assert r["id"] == f"designation/us-{slug}-fy{fy}-{r['designatedState']}"


def test_every_source_is_declared_and_marked_secondary(records, registry):
    declared = yaml.safe_load((DATA / "sources" / "designations.yaml").read_text())
    for r in records:
        for key in r["graphs"]:
            assert key in declared, (r["id"], key)
            assert registry.sources[key].kind == "secondary"


def test_unknown_source_kind_is_an_input_error(tmp_path):
    from narcokg.errors import InputError

    (tmp_path / "s.yaml").write_text("x:\n  url: https://example.org/x\n  kind: gossip\n")
    with pytest.raises(InputError, match="kind 'gossip' is not one of official, depositary, "
                                         "secondary"):
        SourceRegistry.from_dir(tmp_path)


@pytest.mark.slow
def test_built_store_answers_counts_per_fiscal_year(tmp_path_factory):
    from narcokg.build import build

    path = tmp_path_factory.mktemp("designations") / "store"
    build(path)
    store = ox.Store.read_only(str(path))
    query = f"""PREFIX nkg: <{NKG}>
    SELECT ?fy ?type (COUNT(DISTINCT ?d) AS ?n) WHERE {{
      ?d a nkg:StateDesignation ; nkg:fiscalYear ?fy ; nkg:designationType ?type ;
         nkg:designatedBy <{ID}org/us-president> }} GROUP BY ?fy ?type"""
    got: dict[int, list[int]] = {}
    for fy, kind, n in store.query(query, use_default_graph_as_union=True):
        got.setdefault(int(fy.value), [0, 0])[kind.value == DT + FAILED] = int(n.value)
    assert {fy: tuple(v) for fy, v in got.items()} == PINNED
    del store
