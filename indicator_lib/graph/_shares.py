"""Budget shares: how a project's money (or a task's) is split across what it serves.

Decided here: unstated shares mean an equal split; a partly stated list counts the unstated
entries as 0; shares are normalised by their sum (an all-zero list falls back to an equal split)
and the last share absorbs the rounding, so normalised shares always sum to exactly 1. The
problem text for ``share_not_one`` is written here too, so the check and the docs agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

__all__ = ["normalise_shares", "share_problem"]

_ONE = Decimal(1)
_ZERO = Decimal(0)


def normalise_shares(shares: Sequence[Decimal | None]) -> list[Decimal]:
    """Return the shares scaled to sum to exactly 1 (equal split where none is stated).

    Args:
        shares: The stated shares, ``None`` where a share was not stated.

    Returns:
        One non-negative Decimal per input share; their sum is exactly 1 (an empty list for an
        empty input).

    """
    n = len(shares)
    if n == 0:
        return []
    if all(s is None for s in shares):
        values = [_ONE] * n
    else:
        values = [max(s, _ZERO) if s is not None else _ZERO for s in shares]
    total = sum(values, _ZERO)
    if total <= 0:
        values, total = [_ONE] * n, Decimal(n)
    out = [v / total for v in values]
    last = max(i for i, v in enumerate(values) if v > 0)
    out[last] = _ONE - sum((v for i, v in enumerate(out) if i != last), _ZERO)
    return out


def share_problem(shares: Sequence[Decimal | None]) -> tuple[str, str] | None:
    """Say what is wrong with a list of stated shares, or return None when they are fine.

    A list with no share stated is fine (equal split); otherwise every share must be stated, lie
    in (0, 1] and the shares must sum to exactly 1.

    Args:
        shares: The stated shares, ``None`` where a share was not stated.

    Returns:
        ``(中文, English)`` describing the problem, or None.

    """
    if all(s is None for s in shares):
        return None
    missing = sum(1 for s in shares if s is None)
    if missing:
        return (f"有 {missing} 项未填写占比", f"{missing} share(s) not stated")
    stated = [s for s in shares if s is not None]
    bad = [s for s in stated if s <= 0 or s > 1]
    if bad:
        text = "、".join(_fmt(s) for s in bad)
        return (f"占比应在 0 与 1 之间，实际有 {text}", f"shares must lie in (0, 1]; got {text}")
    total = sum(stated, _ZERO)
    if total != _ONE:
        return (f"占比之和为 {_fmt(total)}，应为 1", f"shares sum to {_fmt(total)}, not 1")
    return None


def _fmt(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
