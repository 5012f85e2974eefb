"""Sorting names as a reader expects in en/nl/fr: accents and case do not move a name to the
end of the list ("Équateur" sorts with the E's, "Île Bouvet" with the I's). No system locale
is needed (CI machines may lack the fr/nl ones): the key is the name with its combining marks
removed, casefolded, then the name itself so that the order stays total."""

from __future__ import annotations

import unicodedata


def collation_key(name: str | None) -> tuple[str, str]:
    text = name or ""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return bare.casefold(), text
