"""A real Virtuoso 7 server for tests (Debian's ``virtuoso-opensource``: ``virtuoso-t`` and
``isql-vt``): ``virtuoso_server()`` writes a small ``virtuoso.ini`` and a fresh database in
a temporary folder, starts ``virtuoso-t -f`` on two random free ports of 127.0.0.1 (SQL and
HTTP), sets the ``dba`` password, waits until ``/sparql`` answers and yields a
``Virtuoso`` (its URLs and credentials); at exit it kills the server and deletes the
folder. Plain module (not a conftest) so any test can import it; ``virtuoso_binary()`` is
None when the server is not installed (tests skip with that reason; CI installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servers import free_port  # tests/servers.py

PASSWORD = "narcokg-test-pw"
APT_LINE = "apt-get install -y --no-install-recommends virtuoso-opensource"

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {d}
NumberOfBuffers = 2000
MaxDirtyBuffers = 1200
MaxQueryMem = 64M
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 2
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@dataclass
class Virtuoso:
    base: str          # http://127.0.0.1:PORT
    sql_port: int
    user: str = "dba"
    password: str = PASSWORD

    @property
    def sparql(self) -> str:
        """The anonymous SPARQL endpoint (read-only)."""
        return f"{self.base}/sparql"

    @property
    def graph_store_auth(self) -> str:
        """The Graph Store Protocol endpoint that takes writes (HTTP Digest)."""
        return f"{self.base}/sparql-graph-crud-auth"

    def isql(self, statement: str, timeout: float = 30) -> str:
        """Run one SQL statement as dba through ``isql-vt``; its output."""
        done = subprocess.run(
            [isql_binary(), f"127.0.0.1:{self.sql_port}", self.user, self.password,
             f"exec={statement}"], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql {statement!r}: {done.stdout} {done.stderr}")
        return done.stdout


def virtuoso_binary() -> str | None:
    """The server binary, or None (tests skip) — except under .ci/run (NARCOKG_CI=1), which
    installs it: there a missing server is an error, never a silent skip."""
    found = shutil.which("virtuoso-t")
    if found is None and os.environ.get("NARCOKG_CI"):
        raise RuntimeError("NARCOKG_CI is set but virtuoso-t is not installed: .ci/run "
                           "should have installed virtuoso-opensource")
    return found


def isql_binary() -> str:
    return shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?query=" + urllib.request.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}: {tail}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"virtuoso did not answer at {url} within {timeout:.0f} s")


@contextmanager
def virtuoso_server(timeout: float = 60.0, max_rows: int = 1_000_000):
    """Start a fresh Virtuoso; yield a ``Virtuoso``; kill it and delete its folder at exit.
    ``max_rows`` is its ``ResultSetMaxRows`` (it cuts longer answers)."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError(f"virtuoso-t is not installed ({APT_LINE})")
    folder = Path(tempfile.mkdtemp(prefix="narcokg-virtuoso-"))
    sql, http = free_port(), free_port()
    ini = INI.format(d=folder, sql=sql, http=http, max_rows=max_rows)
    (folder / "virtuoso.ini").write_text(ini)
    proc = subprocess.Popen([binary, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server = Virtuoso(f"http://127.0.0.1:{http}", sql)
        _wait(server.sparql, proc, folder / "virtuoso.log", timeout)
        default = Virtuoso(server.base, sql, password="dba")
        default.isql(f"USER_SET_PASSWORD('dba', '{PASSWORD}')")
        yield server
    finally:
        proc.kill()
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
