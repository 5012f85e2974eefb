"""The words of a validation report and of the input errors a clerk meets, in en, nl and fr.

Input errors are raised in English by the readers (``narcokg.loaders``); ``input_error``
translates the common ones by pattern, keeping the file, line and column, and leaves any
other message as it is.
"""

from __future__ import annotations

import re

SEVERITY = {
    "en": {"Violation": "VIOLATION", "Warning": "WARNING", "Info": "INFO"},
    "nl": {"Violation": "OVERTREDING", "Warning": "WAARSCHUWING", "Info": "INFO"},
    "fr": {"Violation": "VIOLATION", "Warning": "AVERTISSEMENT", "Info": "INFO"},
}
VERDICT = {
    "en": ("conforms", "does NOT conform"),
    "nl": ("conform", "is NIET conform"),
    "fr": ("conforme", "n'est PAS conforme"),
}
SUMMARY = {
    "en": "{verdict}: {v} violation(s), {w} warning(s) on {n} entit{ies} ({s:.2f} s)",
    "nl": "{verdict}: {v} overtreding(en), {w} waarschuwing(en) in {n} entiteit(en) ({s:.2f} s)",
    "fr": "{verdict} : {v} violation(s), {w} avertissement(s) sur {n} entité(s) ({s:.2f} s)",
}
NOTE = {"en": "note: ", "nl": "opmerking: ", "fr": "remarque : "}
NOTES = {
    "no store: validated against the ontology only (references to states, ports and other "
    "entities could not be checked)": {
        "nl": "geen store: alleen tegen de ontologie gevalideerd (verwijzingen naar staten, "
              "havens en andere entiteiten konden niet worden nagegaan)",
        "fr": "pas de base : validé par rapport à l'ontologie seule (les références aux États, "
              "ports et autres entités n'ont pas pu être vérifiées)"},
}

# (pattern on the English message, nl template, fr template): {0} is the first group as
# written; {hint} the translated "did you mean" of a second group
INPUT_ERRORS = [
    (r"unknown key '(.+?)'(?:; did you mean (.+)\?)?$",
     "onbekende sleutel '{0}'{hint}", "clé inconnue « {0} »{hint}"),
    (r"unknown class '(.+?)'(?:; did you mean (.+)\?)?$",
     "onbekende klasse '{0}'{hint}", "classe inconnue « {0} »{hint}"),
    (r"unknown source '(.+?)'.*$",
     "onbekende bron '{0}': declareer ze in data/sources/*.yaml of geef haar URL",
     "source inconnue « {0} » : déclarez-la dans data/sources/*.yaml ou donnez son URL"),
    (r"entry has no 'source'.*$",
     "het record heeft geen 'source': elke bewering moet haar document citeren",
     "l'entrée n'a pas de « source » : chaque affirmation doit citer son document"),
    (r"record has no 'id'$", "het record heeft geen 'id'", "l'enregistrement n'a pas d'« id »"),
    (r"'(.+?)' is not a BCP 47 language tag.*$",
     "'{0}' is geen BCP 47-taalcode (gebruik en, nl of fr)",
     "« {0} » n'est pas une étiquette de langue BCP 47 (utilisez en, nl ou fr)"),
    (r"empty value: .*$", "lege waarde: laat de sleutel weg als de waarde onbekend is",
     "valeur vide : omettez la clé quand la valeur est inconnue"),
    (r"'(.+?)' is not a valid IRI or id.*$",
     "'{0}' is geen geldige IRI of id (spaties, aanhalingstekens en stuurtekens zijn niet "
     "toegestaan)",
     "« {0} » n'est pas une IRI ou un identifiant valide (espaces, guillemets et caractères de "
     "contrôle interdits)"),
    (r"nested lists are not allowed$", "geneste lijsten zijn niet toegestaan",
     "les listes imbriquées ne sont pas permises"),
    (r"cannot read file: (.+)$", "kan het bestand niet lezen: {0}",
     "impossible de lire le fichier : {0}"),
    (r"file is empty$", "het bestand is leeg", "le fichier est vide"),
    (r"YAML syntax error: (.+)$", "YAML-syntaxfout: {0}", "erreur de syntaxe YAML : {0}"),
    (r"syntax error: (.+)$", "syntaxfout: {0}", "erreur de syntaxe : {0}"),
    (r"unknown entry format (.+?);.*$",
     "onbekend formaat {0}; gebruik .yaml, .ttl of .jsonld",
     "format d'entrée inconnu {0} ; utilisez .yaml, .ttl ou .jsonld"),
    (r"give entry FILEs or --all \(not both\)$", "geef entry-BESTANDEN of --all (niet beide)",
     "donnez des FICHIERS d'entrée ou --all (pas les deux)"),
]


HINT = {"nl": "; bedoelde u {}?", "fr": " ; vouliez-vous dire {} ?"}


def translate_input_error(message: str, lang: str) -> str:
    """``message`` (English, without its location) in ``lang``, or unchanged."""
    if lang == "en":
        return message
    for pattern, nl, fr in INPUT_ERRORS:
        m = re.match(pattern, message)
        if m:
            template = nl if lang == "nl" else fr
            groups = m.groups()
            hint = HINT[lang].format(groups[1]) if len(groups) > 1 and groups[1] else ""
            return template.format(*groups, hint=hint)
    return message


def input_error(exc, lang: str):
    """The InputError ``exc`` with its message in ``lang`` (same file, line and column)."""
    from narcokg.errors import InputError

    text = translate_input_error(exc.message, lang)
    if text == exc.message:
        return exc
    return InputError(text, exc.path, exc.line, exc.column)


def note(text: str, lang: str) -> str:
    return NOTE.get(lang, NOTE["en"]) + NOTES.get(text, {}).get(lang, text)


def summary(lang: str, conforms: bool, v: int, w: int, n: int, seconds: float) -> str:
    verdict = VERDICT.get(lang, VERDICT["en"])[0 if conforms else 1]
    return SUMMARY.get(lang, SUMMARY["en"]).format(
        verdict=verdict, v=v, w=w, n=n, s=seconds, ies="y" if n == 1 else "ies")


def severity(word: str, lang: str) -> str:
    return SEVERITY.get(lang, SEVERITY["en"]).get(word, word.upper())
