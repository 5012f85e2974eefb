"""Incremental pages: a digest per resource page, kept in the release (``pages.digests``), so
the next ``publish`` rewrites only the pages whose inputs changed and hard-links the others
from the release before (same file, same inode and mtime: nothing is rewritten).

A page's digest covers everything its three files are made from:

- the statements about the resource, its blank nodes and its events, with their graphs;
- the resources pointing to it and their counts, and (for a named graph) its size;
- the labels of every IRI the page shows (a renamed neighbour changes the page);
- the site: the package version, the JSON-LD context, the sources and their titles, the
  licence, and the source of the code that renders pages (``narcokg/publication/*.py``),
  so a new renderer rewrites every page.

Blank-node ids are part of the digest: a store rebuilt from files gives its blank nodes new
ids, and then their pages are rewritten (their Turtle and JSON-LD name the ids).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox

MANIFEST = "pages.digests"  # gzip text, one "digest<TAB>iri" line per page
CONTENT = "content.digest"  # JSON: the digest of what dumps, ontology, tracker are made of
_CODE = Path(__file__).resolve().parent
_PACKAGE = _CODE.parent
_NOT_CONTENT = ("LOG", "LOCK")  # RocksDB's info log and lock: no data


def site_fingerprint(site, version: str) -> str:
    """What every page depends on besides its own inputs."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(_CODE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    shared = {"version": version, "context": site.context, "license": site.license_iri,
              "suffix": site.link_suffix, "root": site.root,
              "sources": sorted((g, sorted(map(list, docs))) for g, docs in site.sources.items())}
    h.update(json.dumps(shared, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)


def named_iris(view):
    """Every IRI a page's digest reads the labels of: those the page names
    (``view.named()``), the datatypes of its literals and the graphs of its statements."""
    yield from view.named()
    for stmts in (view.statements, *view.blank.values(), *view.events.values()):
        for s in stmts:
            if isinstance(s.object, ox.Literal):
                yield s.object.datatype.value
            yield from s.graphs


def page_digest(view, site, fingerprint: str) -> str:
    """The digest of one page's inputs (see the module doc)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(fingerprint.encode())

    def add(*parts) -> None:
        h.update("\x1f".join(parts).encode("utf-8", "surrogatepass") + b"\x1e")

    add("iri", view.iri, str(view.size))
    for key, stmts in (("", view.statements), *sorted(view.blank.items()),
                       *sorted(view.events.items())):
        for s in sorted(stmts, key=lambda s: (s.predicate.value, _term(s.object))):
            add("s", key, s.predicate.value, _term(s.object), *s.graphs)
    for s, p in view.inbound:
        add("in", s, p)
    for p, n in sorted(view.inbound_counts.items()):
        add("n", p, str(n))
    for iri in sorted(set(named_iris(view))):
        labels = site.labels.get(iri)
        if labels:
            add("label", iri, *(f"{k}={v}" for k, v in sorted(labels.items())))
    return h.hexdigest()


def read_manifest(release: Path | None) -> dict[str, str]:
    """{iri: digest} of a release, or {} when it has none (or is unreadable)."""
    if release is None:
        return {}
    try:
        with gzip.open(release / MANIFEST, "rt", encoding="utf-8") as f:
            return dict(line.rstrip("\n").split("\t", 1)[::-1] for line in f if "\t" in line)
    except (OSError, EOFError, ValueError):
        return {}


def write_manifest(release: Path, digests: dict[str, str]) -> None:
    with gzip.open(release / MANIFEST, "wt", encoding="utf-8", compresslevel=1) as f:
        for iri in sorted(digests):
            f.write(f"{digests[iri]}\t{iri}\n")


def reuse(previous: Path, build: Path, path: str, suffixes) -> bool:
    """Hard-link the files (one per suffix) of the page at ``path`` from the release before
    into the new one; False (and nothing left half-linked) when any cannot be linked."""
    return link_files(previous, build, [path + suffix for suffix in suffixes])


def content_digests(store: Path, context: dict, version: str) -> dict[str, str]:
    """What the dumps, the ontology files and the tracker are each made from, without
    reading the data: the store's files (name, size, modification time: a write changes at
    least one, a rebuilt store is another folder), the version and the code and files each
    part depends on (dumps: the JSON-LD context and this package's publication code;
    ontology: the ontology, schemes and shapes; tracker: the whole package and the
    queries). Equal digests mean an unchanged part; a false "changed" only costs a rewrite."""
    from narcokg import resources

    real = store.resolve()
    files = [f"{p.name}\0{p.stat().st_size}\0{p.stat().st_mtime_ns}"
             for p in sorted(real.iterdir()) if not p.name.startswith(_NOT_CONTENT)]
    held = [f"{real}\0{version}", *files]
    code = sorted(_CODE.glob("*.py"))
    return {
        "dumps": _digest([*held, json.dumps(context, sort_keys=True)], code),
        "ontology": _digest([version], [*code, *resources.ontology_files(),
                                        *resources.ontology_version_files().values(),
                                        *resources.shape_files()]),
        "tracker": _digest(held, [*_PACKAGE.rglob("*.py"), *resources.query_files()]),
    }


def _digest(texts: list[str], paths) -> str:
    h = hashlib.blake2b(digest_size=16)
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass") + b"\n")
    for path in sorted(paths):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def read_content(release: Path | None) -> dict:
    """{"digests": {part: digest}, "triples"} of a release, or {} when it has none."""
    try:
        found = json.loads((release / CONTENT).read_text("utf-8")) if release else {}
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_content(release: Path, digests: dict[str, str], triples: int) -> None:
    (release / CONTENT).write_text(json.dumps({"digests": digests, "triples": triples})
                                   + "\n", "utf-8")


def link_tree(previous: Path, build: Path, folders) -> bool:
    """Hard-link every file under ``folders`` (relative to the release) from the release
    before; False (nothing left half-linked) when any is missing or cannot be linked."""
    import shutil

    names = [str(f.relative_to(previous)) for folder in folders
             for f in sorted((previous / folder).rglob("*")) if f.is_file()]
    if names and all((previous / f).is_dir() for f in folders) and \
            link_files(previous, build, names):
        return True
    for folder in folders:  # no empty folder left in the way of writing them afresh
        shutil.rmtree(build / folder, ignore_errors=True)
    return False


def link_files(previous: Path, build: Path, names) -> bool:
    """Hard-link ``names`` (paths relative to the release) from the release before; False
    (and nothing left half-linked) when any of them cannot be linked."""
    made = []
    try:
        for name in names:
            target = build / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(previous / name, target)
            made.append(target)
    except OSError:
        for target in made:
            target.unlink(missing_ok=True)
        return False
    return True
