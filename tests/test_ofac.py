"""OFAC SDN list: the legacy CSV reader on hand-written edge cases
(tests/fixtures/ofac-sdn-edge*.csv, example names), the graphs and history it makes,
`narcokg download ofac-sdn` against a local server, and (where the shared snapshots are
present) counts checked against the files."""

from __future__ import annotations

import csv
import http.server
import threading
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.cli import main
from narcokg.download import DownloadError, download_ofac_sdn, fetch
from narcokg.errors import InputError
from narcokg.loaders import ofac, ofac_graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EDGE, LATER = FIXTURES / "ofac-sdn-edge.csv", FIXTURES / "ofac-sdn-edge-later.csv"
SHARED = ROOT.parent / "shared" / "sources" / "ofac-sdn"
REAL = [SHARED / "sdn-2021-08-18.csv", SHARED / "sdn-2024-05-03.csv"]
ID = "https://w3id.org/narcokg/id/"
NKG = "https://w3id.org/narcokg/ontology#"


def by_ent(path=EDGE):
    return {x.ent_num: x for x in ofac.read_sdn(path)}


def test_edge_cases_are_read_as_the_spec_says():
    x = by_ent()
    assert set(x) == {"100", "101", "102", "103", "105"}  # 104 is CUBA only
    assert x["101"].sdn_type == "entity" and x["101"].programs == ["SDNT"]  # SDGT dropped
    assert x["102"].programs == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    assert x["102"].vess_flag == "Panama" and x["102"].call_sign == "ABC123"
    assert x["103"].sdn_type == "aircraft" and x["103"].title is None
    assert x["100"].aliases == [("a", "EL EJEMPLO"), ("a", "O'REILLY, Juan")]
    assert x["101"].aliases == [("f", 'CARGO, "THE" EXAMPLE')]
    assert x["105"].aliases == [("a", "PEPE; EL] [RARO")]
    assert x["105"].name == "MÜLLER GÓMEZ, José"  # Windows-1252
    assert x["100"].birth_dates == ["1964-07-31", "1965"] and x["105"].birth_dates == []
    assert x["100"].nationalities == ["Mexico", "Colombia"]
    assert x["100"].identifier_countries == ["Guatemala"]  # a passport: never nationality
    assert x["101"].identifier_countries == ["Mexico", "Atlantis"]


def test_programs_and_dates():
    assert ofac.split_programs("SDNTK] [FTO] [SDGT") == ["SDNTK", "FTO", "SDGT"]
    assert ofac.split_programs("[SDNT]") == ["SDNT"]
    assert ofac.snapshot_date("x/sdn-2021-08-18.csv")[1] == "2021-08-18"
    assert ofac.snapshot_date("x/sdn.csv@2020-01-02") == (Path("x/sdn.csv"), "2020-01-02")
    for bad in ("x/sdn.csv", "x/sdn.csv@2020-13-01"):
        with pytest.raises(InputError):
            ofac.snapshot_date(bad)


def test_a_row_with_the_wrong_number_of_fields_is_an_input_error(tmp_path):
    bad = tmp_path / "sdn-2020-01-01.csv"
    bad.write_bytes(b'1,"A","individual","SDNT"\r\n')
    with pytest.raises(InputError, match="4 fields"):
        ofac.read_sdn(bad)


def store_of(specs, log=lambda _m: None):
    db = ox.Store()
    for _label, quads in ofac_graph.collect(specs, log):
        db.extend(quads)
    return db


def ask(db, where):
    res = db.query(f"PREFIX nkg: <{NKG}> SELECT * WHERE {{ GRAPH ?g {{ {where} }} }} "
                   "ORDER BY ?g ?s")
    names = [v.value for v in res.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in res]


def test_graph_targets_nationality_and_unknown_countries_reported():
    logs = []
    db = store_of([f"{EDGE}@2024-01-01"], logs.append)
    t100 = f"{ID}sanction-target/ofac-sdn-100"
    nat = {r["s"] for r in ask(db, f"<{t100}> nkg:nationality ?s")}
    assert nat == {f"{ID}state/MX", f"{ID}state/CO"}
    assert {r["s"] for r in ask(db, f"<{t100}> nkg:identifierCountry ?s")} == {f"{ID}state/GT"}
    assert {r["s"] for r in ask(db, f"<{ID}sanction-target/ofac-sdn-102> nkg:flagState ?s")} == \
        {f"{ID}state/PA"}
    assert len(ask(db, "?s a nkg:SanctionMeasure")) == 6
    assert ask(db, f"?s a <{NKG}Aircraft>")[0]["s"] == f"{ID}sanction-target/ofac-sdn-103"
    assert "'Atlantis' (1)" in logs[0] and "'Medellin' (1)" in logs[0]


def test_history_between_two_snapshots():
    db = store_of([f"{LATER}@2024-06-01", f"{EDGE}@2024-01-01"])
    listed = ask(db, "?s a nkg:ListingRecord ; nkg:listingOf ?m ; nkg:earliestDate ?a ; "
                     "nkg:latestDate ?b")
    delisted = ask(db, "?s a nkg:DelistingRecord ; nkg:listingOf ?m")
    assert [(r["m"].rsplit("/", 1)[1], r["a"], r["b"]) for r in listed] == \
        [("ofac-sdn-106-illicit-drugs-eo14059", "2024-01-01", "2024-06-01")]
    assert sorted(r["m"].rsplit("/", 1)[1] for r in delisted) == \
        ["ofac-sdn-101-sdnt", "ofac-sdn-102-illicit-drugs-eo14059"]
    seen = ask(db, f"<{ID}sanction/ofac-sdn-100-sdntk> nkg:firstSeen ?s ; nkg:lastSeen ?l")
    assert (seen[0]["s"], seen[0]["l"]) == ("2024-01-01", "2024-06-01")


def test_two_snapshots_with_one_date_are_refused():
    with pytest.raises(InputError, match="same date"):
        store_of([f"{EDGE}@2024-01-01", f"{LATER}@2024-01-01"])


# ---------------------------------------------------------------- download, local server
@pytest.fixture()
def server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = EDGE.read_bytes() if self.path in ("/sdn.csv", "/cut.csv") else b""
            self.send_response(200 if body else 404)
            # /cut.csv announces more than it sends, then closes (a cut connection)
            extra = 1000 if self.path == "/cut.csv" else 0
            self.send_header("Content-Length", str(len(body) + extra))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_download_writes_a_dated_file(server, tmp_path, capsys):
    assert main(["download", "ofac-sdn", "--out", str(tmp_path), "--url",
                 f"{server}/sdn.csv"]) == 0
    [path] = list(tmp_path.iterdir())
    assert path.name.startswith("sdn-") and path.read_bytes() == EDGE.read_bytes()
    assert ofac.snapshot_date(str(path))  # the build can read its date


def test_download_failures_write_nothing(server, tmp_path):
    with pytest.raises(DownloadError, match="over the 10 byte limit"):
        fetch(f"{server}/sdn.csv", tmp_path / "a.csv", max_bytes=10)
    with pytest.raises(DownloadError, match="Not Found"):
        download_ofac_sdn(tmp_path, url=f"{server}/missing.csv")
    with pytest.raises(DownloadError, match="nothing was written"):
        fetch(f"{server}/cut.csv", tmp_path / "cut.csv")
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/sdn.csv"):
        with pytest.raises(DownloadError, match="only http and https"):
            fetch(url, tmp_path / "b.csv")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the shared snapshots
def independent_measures(path: Path) -> set[tuple[str, str]]:
    text = path.read_bytes().decode("cp1252").replace("\x1a", "")
    out = set()
    for row in csv.reader(text.splitlines()):
        if row:
            for p in row[3].strip().split("] ["):
                if p.strip("[] ") in ofac.DRUG_PROGRAMS:
                    out.add((row[0], p.strip("[] ")))
    return out


@pytest.mark.skipif(not all(p.is_file() for p in REAL),
                    reason=f"the shared OFAC snapshots are not in {SHARED}")
def test_real_snapshots_match_the_files():
    db = store_of([str(p) for p in REAL])
    old, new = (independent_measures(p) for p in REAL)
    counts = Counter(p for _e, p in new)
    rows = db.query(f"""PREFIX nkg: <{NKG}> SELECT ?code (COUNT(?m) AS ?n) WHERE {{
        GRAPH <https://w3id.org/narcokg/graph/source/ofac-sdn-2024-05-03> {{
          ?m a nkg:SanctionMeasure ; nkg:underRegime ?r }}
        VALUES (?r ?code) {{ {' '.join(f'(<{ID}sanction-regime/{k}> "{c}")'
                                       for c, k in ofac_graph.REGIMES.items())} }} }}
        GROUP BY ?code""")
    assert {r["code"].value: int(r["n"].value) for r in rows} == dict(counts)
    assert dict(counts) == {"SDNTK": 1439, "ILLICIT-DRUGS-EO14059": 293, "SDNT": 216}
    n_listed = len(ask(db, "?s a nkg:ListingRecord"))
    n_delisted = len(ask(db, "?s a nkg:DelistingRecord"))
    assert (n_listed, n_delisted) == (len(new - old), len(old - new)) == (313, 669)
    amezcua = ask(db, f"<{ID}sanction-target/ofac-sdn-6703> <http://www.w3.org/2004/02/skos/"
                      "core#prefLabel> ?s")
    assert amezcua[0]["s"] == "AMEZCUA CONTRERAS, Jose de Jesus"
