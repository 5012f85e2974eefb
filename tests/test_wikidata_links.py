"""States link to their Wikidata items with skos:exactMatch, from a cited table
(data/wikidata/states.tsv, Our World in Data's country table); nkg:wikidataItem is deprecated
and unused; a malformed row is refused with its row number."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from narcokg.errors import SourceError
from narcokg.loaders import wikidata
from narcokg.namespaces import NKG


def test_every_state_links_to_one_wikidata_item_from_the_cited_table():
    (source,) = wikidata.sources()
    assert source.document.startswith("https://github.com/owid/owid-grapher/blob/")
    links = list(source.triples())
    subjects = [t.subject.value.rsplit("/", 1)[-1] for t in links]
    assert sorted(subjects) == sorted(c.alpha_2 for c in pycountry.countries)
    assert all(t.predicate == wikidata.EXACT_MATCH for t in links)
    assert all(t.object.value.startswith(wikidata.WIKIDATA + "Q") for t in links)


def test_a_malformed_row_is_refused_with_its_row_number(tmp_path: Path):
    bad = tmp_path / "states.tsv"
    bad.write_text("# comment\niso2\twikidata\nBE\tQ31\nEC\t736\n", encoding="utf-8")
    with pytest.raises(SourceError, match="row 3"):
        list(wikidata.state_links(bad))


def test_no_entry_uses_the_deprecated_wikidata_item():
    from narcokg import resources

    used = [p for p in resources.data_dir().rglob("*.yaml")
            if "wikidataItem" in p.read_text(encoding="utf-8")]
    assert used == [], f"nkg:wikidataItem ({NKG}wikidataItem) is deprecated: {used}"


def test_organisations_link_only_where_a_cited_table_gives_the_item():
    from narcokg import resources
    from narcokg.loaders.entries import load_entry_file
    from narcokg.loaders.sources import SourceRegistry

    data = resources.data_dir()
    registry = SourceRegistry.from_dir(data / "sources")
    links = {}
    for path in sorted((data / "organisations").glob("*.yaml")):
        for q in load_entry_file(path, registry).quads:
            if q.predicate == wikidata.EXACT_MATCH:
                links[q.subject.value.rsplit("/", 1)[-1]] = (q.object.value, q.graph_name.value)
    assert links["europol"] == (wikidata.WIKIDATA + "Q207203",
                                "https://w3id.org/narcokg/graph/source/w-supraverden-eu-bodies")
    assert links["un"][1].endswith("/w-supraverden-un-bodies")
    assert all(registry.resolve(g.rsplit("/", 1)[-1]).document.startswith(
        "https://github.com/confirmordeny/supraverden/blob/") for _, g in links.values())
    # no cited table gives these: they stay unlinked rather than guessed
    assert not {"unodc", "mercosur", "maoc-n", "benelux-union", "emcdda"} & set(links)
