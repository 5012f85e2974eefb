"""Hostile values already in a store (issue 13, defence in depth): pages link only http(s)
URLs and their own pages, reports never carry raw HTML, and `query` never prints a control
character raw."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from narcokg.commands.query import render
from narcokg.namespaces import DCT_SOURCE, GRAPH, ID, NKG, PREFIXES
from narcokg.publication import ResourceView, Site
from narcokg.query import QueryResult
from narcokg.report import Item, Report, render_html, render_markdown

JS = "javascript:alert(document.cookie)"
TREATY = ID + "treaty/hostile"
LABEL = PREFIXES["skos"] + "prefLabel"
SCRIPT = "<script>alert(1)</script>"


def _quad(s, p, o, g="ex"):
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(GRAPH + g))


@pytest.fixture(scope="module")
def page() -> str:
    store = ox.Store()
    store.extend([
        _quad(TREATY, NKG + "textSource", ox.NamedNode(JS)),
        _quad(TREATY, NKG + "party", ox.NamedNode(ID + "state/BE")),
        _quad(TREATY, LABEL, ox.Literal(SCRIPT, language="en")),
        _quad(TREATY, "javascript:void(0)", ox.Literal("x")),
        _quad(TREATY, PREFIXES["rdfs"] + "seeAlso", ox.NamedNode("https://example.org/ok")),
        _quad(GRAPH + "ex", DCT_SOURCE, ox.NamedNode("javascript:alert(2)"), "meta"),
    ])
    site = Site.from_store(store, {}, license_iri="javascript:alert(3)")
    quads = store.quads_for_pattern(ox.NamedNode(TREATY), None, None)
    view = ResourceView.from_quads(TREATY, quads)
    return site.html(view)


def test_page_never_links_a_javascript_iri(page):
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and not [h for h in hrefs
                          if not re.match(r"(https?://|\.\./|[\w./-]+$|#note-\d+$)", h)]
    assert "javascript:" not in " ".join(hrefs)
    assert JS in page  # still shown, as text


def test_page_keeps_web_and_own_links(page):
    assert 'href="https://example.org/ok"' in page
    assert 'href="../state/BE.html"' in page


def test_page_escapes_labels(page):
    assert SCRIPT not in page and "&lt;script&gt;" in page


def _report(label: str) -> Report:
    item = Item("demand", "1", None, ID + "demand/1", label, label, None,
                responses=[label], related=[f"[x]({JS})"], gaps=[label])
    return Report("en", [item, Item("consideration", "A", None, ID + "c/A", label, None,
                                    None)], [(label, 1, 2)])


def test_markdown_report_escapes_html_and_links():
    text = render_markdown(_report(SCRIPT + "\n# heading"))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert not re.search(r"(?<!\\)\]\(javascript", text)  # no live markdown link
    assert f"\\]({JS})" in text
    assert not re.search(r"^# heading", text, re.M)  # a label cannot start a block


def test_html_report_escapes_html():
    text = render_html(_report(SCRIPT))
    assert "<script>" not in text and "&lt;script&gt;" in text


CONTROLS = "a\x1b[2J\x00b\x07\x7f\x9bc"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_output_escapes_control_characters(fmt):
    result = QueryResult(["s", "label"], [(ox.NamedNode(TREATY), ox.Literal(CONTROLS))])
    text = render(result, fmt)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), repr(text)
    assert "\\u001b" in text.lower()


def test_query_json_still_means_the_same_string():
    import json

    result = QueryResult(["label"], [(ox.Literal(CONTROLS),)])
    doc = json.loads(render(result, "json"))
    assert doc["results"]["bindings"][0]["label"]["value"] == CONTROLS


def test_query_table_through_the_cli(tmp_path, capsys):
    from narcokg.cli import main

    query = tmp_path / "labels.rq"
    query.write_text("# id: labels\n# question@en: Labels?\n# question@nl: Labels?\n"
                     "# question@fr: Labels?\n# row: one label\n"
                     "SELECT ?l WHERE { ?s ?p ?l }\n")
    store_path = tmp_path / "store"
    db = ox.Store(str(store_path))
    db.add(_quad(TREATY, LABEL, ox.Literal(CONTROLS)))
    db.flush()
    del db
    assert main(["query", str(query), "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001B" in out

