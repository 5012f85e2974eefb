"""``KnowledgeGraph``: the one object a researcher learns first, opened on a store folder or on
a SPARQL endpoint::

    from narcokg import KnowledgeGraph

    kg = KnowledgeGraph()                            # the default store (see below)
    kg = KnowledgeGraph(store="~/narcokg/store")     # a store folder (a path)
    kg = KnowledgeGraph(endpoint="http://127.0.0.1:7878/query")

    kg.query("treaties-in-force-on-date", date="2000-01-01").to_dataframe()
    kg.query("SELECT ?s WHERE { ?s a nkg:Treaty }")  # ad-hoc SPARQL (nkg:, xsd: ... known)
    kg.validate(["entry.yaml"]); kg.add(["entry.yaml"])

``store`` is always a path (str or Path); without one, ``narcokg.store_location`` finds
the default store ($NARCOKG_STORE, ./.narcokg/store, the user's config.toml or data folder).
The store is opened (under its shared lock) for each call and closed after it, so a
notebook never holds it while a build or an ``add`` waits.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from narcokg.errors import InputError


class KnowledgeGraph:
    def __init__(self, store: str | os.PathLike | None = None, endpoint: str | None = None,
                 timeout: float = 30.0):
        if store is not None and endpoint:
            raise InputError("give a store or an endpoint, not both")
        from narcokg.store import store_path

        self.endpoint = endpoint
        self._given = Path(store).expanduser() if store is not None else None
        self.store: Path | None = None if endpoint else store_path(self._given)
        self.timeout = timeout

    @property
    def _path(self) -> Path | None:
        """What the calls get: the given path, or None so that a missing default store
        fails naming every place looked at."""
        return self._given if self._given is not None else (
            self.store if self.store and self.store.exists() else None)

    def __repr__(self) -> str:
        where = f"endpoint={self.endpoint!r}" if self.endpoint else f"store={str(self.store)!r}"
        return f"KnowledgeGraph({where})"

    @classmethod
    def build(cls, store: str | os.PathLike | None = None, **options) -> KnowledgeGraph:
        """Build a fresh store at ``store`` (``narcokg.build.build``, same options) and open
        it."""
        from narcokg.build import build

        kg = cls(store)
        build(kg.store, **options)
        return kg

    def query(self, query: str | os.PathLike, lang: str | None = None, *,
              limit: int | None = None, offset: int | None = None, **params):
        """A competency query by id (or ``.rq`` file) with its parameters as keywords
        (``kg.query("treaties-in-force-on-date", date="2000-01-01")``, values as on the
        command line, or Python dates, numbers and booleans), or ad-hoc SPARQL text with the
        project's prefixes known (parameters bind variables: see ``narcokg.sparql``).
        Returns a QueryResult (rows; ``.to_dataframe()``), a BooleanResult (ASK) or a
        GraphResult (CONSTRUCT/DESCRIBE). ``limit``/``offset`` page a SELECT: the listings
        that grow with the graph say ``paged`` (``kg.query("sanctions-by-target-state",
        limit=1000, offset=2000)``)."""
        from narcokg.query import is_sparql_text, run_query

        if isinstance(query, str) and is_sparql_text(query):
            if lang is not None:
                params["lang"] = lang
            return run_query(query, params, store=self._path, endpoint=self.endpoint,
                             timeout=self.timeout, limit=limit, offset=offset)
        given = {name: _as_text(value) for name, value in params.items()}
        return run_query(query, given, lang=lang, store=self._path, endpoint=self.endpoint,
                         timeout=self.timeout, limit=limit, offset=offset)

    def queries(self):
        """The competency queries (id, questions in en/nl/fr, parameters)."""
        from narcokg.query import list_queries

        return list_queries()

    def validate(self, paths=None, lang: str = "en", engine: str = "fast"):
        """Validate entry files in the store's context, or (``paths=None``) the whole store.
        Returns a ValidationResult (``.conforms``, ``.problems``)."""
        self._needs_store("validate")
        from narcokg.validation import validate_all, validate_entries

        if paths is None:
            return validate_all(self._path, engine=engine)
        return validate_entries(_paths(paths), self._path, lang=lang, engine=engine)

    def add(self, paths, replace: bool = False, data: str | os.PathLike | None = None):
        """Validate entry files, then commit them in one transaction (or nothing).
        Returns (ValidationResult, [AddOutcome]); see ``narcokg.add.add_entries``."""
        self._needs_store("add")
        from narcokg.add import add_entries

        return add_entries(_paths(paths), self.store, replace=replace, data=data)

    def _needs_store(self, what: str) -> None:
        if self.store is None:
            raise InputError(f"{what} works on a store folder, not on an endpoint: "
                             "open KnowledgeGraph(store=PATH)")


def _as_text(value) -> str:
    """A Python value as the command line would give it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "value") and type(value).__module__ == "pyoxigraph":
        return f"<{value.value}>"
    return str(value)


def _paths(paths) -> list:
    if isinstance(paths, str | os.PathLike):
        return [paths]
    return list(paths)
