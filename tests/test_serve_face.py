"""The endpoint's face (issue 18): Yasgui at ``/`` from the installed oxigraph package, the
competency queries as en/nl/fr examples, and ``FROM`` / ``FROM NAMED`` honoured (a query
that names a graph gets that graph; one that names none gets the union). A real ``serve``
on 127.0.0.1; Chromium (Debian's ``chromium``) renders the UI where it is installed."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port, oxigraph_cli, store_from_trig

from narcokg.query import list_queries

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
GRAPH = "https://w3id.org/narcokg/graph/"


@contextmanager
def started_serve(store: Path, *extra: str):
    """``narcokg serve`` on a free loopback port over ``store``; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "narcokg.cli", "serve", "--store",
                             str(store), "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(f"serve did not start: {proc.communicate()[1]}") \
                        from None
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        proc.stderr.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = store_from_trig(tmp_path_factory.mktemp("face") / "store", FIXTURE)
    with started_serve(store) as base:
        yield base, store


def fetch(url: str, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None):
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers),
                                    timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def count(base: str, query: str, **protocol) -> int:
    params = urllib.parse.urlencode([("query", query), *protocol.items()])
    status, _, body = fetch(f"{base}/sparql?{params}", "application/sparql-results+json")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --------------------------------------------------------------------------- the UI

def test_index_is_yasgui_from_local_files(served):
    base, _ = served
    status, headers, body = fetch(f"{base}/", "text/html")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<script src="/ui/yasgui.min.js">' in page and "/ui/yasgui.min.css" in page
    assert "http://" not in page.replace("http://www.w3.org", "")  # no CDN, no outside link
    assert "https://" not in page
    for name, media, marker in (("yasgui.min.js", "application/javascript", b"Yasgui"),
                                ("yasgui.min.css", "text/css", b".yasr")):
        status, headers, body = fetch(f"{base}/ui/{name}")
        assert status == 200 and headers["content-type"].startswith(media)
        assert marker in body and len(body) > 10_000
    status, headers, body = fetch(f"{base}/ui/narcokg.js")
    assert status == 200 and b"new Yasgui" in body and b"/ui/examples.json" in body
    assert fetch(f"{base}/ui/nothing.js")[0] == 404
    # a browser opening the endpoint itself gets the UI too
    status, _, body = fetch(f"{base}/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and b"/ui/yasgui.min.js" in body


def test_yasgui_is_the_one_oxigraph_serves(served, tmp_path):
    """The bytes taken from the oxigraph executable are the files its own server serves."""
    base, _ = served
    cli = oxigraph_cli()
    if cli is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([cli, "serve", "--location", str(tmp_path / "empty"), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                theirs = {n: urllib.request.urlopen(f"http://127.0.0.1:{port}/{n}",
                                                    timeout=2).read()
                          for n in ("yasgui.min.js", "yasgui.min.css")}
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(10)
    for name, body in theirs.items():
        assert fetch(f"{base}/ui/{name}")[2] == body


def test_examples_are_the_competency_queries_in_three_languages(served):
    base, _ = served
    status, _, body = fetch(f"{base}/ui/examples.json")
    examples = json.loads(body)
    queries = {q.id: q for q in list_queries()}
    assert status == 200 and [e["id"] for e in examples] == list(queries)
    for example in examples:
        qdef = queries[example["id"]]
        for lang in ("en", "nl", "fr"):
            assert example["question"][lang] == qdef.questions[lang]
            text = example["query"][lang]
            assert text.startswith(f"# {qdef.questions[lang]}\n")
            if qdef.param("lang"):
                assert f'"{lang}"' in text  # labels in the language the UI shows


def test_every_example_runs_on_the_endpoint(served):
    base, _ = served
    for example in json.loads(fetch(f"{base}/ui/examples.json")[2]):
        status, _, body = fetch(f"{base}/sparql", "application/sparql-results+json",
                                urllib.parse.urlencode({"query": example["query"]["fr"]})
                                .encode(), "application/x-www-form-urlencoded")
        assert status == 200, (example["id"], body[:300])
        assert "results" in json.loads(body) or "boolean" in json.loads(body)


# --------------------------------------------------------------------------- FROM

def graphs_of(store: Path) -> dict[str, int]:
    db = ox.Store.read_only(str(store))
    sizes: dict[str, int] = {}
    for q in db:
        if isinstance(q.graph_name, ox.NamedNode):
            sizes[q.graph_name.value] = sizes.get(q.graph_name.value, 0) + 1
    return sizes


def test_from_names_the_graph_and_no_from_is_the_union(served):
    base, store = served
    sizes = graphs_of(store)
    union = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    everything = sum(sizes.values())
    assert count(base, union) == len({(q.subject, q.predicate, q.object)
                                      for q in ox.Store.read_only(str(store))})
    graph, size = max(sizes.items(), key=lambda kv: kv[1])
    assert 0 < size < everything
    assert count(base, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}") == size
    lower = f"select (count(*) as ?n) from <{graph}> where {{ ?s ?p ?o }}"
    assert count(base, lower) == size
    two = sorted(sizes)[:2]
    both = " ".join(f"FROM <{g}>" for g in two)  # FROM twice: the merge of the two
    merged = f"SELECT (COUNT(*) AS ?n) {both} WHERE {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }} }}"
    assert count(base, merged) <= sizes[two[0]] + sizes[two[1]]
    assert count(base, merged) >= max(sizes[two[0]], sizes[two[1]])
    # FROM NAMED: GRAPH ?g sees only the graphs named; the default graph is empty (SPARQL)
    named = (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert count(base, named) == size
    assert count(base, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ ?s ?p ?o }}") == 0
    # the word FROM in a string, a comment or an IRI names nothing
    decoy = ('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "FROM <x:y>") } '
             "# FROM <x:y>")
    assert count(base, decoy) == everything - sum(
        1 for q in ox.Store.read_only(str(store)) if q.object == ox.Literal("FROM <x:y>"))


def test_protocol_graphs_override_the_query(served):
    base, store = served
    sizes = graphs_of(store)
    graph, size = max(sizes.items(), key=lambda kv: kv[1])
    other = next(g for g in sizes if g != graph)
    query = f"SELECT (COUNT(*) AS ?n) FROM <{other}> WHERE {{ ?s ?p ?o }}"
    assert count(base, query, **{"default-graph-uri": graph}) == size


# --------------------------------------------------------------------------- Chromium

def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         f"--user-data-dir={profile}", "--window-size=1280,900",
         "--virtual-time-budget=8000", *args, url],
        capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed "
                    "(Debian: apt-get install -y chromium)")
def test_chromium_shows_yasgui_and_the_examples(served, tmp_path):
    """Chromium at 1280 px, with every host but 127.0.0.1 unresolvable, renders the editor,
    the result area and the example questions, in French when asked."""
    base, _ = served
    done = run_chromium(f"{base}/?lang=fr", tmp_path / "profile", "--dump-dom")
    dom = done.stdout
    assert 'class="yasqe' in dom and 'class="yasr' in dom, done.stderr[-2000:]
    questions = [q.questions["fr"] for q in list_queries()]
    shown = sum(1 for q in questions if q.replace("'", "&#39;") in dom or q in dom)
    assert shown == len(questions), dom[:3000]
    png = Path(__file__).parent.parent / "bench" / "out" / "serve-ui.png"
    png.parent.mkdir(exist_ok=True)
    png.unlink(missing_ok=True)
    run_chromium(f"{base}/?lang=nl#treaties-in-force-on-date", tmp_path / "profile2",
                 f"--screenshot={png}")
    assert png.exists() and png.stat().st_size > 20_000
