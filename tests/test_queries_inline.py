"""Parameters written into a query's groups as constants (narcokg.query_inline) answer exactly
as pyoxigraph's ``substitutions=`` do, for every competency query and every parameter set
the pinned answers use, in every language; only the plan changes (issue 19)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from test_queries import EXPECTED, INJECTIONS, QUERIES, fixture_store  # noqa: F401

from narcokg import query as Q
from narcokg.query_inline import inline_terms

CASES = [(q.id, {}, lang) for q in QUERIES for lang in ("en", "nl", "fr", "")] + [
    (c[0], c[1], "en") for c in EXPECTED if c[1]] + [
    ("latam-states-without-clause-type", {"lang": INJECTIONS[0]}, "en")]


def substituted(store, qdef, terms) -> Counter:
    """The answer as pyoxigraph's substitutions give it (the binding used before)."""
    subs = {ox.Variable(n): t for n, t in terms.items()}
    solutions = store.query(qdef.text, use_default_graph_as_union=True, substitutions=subs)
    columns = [v.value for v in solutions.variables]
    keep = [i for i, c in enumerate(columns) if qdef.param(c) is None]
    return Counter(tuple(s[i] for i in keep) for s in solutions)


@pytest.mark.parametrize("qid,params,lang", CASES,
                         ids=[f"{c[0]}-{c[2] or 'none'}-{i}" for i, c in enumerate(CASES)])
def test_inlined_parameters_answer_as_substitutions(fixture_store, qid, params, lang):  # noqa: F811
    qdef = Q.load_query(qid)
    terms = Q.bindings(qdef, params, lang=lang)
    result = Q.run_on_store(fixture_store, qdef, terms)
    assert Counter(result.rows) == substituted(fixture_store, qdef, terms)


def test_only_variables_inside_groups_are_replaced():
    text = ('PREFIX a: <x:> # ?lang in a comment\n'
            'SELECT ?s ?lang WHERE { ?s a:p "?lang" FILTER(langMatches(lang(?l), $lang)) }\n'
            'GROUP BY ?s ?lang ORDER BY ?lang')
    out = inline_terms(text, {"lang": ox.Literal('e"n'), "s": ox.NamedNode("http://x/s")})
    assert out == ('PREFIX a: <x:> # ?lang in a comment\n'
                   'SELECT ?s ?lang WHERE { <http://x/s> a:p "?lang" '
                   'FILTER(langMatches(lang(?l), "e\\"n")) }\n'
                   'GROUP BY ?s ?lang ORDER BY ?lang')


def test_a_hostile_string_stays_one_literal(fixture_store):  # noqa: F811
    qdef = Q.load_query("latam-states-without-clause-type")
    for value in INJECTIONS:
        text = inline_terms(qdef.text, Q.bindings(qdef, {"lang": value}))
        assert "DROP" not in text.replace(str(ox.Literal(value)), "")
