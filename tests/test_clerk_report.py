"""What a clerk sees: no Python noise for malformed values, which are shown as written;
missing references named with the nearest existing ids; wrong language tags named; input
errors, summary and severity words in nl and fr; complex paths and shapes written out;
sh:conforms false in the Turtle report whenever it holds a result."""

from __future__ import annotations

import json

import pytest
from test_validate import make_fixture_store

from narcokg.cli import main

ENTRY = """id: treaty/clerk-{key}
type: MemorandumOfUnderstanding
source: https://example.org/doc
prefLabel: {{en: "Clerk {key}", nl: "Klerk {key}", fr: "Greffier {key}"}}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return str(make_fixture_store(tmp_path_factory.mktemp("clerk") / "store"))


def run(capsys, tmp_path, body: str, *args, key="x") -> tuple[int, str, str]:
    path = tmp_path / f"{key}.yaml"
    path.write_text(ENTRY.format(key=key) + body, encoding="utf-8")
    code = main(["validate", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_malformed_values_shown_as_written_without_noise(capsys, tmp_path, store):
    body = ("party: [state/BE, state/MA]\nentryIntoForceDate: 17/10/1969\n"
            "hasClause:\n  - id: clause/x\n    type: Clause\n    clauseType: aml-cooperation\n"
            "    isBinding: legally binding\n")
    code, out, err = run(capsys, tmp_path, body, "--store", store)
    assert code == 1
    assert err == ""
    assert '"17/10/1969"' in out and '"legally binding"' in out
    assert '"false"' not in out and "^^xsd:boolean" not in out
    code, out, err = run(capsys, tmp_path, body, "--store", store, "--format", "json")
    values = {r["value"] for r in json.loads(out)["results"]}
    assert {"17/10/1969", "legally binding"} <= values and err == ""


def test_missing_references_say_so_and_suggest(capsys, tmp_path, store):
    body = "party: [state/BE, state/XZ, Colombia]\n"
    code, out, _ = run(capsys, tmp_path, body, "--store", store)
    assert code == 1
    assert "no state has the ISO 3166 code 'XZ'" in out
    assert "'Colombia' is not an id" in out and "did you mean state/CO?" in out


def test_missing_port_suggests_nearest(capsys, tmp_path, store):
    path = tmp_path / "post.yaml"
    path.write_text("id: liaison-post/clerk\ntype: LiaisonPost\nsource: https://example.org/doc\n"
                    "prefLabel: {en: P, nl: P, fr: P}\nsituatedIn: state/EC\n"
                    "prov:atLocation: port/EC-GYE\ncoversPort: port/ECGYQ\n", encoding="utf-8")
    assert main(["validate", str(path), "--store", store, "--lang", "nl"]) == 1
    out = capsys.readouterr().out
    assert "geen haven heeft de UN/LOCODE 'EC-GYE'; bedoelde u port/ECGYE" in out
    assert "geen haven heeft de UN/LOCODE 'ECGYQ'; bedoelde u port/ECGYE" in out


def test_wrong_language_tag_is_named(capsys, tmp_path, store):
    path = tmp_path / "tag.yaml"
    path.write_text("id: treaty/clerk-tag\ntype: MemorandumOfUnderstanding\n"
                    "source: https://example.org/doc\nnamedParty: [state/BE, state/MA]\n"
                    "prefLabel: {en: A, vl: B, fr: C, es: D}\n", encoding="utf-8")
    assert main(["validate", str(path), "--store", store]) == 1
    out = capsys.readouterr().out
    assert "language tag 'vl' is not BCP 47" in out and "did you mean nl?" in out
    assert "language tag 'es' is not one of en, nl, fr" in out


@pytest.mark.parametrize("lang, words", [
    ("nl", ["is NIET conform", "OVERTREDING", "overtreding(en)"]),
    ("fr", ["n'est PAS conforme", "VIOLATION", "avertissement(s)"]),
])
def test_summary_and_severities_translated(capsys, tmp_path, store, lang, words):
    code, out, _ = run(capsys, tmp_path, "party: state/XZ\n", "--store", store, "--lang", lang)
    assert code == 1 and all(w in out for w in words), out


@pytest.mark.parametrize("lang, text", [("nl", "onbekende sleutel 'partty'; bedoelde u party"),
                                        ("fr", "clé inconnue « partty »")])
def test_input_errors_translated(capsys, tmp_path, store, lang, text):
    code, _, err = run(capsys, tmp_path, "partty: state/BE\n", "--store", store, "--lang", lang)
    assert code == 2 and text in err and ":5:" in err


def test_sequence_path_and_shape_written_out(capsys, tmp_path, store):
    path = tmp_path / "sanction.yaml"
    path.write_text("id: sanction/clerk\ntype: SanctionMeasure\nsource: https://example.org/doc\n"
                    "prefLabel: {en: S, nl: S, fr: S}\nsanctionTarget: state/CO\n"
                    "underRegime: sanction-regime/no-basis\n", encoding="utf-8")
    main(["validate", str(path), "--store", store])
    assert "nkg:underRegime/nkg:legalBasis" in capsys.readouterr().out
    main(["validate", str(path), "--store", store, "--format", "json"])
    results = json.loads(capsys.readouterr().out)["results"]
    seq = [r for r in results if r["resultPath"] and "/<" in r["resultPath"]]
    assert seq and all(r["sourceShape"].startswith("https://w3id.org/narcokg/shapes#")
                       for r in results if r["sourceShape"])
    assert all(r["resultPath"] is not None for r in results if "Count" in
               r["sourceConstraintComponent"])


def test_entities_counted_and_turtle_conforms_false_with_warnings(capsys, tmp_path, store):
    path = tmp_path / "warn.yaml"  # no Dutch label: a warning only
    path.write_text("id: treaty/clerk-warn\ntype: MemorandumOfUnderstanding\n"
                    "source: https://example.org/doc\nnamedParty: [state/BE, state/MA]\n"
                    "prefLabel: {en: A, fr: C}\n", encoding="utf-8")
    assert main(["validate", str(path), "--store", store]) == 0
    out = capsys.readouterr().out
    assert "on 1 entity" in out and "1 warning(s)" in out
    assert main(["validate", str(path), "--store", store, "--format", "turtle"]) == 0
    assert "sh:conforms false" in capsys.readouterr().out
    path.write_text("id: treaty/clerk-ok\ntype: MemorandumOfUnderstanding\n"
                    "source: https://example.org/doc\nnamedParty: [state/BE, state/MA]\n"
                    "prefLabel: {en: A, nl: B, fr: C}\n", encoding="utf-8")
    assert main(["validate", str(path), "--store", store]) == 0
    assert "0 warning(s) on 1 entity" in capsys.readouterr().out
    assert main(["validate", str(path), "--store", store, "--format", "turtle"]) == 0
    assert "sh:conforms true" in capsys.readouterr().out
