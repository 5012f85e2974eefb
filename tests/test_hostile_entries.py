"""Hostile entry files through the CLI (issue 13): `narcokg validate FILE` and `narcokg add
FILE` each end in one line on stderr naming the file, exit 2, nothing stored, and bounded
time (every run has a timeout, so a hang fails instead of stalling the suite)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narcokg.errors import InputError, NarcokgError
from narcokg.loaders.entries import load_entry_file
from narcokg.loaders.sources import Source, SourceRegistry
from narcokg.loaders.yamlsafe import read_bytes

try:
    from .test_validate import make_fixture_store
except ImportError:
    from test_validate import make_fixture_store

NARCOKG = [sys.executable, "-m", "narcokg.cli"]
ENTRY = "id: treaty/hostile\ntype: Treaty\nsource: https://example.org/doc\n"
LAUGHS = "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
                 for a, b in zip("abcdefgh", "bcdefghi", strict=True))
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + LAUGHS
TTL = "<https://w3id.org/narcokg/id/treaty/hostile> "
DCT = "<http://purl.org/dc/terms/source> "

# file name -> (content, fragment of the one-line error)
CASES = {
    "billion-laughs.yaml": (ENTRY + LAUGHS, "anchor &a is not allowed"),
    "recursive-alias.yaml": (ENTRY + "party: &a [*a]\n", "anchor &a is not allowed"),
    "alias-label.yaml": (ENTRY + "prefLabel: &l {en: x}\naltLabel: *l\n", "anchor &l"),
    "deep.yaml": (ENTRY + "party: " + "[" * 20000 + "]" * 20000 + "\n", "nesting deeper"),
    "deep-map.yaml": (ENTRY + "party: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n",
                      "nesting deeper"),
    "deep.jsonld": ('{"@id": "https://w3id.org/narcokg/id/treaty/x", "http://x/p": '
                    + "[" * 100000 + "]" * 100000 + "}", "nested deeper"),
    "unknown-document.ttl": (TTL + DCT + "<https://w3id.org/narcokg/id/document/nope> .\n",
                             "unknown source document"),
    "literal-source.ttl": (TTL + DCT + '"ex-doc" .\n', "not the literal 'ex-doc'"),
    "urn-source.ttl": (TTL + DCT + "<urn:x:y> .\n", "only http and https"),
    "space-url.yaml": (ENTRY.replace("https://example.org/doc", '"http://a b"'),
                       "'http://a b' is not a valid URL"),
    "source-list.yaml": (ENTRY.replace("https://example.org/doc", "[a, b]"),
                         "'source' must be a source key"),
    "lang-newline.yaml": (ENTRY + 'prefLabel: {"en\\n": x}\n', r"'en\n' is not a BCP 47"),
    "nul.yaml": (ENTRY + 'prefLabel: {en: "a\\0b"}\n', "control character U+0000"),
    "escape.yaml": (ENTRY + 'prefLabel: {en: "\\e[31mred"}\n', "control character U+001B in"
                    " the value of 'en'"),
    "del.yaml": (ENTRY + 'note: "a\\x7f"\n', "U+007F"),
    "c1.yaml": (ENTRY + 'prefLabel: {en: "a\\x9b2J"}\n', "U+009B"),
    "surrogate.yaml": (ENTRY + 'prefLabel: {en: "a\\ud800"}\n', "lone surrogate U+D800"),
    "private-use-iri.yaml": (ENTRY + 'textSource: "https://example.org/\ue000"\n',
                             "is not a valid IRI"),
    "raw-escape.yaml": (ENTRY + "prefLabel: {en: a\x1b[2Jb}\n", "U+001B"),
    "ctrl-key.yaml": (ENTRY + '"pref\\eLabel": x\n', "U+001B"),
    "raw-escape-iri.ttl": ("<http://a/\x1b[2J> <http://b> \"x\" .\n",
                           r"Invalid IRI code point '\u001B'"),
    "escape.ttl": (TTL + DCT + '<https://example.org/doc> ; <http://www.w3.org/2004/02/skos/'
                   'core#prefLabel> "\\u001B[2J"@en .\n', "control character U+001B"),
    "nul.jsonld": ('{"@id": "https://w3id.org/narcokg/id/treaty/x", "http://purl.org/dc/terms/'
                   'source": {"@id": "https://example.org/doc"}, "http://x/p": "a\\u0000"}',
                   "U+0000"),
    "javascript-source.yaml": (ENTRY.replace("https://example.org/doc",
                                             '"javascript://%0aalert(1)"'),
                               "only http and https"),
    "javascript-text.yaml": (ENTRY + 'textSource: "javascript://%0aalert(1)"\n',
                             "only http and https"),
    "data-text.yaml": (ENTRY + "textSource: data:text/html;base64,PHNjcmlwdD4=\n",
                       "unknown prefix 'data:'"),
    "javascript-id.yaml": (ENTRY.replace("treaty/hostile", "javascript:alert(1)"),
                           "unknown prefix 'javascript:'"),
    "javascript-text.ttl": (TTL + DCT + "<https://example.org/doc> ; <https://w3id.org/narcokg/"
                            "ontology#textSource> <javascript:alert(1)> .\n",
                            "only http and https"),
    "type-mapping.yaml": (ENTRY.replace("type: Treaty", "type: {a: b}"),
                          "'type' is a class name"),
    "dcterms-source-key.yaml": (ENTRY + "dcterms:source: document/x\n", "with 'source:'"),
}


def _special_files(folder: Path) -> dict[str, str]:
    """Paths that are not regular files -> fragment of the expected error."""
    (folder / "folder.yaml").mkdir()
    os.mkfifo(folder / "fifo.yaml")
    (folder / "zero.ttl").symlink_to("/dev/zero")
    (folder / "urandom.jsonld").symlink_to("/dev/urandom")
    return {"folder.yaml": "is a directory", "fifo.yaml": "is a FIFO",
            "zero.ttl": "is a character device", "urandom.jsonld": "is a character device"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = {}
    for name, (content, fragment) in CASES.items():
        (folder / name).write_text(content, encoding="utf-8")
        cases[folder / name] = fragment
    for name, fragment in _special_files(folder).items():
        cases[folder / name] = fragment
    return cases


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return make_fixture_store(tmp_path_factory.mktemp("hostile-store") / "store")


def _quad_count(path: Path) -> int:
    db = ox.Store.read_only(str(path))
    try:
        return len(db)
    finally:
        del db


def _run(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, NARCOKG_LOCK_TIMEOUT="5")
    return subprocess.run(NARCOKG + args, capture_output=True, text=True, timeout=30, env=env)


def _assert_one_line_error(done: subprocess.CompletedProcess, path: Path, fragment: str):
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr + done.stdout
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"narcokg: error: {path}"), lines[0]
    assert fragment in lines[0], lines[0]
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", lines[0]), repr(lines[0])


def test_every_case_is_exercised(hostile):
    assert len(hostile) == len(CASES) + 4


@pytest.mark.parametrize("command", ["validate", "add"])
def test_hostile_file_is_one_line_exit_2_nothing_stored(hostile, store, command):
    before = _quad_count(store)
    for path, fragment in hostile.items():
        done = _run([command, str(path), "--store", str(store)])
        _assert_one_line_error(done, path, fragment)
    assert _quad_count(store) == before


def test_limit_holds_on_bytes_read_not_on_st_size():
    proc = Path("/proc/self/maps")  # a regular file whose st_size is 0
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("needs Linux /proc")
    with pytest.raises(InputError, match="larger than 64 bytes"):
        read_bytes(proc, limit=64)


VALUES = st.one_of(st.text(max_size=12), st.sampled_from(
    ["javascript:x", "data:,x", "http://a b", "https://example.org/doc", "urn:x", "state/BE"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["prefLabel", "textSource", "party", "source", "id", "x"]),
       value=VALUES, lang=st.text(max_size=4))
def test_every_refusal_is_one_printable_line(tmp_path_factory, key, value, lang):
    import json

    path = tmp_path_factory.mktemp("fuzz") / "e.yaml"
    fields = {"id": "treaty/x", "type": "Treaty", "source": "ex",
              key: {lang: value} if key == "prefLabel" else value}
    path.write_text(json.dumps(fields), encoding="utf-8")  # JSON is YAML: every value quoted
    try:
        load_entry_file(path, SourceRegistry({"ex": Source("ex", "https://example.org/doc")}))
    except NarcokgError as exc:
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", str(exc)), repr(str(exc))
