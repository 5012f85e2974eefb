"""The query UI at ``/``: Yasgui (from the installed ``oxigraph`` package, ``assets``) over
this endpoint, with the competency queries as ready examples in English, Dutch and French,
as the Wikidata Query Service offers its examples.

- ``/`` (and ``/sparql`` opened by a browser without a query): the page;
- ``/ui/yasgui.min.js``, ``/ui/yasgui.min.css``: Yasgui itself;
- ``/ui/narcokg.js``: the few lines that start Yasgui on this endpoint (no outside calls:
  the autocompleters that ask prefix.cc and LOV are switched off) and list the examples;
- ``/ui/examples.json``: the examples, built from ``queries/*.rq``: per query its id, its
  question in each language and a query text per language, parameters bound to their
  defaults in a ``VALUES`` block (``lang`` to the language) that a researcher edits.
"""

from __future__ import annotations

from functools import cache

from narcokg.query import LANGS

TEXTS = {
    "en": {"title": "narcokg: ask the knowledge graph", "examples": "Example questions",
           "filter": "filter the questions", "intro": "A read-only SPARQL endpoint at "
           "/sparql. Pick a question to open it in a new tab; run it with the ▶ button.",
           "lang": "Language"},
    "nl": {"title": "narcokg: bevraag de kennisgraaf", "examples": "Voorbeeldvragen",
           "filter": "vragen filteren", "intro": "Een alleen-lezen SPARQL-eindpunt op "
           "/sparql. Kies een vraag om ze in een nieuw tabblad te openen; voer ze uit met ▶.",
           "lang": "Taal"},
    "fr": {"title": "narcokg : interroger le graphe", "examples": "Questions d’exemple",
           "filter": "filtrer les questions", "intro": "Un point d’accès SPARQL en lecture "
           "seule sur /sparql. Choisissez une question pour l’ouvrir dans un nouvel onglet ; "
           "lancez-la avec ▶.", "lang": "Langue"},
}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>narcokg SPARQL</title>
<link rel="stylesheet" href="/ui/yasgui.min.css">
<style>
body{margin:0;font-family:system-ui,sans-serif;color:#222}
header{display:flex;align-items:center;gap:1rem;padding:.5rem 1rem;background:#1f3a5f;
color:#fff}header h1{font-size:1.15rem;margin:0;flex:1}header nav button{background:none;
border:1px solid #8aa;color:#fff;padding:.15rem .5rem;cursor:pointer;border-radius:3px}
header nav button[aria-pressed=true]{background:#fff;color:#1f3a5f}
main{display:flex;align-items:flex-start}
aside{width:20rem;flex:none;padding:.5rem 1rem;border-right:1px solid #ddd;
height:calc(100vh - 3rem);overflow-y:auto;box-sizing:border-box}
aside h2{font-size:1rem;margin:.4rem 0}aside p{font-size:.85rem;color:#444}
aside input{width:100%;box-sizing:border-box;padding:.25rem;margin-bottom:.4rem}
aside ol{padding-left:1.2rem;margin:0}aside li{margin:.25rem 0;font-size:.9rem}
aside a{color:#1f3a5f;text-decoration:none}aside a:hover{text-decoration:underline}
aside code{font-size:.75rem;color:#666}#yasgui{flex:1;min-width:0;padding:0 .5rem;overflow-x:auto}
</style></head>
<body>
<header><h1 id="title">narcokg</h1><nav aria-label="language" id="langs"></nav></header>
<main><aside><p id="intro"></p><h2 id="examples-title"></h2>
<input id="filter" type="search"><ol id="examples"></ol></aside>
<div id="yasgui"></div></main>
<script src="/ui/yasgui.min.js"></script>
<script src="/ui/narcokg.js"></script>
</body></html>
"""

SCRIPT = """"use strict";
const TEXTS = %(texts)s;
const LANGS = %(langs)s;
const endpoint = window.location.origin + "/sparql";
const initialHash = window.location.hash;  // before Yasgui rewrites the URL
const asked = new URLSearchParams(window.location.search).get("lang");
let lang = LANGS.includes(asked) ? asked : (localStorage.getItem("narcokg-lang")
  || (navigator.language || "en").slice(0, 2));
if (!LANGS.includes(lang)) lang = "en";
let examples = [];

Yasqe.defaults.autocompleters = ["variables"];  // the others call prefix.cc and LOV
const START = "PREFIX nkg: <https://w3id.org/narcokg/ontology#>\\n"
  + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n\\n"
  + "SELECT ?state ?label WHERE {\\n  ?state a nkg:State ; rdfs:label ?label\\n"
  + "  FILTER(lang(?label) = \\"" + lang + "\\")\\n}\\nORDER BY ?label\\nLIMIT 20\\n";
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: {endpoint: endpoint, method: "POST"},
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: {getData: () => [{endpoint: endpoint}], keys: []},
  yasqe: {autocompleters: ["variables"], value: START},
  persistenceId: "narcokg-" + window.location.host,
});

function openExample(example) {
  const tab = yasgui.addTab(true);
  tab.setQuery(example.query[lang]);
  tab.setName(example.id);
}

function draw() {
  const t = TEXTS[lang];
  document.documentElement.lang = lang;
  document.title = t.title;
  document.getElementById("title").textContent = t.title;
  document.getElementById("intro").textContent = t.intro;
  document.getElementById("examples-title").textContent = t.examples;
  const filter = document.getElementById("filter");
  filter.placeholder = t.filter;
  const nav = document.getElementById("langs");
  nav.setAttribute("aria-label", t.lang);
  nav.replaceChildren(...LANGS.map(l => {
    const b = document.createElement("button");
    b.textContent = l.toUpperCase();
    b.setAttribute("aria-pressed", String(l === lang));
    b.onclick = () => { lang = l; localStorage.setItem("narcokg-lang", l); draw(); };
    return b;
  }));
  const words = filter.value.toLowerCase();
  const list = document.getElementById("examples");
  list.replaceChildren(...examples.filter(e => !words
      || (e.question[lang] + " " + e.id).toLowerCase().includes(words)).map(e => {
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = "#" + e.id;
    a.textContent = e.question[lang];
    a.title = e.id;
    a.onclick = ev => { ev.preventDefault(); openExample(e); };
    li.append(a);
    return li;
  }));
}

document.getElementById("filter").oninput = draw;
fetch("/ui/examples.json").then(r => r.json()).then(list => {
  examples = list;
  draw();
  // a link to /#<query id> opens that question and runs it
  const wanted = examples.find(e => "#" + e.id === initialHash);
  if (wanted) { openExample(wanted); yasgui.getTab().query(); }
});
draw();
"""


@cache
def script() -> str:
    import json

    return SCRIPT % {"texts": json.dumps(TEXTS, ensure_ascii=False),
                     "langs": json.dumps(list(LANGS))}


@cache
def examples() -> list[dict]:
    """The competency queries as examples: ``[{id, question: {lang: text}, query: {lang:
    text}}]``, in the order ``narcokg queries`` lists them."""
    from narcokg.query import list_queries

    return [{"id": q.id, "question": {lang: q.question(lang) for lang in LANGS},
             "query": {lang: example_text(q, lang) for lang in LANGS}}
            for q in list_queries()]


def example_text(qdef, lang: str) -> str:
    """The query as a researcher runs it here: the question and what a row means as
    comments, the parameters explained and bound in a ``VALUES`` block to their defaults."""
    from narcokg.query import bindings, with_values

    terms = bindings(qdef, {}, lang=lang)
    lines = [f"# {qdef.question(lang)}", f"# {qdef.id}: {qdef.row}"]
    if qdef.params:
        lines.append("# parameters (change them in the VALUES row below):")
        lines += [f"#   ?{p.name}: {p.meaning}" for p in qdef.params]
    body = with_values(qdef.text, terms).lstrip("\n")
    return "\n".join(lines) + "\n" + body


async def page(_request):
    from starlette.responses import HTMLResponse

    return HTMLResponse(PAGE)


async def asset(request):
    """``/ui/<name>``: Yasgui's files, the start script and the examples."""
    from starlette.responses import JSONResponse, PlainTextResponse, Response

    from narcokg.serving.assets import MEDIA, AssetError, yasgui

    name = request.path_params["name"]
    cached = {"Cache-Control": "public, max-age=3600"}
    if name == "narcokg.js":
        return Response(script(), media_type="application/javascript", headers=cached)
    if name == "examples.json":
        return JSONResponse(examples(), headers=cached)
    if name not in MEDIA:
        return PlainTextResponse("no such file\n", status_code=404)
    try:
        body = yasgui()[name]
    except AssetError as exc:
        return PlainTextResponse(f"{exc}\n", status_code=503)
    return Response(body, media_type=MEDIA[name], headers=cached)
