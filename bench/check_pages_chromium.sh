#!/bin/sh
# Render a published resource page in headless Chromium to a PNG and check it is not empty.
# Not a test (Chromium is not installed in CI). Needs Debian `chromium`.
#
#   bench/check_pages_chromium.sh [RELEASE_DIR] [PAGE]
#
# Without RELEASE_DIR it publishes the test fixture into a temporary folder first.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium not installed (apt-get install -y chromium)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RELEASE=${1:-}
PAGE=${2:-id/state/BE.html}
if [ -z "$RELEASE" ]; then
    "$ROOT/.venv/bin/python" - "$WORK" <<'PY'
import sys
from pathlib import Path
import pyoxigraph as ox
from narcokg.publication import publish
work = Path(sys.argv[1])
db = ox.Store(str(work / "store"))
db.load(path="tests/fixtures/publish-fixture.trig", format=ox.RdfFormat.TRIG)
db.flush()
del db
publish(work / "site", store=work / "store")
PY
    RELEASE="$WORK/site"
fi
[ -f "$RELEASE/$PAGE" ] || { echo "no page $RELEASE/$PAGE" >&2; exit 2; }

NAME=$(echo "$PAGE" | tr '/' '_' | sed 's/\.html$//')
PNG="$OUT/$NAME.png"
rm -f "$PNG"
timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/profile" --window-size=1200,900 \
    --screenshot="$PNG" "file://$(cd "$RELEASE" && pwd -P)/$PAGE" >"$WORK/chromium.log" 2>&1 || {
    cat "$WORK/chromium.log" >&2; exit 1; }
SIZE=$(stat -c %s "$PNG" 2>/dev/null || echo 0)
[ "$SIZE" -gt 1000 ] || { echo "screenshot missing or empty: $PNG ($SIZE bytes)" >&2; exit 1; }
# a blank page compresses to almost nothing; a rendered table does not
"$ROOT/.venv/bin/python" - "$PNG" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
distinct = len(set(raw[i:i + 3] for i in range(0, min(len(raw), 3_000_000), 3)))
assert distinct > 20, f"the page looks blank ({distinct} distinct pixel values)"
print(f"ok: {sys.argv[1]} ({len(data)} bytes, {distinct} distinct pixel values)")
PY
