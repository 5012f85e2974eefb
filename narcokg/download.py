"""Fetch a source file over HTTP(S) with a bounded timeout and size, written atomically.

``download_ofac_sdn(out_dir)`` fetches the current SDN list in OFAC's legacy CSV format from
Treasury's published URL and writes ``sdn-<YYYY-MM-DD>.csv`` (today's date, UTC), the name
that ``narcokg build --ofac-sdn`` reads the snapshot date from."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from narcokg.errors import InputError, NarcokgError

OFAC_SDN_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
TIMEOUT = 60.0
MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1 << 16


class DownloadError(NarcokgError):
    """The source could not be fetched; nothing was written."""


def fetch(url: str, dest: Path, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> int:
    """Write ``url`` to ``dest`` through a temporary file beside it; return the byte count.
    Only http(s); an answer shorter than its Content-Length is refused (a cut connection is
    not a snapshot); the file is on disk (fsync) before it takes its name."""
    from urllib.parse import urlsplit

    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"{url}: only http and https URLs are fetched; nothing was written")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    size, deadline = 0, time.monotonic() + timeout
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "narcokg"})
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as r:
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise DownloadError(f"{url}: {declared} bytes announced, over the "
                                    f"{max_bytes} byte limit; nothing was written")
            while chunk := r.read1(CHUNK):  # what has arrived, not a full CHUNK
                if time.monotonic() > deadline:  # a server that drips bytes cannot hold us
                    raise DownloadError(f"{url}: not complete within {timeout:g} s; nothing "
                                        "was written")
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadError(f"{url}: more than {max_bytes} bytes; nothing was "
                                        "written")
                out.write(chunk)
            if declared and declared.isdigit() and size != int(declared):
                raise DownloadError(f"{url}: {size} of {declared} announced bytes arrived "
                                    "(connection cut); nothing was written")
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise DownloadError(f"{url}: empty answer; nothing was written")
        os.replace(tmp, dest)
        return size
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DownloadError(f"{url}: {reason}; nothing was written") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def download_ofac_sdn(out_dir: str | Path, url: str = OFAC_SDN_URL, timeout: float = TIMEOUT,
                      today: dt.date | None = None) -> tuple[Path, int]:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder", str(out))
    day = today or dt.datetime.now(dt.UTC).date()
    dest = out / f"sdn-{day.isoformat()}.csv"
    return dest, fetch(url, dest, timeout=timeout)
