"""A query's parameters written into its WHERE group as constants, for the embedded store.

pyoxigraph's ``substitutions=`` binds a parameter when the query runs, after Oxigraph has
planned it: the plan treats the parameter as an unknown variable, so it may match a pattern
like ``?instrument nkg:hasStatus/nkg:status ?status`` in the whole graph and hash-join it,
where the same query with the constant written in looks the few matches up (issue 19, on a
10M-quad store: reporting-obligation-items 1.4 s against 4 ms, route-ports-coverage 2.0 s
against 0.6 s, latam-states-without-clause-type 0.7 s against 0.03 s of CPU).

Writing the constant in is the substitution of SEP-0007 done on the text: every occurrence
of the variable inside the query's groups becomes the term. The projection and the solution
modifiers keep the variable (it is then unbound there; parameter columns are dropped from
the answer). The term is written in its N-Triples form, as pyoxigraph serialises a term it
parsed itself (as ``narcokg.query_terms.values_block`` writes it too), so no value can
close a string or an IRI early. A competency query sent to an endpoint is inlined the same
way (``narcokg.query.run_on_endpoint``): an endpoint plans before a VALUES block binds too.
The queries follow the rules that make this sound (narcokg.query): a parameter is never the
target of a BIND, never projected by a sub-select, and never the subject of a pattern unless
it is an IRI.
"""

from __future__ import annotations

from narcokg.sparql_service import spans, unescape


def inline_terms(text: str, terms: dict[str, object]) -> str:
    """``text`` with each variable named in ``terms`` replaced, inside ``{ }``, by the
    term's N-Triples form (``str`` of a pyoxigraph term)."""
    if not terms:
        return text
    if "\\u" in text or "\\U" in text:
        text = unescape(text)  # as the engine reads it, so no variable hides in an escape
    pieces, at, depth = [], 0, 0
    for kind, token, start, end in spans(text):
        if kind == "comment":
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif kind == "var" and depth > 0 and token[1:] in terms:
            pieces.append(text[at:start])
            pieces.append(str(terms[token[1:]]))
            at = end
    pieces.append(text[at:])
    return "".join(pieces)
