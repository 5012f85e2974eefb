"""SPARQL answers as pandas DataFrames with typed columns. A column takes a type when every
bound value in it has a datatype of one family; otherwise it keeps the lexical forms as
text:

- xsd:integer and its derived types (int, long, nonNegativeInteger, ...): ``Int64``
  (pandas' nullable integers); with xsd:decimal, xsd:double or xsd:float: ``float64``;
- xsd:boolean: ``boolean`` (nullable);
- xsd:date: ``datetime64`` (midnight of that day); xsd:dateTime: ``datetime64`` (in UTC
  when the values carry a time zone);
- xsd:gYear and xsd:gYearMonth stay text ("1995", "1995-10"): they are periods, not days,
  and reading them as the first day would invent a precision the data does not have;
- IRIs and blank nodes: text (the full IRI; a blank node as ``_:id``);
- strings: text; when any value has a language tag, a column ``<column>_lang`` follows
  with the tags (``None`` for values without one).

Unbound values are missing (``<NA>``, ``NaT`` or ``None``). A value whose lexical form does
not parse as its datatype (``"abc"^^xsd:integer``) keeps the whole column as text.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + n for n in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "nonPositiveInteger", "negativeInteger",
                              "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
_ZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")
NEEDS = "to_dataframe() needs pandas: pip install 'narcokg[pandas]' (or pip install pandas)"


def _pandas():
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(NEEDS) from exc
    return pandas


def _family(term) -> str:
    if isinstance(term, ox.NamedNode):
        return "iri"
    if not isinstance(term, ox.Literal):
        return "other"
    dtype = term.datatype.value
    if dtype in INTEGERS:
        return "integer"
    if dtype in FLOATS:
        return "float"
    for name in ("boolean", "date", "dateTime"):
        if dtype == XSD + name:
            return name
    return "text"


def _typed(pd, terms: list):
    """The Series for one column of terms (None where unbound)."""
    bound = [t for t in terms if t is not None]
    families = {_family(t) for t in bound}
    values = [None if t is None else t.value for t in terms]
    try:
        if families and families <= {"integer"}:
            return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
        if families and families <= {"integer", "float"}:
            return pd.Series([None if v is None else float(v) for v in values],
                             dtype="float64")
        if families == {"boolean"}:
            flags = [None if v is None else _boolean(v) for v in values]
            return pd.Series(flags, dtype="boolean")
        if families == {"date"} and all(v is None or _plain_date(v) for v in values):
            return pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")
        if families == {"dateTime"}:
            zoned = any(_ZONE.search(v) for v in values if v is not None)
            return pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601",
                                  utc=zoned)
    except (ValueError, TypeError, OverflowError):
        pass
    return pd.Series([_text(t) for t in terms], dtype=object)


def _boolean(value: str) -> bool:
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _plain_date(value: str) -> bool:
    """``YYYY-MM-DD`` with no time zone (a zoned date keeps the column as text)."""
    return re.fullmatch(r"\d{4}-\d\d-\d\d", value) is not None


def _text(term):
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_dataframe(columns: list[str], rows: list[tuple]):
    """A DataFrame of the answer (columns in order, ``<column>_lang`` after a column with
    language-tagged values)."""
    pd = _pandas()
    data = {}
    for i, name in enumerate(columns):
        terms = [row[i] for row in rows]
        data[name] = _typed(pd, terms)
        tags = [t.language if isinstance(t, ox.Literal) else None for t in terms]
        if any(tags):
            data[f"{name}_lang"] = pd.Series(tags, dtype=object)
    return pd.DataFrame(data, columns=list(data) or columns)
