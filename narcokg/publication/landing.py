"""The landing page of a release (``index.html``): version, counts, the SPARQL endpoint,
the descriptions (VoID/DCAT, ontology, context), dumps and example resources."""

from __future__ import annotations

import html

from narcokg.publication.iris import page_path
from narcokg.publication.view import link
from narcokg.publication.void import CC_BY, Dump


def coverage_lines(db) -> list[str]:
    """The coverage statements of the store (``coverage-statements``), one line each."""
    from narcokg.query import run_query

    rows = run_query("coverage-statements", lang="en", db=db).dicts()
    return [" — ".join(str(r[k]) for k in ("completenessLabel", "statementLabel",
                                            "sliceTypeLabel", "slice", "coverageDate", "source")
                       if r.get(k)) for r in rows]


def covers_section(lines: list[str]) -> str:
    e = html.escape
    items = "".join(f"<li>{e(x)}</li>" for x in lines) or (
        "<li>no slice is recorded as complete</li>")
    return ("<h2>What this graph covers</h2><p>The graph records what its found sources say; "
            "it is not a complete register. A gap in an answer means <em>not recorded in this "
            "graph</em>, unless a coverage statement below says a found source lists the whole "
            "slice and all of it was entered (then the gap is <em>known absent</em>). Coverage "
            f"statements:</p><ul>{items}</ul>")


def landing_page(version: str, counts: tuple[int, int, int], dumps: list[Dump],
                 example_iris: list[str], sparql_endpoint: str,
                 covers: list[str] | None = None, trackers: list[str] | None = None) -> str:
    """``counts``: (triples, quads, resource pages); ``covers``: coverage_lines();
    ``trackers``: the tracker files of the release (English first)."""
    e = html.escape
    triples, quads, pages = counts
    items = "".join(f'<li><a href="{e(d.path)}">{e(d.path)}</a> — {e(d.title)}, '
                    f"{d.size:,} bytes{' (gzip)' if d.gzipped else ''}</li>" for d in dumps)
    links = "".join(f'<li><a href="{e(page_path(i) or "")}.html">{e(i)}</a></li>'
                    for i in example_iris if page_path(i))
    endpoint = link(sparql_endpoint, sparql_endpoint)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>narcokg {e(version)}</title></head><body>
<h1>narcokg {e(version)}</h1>
<p>A linked-data knowledge graph of the actors and instruments of international drug policy:
{triples:,} triples in {quads:,} quads, {pages:,} resources.
Data licence: <a href="{CC_BY}">CC BY 4.0</a>.</p>
<p>SPARQL endpoint: {endpoint} (SPARQL 1.1 Protocol; the union of the named graphs is the
default graph).</p>
<ul><li><a href="void.ttl">void.ttl</a> (DCAT catalogue, dataset, distributions, data service
and VoID counts)</li>
<li><a href="ontology/index.html">ontology documentation</a>
(<a href="ontology/narcokg.ttl">Turtle</a>, <a href="ontology/narcokg.rdf">RDF/XML</a>;
this version: <a href="ontology/{e(version)}.html">{e(version)}</a>)</li>
<li><a href="context.jsonld">context.jsonld</a> (JSON-LD context)</li>
<li><a href="graph/meta.html">graph/meta</a> (where each named graph comes from)</li>
{tracker_item(trackers or [])}</ul>
{covers_section(covers or [])}
<h2>Dumps</h2><ul>{items}</ul><h2>Examples</h2><ul>{links}</ul></body></html>
"""


def tracker_item(files: list[str]) -> str:
    """The landing page's line for the resolution tracker, in each language it was written in."""
    names = {"tracker.html": ("English", "en"), "tracker.nl.html": ("Nederlands", "nl"),
             "tracker.fr.html": ("français", "fr")}
    links = " · ".join(f'<a href="{html.escape(f)}" hreflang="{names[f][1]}">{names[f][0]}</a>'
                       for f in files if f in names)
    return f"<li>resolution tracker: {links}</li>" if links else ""
