"""The canonical text form of a :class:`TargetValue`.

Decides the spelling the library writes back: the relation as a glyph (``≥ > = < ≤``), the number
in plain positional notation (never an exponent), the canonical unit; ranges ``90~100%``; periods
``2023.07.01-2024.01.31`` and deadlines ``≤2025.12.31``. A formatted quantitative value parses
back to an equal value (the property tests hold this).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from indicator_lib.targets._model import TargetValue

__all__ = ["format_number", "format_value"]

_OP_GLYPH = {">=": "≥", ">": ">", "=": "=", "<": "<", "<=": "≤"}


def format_number(value: Decimal) -> str:
    """Return ``value`` in positional notation (``1E+2`` → ``100``; ``0.50`` stays ``0.50``)."""
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text


def _day(d: date) -> str:
    return f"{d.year:04d}.{d.month:02d}.{d.day:02d}"


def format_value(v: TargetValue) -> str:
    """Return the canonical text of ``v`` (see the module docstring)."""
    glyph = _OP_GLYPH[v.op] if v.op is not None else ""
    if v.kind == "quantitative" and v.value is not None:
        unit = v.unit or ""
        if v.upper is not None:
            return f"{format_number(v.value)}~{format_number(v.upper)}{unit}"
        return f"{glyph}{format_number(v.value)}{unit}"
    if v.kind == "period":
        if v.start is not None and v.end is not None:
            if v.start == v.end:
                return f"{glyph}{_day(v.start)}"
            return f"{_day(v.start)}-{_day(v.end)}"
        if v.end is not None:
            return f"{glyph}{_day(v.end)}"
        if v.start is not None:
            return f"{glyph}{_day(v.start)}"
        return v.raw.strip()
    if v.kind == "boolean":
        return "是" if v.flag else "否"
    if v.kind == "qualitative":
        return v.text or ""
    return ""
