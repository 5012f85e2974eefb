"""The three kinds of SPARQL answers, kept in memory as pyoxigraph terms:

- ``QueryResult`` (SELECT): column names and rows (``None`` where unbound);
- ``BooleanResult`` (ASK): true or false;
- ``GraphResult`` (CONSTRUCT, DESCRIBE): triples.

Each writes itself with pyoxigraph's own serialisers (``serialize(fmt)``: SPARQL results in
CSV, TSV, JSON or XML; a graph in Turtle, N-Triples or JSON-LD), and a SELECT or graph
answer turns into a pandas DataFrame with typed columns (``to_dataframe()``, see
``narcokg.dataframe``; pandas is the optional extra ``narcokg[pandas]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES,
                 "json-ld": ox.RdfFormat.JSON_LD}


def _results_format(fmt: str, kind: str):
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format {fmt!r} does not fit a {kind} answer "
                         f"(want {', '.join(RESULT_FORMATS)})")
    return RESULT_FORMATS[fmt]


def _used(prefixes: dict[str, str], triples) -> dict[str, str]:
    """The prefixes that shorten some IRI of the triples to a plain ``prefix:local``."""
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    out = {}
    for prefix, ns in prefixes.items():
        locals_ = [i[len(ns):] for i in iris if i.startswith(ns)]
        if locals_ and not any("/" in local for local in locals_):  # no id:state\/BE
            out[prefix] = ns
    return out


@dataclass
class QueryResult:
    """A SELECT answer: column names and rows of RDF terms (``None`` where unbound)."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    seconds: float = 0.0

    def values(self) -> list[tuple]:
        """Rows as plain values: an IRI's string, a literal's lexical form, or None."""
        return [tuple(None if t is None else t.value for t in row) for row in self.rows]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.values()]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def solutions(self) -> ox.QuerySolutions:
        """The rows as pyoxigraph QuerySolutions (read back from SPARQL TSV, in which each
        term is written in its N-Triples form by pyoxigraph)."""
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
        return ox.parse_query_results("\n".join(lines) + "\n",
                                      format=ox.QueryResultsFormat.TSV)

    def serialize(self, fmt: str = "json") -> bytes:
        """SPARQL 1.1 results in ``csv``, ``tsv``, ``json`` or ``xml`` (pyoxigraph's writers)."""
        return self.solutions().serialize(format=_results_format(fmt, "SELECT"))

    def to_dataframe(self):
        """A pandas DataFrame with typed columns (see ``narcokg.dataframe``)."""
        from narcokg.dataframe import to_dataframe

        return to_dataframe(self.columns, self.rows)


@dataclass
class BooleanResult:
    """An ASK answer."""

    value: bool
    seconds: float = 0.0

    def __bool__(self) -> bool:
        return self.value

    def serialize(self, fmt: str = "json") -> bytes:
        raw = ox.parse_query_results(f'{{"head":{{}},"boolean":{str(self.value).lower()}}}',
                                     format=ox.QueryResultsFormat.JSON)
        return raw.serialize(format=_results_format(fmt, "ASK"))


@dataclass
class GraphResult:
    """A CONSTRUCT or DESCRIBE answer: its triples."""

    triples: list[ox.Triple] = field(default_factory=list)
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self):
        return iter(self.triples)

    def serialize(self, fmt: str = "turtle", prefixes: dict[str, str] | None = None) -> bytes:
        """``turtle`` (with ``prefixes``), ``n-triples`` or ``json-ld`` (pyoxigraph's writers)."""
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"format {fmt!r} does not fit a graph answer "
                             f"(want {', '.join(GRAPH_FORMATS)})")
        use = _used(prefixes, self.triples) if fmt == "turtle" and prefixes else None
        return ox.serialize(self.triples, format=GRAPH_FORMATS[fmt], prefixes=use) or b""

    def as_table(self) -> QueryResult:
        """The triples as a SELECT-like answer with columns subject, predicate, object."""
        return QueryResult(["subject", "predicate", "object"],
                           [(t.subject, t.predicate, t.object) for t in self.triples],
                           self.seconds)

    def to_dataframe(self):
        """Columns subject, predicate, object (and object_lang if any object has one)."""
        return self.as_table().to_dataframe()
