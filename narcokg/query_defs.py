"""The competency queries' definitions: the files ``queries/*.rq`` and their headers, read
into ``QueryDef``s (binding and running them: ``narcokg.query``).

Each ``.rq`` file starts with a header of ``#`` lines::

    # id: latam-states-without-clause-type
    # question@en: ...            (and question@nl, question@fr)
    # param: clauseType = clause-type:aml-cooperation (kind: iri) — the clause type asked for
    # row: what one row of the answer means
    # paged: yes                  (a listing that grows with the graph: page it with
                                   --limit/--offset, narcokg.query_paging)

A parameter is the SPARQL variable of the same name; its kind says how a value given for it
is read (``narcokg.query.parse_value``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from narcokg import resources
from narcokg.errors import InputError

LANGS = ("en", "nl", "fr")
KINDS = ("iri", "date", "string", "integer", "boolean")

_HEADER = re.compile(r"^#\s*([a-z]+)(?:@([a-z]{2}))?\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(.*?)\s*\(kind:\s*(\w+)\)\s*(?:—|--|-)\s*(.+)$")


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class QueryDef:
    id: str
    path: Path
    questions: dict[str, str]
    params: tuple[Param, ...]
    row: str
    text: str
    paged: bool = False  # a listing that grows with the graph (``# paged: yes``)
    bounded: bool = True  # False: an aggregate over the whole graph (``# bounded: no — why``)

    def question(self, lang: str = "en") -> str:
        return self.questions.get(lang) or self.questions.get("en", "")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: Path) -> QueryDef:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    questions: dict[str, str] = {}
    params: list[Param] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, lang, value = m.groups()
        if key == "question" and lang:
            questions[lang] = value
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(3) not in KINDS:
                raise InputError(f"bad param line (want `name = default (kind: "
                                 f"{'|'.join(KINDS)}) — meaning`): {value}", str(path), n)
            params.append(Param(*pm.groups()))
        else:
            fields[key] = value
    missing = [k for k in ("id", "row") if not fields.get(k)]
    missing += [f"question@{lang}" for lang in LANGS if not questions.get(lang)]
    if missing:
        raise InputError(f"query header lacks {', '.join(missing)}", str(path))
    return QueryDef(fields["id"], path, questions, tuple(params), fields["row"], text,
                    fields.get("paged", "").casefold() in ("yes", "true"),
                    not fields.get("bounded", "").casefold().startswith("no"))


def list_queries() -> list[QueryDef]:
    return [parse_query_file(p) for p in resources.query_files()]


def load_query(ref: str | Path) -> QueryDef:
    """A query by id (``latam-states-without-clause-type``) or by file path."""
    path = Path(ref)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    for candidate in resources.query_files():
        if candidate.stem == str(ref):
            return parse_query_file(candidate)
    for q in list_queries():
        if q.id == str(ref):
            return q
    raise InputError(f"no query {ref!r}: see `narcokg queries` for the ids")

