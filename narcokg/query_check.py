"""Parameters that name IRIs must name something the store (or the endpoint) knows: a
misspelt ``clause-type:extraditoin`` would otherwise match nothing and read as an answer
("every state lacks it"). An unknown IRI is an InputError (exit 2) that names the nearest
IRIs of the same namespace, in the short form the user typed."""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from narcokg.errors import InputError

_NEAREST = 3


def namespace_of(value: str) -> str:
    """Everything up to the last ``/`` or ``#``: the namespace the suggestions come from."""
    cut = max(value.rfind("/"), value.rfind("#"))
    return value[:cut + 1] if cut >= 0 else value


def short_form(value: str, forms: dict[str, str]) -> str:
    best = max((ns for ns in forms.values() if value.startswith(ns)), key=len, default=None)
    if best is None:
        return value
    prefix = next(k for k, v in forms.items() if v == best)
    return f"{prefix}:{value[len(best):]}"


def _exists_in_store(store, term: ox.NamedNode) -> bool:
    return (next(iter(store.quads_for_pattern(term, None, None)), None) is not None
            or next(iter(store.quads_for_pattern(None, None, term)), None) is not None)


CHECK_ANSWER_BYTES = 16 * 1024 * 1024  # 20k candidate IRIs fit easily
_CANDIDATES = ("SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {ns})) }} "
               "LIMIT 20000")


def _candidates_in_store(store, ns: str) -> list[str]:
    query = _CANDIDATES.format(ns=ox.Literal(ns))
    return [s[0].value for s in store.query(query, use_default_graph_as_union=True)
            if isinstance(s[0], ox.NamedNode)]


def _endpoint_json(url: str, query: str, timeout: float) -> dict:
    """One bounded request (a total deadline and a size cap, as for the query itself)."""
    import json

    from narcokg import sparql_client as client
    from narcokg.errors import EndpointError

    try:
        body = client.post_query(url, query, timeout, max_bytes=CHECK_ANSWER_BYTES)
        data = json.loads(body)
    except EndpointError:
        raise
    except (OSError, ValueError, client.HTTPStatusError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EndpointError(f"endpoint {url} could not check a parameter: "
                            f"{client.printable(first)}") from None
    return data if isinstance(data, dict) else {}


def _exists_on_endpoint(url: str, term: ox.NamedNode, timeout: float) -> bool:
    from narcokg.sparql_client import ask_answer

    data = _endpoint_json(url, f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}",
                          timeout)
    return ask_answer(data, url)  # reads Virtuoso's ASK table too


def _candidates_on_endpoint(url: str, ns: str, timeout: float) -> list[str]:
    data = _endpoint_json(url, _CANDIDATES.format(ns=ox.Literal(ns)), timeout)
    return [b["s"]["value"] for b in data.get("results", {}).get("bindings", [])
            if b.get("s", {}).get("type") == "uri"]


def nearest(value: str, candidates: list[str], forms: dict[str, str]) -> list[str]:
    ns = namespace_of(value)
    local = {c[len(ns):]: c for c in candidates if c.startswith(ns) and c != value}
    close = difflib.get_close_matches(value[len(ns):], list(local), n=_NEAREST, cutoff=0.5)
    return [short_form(local[k], forms) for k in close]


def check_iris(qdef, given: dict[str, str], terms: dict[str, object], forms: dict[str, str],
               store=None, endpoint: str | None = None, timeout: float = 30.0) -> None:
    """InputError for the first given IRI parameter that the data does not mention."""
    for name in given:
        param, term = qdef.param(name), terms.get(name)
        if param is None or param.kind != "iri" or not isinstance(term, ox.NamedNode):
            continue
        if endpoint:
            if _exists_on_endpoint(endpoint, term, timeout):
                continue
            candidates = _candidates_on_endpoint(endpoint, namespace_of(term.value), timeout)
        else:
            if _exists_in_store(store, term):
                continue
            candidates = _candidates_in_store(store, namespace_of(term.value))
        near = nearest(term.value, candidates, forms)
        hint = f" (nearest: {', '.join(near)})" if near else ""
        raise InputError(f"parameter {name}={given[name]!r}: {short_form(term.value, forms)} "
                         f"is not in the {'endpoint' if endpoint else 'store'}{hint}")
