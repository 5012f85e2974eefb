"""Load large line-based RDF dumps (N-Quads, N-Triples) into a pyoxigraph store in parallel.

pyoxigraph's ``bulk_load`` of one big file runs on one core (measured: 1.15M quads in about
10 s of a single core). N-Quads and N-Triples are line-based, so a dump can be cut at line
ends into chunks that load side by side: ``bulk_load`` releases the GIL, so threads give real
parallelism. Two things need care:

- **Blank nodes.** Each ``bulk_load`` call is its own document: the same ``_:b1`` in two
  calls would become two nodes. Every line of a file that mentions ``_:`` is therefore set
  aside and all of them are loaded together in one call, so a blank node keeps its identity
  across the file. (A literal that contains ``_:`` only moves its line to that call.)
- **Errors.** A syntax error in a chunk would be reported at a line of the chunk; the file is
  then parsed once more, streaming and without storing, to report the error at its real
  line and column.

A failure can leave part of the data loaded: callers load into a fresh build folder that is
discarded on failure (``narcokg.build``).
"""

from __future__ import annotations

import itertools
import os
import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import InputError

# One chunk is one ``bulk_load`` call. 128 MB chunks (16 sorted runs per index at 10M quads
# instead of 125) were measured slower: the load took 263 s against 178-219 s with 16 MB, at
# 1.7 GB instead of 0.45 GB (10M quads, shared machine, nice -10).
CHUNK_BYTES = 16 * 1024 * 1024
FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES}
_BNODE_LINE = re.compile(rb"^[^\n]*_:[^\n]*(?:\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class _Chunk:
    path: Path
    fmt: ox.RdfFormat
    start: int
    end: int


def dump_format(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError("only N-Quads (.nq) or N-Triples (.nt) dumps can be bulk-loaded "
                         f"(got {path.suffix or 'no extension'})", str(path))
    return fmt


def _chunks(path: Path, fmt: ox.RdfFormat, chunk_bytes: int) -> list[_Chunk]:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            bounds = [0]
            while bounds[-1] + chunk_bytes < size:
                f.seek(bounds[-1] + chunk_bytes)
                f.readline()  # to the end of the line the cut fell in
                bounds.append(f.tell())
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    bounds.append(size)
    return [_Chunk(path, fmt, a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _locate(path: Path, fmt: ox.RdfFormat, fallback: Exception) -> InputError:
    """Re-parse ``path`` (streaming, nothing stored) to report the first error's position."""
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as exc:
        return InputError(f"syntax error: {exc.msg}", str(path), exc.lineno, exc.offset)
    except (OSError, ValueError) as exc:
        return InputError(f"cannot parse: {exc}", str(path))
    return InputError(f"cannot load: {fallback}", str(path))


def load_dumps(db: ox.Store, paths, threads: int | None = None,
               chunk_bytes: int = CHUNK_BYTES, to_graph: ox.NamedNode | None = None) -> int:
    """Load every file of ``paths`` into ``db``; return the number of bytes read.

    ``to_graph`` puts the triples of N-Triples files into that graph (default graph
    otherwise); quads of N-Quads files keep their own graphs.
    """
    paths = [Path(p) for p in paths]
    work: queue.Queue[_Chunk] = queue.Queue()
    total = 0
    for path in paths:
        for chunk in _chunks(path, dump_format(path), chunk_bytes):
            work.put(chunk)
            total += chunk.end - chunk.start
    loading = _Loading(db, to_graph, work, {p: [] for p in paths})
    n = max(1, min(threads or os.cpu_count() or 1, work.qsize()))
    pool = [threading.Thread(target=loading.worker, name=f"narcokg-bulk-{i}") for i in range(n)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if loading.failures:
        raise _first_failure(loading.failures, paths) from None
    for path in paths:
        if loading.bnode_lines[path]:
            fmt = dump_format(path)
            try:
                loading.load(b"".join(loading.bnode_lines[path]), fmt)
            except (SyntaxError, ValueError) as exc:
                raise _locate(path, fmt, exc) from None
    return total


@dataclass
class _Loading:
    """What the loading threads share: the chunks still to load, the lines set aside for the
    blank-node load of each file, the failures (the first one stops every thread)."""
    db: ox.Store
    to_graph: ox.NamedNode | None
    work: queue.Queue
    bnode_lines: dict[Path, list[bytes]]
    failures: list[tuple[_Chunk, Exception]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self, data: bytes, fmt: ox.RdfFormat) -> None:
        to_graph = self.to_graph
        kwargs = {"to_graph": to_graph} if to_graph and fmt == ox.RdfFormat.N_TRIPLES else {}
        self.db.bulk_load(data, format=fmt, **kwargs)

    def worker(self) -> None:
        handles: dict[Path, object] = {}
        try:
            while not self.stop.is_set():
                try:
                    chunk = self.work.get_nowait()
                except queue.Empty:
                    return
                try:
                    self.load(self.read(chunk, handles), chunk.fmt)
                except (SyntaxError, ValueError, OSError) as exc:
                    with self.lock:
                        self.failures.append((chunk, exc))
                    self.stop.set()
        finally:
            for f in handles.values():
                f.close()

    def read(self, chunk: _Chunk, handles: dict) -> bytes:
        """The chunk's bytes without the lines that mention a blank node (set aside)."""
        f = handles.get(chunk.path) or handles.setdefault(chunk.path, chunk.path.open("rb"))
        f.seek(chunk.start)
        data = f.read(chunk.end - chunk.start)
        if b"_:" in data:
            found = _BNODE_LINE.findall(data)
            data = _BNODE_LINE.sub(b"", data)
            with self.lock:  # a last line may lack its newline: add it back
                self.bnode_lines[chunk.path].extend(
                    line if line.endswith(b"\n") else line + b"\n" for line in found)
        return data


def _first_failure(failures: list, paths: list[Path]) -> InputError:
    """The error of the first failed chunk (in the order of ``paths``), at its real line."""
    chunk, exc = min(failures, key=lambda f: (paths.index(f[0].path), f[0].start))
    if isinstance(exc, OSError) and not isinstance(exc, SyntaxError):
        return InputError(f"cannot read: {exc.strerror or exc}", str(chunk.path))
    return _locate(chunk.path, chunk.fmt, exc)
