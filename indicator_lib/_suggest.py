"""Did-you-mean suggestions for unknown names, codes and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean", "suggestion_text"]


def did_you_mean(word: str, candidates: Iterable[str], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Return up to ``n`` candidates close to ``word``, best first."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)


def suggestion_text(word: str, candidates: Iterable[str]) -> tuple[str, str]:
    """Return the Chinese and English did-you-mean suffix for ``word`` (empty when none is close)."""
    close = did_you_mean(word, candidates)
    if not close:
        return "", ""
    zh = "，是否为" + "、".join(f"「{c}」" for c in close) + "？"
    en = "; did you mean " + ", ".join(repr(c) for c in close) + "?"
    return zh, en
