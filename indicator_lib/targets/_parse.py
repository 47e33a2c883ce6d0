"""Reading a 指标值 / 实际完成值 into a :class:`TargetValue`; never raises on a string.

Decides the order of reading: empty marks, boolean words, recognised qualitative phrases and
template placeholders are whole-text lookups; then the text is normalised (``_normalize``) and its
shape read — by a precompiled regular expression for the common one-number shape (``≥95%``,
``21980人``, ``95%↑``) or by the lark grammar ``grammars/target.lark`` for the rest (ranges,
periods, deadlines). Both produce the same small syntax tuple and one interpreter gives it
meaning, so the fast path cannot disagree with the grammar. What neither can read is qualitative:
with an ``unparsed`` warning when it looks like a failed number (digits or a relation glyph, or
no Chinese at all), without one when it is ordinary Chinese text (``严格执行相关制度规定``).

:func:`parse_target` is cached on its arguments (real tables repeat a lot).
"""

from __future__ import annotations

import calendar
import re
import threading
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from indicator_lib.targets._model import Op, TargetValue, TargetWarning
from indicator_lib.targets._normalize import PREFIX_WORDS, compact, normalize, normalize_compact
from indicator_lib.targets._units import MULTIPLIERS, Unit, exact_mul, find_unit, reduce_decimal
from indicator_lib.targets._warnings import warn
from indicator_lib.targets._words import BOOLEAN_UNITS, BOOLEANS, GRADES, PHRASES, is_empty_mark

__all__ = ["parse_op", "parse_target", "parse_target_uncached"]

# (this_year, ((number, unit | None), ...), di)
Chunk = tuple[bool, tuple[tuple[str, str | None], ...], bool]
# (op glyph | None, chunks (1 or 2), tail marker | None)
Syntax = tuple[str | None, tuple[Chunk, ...], str | None]

_GLYPH_OP: dict[str, Op] = {"≥": ">=", ">": ">", "=": "=", "<": "<", "≤": "<="}
_TAIL_OP: dict[str, Op] = {"↑": ">=", "↓": "<="}
_OP_WORDS: dict[str, Op | None] = {
    "正向": ">=",
    "反向": "<=",
    "定性": None,
    "定量": None,
    "": None,
}

_FAST_RE = re.compile(r"([≥>=<≤])?(⁻?[0-9]+(?:\.[0-9]+)?)([^0-9≥>=<≤↑↓⇤~\-至到底Ⓨ⁻]*)([↑↓⇤])?")
_FAST_RANGE_RE = re.compile(
    r"(⁻?[0-9]+(?:\.[0-9]+)?)([^0-9≥>=<≤↑↓⇤~\-至到底Ⓨ⁻]*)[\-~至到](⁻?[0-9]+(?:\.[0-9]+)?)([^0-9≥>=<≤↑↓⇤~\-至到底Ⓨ⁻]*)"
)
_PLACEHOLDER_RE = re.compile(r"^\(?([≥>=<≤]?)\*+([^()*]*)\)?$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_LOOKS_NUMERIC_RE = re.compile(r"[0-9≥>=<≤]")
_DATE_UNITS = {"年": 0, "月": 1, "日": 2, "号": 2}

# ---------------------------------------------------------------------------------------------
# The grammar (slow path), built once.

_parser_lock = threading.Lock()
_parser: Any = None


def _lark_parser() -> Any:
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                from lark import Lark

                from indicator_lib._resources import read_grammar

                _parser = Lark(read_grammar("target.lark"), parser="lalr", propagate_positions=True)
    return _parser


def _syntax_lark(norm: str) -> Syntax | None:
    from lark.exceptions import LarkError

    try:
        tree = _lark_parser().parse(norm)
    except LarkError:
        return None
    op: str | None = None
    tail: str | None = None
    chunks: list[Chunk] = []
    for child in tree.children:
        if getattr(child, "type", None) == "OP":
            op = str(child)
        elif getattr(child, "type", None) == "SEP":
            continue
        elif child.data == "tail":
            tail = str(child.children[0])
        else:
            this_year = child.data == "this_year"
            di = False
            amounts: list[tuple[str, str | None]] = []
            for part in child.children:
                if getattr(part, "type", None) == "DI":
                    di = True
                elif getattr(part, "data", None) == "amount":
                    unit = str(part.children[1]) if len(part.children) > 1 else None
                    amounts.append((str(part.children[0]), unit))
            chunks.append((this_year, tuple(amounts), di))
    return op, tuple(chunks), tail


def _syntax_fast(norm: str) -> Syntax | None:
    m = _FAST_RE.fullmatch(norm)
    if m is not None:
        op, num, unit, tail = m.groups()
        return op, ((False, ((num, unit or None),), False),), tail
    m = _FAST_RANGE_RE.fullmatch(norm)
    if m is not None:
        num1, unit1, num2, unit2 = m.groups()
        return (
            None,
            ((False, ((num1, unit1 or None),), False), (False, ((num2, unit2 or None),), False)),
            None,
        )
    return None


def syntax_of(norm: str, *, fast: bool = True) -> Syntax | None:
    """Return the syntax tuple of normalised text (fast path first unless ``fast`` is False)."""
    if fast:
        syn = _syntax_fast(norm)
        if syn is not None:
            return syn
    return _syntax_lark(norm)


# ---------------------------------------------------------------------------------------------
# Interpretation: syntax tuple → TargetValue.


@lru_cache(maxsize=256)
def parse_op(text: str | None) -> tuple[Op | None, bool]:
    """Read a relation column (指标性质): return the relation and whether the text was understood."""
    if text is None:
        return None, True
    s = normalize(text)
    if s in _GLYPH_OP:
        return _GLYPH_OP[s], True
    if s in _OP_WORDS:
        return _OP_WORDS[s], True
    return None, False


def _number(text: str) -> Decimal:
    value = Decimal(text.replace("⁻", "-"))
    if value.is_zero() and value.is_signed():
        value = value.copy_abs()
    return value


class _Ctx:
    """The arguments of one parse and the warnings collected so far."""

    __slots__ = ("col_op", "col_op_text", "col_unit", "fiscal_year", "raw", "warnings")

    def __init__(
        self,
        raw: str,
        col_op: Op | None,
        col_op_text: str | None,
        col_unit: str | None,
        fiscal_year: int | None,
    ) -> None:
        self.raw = raw
        self.col_op = col_op
        self.col_op_text = col_op_text
        self.col_unit = col_unit
        self.fiscal_year = fiscal_year
        self.warnings: list[TargetWarning] = []


def _resolve_op(ctx: _Ctx, written: Op | None) -> Op | None:
    if written is not None and ctx.col_op is not None and written != ctx.col_op:
        ctx.warnings.append(warn("operator-conflict", given=ctx.col_op_text, written=written))
    return written if written is not None else ctx.col_op


def _same_unit(a: str, b: str) -> bool:
    if a == b:
        return True
    ua, ub = find_unit(a), find_unit(b)
    return ua is not None and ub is not None and (ua.base, ua.factor) == (ub.base, ub.factor)


def _quantity(ctx: _Ctx, op: Op | None, lo: Decimal, hi: Decimal | None, unit: str | None) -> TargetValue:
    col = ctx.col_unit
    if unit is not None and unit in MULTIPLIERS:
        mult = MULTIPLIERS[unit]
        col_found = find_unit(col) if col else None
        if col_found is not None and col_found.name.startswith(unit):
            unit = col_found.name
        else:
            lo = reduce_decimal(exact_mul(lo, mult))
            hi = reduce_decimal(exact_mul(hi, mult)) if hi is not None else None
            unit = col
    elif unit is None:
        unit = col
    elif col is not None and not _same_unit(unit, col):
        ctx.warnings.append(warn("unit-conflict", given=col, written=unit))
    found: Unit | None = None
    if unit is not None:
        found = find_unit(unit)
        if found is None:
            ctx.warnings.append(warn("unit-unknown", unit=unit))
        else:
            unit = found.name
    if op is None and hi is None:
        ctx.warnings.append(warn("operator-missing"))
    if found is not None:
        base: Decimal | None = reduce_decimal(exact_mul(lo, found.factor))
    elif unit is None:
        base = lo
    else:
        base = None
    return TargetValue(
        raw=ctx.raw,
        kind="quantitative",
        op=op,
        value=lo,
        unit=unit,
        base_value=base,
        base_unit=found.base if found is not None else None,
        dimension=found.dimension if found is not None else None,
        upper=hi,
        warnings=tuple(ctx.warnings),
    )


# A date point: (year | None, month | None, day | None, di, relative)
_Point = tuple[int | None, int | None, int | None, bool, bool]


def _date_point(chunk: Chunk, *, in_range: bool) -> _Point | None:
    this_year, amounts, di = chunk
    parts: list[int | None] = [None, None, None]
    last = -1
    for num, unit in amounts:
        pos = _DATE_UNITS.get(unit or "")
        if pos is None or pos <= last or not num.isdigit():
            return None
        parts[pos] = int(num)
        last = pos
    y, m, d = parts
    if not this_year:
        if not amounts:
            return None
        if y is not None and not 1900 <= y <= 2100:
            return None
        if y is not None and m is None and d is not None:
            return None
        if y is None and m is None and not in_range:
            return None  # "30日" is a duration
    if m is not None and not 1 <= m <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    return y, m, d, di, this_year or y is None


def _bounds(p: _Point, fy: int | None, inherit: _Point | None = None) -> tuple[date, date] | None:
    y, m, d, _, _ = p
    if inherit is not None:
        iy, im, _, _, _ = inherit
        if y is None:
            y = iy
            if m is None:
                m = im
    if y is None:
        y = fy
    if y is None:
        return None
    if m is None:
        if d is not None:
            return None
        return date(y, 1, 1), date(y, 12, 31)
    last = calendar.monthrange(y, m)[1]
    if d is None:
        return date(y, m, 1), date(y, m, last)
    if d > last:
        raise ValueError("day out of range")
    return date(y, m, d), date(y, m, d)


def _period(ctx: _Ctx, op_glyph: str | None, points: list[_Point], tail: str | None) -> TargetValue | None:
    fy = ctx.fiscal_year
    op: Op | None = _GLYPH_OP[op_glyph] if op_glyph else None
    try:
        first = _bounds(points[0], fy)
        second = _bounds(points[1], fy, points[0]) if len(points) == 2 else None
    except ValueError:
        return None
    relative = any(p[4] for p in points)
    if len(points) == 2 and op is None and tail is None:
        if first is None or second is None:
            return _relative_missing(ctx, None)
        start, end = first[0], second[1]
        if end < start:
            ctx.warnings.append(warn("period-reversed"))
        return _period_value(ctx, None, start, end)
    if len(points) == 2:
        return None
    deadline = points[0][3] or tail in ("⇤", "↓")
    if deadline:
        if op is not None and op not in ("<=", "<"):
            return None
        op = op or "<="
    elif tail == "↑":
        if op is not None and op not in (">=", ">"):
            return None
        op = op or ">="
    if first is None:
        return _relative_missing(ctx, op) if relative else None
    if op in ("<=", "<"):
        return _period_value(ctx, op, None, first[1])
    if op in (">=", ">"):
        return _period_value(ctx, op, first[0], None)
    return _period_value(ctx, op, first[0], first[1])


def _relative_missing(ctx: _Ctx, op: Op | None) -> TargetValue:
    ctx.warnings.append(warn("year-missing", text=ctx.raw))
    return _period_value(ctx, op, None, None)


def _period_value(ctx: _Ctx, op: Op | None, start: date | None, end: date | None) -> TargetValue:
    if ctx.col_unit is not None:
        ctx.warnings.append(warn("unit-ignored", given=ctx.col_unit))
    return TargetValue(raw=ctx.raw, kind="period", op=op, start=start, end=end, warnings=tuple(ctx.warnings))


def _interpret(ctx: _Ctx, syn: Syntax) -> TargetValue | None:
    op_glyph, chunks, tail = syn
    in_range = len(chunks) == 2
    first = chunks[0]
    if in_range or first[0] or first[2] or len(first[1]) != 1 or first[1][0][1] in _DATE_UNITS:
        points = [_date_point(c, in_range=in_range) for c in chunks]
        if all(p is not None for p in points):
            return _period(ctx, op_glyph, [p for p in points if p is not None], tail)
    if any(c[0] or c[2] for c in chunks) or any(len(c[1]) != 1 for c in chunks):
        return None
    if tail == "⇤":
        return None
    written: Op | None = _GLYPH_OP[op_glyph] if op_glyph else None
    if tail is not None:
        suffix_op = _TAIL_OP[tail]
        if written is not None and written != suffix_op and written[0] != suffix_op[0]:
            return None
        written = written or suffix_op
    (num, unit), *rest = (c[1][0] for c in chunks)
    try:
        lo = _number(num)
        hi: Decimal | None = None
        if rest:
            num2, unit2 = rest[0]
            hi = _number(num2)
            if written is not None:
                return None
            if unit is None:
                unit = unit2
            elif unit2 is not None and unit2 != unit:
                return None
    except InvalidOperation:
        return None
    return _quantity(ctx, _resolve_op(ctx, written), lo, hi, unit)


# ---------------------------------------------------------------------------------------------
# The hot path: one relation glyph, one plain number, one plain unit ("≥95%", ">=21933人",
# "72890" with unit 元). It gives exactly what _interpret would (the test suite runs every table
# and a Hypothesis stream through both), with the per-unit and per-relation work cached.

_HOT_PREFIX: dict[str, Op | None] = {w: _GLYPH_OP.get(g) for w, g in PREFIX_WORDS}
_HOT_OPS: dict[str, Op | None] = {
    **_GLYPH_OP,
    ">=": ">=",
    "=>": ">=",
    "<=": "<=",
    "=<": "<=",
    "==": "=",
    **_HOT_PREFIX,
}
_HOT_SUFFIX: dict[str, Op] = {
    **dict.fromkeys(("及以上", "或以上", "以上"), ">="),
    **dict.fromkeys(("及以下", "或以下", "以下", "以内", "之内", "范围内", "内"), "<="),
}
# A unit may contain none of the characters the normaliser or the grammar treat specially.
_HOT_EXCLUDED = re.escape(
    "".join(sorted(set("".join(_HOT_PREFIX) + "".join(_HOT_SUFFIX))))
    + "0123456789≥>=<≤~-+,.()[]至到底末全当本前后↑↓⇤Ⓨ⁻指目为:"
)
_HOT_RE = re.compile(
    "(" + "|".join(re.escape(k) for k in sorted(_HOT_OPS, key=len, reverse=True)) + ")?"
    r"([0-9]+(?:\.[0-9]+)?)"
    f"([^{_HOT_EXCLUDED}]*)"
    "(" + "|".join(re.escape(k) for k in sorted(_HOT_SUFFIX, key=len, reverse=True)) + ")?"
)


@lru_cache(maxsize=256)
def _unit_column(unit: str | None) -> tuple[str | None, bool]:
    """Return the compacted unit column (None when it is blank or a 是/否 marker) and boolean-ness."""
    if unit is None:
        return None, False
    col = compact(unit)
    if col in BOOLEAN_UNITS:
        return None, True
    return (None if is_empty_mark(col) else col), False


@lru_cache(maxsize=4096)
def _hot_unit(
    written: str | None, col: str | None
) -> tuple[str | None, Decimal | None, str | None, str | None, tuple[TargetWarning, ...]] | None:
    if written is not None and (written in MULTIPLIERS or written in _DATE_UNITS):
        return None
    warnings: list[TargetWarning] = []
    unit = written if written is not None else col
    if written is not None and col is not None and not _same_unit(written, col):
        warnings.append(warn("unit-conflict", given=col, written=written))
    if unit is None:
        return None, None, None, None, ()
    found = find_unit(unit)
    if found is None:
        warnings.append(warn("unit-unknown", unit=unit))
        return unit, None, None, None, tuple(warnings)
    return found.name, found.factor, found.base, found.dimension, tuple(warnings)


@lru_cache(maxsize=256)
def _hot_op(
    written: Op | None, col_op: Op | None, col_text: str | None
) -> tuple[Op | None, tuple[TargetWarning, ...]]:
    if written is not None and col_op is not None and written != col_op:
        return written, (warn("operator-conflict", given=col_text, written=written),)
    return (written if written is not None else col_op), ()


_OPERATOR_MISSING = (warn("operator-missing"),)


def _hot_path(
    raw: str, flat: str, op: str | None, col_op: Op | None, col_unit: str | None
) -> TargetValue | None:
    m = _HOT_RE.fullmatch(flat)
    if m is None:
        return None
    prefix, num, written_unit, suffix = m.groups()
    unit_info = _hot_unit(written_unit or None, col_unit)
    if unit_info is None:
        return None
    unit, factor, base_unit, dimension, warnings = unit_info
    written = _HOT_OPS[prefix] if prefix else None
    if suffix:
        suffix_op = _HOT_SUFFIX[suffix]
        if written is not None and written[0] != suffix_op[0]:
            return None
        written = written or suffix_op
    relation: Op | None
    op_warnings: tuple[TargetWarning, ...]
    if col_op is None:
        relation, op_warnings = written, ()
    else:
        relation, op_warnings = _hot_op(written, col_op, op)
    value = Decimal(num)
    if factor is not None:
        base: Decimal | None = reduce_decimal(exact_mul(value, factor))
    else:
        base = value if unit is None else None
    warnings = op_warnings + warnings
    if relation is None:
        warnings += _OPERATOR_MISSING
    return TargetValue(
        raw=raw,
        kind="quantitative",
        op=relation,
        value=value,
        unit=unit,
        base_value=base,
        base_unit=base_unit,
        dimension=dimension,
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------
# The entry points.


def parse_target_uncached(
    text: str | None,
    *,
    op: str | None = None,
    unit: str | None = None,
    fiscal_year: int | None = None,
    fast: bool = True,
) -> TargetValue:
    """Parse without the cache; ``fast=False`` forces the grammar (the test oracle).

    Arguments as for :func:`parse_target`.
    """
    raw = "" if text is None else str(text)
    flat = compact(raw)
    col_op, op_ok = parse_op(op)
    col_unit, boolean_unit = _unit_column(unit)
    if fast and op_ok:
        hot = _hot_path(raw, flat, op, col_op, col_unit)
        if hot is not None:
            return hot
    ctx = _Ctx(raw, col_op, op, col_unit, fiscal_year)
    if not op_ok:
        ctx.warnings.append(warn("operator-unknown", given=op))
    if boolean_unit and flat == "无":
        return TargetValue(raw=raw, kind="boolean", flag=False, warnings=tuple(ctx.warnings))
    if is_empty_mark(flat):
        return TargetValue(raw=raw, kind="empty", warnings=tuple(ctx.warnings))
    truth = BOOLEANS.get(flat)
    if truth is not None:
        return _not_quantity(ctx, TargetValue(raw=raw, kind="boolean", flag=truth))
    if flat in PHRASES:
        return _not_quantity(ctx, TargetValue(raw=raw, kind="qualitative", text=flat, grade=GRADES.get(flat)))
    norm = normalize_compact(flat)
    syn = syntax_of(norm, fast=fast)
    if syn is not None:
        value = _interpret(ctx, syn)
        if value is not None:
            return value
        ctx.warnings = [w for w in ctx.warnings if w.code == "operator-unknown"]
    holder = _PLACEHOLDER_RE.match(norm)
    if holder is not None:
        glyph, holder_unit = holder.groups()
        found = find_unit(holder_unit) if holder_unit else None
        ctx.warnings.append(warn("placeholder", text=raw))
        return TargetValue(
            raw=raw,
            kind="empty",
            op=_GLYPH_OP[glyph] if glyph else col_op,
            unit=found.name if found else (holder_unit or col_unit),
            warnings=tuple(ctx.warnings),
        )
    if _LOOKS_NUMERIC_RE.search(flat) or not _CJK_RE.search(flat):
        ctx.warnings.append(warn("unparsed", text=raw))
        return _not_quantity(ctx, TargetValue(raw=raw, kind="qualitative", text=flat), unit_note=False)
    return _not_quantity(ctx, TargetValue(raw=raw, kind="qualitative", text=flat))


def _not_quantity(ctx: _Ctx, value: TargetValue, *, unit_note: bool = True) -> TargetValue:
    if unit_note and ctx.col_unit is not None:
        ctx.warnings.append(warn("unit-ignored", given=ctx.col_unit))
    if not ctx.warnings:
        return value
    return value.model_copy(update={"warnings": tuple(ctx.warnings)})


@lru_cache(maxsize=65536)
def _cached(text: str, op: str | None, unit: str | None, fiscal_year: int | None) -> TargetValue:
    return parse_target_uncached(text, op=op, unit=unit, fiscal_year=fiscal_year)


def parse_target(
    text: str | None,
    *,
    op: str | None = None,
    unit: str | None = None,
    fiscal_year: int | None = None,
) -> TargetValue:
    """Parse a 指标值 or 实际完成值 into a :class:`TargetValue`; never raises on a string.

    Args:
        text: The value as written (``"≥95%"``, ``"不少于12种"``, ``"2023.07-2024.01"``, ``"是"``).
            None is read as empty.
        op: The relation column (指标性质) of the split form, e.g. ``"≥"``; used when the value
            has no relation of its own (``operator-conflict`` when they disagree).
        unit: The unit column (度量单位 / 计量单位) of the split form, e.g. ``"百分比"``; used when
            the value has no unit of its own (``unit-conflict`` when they disagree).
        fiscal_year: The budget year, to resolve relative dates (``年底前``, ``当年``, ``12月底``).

    Returns:
        The typed value; problems are in its ``warnings``, each with a stable code.

    """
    if text is not None and not isinstance(text, str):
        text = str(text)  # a number from a spreadsheet cell
    if op is not None and not isinstance(op, str):
        op = str(op)
    if unit is not None and not isinstance(unit, str):
        unit = str(unit)
    return _cached(text if text is not None else "", op, unit, fiscal_year)
