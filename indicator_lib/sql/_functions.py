"""The SQL form of every built-in function and aggregate, in one table keyed by name.

Decides how each built-in of the rules language is written in SQL, as a sqlglot expression built
from its (already compiled) arguments, so that the one tree renders for every dialect. The forms
keep the language's null rules: ``null_strict`` built-ins (``min``, ``max``, ``clamp`` …) are
wrapped so that a null argument gives null, because ``LEAST``/``GREATEST`` skip nulls in
PostgreSQL and DuckDB. Operations whose spelling differs between dialects (exact division, date
arithmetic) are written as the placeholders of :mod:`._dialects`, lowered when rendering.

These forms belong beside the built-ins' declarations in ``indicator_lib/rules/_builtins.py``
(``Builtin.sql`` / ``Aggregate.sql``); they live here until that field takes a callable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from indicator_lib.sql._layout import NUMERIC

__all__ = [
    "AGGREGATE_SQL",
    "BUILTIN_SQL",
    "SqlForm",
    "_cast",
    "_is_null_of",
    "_not_of",
    "_wrap",
    "as_number",
    "div",
    "null_if_any_null",
    "placeholder",
]

Build = Callable[[list[exp.Expr]], exp.Expr]


def _cast(e: exp.Expr, to: str) -> exp.Expr:
    """``CAST(e AS to)``, always nested (sqlglot's ``exp.cast`` may fold a cast into another)."""
    return exp.Cast(this=e, to=exp.DataType.build(to))


def _wrap(e: exp.Expr) -> exp.Expr:
    """Parenthesise ``e`` unless it is atomic (sqlglot does not add precedence parentheses)."""
    if isinstance(e, (exp.Binary, exp.Unary, exp.In, exp.Between, exp.Is)):
        return exp.Paren(this=e)
    return e


def _is_null_of(e: exp.Expr, expression: exp.Expr | None = None) -> exp.Expr:
    """Return ``(e) IS NULL``."""
    return exp.Is(this=_wrap(e), expression=exp.Null())


def _not_of(e: exp.Expr) -> exp.Expr:
    """Return ``NOT (e)``."""
    return exp.Not(this=_wrap(e))


def placeholder(name: str, *args: exp.Expr) -> exp.Expr:
    """Return a dialect-specific operation, lowered by :func:`indicator_lib.sql._dialects.lower`."""
    return exp.Anonymous(this=name, expressions=list(args))


def as_number(e: exp.Expr) -> exp.Expr:
    """``CAST(e AS DECIMAL(38, 10))``: every number in the generated SQL has this type."""
    return _cast(e, NUMERIC)


def div(x: exp.Expr, y: exp.Expr) -> exp.Expr:
    """``x / y`` rounded half up to the layout's scale; null where ``y`` is 0 or null."""
    return placeholder("IL_DIV", x, y)


def null_if_any_null(args: list[exp.Expr], body: exp.Expr) -> exp.Expr:
    """``CASE WHEN a IS NULL OR … THEN NULL ELSE body END``."""
    test = exp.or_(*[_is_null_of(a.copy(), expression=exp.Null()) for a in args])
    return exp.Case(ifs=[exp.If(this=test, true=exp.Null())], default=body)


@dataclass(frozen=True, slots=True)
class SqlForm:
    """The SQL form of one built-in: how to build it, and whether it needs the null guard."""

    build: Build
    guard_nulls: bool = False
    literal_args: tuple[int, ...] = ()


def _least(args: list[exp.Expr]) -> exp.Expr:
    return exp.Least(this=args[0], expressions=args[1:])


def _greatest(args: list[exp.Expr]) -> exp.Expr:
    return exp.Greatest(this=args[0], expressions=args[1:])


def _round(args: list[exp.Expr]) -> exp.Expr:
    places = args[1] if len(args) > 1 else exp.Literal.number(0)
    return as_number(exp.Round(this=args[0], decimals=places))


def _clamp(args: list[exp.Expr]) -> exp.Expr:
    x, lo, hi = args
    return exp.Least(this=exp.Greatest(this=x, expressions=[lo]), expressions=[hi])


def _starts(args: list[exp.Expr]) -> exp.Expr:
    t, s = args
    return exp.EQ(
        this=exp.Substring(this=t, start=exp.Literal.number(1), length=exp.Length(this=s)),
        expression=s.copy(),
    )


def _ends(args: list[exp.Expr]) -> exp.Expr:
    t, s = args
    start = exp.Add(
        this=exp.Sub(this=exp.Length(this=t.copy()), expression=exp.Length(this=s.copy())),
        expression=exp.Literal.number(1),
    )
    fits = exp.GTE(this=exp.Length(this=t.copy()), expression=exp.Length(this=s.copy()))
    return exp.and_(fits, exp.EQ(this=exp.Substring(this=t, start=start), expression=s))


def _contains(args: list[exp.Expr]) -> exp.Expr:
    t, s = args
    return exp.GT(this=exp.StrPosition(this=t, substr=s), expression=exp.Literal.number(0))


def _extract(unit: str) -> Build:
    def build(args: list[exp.Expr]) -> exp.Expr:
        return as_number(exp.Extract(this=exp.var(unit), expression=args[0]))

    return build


def _date(args: list[exp.Expr]) -> exp.Expr:
    return _cast(args[0], "DATE")


#: name → SQL form, for the scalar built-ins of ``indicator_lib.rules._builtins.BUILTINS``.
BUILTIN_SQL: dict[str, SqlForm] = {
    "min": SqlForm(_least, guard_nulls=True),
    "max": SqlForm(_greatest, guard_nulls=True),
    "abs": SqlForm(lambda a: exp.Abs(this=a[0])),
    "round": SqlForm(_round, literal_args=(1,)),
    "floor": SqlForm(lambda a: as_number(exp.Floor(this=a[0]))),
    "ceil": SqlForm(lambda a: as_number(exp.Ceil(this=a[0]))),
    "clamp": SqlForm(_clamp, guard_nulls=True),
    "coalesce": SqlForm(lambda a: exp.Coalesce(this=a[0], expressions=a[1:])),
    "len": SqlForm(lambda a: as_number(exp.Length(this=a[0]))),
    "lower": SqlForm(lambda a: exp.Lower(this=a[0])),
    "upper": SqlForm(lambda a: exp.Upper(this=a[0])),
    "contains": SqlForm(_contains),
    "startswith": SqlForm(_starts),
    "endswith": SqlForm(_ends, guard_nulls=True),
    "date": SqlForm(_date),
    "year": SqlForm(_extract("YEAR")),
    "month": SqlForm(_extract("MONTH")),
    "day": SqlForm(_extract("DAY")),
    "days_between": SqlForm(lambda a: as_number(placeholder("IL_DAYS", a[0], a[1]))),
    "ratio": SqlForm(lambda a: div(a[0], a[1])),
}


def _count_values(e: exp.Expr, kind: str) -> exp.Expr:
    if kind == "bool":
        return exp.Count(this=exp.Case(ifs=[exp.If(this=e, true=exp.Literal.number(1))]))
    return exp.Count(this=e)


def _count_where(test: exp.Expr) -> exp.Expr:
    return exp.Count(this=exp.Case(ifs=[exp.If(this=test, true=exp.Literal.number(1))]))


def _all(e: exp.Expr, kind: str) -> exp.Expr:
    has_false = exp.GT(this=_count_where(_not_of(e.copy())), expression=exp.Literal.number(0))
    has_null = exp.GT(
        this=_count_where(_is_null_of(e.copy(), expression=exp.Null())), expression=exp.Literal.number(0)
    )
    return exp.Case(
        ifs=[exp.If(this=has_false, true=exp.false()), exp.If(this=has_null, true=exp.Null())],
        default=exp.true(),
    )


def _any(e: exp.Expr, kind: str) -> exp.Expr:
    has_true = exp.GT(this=_count_where(e.copy()), expression=exp.Literal.number(0))
    has_null = exp.GT(
        this=_count_where(_is_null_of(e.copy(), expression=exp.Null())), expression=exp.Literal.number(0)
    )
    return exp.Case(
        ifs=[exp.If(this=has_true, true=exp.true()), exp.If(this=has_null, true=exp.Null())],
        default=exp.false(),
    )


def _avg(e: exp.Expr, kind: str) -> exp.Expr:
    return div(exp.Sum(this=e), as_number(exp.Count(this=e.copy())))


AggBuild = Callable[[exp.Expr, str], exp.Expr]

#: name → SQL form of an aggregate over the element expression (nulls skipped as in Python);
#: ``sum`` and ``count`` of nothing are 0, so the compiler wraps them in ``COALESCE(…, 0)``.
AGGREGATE_SQL: dict[str, AggBuild] = {
    "sum": lambda e, kind: exp.Sum(this=e),
    "count": lambda e, kind: as_number(_count_values(e, kind)),
    "min": lambda e, kind: exp.Min(this=e),
    "max": lambda e, kind: exp.Max(this=e),
    "avg": _avg,
    "all": _all,
    "any": _any,
}
