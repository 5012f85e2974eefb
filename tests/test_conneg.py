"""Content negotiation: one rule (narcokg/serving/conneg.py) for ``serve`` and for the shipped
``deploy/nginx.conf``. The cases are data: an Accept header and the representation it must
get (None: 406). ``serve`` is asked directly; nginx (Debian's ``nginx-light``) runs the
shipped file on 127.0.0.1 in front of a release folder laid out from serve's own answers,
and must answer every case as serve does: same status, type, body and ``Vary: Accept``."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from servers import free_port, store_from_trig
from test_serve_face import FIXTURE, fetch, started_serve

from narcokg.serving.conneg import REPRESENTATIONS, nginx_maps, representation

CONF = Path(__file__).parent.parent / "deploy" / "nginx.conf"
CASES = [  # (Accept, representation name or None for 406)
    (None, "html"),
    ("", "html"),
    ("*/*", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("text/turtle;q=0.9, application/rdf+xml;q=1.0", "rdf"),
    ("application/ld+json;q=0.8, text/turtle;q=0.85", "ttl"),  # one decimal: a tie, Turtle
    ("application/n-triples, text/turtle", "ttl"),  # a tie: the server's order
    ("text/html;q=0.1, */*;q=0.2", "ttl"),
    ("text/html;q=0, */*", "ttl"),
    ("text/*", "html"),
    ("application/*", "jsonld"),
    ("application/*;q=0.3, application/rdf+xml;q=0.4", "rdf"),
    ("text/turtle; charset=utf-8; q=0.7, text/html; q=0.6", "ttl"),
    ("TEXT/TURTLE", "ttl"),
    ("application/n-triples;q=0.001", "nt"),
    ("image/png", None),
    ("text/html;q=0", None),
    ("application/sparql-results+json", None),
]
IRIS = ["id/state/BE", "id/port/BEANR", "id/treaty/un-illicit-traffic-1988"]


@pytest.mark.parametrize("accept,want", CASES)
def test_the_rule(accept, want):
    got = representation(accept)
    assert (got.name if got else None) == want


def test_nginx_conf_carries_the_generated_maps():
    assert nginx_maps() in CONF.read_text(encoding="utf-8"), \
        "deploy/nginx.conf is out of date: paste narcokg.serving.conneg.nginx_maps() into it"


def test_serve_negotiates_by_the_rule(served_pair):
    base, _ = served_pair
    for accept, want in CASES:
        status, headers, _ = fetch(f"{base}/id/state/BE", accept)
        assert "Accept" in headers.get("Vary", ""), accept
        if want is None:
            assert status == 406, accept
        else:
            rep = next(r for r in REPRESENTATIONS if r.name == want)
            assert status == 200 and headers["Content-Type"].startswith(rep.media), accept
    for accept in ("text/turtle", "application/rdf+xml", "application/n-triples"):
        status, headers, _ = fetch(f"{base}/ontology", accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert "Accept" in headers["Vary"]
    status, headers, _ = fetch(f"{base}/sparql?query=ASK%7B%7D", "application/json")
    assert status == 200 and "Accept" in headers["Vary"]


@pytest.fixture(scope="module")
def served_pair(tmp_path_factory):
    store = store_from_trig(tmp_path_factory.mktemp("conneg") / "store", FIXTURE)
    with started_serve(store) as base:
        yield base, tmp_path_factory.mktemp("release")


def release_from(base: str, root: Path) -> None:
    """A release folder as ``publish`` lays it out, filled from serve's answers (one
    resource lacks its N-Triples file: nginx must then say 406, not 404 or HTML)."""
    for iri in IRIS:
        for rep in REPRESENTATIONS:
            status, _, body = fetch(f"{base}/{iri}{rep.ext}")
            assert status == 200
            target = root / f"{iri}{rep.ext}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    (root / f"{IRIS[1]}.nt").unlink()
    (root / "ontology").mkdir()
    for rep in REPRESENTATIONS:
        if rep.name != "html":
            (root / "ontology" / f"narcokg{rep.ext}").write_bytes(
                fetch(f"{base}/ontology", rep.media)[2])
    (root / "ontology" / "index.html").write_text("<!DOCTYPE html><title>ontology</title>")
    (root / "index.html").write_text("<!DOCTYPE html><title>narcokg</title>")


def nginx_main(work: Path, root: Path, port: int, serve_port: int) -> Path:
    site = CONF.read_text(encoding="utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("root /srv/narcokg/site;", f"root {root};")
    site = site.replace("127.0.0.1:8080", f"127.0.0.1:{serve_port}")
    (work / "site.conf").write_text(site)
    temp = " ".join(f"{k}_temp_path {work};" for k in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # one process, as the user running the tests (workers would drop to nobody)
    main = (f"daemon off; master_process off; pid {work}/nginx.pid; "
            f"error_log {work}/error.log;\n"
            f"events {{}}\nhttp {{ access_log off; {temp}\ninclude {work}/site.conf; }}\n")
    (work / "nginx.conf").write_text(main)
    return work / "nginx.conf"


@pytest.fixture(scope="module")
def nginx(served_pair, tmp_path_factory):
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None)
    if binary is None:
        pytest.skip("nginx is not installed (Debian: apt-get install -y nginx-light): the "
                    "shipped deploy/nginx.conf is checked against serve only where it is")
    base, root = served_pair
    release_from(base, root)
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = nginx_main(work, root, port, int(base.rsplit(":", 1)[1]))
    checked = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/index.html", timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, \
                (work / "error.log").read_text()
            time.sleep(0.1)
    yield url, base
    proc.terminate()
    proc.wait(10)


def media(headers) -> str:
    return re.split(r"\s*;", headers.get("Content-Type", ""))[0]


def test_nginx_answers_as_serve_does(nginx):
    url, base = nginx
    for iri in (IRIS[0], IRIS[2]):
        for accept, _want in CASES:
            theirs = fetch(f"{url}/{iri}", accept)
            ours = fetch(f"{base}/{iri}", accept)
            assert theirs[0] == ours[0], (iri, accept)
            assert "Accept" in theirs[1].get("Vary", ""), (iri, accept)
            if ours[0] == 200:
                assert media(theirs[1]) == media(ours[1]), (iri, accept)
                assert theirs[2] == ours[2], (iri, accept)


def test_nginx_ontology_and_missing_files(nginx):
    url, base = nginx
    for accept in ("text/turtle", "application/rdf+xml", "application/n-triples",
                   "application/json"):
        status, headers, body = fetch(f"{url}/ontology", accept)
        assert status == 200 and "Accept" in headers["Vary"], accept
        assert media(headers) == media(fetch(f"{base}/ontology", accept)[1]), accept
    status, headers, body = fetch(f"{url}/ontology", "text/html")
    assert status == 200 and b"<title>ontology" in body and "Accept" in headers["Vary"]
    assert fetch(f"{url}/ontology", "image/png")[0] == 406
    # a resource whose N-Triples file the release lacks: 406, never HTML; unknown: 404
    assert fetch(f"{url}/{IRIS[1]}", "application/n-triples")[0] == 406
    assert fetch(f"{url}/{IRIS[1]}", "text/turtle")[0] == 200
    assert fetch(f"{url}/id/state/XX", "text/turtle")[0] == 404
    # a suffix wins whatever Accept says
    status, headers, _ = fetch(f"{url}/{IRIS[0]}.ttl", "text/html")
    assert status == 200 and media(headers) == "text/turtle"
    # the endpoint and the query UI behind nginx
    status, _, body = fetch(f"{url}/sparql", "text/html")
    assert status == 200 and b"/ui/yasgui.min.js" in body
    assert fetch(f"{url}/ui/yasgui.min.css")[0] == 200


def test_nginx_negotiates_every_kind_of_minted_iri(nginx, served_pair):
    """Scheme, concept, graph and ontology-version IRIs dereference behind nginx as data IRIs
    do: the representation asked for, 406 for one the release lacks, 404 for an unknown IRI."""
    url, _ = nginx
    release = served_pair[1]
    for path in ("vocab/event-type", "vocab/event-type/ratification", "graph/meta",
                 "ontology/0.1.0"):
        for ext, body in ((".html", "<!DOCTYPE html><title>x</title>"), (".ttl", "# t\n")):
            target = release / f"{path}{ext}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body)
        status, headers, body = fetch(f"{url}/{path}", "text/turtle")
        assert status == 200 and media(headers) == "text/turtle", path
        assert "Accept" in headers.get("Vary", ""), path
        status, headers, _ = fetch(f"{url}/{path}")
        assert status == 200 and media(headers) == "text/html", path
        assert fetch(f"{url}/{path}", "application/rdf+xml")[0] == 406, path
    assert fetch(f"{url}/vocab/event-type/no-such-concept", "text/turtle")[0] == 404
    assert fetch(f"{url}/graph/no-such-graph")[0] == 404
    assert fetch(f"{url}/ontology/9.9.9", "text/turtle")[0] == 404
