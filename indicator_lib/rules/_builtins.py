"""Built-in functions and aggregates, each declared once: name, signature, types, implementation.

Decides: the checker types a call through the declaration's ``typer`` and the backends run its
``impl``; ``null_strict`` functions return null when any argument is null (so a missing actual
value never earns full marks by accident). Aggregates (``sum count min max avg all any list``) take
the values of a comprehension or of one list argument; nulls are skipped by ``sum min max avg``;
``all``/``any`` are three-valued (``all`` over a list holding ``false`` is false, else null if it
holds null). Host functions registered by the caller (:class:`HostFunction`) are declared with
the same type names and checked the same way.

Each declaration also carries its SQL form (``sql``), a dialect-neutral SQL template that the SQL
backend (:mod:`indicator_lib.sql`) parses once with sqlglot and fills with the compiled arguments,
so this module needs no SQL library. In a template ``{0}``, ``{1}`` … are the arguments, ``{1|0}``
is argument 1 or the SQL text ``0`` when it is absent, ``{*}`` is every argument and (aggregates)
``{e}`` is the element expression. Three placeholder functions are lowered by the backend:
``IL_NUM(x)`` casts to the layout's one number type, ``IL_DIV(x, y)`` is exact division rounded
half up (null where ``y`` is 0) and ``IL_DAYS(a, b)`` is the days from ``a`` to ``b``.
``sql_guard_nulls`` wraps the form so that a null argument gives null (``LEAST``/``GREATEST`` skip
nulls); ``sql_literal_args`` lists arguments that must be whole-number literals in SQL. An
aggregate's ``sql_bool`` is its form over boolean elements when that differs. ``sql=None`` means
the function has no SQL form (a compile error in the SQL backend).
"""

from __future__ import annotations

import datetime as _dt
import inspect
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from indicator_lib.rules._types import (
    ANY,
    BOOL,
    DATE,
    NULL,
    NUMBER,
    TEXT,
    EnumT,
    ListT,
    Prim,
    Type,
    base_of,
    join,
)
from indicator_lib.rules._values import CONTEXT, EvalFailure, round_half_up, to_value, truthy

__all__ = [
    "AGGREGATES",
    "BUILTINS",
    "Aggregate",
    "Builtin",
    "HostFunction",
    "host_function",
    "parse_type_name",
]

Typer = Callable[[list[Type]], "Type | str"]


@dataclass(frozen=True, slots=True)
class Builtin:
    """A scalar built-in function."""

    name: str
    signature: str
    min_args: int
    max_args: int | None
    typer: Typer
    impl: Callable[..., Any]
    null_strict: bool = True
    sql: str | None = None
    sql_guard_nulls: bool = False
    sql_literal_args: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregate over the values of a comprehension (or one list argument)."""

    name: str
    signature: str
    elem_typer: Typer
    impl: Callable[[list[Any]], Any]
    list_impl: Callable[[list[Any]], Any] | None = None
    sql: str | None = None
    sql_bool: str | None = None

    def over_list(self, values: list[Any]) -> Any:
        """Apply the aggregate to a list argument (``count(L)`` counts every item)."""
        return (self.list_impl or self.impl)(values)


def _is(t: Type, *prims: Prim) -> bool:
    b = base_of(t)
    return b is ANY or b is NULL or b in prims


def _numbers(name: str) -> Typer:
    def typer(args: list[Type]) -> Type | str:
        for t in args:
            if not _is(t, NUMBER):
                return f"{name} 的参数应为 number / {name} expects number arguments"
        return NUMBER

    return typer


def _ordered_same(name: str) -> Typer:
    def typer(args: list[Type]) -> Type | str:
        common: Type | None = NULL
        for t in args:
            common = join(common, t) if common is not None else None
        if common is None or not _is(common, NUMBER, DATE, TEXT):
            return (
                f"{name} 的参数应同为 number、date 或 text / "
                f"{name} expects numbers, dates or texts of one kind"
            )
        return base_of(common)

    return typer


def _sig(params: Sequence[Prim], result: Type, name: str) -> Typer:
    def typer(args: list[Type]) -> Type | str:
        for t, p in zip(args, params, strict=False):
            if not _is(t, p):
                return f"{name} 的参数应为 {p.name} / {name} expects {p.name}"
        return result

    return typer


def _len_typer(args: list[Type]) -> Type | str:
    t = args[0]
    if isinstance(t, ListT) or _is(t, TEXT):
        return NUMBER
    return "len 的参数应为 text 或 list / len expects a text or a list"


def _coalesce_typer(args: list[Type]) -> Type | str:
    common: Type | None = NULL
    for t in args:
        common = join(common, t) if common is not None else None
    if common is None:
        return "coalesce 的参数类型不一致 / coalesce arguments differ in type"
    return common


def _round(x: Decimal, n: Decimal | None = None) -> Decimal | None:
    places = 0
    if n is not None:
        if n != n.to_integral_value() or abs(n) > 28:
            raise EvalFailure(
                "bad-argument",
                f"round 的位数应为 -28 到 28 之间的整数，得到 {n}",
                f"round: places must be a whole number from -28 to 28, got {n}",
            )
        places = int(n)
    return round_half_up(x, places)


def _clamp(x: Decimal, lo: Decimal, hi: Decimal) -> Decimal:
    return min(max(x, lo), hi)


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> _dt.date:
    raise EvalFailure(
        "bad-date", f"「{text}」不是 YYYY-MM-DD 格式的日期", f"{text!r} is not a date in YYYY-MM-DD form"
    )


def _ratio(x: Decimal | None, y: Decimal | None) -> Decimal | None:
    if x is None or y is None or not y:
        return None
    return x / y


def _coalesce(*args: Any) -> Any:
    for v in args:
        if v is not None:
            return v
    return None


_B = [
    Builtin(
        "min",
        "min(a, b, …)",
        2,
        None,
        _ordered_same("min"),
        lambda *a: min(a),
        sql="LEAST({*})",
        sql_guard_nulls=True,
    ),
    Builtin(
        "max",
        "max(a, b, …)",
        2,
        None,
        _ordered_same("max"),
        lambda *a: max(a),
        sql="GREATEST({*})",
        sql_guard_nulls=True,
    ),
    Builtin("abs", "abs(number) -> number", 1, 1, _numbers("abs"), abs, sql="ABS({0})"),
    Builtin(
        "round",
        "round(number[, places]) -> number",
        1,
        2,
        _numbers("round"),
        _round,
        sql="IL_NUM(ROUND({0}, {1|0}))",
        sql_literal_args=(1,),
    ),
    Builtin(
        "floor",
        "floor(number) -> number",
        1,
        1,
        _numbers("floor"),
        lambda x: x.to_integral_value(rounding=ROUND_FLOOR, context=CONTEXT),
        sql="IL_NUM(FLOOR({0}))",
    ),
    Builtin(
        "ceil",
        "ceil(number) -> number",
        1,
        1,
        _numbers("ceil"),
        lambda x: x.to_integral_value(rounding=ROUND_CEILING, context=CONTEXT),
        sql="IL_NUM(CEIL({0}))",
    ),
    Builtin(
        "clamp",
        "clamp(x, lo, hi) -> number",
        3,
        3,
        _numbers("clamp"),
        _clamp,
        sql="LEAST(GREATEST({0}, {1}), {2})",
        sql_guard_nulls=True,
    ),
    Builtin(
        "coalesce",
        "coalesce(a, b, …)",
        1,
        None,
        _coalesce_typer,
        _coalesce,
        null_strict=False,
        sql="COALESCE({*})",
    ),
    Builtin(
        "len",
        "len(text | list) -> number",
        1,
        1,
        _len_typer,
        lambda x: Decimal(len(x)),
        sql="IL_NUM(LENGTH({0}))",
    ),
    Builtin("lower", "lower(text) -> text", 1, 1, _sig([TEXT], TEXT, "lower"), str.lower, sql="LOWER({0})"),
    Builtin("upper", "upper(text) -> text", 1, 1, _sig([TEXT], TEXT, "upper"), str.upper, sql="UPPER({0})"),
    Builtin(
        "contains",
        "contains(text, part) -> bool",
        2,
        2,
        _sig([TEXT, TEXT], BOOL, "contains"),
        lambda t, s: s in t,
        sql="STRPOS({0}, {1}) > 0",
    ),
    Builtin(
        "startswith",
        "startswith(text, prefix) -> bool",
        2,
        2,
        _sig([TEXT, TEXT], BOOL, "startswith"),
        str.startswith,
        sql="SUBSTRING({0}, 1, LENGTH({1})) = {1}",
    ),
    Builtin(
        "endswith",
        "endswith(text, suffix) -> bool",
        2,
        2,
        _sig([TEXT, TEXT], BOOL, "endswith"),
        str.endswith,
        sql=("LENGTH({0}) >= LENGTH({1}) AND SUBSTRING({0}, LENGTH({0}) - LENGTH({1}) + 1) = {1}"),
        sql_guard_nulls=True,
    ),
    Builtin(
        "date", 'date("YYYY-MM-DD") -> date', 1, 1, _sig([TEXT], DATE, "date"), _date, sql="CAST({0} AS DATE)"
    ),
    Builtin(
        "year",
        "year(date) -> number",
        1,
        1,
        _sig([DATE], NUMBER, "year"),
        lambda d: Decimal(d.year),
        sql="IL_NUM(EXTRACT(YEAR FROM {0}))",
    ),
    Builtin(
        "month",
        "month(date) -> number",
        1,
        1,
        _sig([DATE], NUMBER, "month"),
        lambda d: Decimal(d.month),
        sql="IL_NUM(EXTRACT(MONTH FROM {0}))",
    ),
    Builtin(
        "day",
        "day(date) -> number",
        1,
        1,
        _sig([DATE], NUMBER, "day"),
        lambda d: Decimal(d.day),
        sql="IL_NUM(EXTRACT(DAY FROM {0}))",
    ),
    Builtin(
        "days_between",
        "days_between(a, b) -> number (b − a)",
        2,
        2,
        _sig([DATE, DATE], NUMBER, "days_between"),
        lambda x, y: Decimal((y - x).days),
        sql="IL_NUM(IL_DAYS({0}, {1}))",
    ),
    Builtin(
        "ratio",
        "ratio(a, b) -> number (null where b is 0)",
        2,
        2,
        _numbers("ratio"),
        _ratio,
        null_strict=False,
        sql="IL_DIV({0}, {1})",
    ),
]

BUILTINS: dict[str, Builtin] = {b.name: b for b in _B}


def _agg_sum(values: list[Any]) -> Any:
    total = Decimal(0)
    for v in values:
        if v is not None:
            total += v
    return total


def _agg_count(values: list[Any]) -> Decimal:
    return Decimal(sum(1 for v in values if v is not None and v is not False))


def _agg_min(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _agg_max(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _agg_avg(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def _agg_all(values: list[Any]) -> bool | None:
    unknown = False
    for v in values:
        if v is False:
            return False
        if not truthy(v):
            unknown = True
    return None if unknown else True


def _agg_any(values: list[Any]) -> bool | None:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def _elem(kind: str, *prims: Prim) -> Typer:
    def typer(args: list[Type]) -> Type | str:
        t = args[0]
        if not _is(t, *prims):
            names = " / ".join(p.name for p in prims)
            return f"{kind} 的元素应为 {names} / {kind} expects {names} elements"
        if kind in ("sum", "avg", "count"):
            return NUMBER
        if kind in ("all", "any"):
            return BOOL
        return base_of(t)

    return typer


def _count_typer(args: list[Type]) -> Type | str:
    return NUMBER


def _list_typer(args: list[Type]) -> Type | str:
    return ListT(args[0])


# three-valued, as in Python: a false (all) / true (any) element decides, else a null one gives null
_SQL_ALL = (
    "CASE WHEN COUNT(CASE WHEN NOT {e} THEN 1 END) > 0 THEN FALSE"
    " WHEN COUNT(CASE WHEN {e} IS NULL THEN 1 END) > 0 THEN NULL ELSE TRUE END"
)
_SQL_ANY = (
    "CASE WHEN COUNT(CASE WHEN {e} THEN 1 END) > 0 THEN TRUE"
    " WHEN COUNT(CASE WHEN {e} IS NULL THEN 1 END) > 0 THEN NULL ELSE FALSE END"
)

AGGREGATES: dict[str, Aggregate] = {
    a.name: a
    for a in [
        Aggregate("sum", "sum(E for x in L [if C])", _elem("sum", NUMBER), _agg_sum, sql="SUM({e})"),
        Aggregate(
            "count",
            "count(E for x in L [if C])",
            _count_typer,
            _agg_count,
            lambda xs: Decimal(len(xs)),
            sql="IL_NUM(COUNT({e}))",
            sql_bool="IL_NUM(COUNT(CASE WHEN {e} THEN 1 END))",
        ),
        Aggregate(
            "min", "min(E for x in L [if C])", _elem("min", NUMBER, DATE, TEXT), _agg_min, sql="MIN({e})"
        ),
        Aggregate(
            "max", "max(E for x in L [if C])", _elem("max", NUMBER, DATE, TEXT), _agg_max, sql="MAX({e})"
        ),
        Aggregate(
            "avg",
            "avg(E for x in L [if C])",
            _elem("avg", NUMBER),
            _agg_avg,
            sql="IL_DIV(SUM({e}), IL_NUM(COUNT({e})))",
        ),
        Aggregate("all", "all(C for x in L [if C])", _elem("all", BOOL), _agg_all, sql=_SQL_ALL),
        Aggregate("any", "any(C for x in L [if C])", _elem("any", BOOL), _agg_any, sql=_SQL_ANY),
        Aggregate("list", "list(E for x in L [if C])", _list_typer, list),
    ]
}


# ---- host functions ------------------------------------------------------------------------------

_TYPE_NAMES: dict[str, Type] = {"number": NUMBER, "text": TEXT, "bool": BOOL, "date": DATE, "any": ANY}
_PY_TYPES: dict[Any, Type] = {
    Decimal: NUMBER,
    int: NUMBER,
    float: NUMBER,
    str: TEXT,
    bool: BOOL,
    _dt.date: DATE,
    typing.Any: ANY,
}


def parse_type_name(name: str | Type) -> Type:
    """Return the type for ``number``, ``text``, ``bool``, ``date``, ``any`` or ``list[…]``."""
    if isinstance(name, Type):
        return name
    name = name.strip()
    if name.startswith("list[") and name.endswith("]"):
        return ListT(parse_type_name(name[5:-1]))
    if name in _TYPE_NAMES:
        return _TYPE_NAMES[name]
    raise ValueError(f"unknown type name {name!r}: use number, text, bool, date, any or list[...]")


@dataclass(frozen=True, slots=True)
class HostFunction:
    """A function supplied by host code, callable from rules and type-checked like a built-in.

    Attributes:
        fn: The Python callable; it receives language values (``Decimal``, ``str``, ``bool``, ``date``,
            lists, or None for null) and returns one. Anything it raises becomes a
            ``RuleEvaluationError`` (code ``host-function-failed``).
        params: Parameter type names (``"text"``, ``"number"``, ``"list[text]"`` …).
        returns: The result type name.
        null_strict: If true (default), a null argument gives null without calling ``fn``.

    """

    fn: Callable[..., Any]
    params: Sequence[str | Type] = ()
    returns: str | Type = "any"
    null_strict: bool = True

    def param_types(self) -> list[Type]:
        """Return the parameter types."""
        return [parse_type_name(p) for p in self.params]

    def return_type(self) -> Type:
        """Return the result type."""
        return parse_type_name(self.returns)

    def call(self, args: list[Any]) -> Any:
        """Call the function on language values; normalise its result."""
        if self.null_strict and any(v is None for v in args):
            return None
        try:
            result = self.fn(*args)
        except Exception as exc:
            raise self.failure(exc) from exc
        return to_value(result)

    def failure(self, exc: Exception) -> EvalFailure:
        """Return the evaluation error for an exception raised by the function."""
        name = getattr(self.fn, "__name__", "host function")
        return EvalFailure(
            "host-function-failed",
            f"宿主函数 {name} 出错：{type(exc).__name__}: {exc}",
            f"host function {name} failed: {type(exc).__name__}: {exc}",
        )


def host_function(
    fn: Callable[..., Any] | None = None,
    *,
    params: Sequence[str] | None = None,
    returns: str | None = None,
    null_strict: bool = True,
) -> Any:
    """Declare a host function, from explicit type names or from the function's annotations.

    Use as ``@host_function`` (annotations ``str``/``Decimal``/``int``/``float``/``bool``/``date``)
    or ``@host_function(params=["text", "text"], returns="bool")``.

    Returns:
        A :class:`HostFunction` (or a decorator making one).

    """

    def make(f: Callable[..., Any]) -> HostFunction:
        if params is not None and returns is not None:
            return HostFunction(f, list(params), returns, null_strict)
        hints = typing.get_type_hints(f)
        sig = inspect.signature(f)
        ps: list[str | Type] = (
            list(params)
            if params is not None
            else [_PY_TYPES.get(_strip_optional(hints.get(p, typing.Any)), ANY) for p in sig.parameters]
        )
        ret: str | Type = (
            returns
            if returns is not None
            else _PY_TYPES.get(_strip_optional(hints.get("return", typing.Any)), ANY)
        )
        return HostFunction(f, ps, ret, null_strict)

    if fn is not None:
        return make(fn)
    return make


def _strip_optional(ann: Any) -> Any:
    args = [x for x in typing.get_args(ann) if x is not type(None)]
    if typing.get_origin(ann) in (typing.Union, __import__("types").UnionType) and len(args) == 1:
        return args[0]
    return ann


def is_enum(t: Type) -> bool:
    """Return True for an enumeration type."""
    return isinstance(t, EnumT)
