"""Static analysis of decision tables: which rows of a ``hit unique`` table provably overlap.

Decides: a cell is understood only when all its tests use literals (``-``, ``is null``, comparisons
and intervals with number literals, bare or listed literals); two rows provably overlap when every
pair of their input cells shares a value. Rows the analysis cannot understand are never reported:
the warning is sound, not complete, and evaluation still raises on a real double match.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from indicator_lib.rules import ast as a

__all__ = ["overlapping_rows"]

_ALL = "all"
Piece = tuple[Any, ...]


def _num_piece(op: str, v: Decimal) -> Piece | None:
    if op == "<":
        return ("num", None, False, v, False)
    if op == "<=":
        return ("num", None, False, v, True)
    if op == ">":
        return ("num", v, False, None, False)
    if op == ">=":
        return ("num", v, True, None, False)
    if op == "==":
        return ("num", v, True, v, True)
    return None


def _literal_piece(e: a.Expr) -> Piece | None:
    if isinstance(e, a.Number):
        return ("num", e.value, True, e.value, True)
    if isinstance(e, (a.String, a.Bool)):
        return ("val", e.value)
    return None


def _region(cell: a.Cell) -> list[Piece] | str | None:
    pieces: list[Piece] = []
    for t in cell.tests:
        piece: Piece | None
        if isinstance(t, a.AnyTest):
            return _ALL
        if isinstance(t, a.NullTest):
            if t.negated:
                return None
            pieces.append(("null",))
            continue
        if isinstance(t, a.CmpTest):
            if isinstance(t.value, a.Number):
                piece = _num_piece(t.op, t.value.value)
            elif t.op == "==":
                piece = _literal_piece(t.value)
            else:
                piece = None
        elif isinstance(t, a.Interval):
            if isinstance(t.low, a.Number) and isinstance(t.high, a.Number):
                piece = ("num", t.low.value, t.low_closed, t.high.value, t.high_closed)
            else:
                piece = None
        elif isinstance(t, a.ExprTest) and not t.predicate:
            piece = _literal_piece(t.expr)
        elif isinstance(t, a.InTest) and not t.negated and isinstance(t.container, a.ListLit):
            items = [_literal_piece(x) for x in t.container.items]
            if any(x is None for x in items):
                return None
            pieces.extend(x for x in items if x is not None)
            continue
        else:
            piece = None
        if piece is None:
            return None
        pieces.append(piece)
    return pieces


def _meet(p: Piece, q: Piece) -> bool:
    if p[0] != q[0]:
        return False
    if p[0] == "null":
        return True
    if p[0] == "val":
        return bool(p[1] == q[1])
    _, lo1, lc1, hi1, hc1 = p
    _, lo2, lc2, hi2, hc2 = q
    lo, lc = _max_low((lo1, lc1), (lo2, lc2))
    hi, hc = _min_high((hi1, hc1), (hi2, hc2))
    if lo is None or hi is None:
        return True
    if lo < hi:
        return True
    return bool(lo == hi and lc and hc)


def _max_low(x: tuple[Any, bool], y: tuple[Any, bool]) -> tuple[Any, bool]:
    if x[0] is None:
        return y
    if y[0] is None:
        return x
    if x[0] == y[0]:
        return (x[0], x[1] and y[1])
    return x if x[0] > y[0] else y


def _min_high(x: tuple[Any, bool], y: tuple[Any, bool]) -> tuple[Any, bool]:
    if x[0] is None:
        return y
    if y[0] is None:
        return x
    if x[0] == y[0]:
        return (x[0], x[1] and y[1])
    return x if x[0] < y[0] else y


def _cells_overlap(c1: a.Cell, c2: a.Cell) -> bool:
    r1, r2 = _region(c1), _region(c2)
    if r1 is None or r2 is None:
        return False
    if r1 == _ALL or r2 == _ALL:
        return True
    assert isinstance(r1, list) and isinstance(r2, list)
    return any(_meet(p, q) for p in r1 for q in r2)


def overlapping_rows(table: a.Table) -> list[tuple[int, int]]:
    """Return the pairs of row indexes (0-based) that provably can both match."""
    pairs: list[tuple[int, int]] = []
    rows = table.rows
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if all(_cells_overlap(c1, c2) for c1, c2 in zip(rows[i].cells, rows[j].cells, strict=True)):
                pairs.append((i, j))
    return pairs
