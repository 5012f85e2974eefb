"""Yasgui's JavaScript and CSS, taken from the installed ``oxigraph`` package.

The ``oxigraph`` wheel (a dependency: ``narcokg`` runs its server in tests and for ``push``)
ships no loose web files: its one file is the ``oxigraph`` executable, which embeds
Yasgui (``yasgui.min.js`` and ``yasgui.min.css``, served by ``oxigraph serve`` at
``/yasgui.min.js`` and ``/yasgui.min.css``) as plain bytes. They are read from there, once,
between their own first and last lines, so the query UI needs no CDN and no network, and
keeps the version the installed oxigraph was built with.
"""

from __future__ import annotations

import shutil
import sys
from functools import cache
from pathlib import Path

from narcokg.errors import NarcokgError

JS_START = b"/*! For license information please see yasgui.min.js.LICENSE.txt */"
JS_END = b"//# sourceMappingURL=yasgui.min.js.map"
CSS_END = b"/*# sourceMappingURL=yasgui.min.css.map*/"
MEDIA = {"yasgui.min.js": "application/javascript", "yasgui.min.css": "text/css"}


class AssetError(NarcokgError):
    """Yasgui could not be found in the installed oxigraph package."""


def oxigraph_binary() -> Path:
    """The ``oxigraph`` executable of the installed ``oxigraph`` package."""
    from importlib import metadata

    try:
        dist = metadata.distribution("oxigraph")
        for entry in dist.files or []:
            if entry.name in ("oxigraph", "oxigraph.exe"):
                path = Path(str(dist.locate_file(entry))).resolve()
                if path.is_file():
                    return path
    except metadata.PackageNotFoundError:
        pass
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) \
        or shutil.which("oxigraph")
    if found:
        return Path(found)
    raise AssetError("the query UI needs the `oxigraph` package (pip install oxigraph), "
                     "whose server ships Yasgui")


@cache
def yasgui() -> dict[str, bytes]:
    """``{"yasgui.min.js": ..., "yasgui.min.css": ...}`` from the oxigraph executable."""
    binary = oxigraph_binary()
    data = binary.read_bytes()
    start = data.find(JS_START)
    js_end = data.find(JS_END, start) if start >= 0 else -1
    css_end = data.find(CSS_END, js_end) if js_end >= 0 else -1
    if min(start, js_end, css_end) < 0 or css_end - js_end > 4 << 20:
        raise AssetError(f"no Yasgui found inside {binary} (oxigraph's server changed how "
                         "it ships its UI?)")
    js_stop = js_end + len(JS_END)
    return {"yasgui.min.js": data[start:js_stop],
            "yasgui.min.css": data[js_stop:css_end + len(CSS_END)]}
