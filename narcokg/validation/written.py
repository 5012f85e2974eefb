"""What the clerk wrote, kept as written: a malformed value (``17/10/1969``, ``legally
binding``) is reported in its lexical form, never as rdflib's normalised ``"false"``; a
language tag outside en/nl/fr is named; and rdflib's complaints about ill-typed literals
(tracebacks, UserWarning) stay off the clerk's terminal.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import warnings
from dataclasses import replace

import pyoxigraph as ox

from narcokg.validation.problems import Problem

LANGUAGES = ("en", "nl", "fr")
LANG_CHECK = "urn:narcokg:entry:LanguageTag"

NOT_OURS = {"en": "language tag '{tag}' is not one of en, nl, fr{hint}",
            "nl": "taalcode '{tag}' is niet een van en, nl, fr{hint}",
            "fr": "l'étiquette de langue « {tag} » n'est pas en, nl ou fr{hint}"}
NOT_BCP47 = {"en": "language tag '{tag}' is not BCP 47: '{primary}' is no ISO 639 language{hint}",
             "nl": "taalcode '{tag}' is geen BCP 47: '{primary}' is geen ISO 639-taal{hint}",
             "fr": "l'étiquette de langue « {tag} » n'est pas BCP 47 : « {primary} » n'est pas "
                   "une langue ISO 639{hint}"}
HINT = {"en": " (did you mean {near}?)", "nl": " (bedoelde u {near}?)",
        "fr": " (vouliez-vous dire {near} ?)"}


@contextlib.contextmanager
def quiet_rdflib():
    """Silence rdflib's log records and warnings about ill-typed literals (the report says
    what is wrong with them, in one line)."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib(\.|$)")
            yield
    finally:
        log.setLevel(level)


def _is_language(primary: str) -> bool:
    import pycountry

    if len(primary) == 2:
        return pycountry.languages.get(alpha_2=primary) is not None
    return len(primary) == 3 and pycountry.languages.get(alpha_3=primary) is not None


def language_problems(entries) -> list[Problem]:
    """A problem per language-tagged value whose tag is not en, nl or fr: a violation when
    the tag names no language (not BCP 47), a warning otherwise."""
    from rdflib import Literal

    out = []
    for entry in entries:
        for q in entry.quads:
            obj = q.object
            tag = getattr(obj, "language", None) if isinstance(obj, ox.Literal) else None
            if not tag or tag.lower() in LANGUAGES:
                continue
            primary = tag.split("-")[0].lower()
            near = difflib.get_close_matches(primary, LANGUAGES, n=1, cutoff=0.4)
            texts = NOT_OURS if _is_language(primary) else NOT_BCP47
            severity = "Warning" if texts is NOT_OURS else "Violation"
            messages = {lang: t.format(tag=tag, primary=primary,
                                       hint=HINT[lang].format(near=near[0]) if near else "")
                        for lang, t in texts.items()}
            out.append(Problem(q.subject.value, q.predicate.value,
                               Literal(obj.value, lang=tag), LANG_CHECK, severity, messages,
                               LANG_CHECK))
    return out


def as_written(problems: list[Problem], entries) -> list[Problem]:
    """The problems, each literal value replaced by the entry's literal as written (same
    subject, property and datatype) when rdflib normalised it on the way."""
    from rdflib import Literal, URIRef

    written: dict[tuple, list[ox.Literal]] = {}
    for entry in entries:
        for q in entry.quads:
            if isinstance(q.object, ox.Literal) and q.object.datatype is not None:
                key = (q.subject.value, q.predicate.value, q.object.datatype.value)
                written.setdefault(key, []).append(q.object)
    out = []
    with quiet_rdflib():
        for p in problems:
            value = p.value
            if isinstance(value, Literal) and value.datatype is not None and p.path:
                same = written.get((p.focus, p.path, str(value.datatype)), [])
                lexicals = [w.value for w in same]
                if str(value) not in lexicals:
                    match = [w for w in same
                             if Literal(w.value, datatype=URIRef(str(value.datatype))) == value]
                    if len(match) == 1:
                        p = replace(p, value=Literal(match[0].value,
                                                     datatype=URIRef(str(value.datatype)),
                                                     normalize=False))
            out.append(p)
    return out
