"""The entry reader: keys and typing derived from the ontology, errors with file and line."""

import pytest

from narcokg.errors import InputError
from narcokg.loaders.entries import load_entry_file
from narcokg.loaders.sources import Source, SourceRegistry

NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = "https://example.org/treaty-text"


@pytest.fixture
def registry():
    return SourceRegistry({"ex": Source("ex", DOC, "Example source")})


def write(tmp_path, text, name="entry.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


TREATY = """id: treaty/be-xx-test
type: BilateralTreaty
source: ex
prefLabel: {en: Test treaty, nl: Testverdrag, fr: Traité test}
party: [state/BE, state/MA]
instrumentStatus: in-force
entryIntoForceDate: 2005-05-01
hasClause:
  - id: clause/extradition
    type: Clause
    clauseType: extradition
hasEvent:
  - id: participation/BE-signature
    type: ParticipationRecord
    participant: state/BE
    eventType: signature
    date: 1997-07
  - id: participation/MA-party
    type: ParticipationRecord
    participant: state/MA
    eventType: party
    latestDate: 2003
    source: https://example.org/other
"""


def triples(entry):
    return {(q.subject.value, q.predicate.value, q.object.value,
             getattr(q.object, "datatype", None) and q.object.datatype.value,
             q.graph_name.value) for q in entry.quads}


def test_yaml_entry_maps_to_ontology_terms(tmp_path, registry):
    e = load_entry_file(write(tmp_path, TREATY), registry)
    t = triples(e)
    root = ID + "treaty/be-xx-test"
    g = "https://w3id.org/narcokg/graph/source/ex"
    assert e.root == root
    assert (root, NKG + "party", ID + "state/MA", None, g) in t
    assert (root, NKG + "instrumentStatus",
            "https://w3id.org/narcokg/vocab/instrument-status/in-force", None, g) in t
    assert (root, NKG + "entryIntoForceDate", "2005-05-01", XSD + "date", g) in t
    clause = root + "/clause/extradition"
    assert (root, NKG + "hasClause", clause, None, g) in t
    sig = root + "/participation/BE-signature"
    assert (sig, NKG + "date", "1997-07", XSD + "gYearMonth", g) in t


def test_nested_record_can_cite_its_own_source(tmp_path, registry):
    e = load_entry_file(write(tmp_path, TREATY), registry)
    rec = ID + "treaty/be-xx-test/participation/MA-party"
    graphs = {q.graph_name.value for q in e.quads if q.subject.value == rec}
    assert len(graphs) == 1 and graphs.pop().startswith("https://w3id.org/narcokg/graph/source/url-")
    t = triples(e)
    assert (rec, NKG + "latestDate", "2003", XSD + "gYear", next(
        q.graph_name.value for q in e.quads if q.subject.value == rec)) in t


def test_every_subject_cites_its_document_in_its_graph(tmp_path, registry):
    e = load_entry_file(write(tmp_path, TREATY), registry)
    src = "http://purl.org/dc/terms/source"
    for q in e.quads:
        assert any(p.subject == q.subject and p.graph_name == q.graph_name
                   and p.predicate.value == src for p in e.quads)


@pytest.mark.parametrize("text,line,fragment", [
    ("id: treaty/x\ntype: Treaty\nsource: ex\nprty: [state/BE]\n", 4, "unknown key 'prty'"),
    ("id: treaty/x\ntype: Traety\nsource: ex\n", 2, "unknown class 'Traety'"),
    ("id: treaty/x\ntype: Treaty\nsource: nowhere\n", 3, "unknown source 'nowhere'"),
    ("id: treaty/x\ntype: Treaty\n", 1, "has no 'source'"),
    ("id: treaty/x\ntype: Treaty\nsource: ex\nsource: ex\n", 4, "duplicate key 'source'"),
    ("id: treaty/x\ntype: !!python/object:os.system Treaty\nsource: ex\n", 2, "not allowed"),
    ("id: treaty/x\ntype: Treaty\nsource: ex\nparty: state/B E\n", 4, "not a valid IRI"),
    ("id: treaty/x\ntype: Treaty\nsource: ex\nprefLabel: {e n: x}\n", 4, "BCP 47"),
    ("id: treaty/x\n  type: [Treaty\n", 2, "YAML syntax error"),
])
def test_errors_name_file_and_line(tmp_path, registry, text, line, fragment):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_entry_file(p, registry)
    assert exc.value.line == line, str(exc.value)
    assert fragment in str(exc.value)
    assert str(exc.value).startswith(f"{p}:{line}")


def test_invalid_date_is_kept_for_validation_to_report(tmp_path, registry):
    text = "id: treaty/x\ntype: Treaty\nsource: ex\nentryIntoForceDate: 2024-13-45\n"
    e = load_entry_file(write(tmp_path, text), registry)
    lit = next(q.object for q in e.quads if q.predicate.value == NKG + "entryIntoForceDate")
    assert lit.value == "2024-13-45"


@pytest.mark.parametrize("content,fragment", [
    (b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"id: \xff\xfe\n", "UTF-8")])
def test_unreadable_files_are_input_errors(tmp_path, registry, content, fragment):
    p = tmp_path / "bad.yaml"
    p.write_bytes(content)
    with pytest.raises(InputError, match=fragment):
        load_entry_file(p, registry)


def test_turtle_entry_goes_to_its_sources_graph(tmp_path, registry):
    ttl = f"""@prefix nkg: <{NKG}> . @prefix dcterms: <http://purl.org/dc/terms/> .
<{ID}treaty/t> a nkg:Treaty ; dcterms:source <{DOC}> ; nkg:party <{ID}state/BE> ;
  nkg:hasClause <{ID}treaty/t/clause/aml> .
<{ID}treaty/t/clause/aml> a nkg:Clause .
"""
    e = load_entry_file(write(tmp_path, ttl, "t.ttl"), registry)
    assert e.root == ID + "treaty/t"
    assert {q.graph_name.value for q in e.quads} == {"https://w3id.org/narcokg/graph/source/ex"}


def test_turtle_syntax_error_has_line_and_column(tmp_path, registry):
    p = write(tmp_path, '<http://a> <http://b> "open .\n', "bad.ttl")
    with pytest.raises(InputError) as exc:
        load_entry_file(p, registry)
    assert exc.value.line == 1 and exc.value.column is not None


def test_jsonld_remote_context_is_refused(tmp_path, registry):
    p = write(tmp_path, '{"@context": "https://example.org/ctx.jsonld", "@id": "x"}', "e.jsonld")
    with pytest.raises(InputError, match="not fetched"):
        load_entry_file(p, registry)


def test_a_value_can_cite_its_own_source(tmp_path, registry):
    text = ("id: treaty/x\ntype: Treaty\nsource: ex\nparty:\n  - state/BE\n"
            "  - {value: state/CL, source: https://example.org/copy}\n")
    e = load_entry_file(write(tmp_path, text), registry)
    graphs = {q.object.value: q.graph_name.value for q in e.quads
              if q.predicate.value == NKG + "party"}
    assert graphs[ID + "state/BE"] == "https://w3id.org/narcokg/graph/source/ex"
    assert graphs[ID + "state/CL"].startswith("https://w3id.org/narcokg/graph/source/url-")
    root_sources = {q.object.value for q in e.quads if q.subject.value == ID + "treaty/x"
                    and q.predicate.value == "http://purl.org/dc/terms/source"}
    assert root_sources == {DOC, "https://example.org/copy"}
