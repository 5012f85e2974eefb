"""The tracker's query answers for several languages from one evaluation per query.

A competency query's ``lang`` parameter only picks the labels; everything else it computes
(the joins, the DISTINCT sub-selects, the aggregates) is the same in every language. Run
once per language, the tracker of a release repeats that work three times (at 10M quads
``sanctions-by-target-state`` took minutes each time). ``Answers`` runs each query once with
``VALUES ?lang { "en" "nl" "fr" }`` first in its WHERE group (the other parameters written
in as constants, as ``narcokg.query`` does) and splits the rows by ``?lang``: the same rows,
in the same order, as one run per language (the ORDER BY sorts each language's rows alike;
a test compares the two).

That is sound only where every use of ``?lang`` sees the top-level VALUES: not inside a
sub-select (which does not see the outer bindings) or a MINUS. A query that uses ``?lang``
there, or does not project ``?lang``, is run once per language as before.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from narcokg.errors import InputError

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def lang_at_top_level(text: str) -> bool:
    """Whether a VALUES block first in the top-level WHERE group would bind ``?lang`` for
    every use of it, as the constant written in does: ``?lang`` is projected, and used only
    in the top-level group itself or in a FILTER directly in the group of a top-level
    OPTIONAL (which sees the outer bindings); never in a nested group, a sub-select, an
    EXISTS or a MINUS, nor in a BIND inside an OPTIONAL (those are evaluated without it)."""
    from narcokg.sparql_service import tokens

    stack: list[str] = []  # per open brace: "group", "optional", "select", "exists", "minus"
    previous, pending_select, projected, opened = "", False, False, False
    parens, in_filter = 0, None  # the paren depth a FILTER at the current brace began at
    for kind, token in tokens(text):
        word = token.casefold() if kind == "word" else ""
        if word == "select" and stack:
            pending_select = True
        elif word == "filter":
            in_filter = parens
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
            if in_filter == parens:
                in_filter = None
        elif token in "{}":
            in_filter = None
            if token == "}":
                stack.pop() if stack else None
                continue
            stack.append("select" if pending_select else
                         previous if previous in ("optional", "exists", "minus") else "group")
            pending_select, opened = False, True
        elif kind == "var" and token[1:] == "lang":
            if not stack:
                projected = projected or not opened
            elif pending_select or len(stack) > 2 or len(stack) == 2 and not (
                    stack[1] == "optional" and in_filter is not None):
                return False
        previous = word or token
    return projected


class Answers:
    """``q(lang)`` gives a ``q(query_id, **params) -> [row dict]`` for ``narcokg.report``;
    each query (with its parameters) is evaluated once for all of ``langs``."""

    def __init__(self, db: ox.Store, langs=("en", "nl", "fr")):
        self.db, self.langs = db, tuple(langs)
        # (query, parameters): (columns, {lang: [row of values]}); rows are kept as tuples
        # (at 10M quads sanctions-by-target-state has ~10^5 rows a language)
        self.cache: dict[tuple, tuple[list[str], dict[str, list[tuple]]]] = {}

    def q(self, lang: str):
        def run(qid: str, **params) -> list[dict]:
            key = (qid, tuple(sorted(params.items())))
            if key not in self.cache:
                self.cache[key] = self._all_languages(qid, params)
            columns, rows = self.cache[key]
            return [dict(zip(columns, row, strict=True)) for row in rows[lang]]
        return run

    def _all_languages(self, qid: str, params: dict) -> tuple[list[str], dict]:
        from narcokg.query import load_query, run_query

        qdef = load_query(qid)
        if qdef.param("lang") is None or not lang_at_top_level(qdef.text):
            found = {lang: run_query(qdef, params, lang=lang, db=self.db)
                     for lang in self.langs}
            columns = found[self.langs[0]].columns
            return columns, {lang: found[lang].values() for lang in self.langs}
        return self._split(qdef, params)

    def _split(self, qdef, params: dict) -> tuple[list[str], dict]:
        from narcokg.query import SHORT_FORMS, bindings
        from narcokg.query_check import check_iris
        from narcokg.query_inline import inline_terms

        terms = bindings(qdef, params, self.langs[0])
        check_iris(qdef, dict(params), terms, SHORT_FORMS, store=self.db)
        del terms["lang"]
        body = "\n".join("" if line.startswith("#") else line
                         for line in inline_terms(qdef.text, terms).splitlines())
        m = _WHERE.search(body)
        if not m:
            raise InputError(f"query {qdef.id} has no `WHERE {{`", str(qdef.path))
        values = " ".join(str(ox.Literal(lang)) for lang in self.langs)
        text = f"{body[:m.end()]}\n  VALUES ?lang {{ {values} }}\n{body[m.end():]}"
        try:
            solutions = self.db.query(text, use_default_graph_as_union=True)
        except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
            raise InputError(f"query {qdef.id} failed: {exc}", str(qdef.path)) from None
        columns = [v.value for v in solutions.variables]
        at = columns.index("lang")
        keep = [i for i, c in enumerate(columns) if qdef.param(c) is None]
        out: dict[str, list[tuple]] = {lang: [] for lang in self.langs}
        shared: dict[str, str] = {}  # one string per distinct value: labels, states and
        for s in solutions:          # programmes repeat on most rows
            out[s[at].value].append(tuple(None if s[i] is None else
                                          shared.setdefault(s[i].value, s[i].value)
                                          for i in keep))
        return [columns[i] for i in keep], out
