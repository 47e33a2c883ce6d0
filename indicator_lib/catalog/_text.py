"""How indicator names are compared: normal form, character bigrams and similarity.

Chinese has no spaces between words, so names are compared on character bigrams (``满意度`` →
``满意``, ``意度``): a near spelling (``满意读``) still shares most bigrams with the right name, and a
short query (``满意度``) is contained in many names. Normal form: NFKC (full-width → half-width),
lower case, and every space, star and punctuation mark (quotes, brackets, 。) removed, so
``"三公经费"变动率`` and ``三公经费变动率`` are the same name.
"""

from __future__ import annotations

import difflib
import unicodedata

__all__ = ["bigrams", "name_similarity", "normal_form"]

_DROP = frozenset("★☆")


def normal_form(text: str) -> str:
    """Return ``text`` in the form names are compared in."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        ch
        for ch in text
        if ch not in _DROP and not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )


def bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of the normal form of ``text`` (its one character if shorter)."""
    norm = normal_form(text)
    if len(norm) < 2:
        return frozenset({norm}) if norm else frozenset()
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))


def name_similarity(a: str, b: str) -> float:
    """Return how alike two names are, from 0 to 1: the best of bigram Dice and edit ratio."""
    na, nb = normal_form(a), normal_form(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ba, bb = bigrams(na), bigrams(nb)
    dice = 2 * len(ba & bb) / (len(ba) + len(bb)) if ba and bb else 0.0
    ratio = difflib.SequenceMatcher(None, na, nb).ratio()
    return max(dice, ratio)
