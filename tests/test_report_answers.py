"""The tracker's answers for the three languages from one evaluation per query
(``narcokg.report.answers``): the same rows in the same order as one run per language, and
the same tracker; a query whose ``?lang`` a top-level VALUES would not reach is run per
language."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.query import load_query, run_query
from narcokg.report import Answers, build_report
from narcokg.report.answers import lang_at_top_level
from narcokg.resources import query_files

FIXTURE = Path(__file__).parent / "fixtures" / "queries-fixture.trig"
TRACKER_QUERIES = [  # with the parameters the tracker gives them
    ("resolution-considerations-and-demands", {}), ("demand-responses", {}),
    ("demand-related-instruments", {}), ("reporting-obligation-items", {}),
    ("coverage-statements", {}), ("designated-states-without-sanction", {"all": "true"}),
    ("sanctions-by-target-state", {}), ("readmission-obligation-for-origin-state", {}),
    ("strategic-ports-without-liaison-post", {}), ("mercosur-members-convention-status", {}),
]


@pytest.fixture(scope="module")
def store():
    db = ox.Store()
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return db


@pytest.mark.parametrize(("qid", "params"), TRACKER_QUERIES)
def test_one_evaluation_gives_each_language_its_own_rows(store, qid, params):
    answers = Answers(store)
    for lang in ("en", "nl", "fr"):
        alone = run_query(qid, params, lang=lang, db=store).dicts()
        assert answers.q(lang)(qid, **params) == alone, (qid, lang)


def test_the_tracker_is_the_same_in_every_language(store):
    answers = Answers(store)
    for lang in ("en", "nl", "fr"):
        assert build_report(lang, "html", store=store, for_release=True, answers=answers) == \
            build_report(lang, "html", store=store, for_release=True)


def test_every_query_with_a_lang_parameter_is_checked():
    for path in query_files():
        qdef = load_query(path.stem)
        if qdef.param("lang") is not None:
            assert isinstance(lang_at_top_level(qdef.text), bool)


@pytest.mark.parametrize(("text", "shared"), [
    ("SELECT ?x ?lang WHERE { ?x ?p ?o FILTER(lang(?o) = ?lang) }", True),
    ("SELECT ?x ?lang WHERE { ?x ?p ?o BIND(?lang AS ?k) }", True),
    ("SELECT ?x ?lang WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?l FILTER(lang(?l) = ?lang) } }", True),
    # evaluated without the outer bindings: run per language
    ("SELECT ?x ?lang WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?l BIND(?lang AS ?k) } }", False),
    ("SELECT ?x ?lang WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?l FILTER(true) BIND(?lang AS ?k) } }",
     False),
    ("SELECT ?x ?lang WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?l FILTER EXISTS { ?l ?r ?lang } } }",
     False),
    ("SELECT ?x ?lang WHERE { { ?x ?p ?o FILTER(lang(?o) = ?lang) } UNION { ?x ?p ?o } }", False),
    ("SELECT ?x ?lang WHERE { { SELECT ?x WHERE { ?x ?p ?o FILTER(lang(?o) = ?lang) } } }",
     False),
    ("SELECT ?x ?lang WHERE { { SELECT ?x ?lang WHERE { ?x ?p ?o } } }", False),
    ("SELECT ?x ?lang WHERE { ?x ?p ?o MINUS { ?x ?q ?lang } }", False),
    # not projected: the rows could not be told apart
    ("SELECT ?x WHERE { ?x ?p ?o FILTER(lang(?o) = ?lang) } ORDER BY ?lang", False),
])
def test_which_queries_share_one_evaluation(text, shared):
    assert lang_at_top_level(text) is shared


def test_a_query_run_per_language_gives_the_same_rows(store, monkeypatch):
    from narcokg.report import answers as module

    monkeypatch.setattr(module, "lang_at_top_level", lambda _text: False)
    shared = Answers(store)
    for lang in ("en", "nl", "fr"):
        assert shared.q(lang)("sanctions-by-target-state") == \
            run_query("sanctions-by-target-state", lang=lang, db=store).dicts()
