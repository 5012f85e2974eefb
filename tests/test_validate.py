"""Validation of entries against the shapes: every example beside its expected verdict,
a differential test against plain pyshacl, and the CLI exit codes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import yaml

from narcokg.build import ontology_quads
from narcokg.cli import main
from narcokg.errors import InputError
from narcokg.loaders.profile import curie
from narcokg.loaders.sources import SourceRegistry
from narcokg.namespaces import ID, PREFIXES
from narcokg.validation import load_entries, validate_entries
from narcokg.validation.context import context_triples
from narcokg.validation.pyshacl_engine import validate_graph
from narcokg.validation.report import problems_from_report
from narcokg.validation.shapes import ontology_graph, shapes_graph, store_graph, to_rdflib

EXAMPLES = Path(__file__).parent / "examples"
ENTRY_SUFFIXES = {".yaml", ".ttl"}
SH = PREFIXES["sh"]


def example_files() -> list[Path]:
    return sorted(p for folder in ("valid", "invalid") for p in (EXAMPLES / folder).iterdir()
                  if p.suffix in ENTRY_SUFFIXES and not p.name.endswith(".expected.yaml"))


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.yaml")


def make_fixture_store(path: Path) -> Path:
    store = ox.Store(str(path))
    store.bulk_extend(list(ontology_quads()))
    store.bulk_extend(list(ox.parse(path=str(EXAMPLES / "store.trig"),
                                    format=ox.RdfFormat.TRIG)))
    store.flush()
    del store
    return path


@pytest.fixture(scope="session")
def registry() -> SourceRegistry:
    return SourceRegistry.from_dir(EXAMPLES)


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    return make_fixture_store(tmp_path_factory.mktemp("validate") / "store")


def short(iri: str | None) -> str | None:
    if iri is None:
        return None
    return iri[len(ID):] if iri.startswith(ID) else (curie(iri) or iri)


def verdict(problems) -> set[tuple]:
    return {(short(p.focus), short(p.path), p.component.removeprefix(SH)
             .removesuffix("ConstraintComponent"), p.severity) for p in problems}


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_verdict(path, fixture_store, registry):
    expected = yaml.safe_load(expected_path(path).read_text(encoding="utf-8"))
    result = validate_entries([path], fixture_store, registry=registry)
    assert verdict(result.problems) == {tuple(r) for r in expected["results"] or []}
    assert result.conforms is expected["conforms"]
    assert result.conforms is (path.parent.name == "valid")


def test_enough_examples():
    files = example_files()
    valid = [p for p in files if p.parent.name == "valid"]
    assert len(valid) >= 8 and len(files) - len(valid) >= 25
    assert {p.suffix for p in valid} == {".yaml", ".ttl"}


def test_every_example_has_its_verdict():
    for path in example_files():
        assert expected_path(path).exists(), path


# --- differential: the project's validation == plain pyshacl on the same data -------------

def plain(data) -> set[tuple]:
    from rdflib import URIRef
    _c, report, _t = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=None,
                                      inference="none")
    out = set()
    for r in report.objects(None, ox_sh("result")):
        path = report.value(r, ox_sh("resultPath"))
        out.add((str(report.value(r, ox_sh("focusNode"))),
                 str(path) if isinstance(path, URIRef) else "None",
                 str(report.value(r, ox_sh("sourceConstraintComponent")))))
    return out


def ox_sh(name):
    from rdflib import URIRef
    return URIRef(SH + name)


def triples_of(problems) -> set[tuple]:
    """SHACL results only: the entry checks (urn:narcokg:...) are not pyshacl's to find."""
    return {(p.focus, str(p.path) if p.path else "None", p.component) for p in problems
            if not p.component.startswith("urn:narcokg:")}


@pytest.mark.parametrize("path", example_files()[::3], ids=lambda p: p.name)
def test_differential_examples(path, fixture_store, registry):
    (entry,) = load_entries([path], registry)
    with ox_store(fixture_store) as store:
        data = to_rdflib(list(entry.quads) + context_triples(store, entry),
                         base=ontology_graph())
    ours = validate_entries([path], fixture_store, registry=registry).problems
    theirs = {t for t in plain(data) if t[0] in entry.subjects}
    assert triples_of(ours) == theirs


def test_differential_store(fixture_store):
    with ox_store(fixture_store) as store:
        data = store_graph(store)
    ours = validate_graph(data).problems
    assert ours  # the fixture has a regime without legal basis, ports without labels in en...
    assert triples_of(ours) == plain(data)


def ox_store(path):
    from narcokg.store import open_store
    return open_store(path)


def test_problems_filtered_to_focus(fixture_store, registry):
    problems, report = problems_from_report(
        pyshacl.validate(ontology_graph(), shacl_graph=shapes_graph(), inference="none")[1])
    assert problems == []


# --- no store, input errors, formats, CLI --------------------------------------------------

def test_without_store_says_so(tmp_path, registry):
    path = EXAMPLES / "valid" / "liaison-post.yaml"
    result = validate_entries([path], tmp_path / "none", registry=registry)
    assert result.conforms and any("ontology only" in n for n in result.notes)


def test_parse_error_is_input_error(tmp_path, registry):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: treaty/x\ntype: Treaty\nsource: ex-doc\nparty: [state/BE\n")
    with pytest.raises(InputError) as exc:
        validate_entries([bad], tmp_path / "none", registry=registry)
    assert exc.value.line is not None


def test_cli_exit_codes_and_formats(tmp_path, fixture_store, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: treaty/x\nnotakey: 1\n")
    assert main(["validate", str(bad), "--store", str(fixture_store)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
    # curated-data sources are not the test registry, so use URLs directly
    entry = tmp_path / "bilateral.yaml"
    entry.write_text("id: treaty/cli-test\ntype: BilateralTreaty\n"
                     "source: https://example.org/doc\n"
                     "prefLabel: {en: CLI test}\nparty: state/BE\n")
    assert main(["validate", str(entry), "--store", str(fixture_store), "--lang", "fr"]) == 1
    out = capsys.readouterr().out
    assert "deux parties distinctes" in out and "CLI test" in out
    assert main(["validate", str(entry), "--store", str(fixture_store),
                 "--format", "json"]) == 1
    assert '"sourceConstraintComponent"' in capsys.readouterr().out
    assert main(["validate", str(entry), "--store", str(fixture_store),
                 "--format", "turtle"]) == 1
    assert "sh:ValidationReport" in capsys.readouterr().out


CONSTRAINTS = ["minCount", "maxCount", "class", "datatype", "pattern", "node", "or", "not",
               "in", "hasValue", "uniqueLang", "qualifiedMinCount", "nodeKind",
               "minInclusive", "maxInclusive", "languageIn", "lessThanOrEquals", "select"]


def test_every_constraint_has_messages_in_three_languages():
    from rdflib import RDF, URIRef

    g = shapes_graph()
    sh = {n: URIRef(SH + n) for n in CONSTRAINTS + ["not", "qualifiedValueShape", "message",
                                                     "severity"]}
    nested = set(g.objects(None, RDF.first)) | set(g.objects(None, sh["not"])) | \
        set(g.objects(None, sh["qualifiedValueShape"]))
    bearing = {s for c in CONSTRAINTS for s in g.subjects(sh[c], None)} - nested
    assert len(bearing) > 100
    for node in bearing:
        langs = {m.language for m in g.objects(node, sh["message"])}
        assert {"en", "nl", "fr"} <= langs, node
        if g.value(node, sh["select"]) is None:  # a SPARQL constraint takes its shape's
            assert g.value(node, sh["severity"]) is not None or \
                g.value(None, URIRef(SH + "property"), node) is None, node
