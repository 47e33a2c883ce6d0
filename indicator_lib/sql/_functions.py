"""Expanding the SQL forms declared with the built-ins into sqlglot expressions.

Decides how a built-in's SQL template (``Builtin.sql`` / ``Aggregate.sql`` in
:mod:`indicator_lib.rules._builtins`, where each built-in is declared once) becomes one sqlglot
tree that renders for every dialect: the template is parsed once per number of arguments (cached),
each placeholder ``{0}`` … ``{*}`` ``{e}`` is replaced by a copy of the compiled argument
(parenthesised where it is the operand of an operator), and ``IL_NUM(x)`` becomes the cast to the
layout's number type. ``sql_guard_nulls`` forms are wrapped so that a null argument gives null,
because ``LEAST``/``GREATEST`` skip nulls in PostgreSQL and DuckDB. Operations whose spelling
differs between dialects (``IL_DIV``, ``IL_DAYS``) stay placeholders, lowered by :mod:`._dialects`
when rendering. Also holds the small expression helpers the compiler shares.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import sqlglot
from sqlglot import exp

from indicator_lib.errors import RuleCheckError
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS, Builtin
from indicator_lib.sql._layout import NUMERIC

__all__ = [
    "_cast",
    "_is_null_of",
    "_not_of",
    "_wrap",
    "aggregate_sql",
    "as_number",
    "builtin_form",
    "builtin_sql",
    "div",
    "expand",
    "null_if_any_null",
    "placeholder",
]

_ARG = "__il_a"
_ELEM = "__il_e"
_HOLE = re.compile(r"\{(\*|e|\d+)(?:\|([^{}]*))?\}")
_PARSE_LOCK = threading.Lock()


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


def _bad_template(template: str, why: str) -> RuleCheckError:
    return RuleCheckError(
        f"内置函数的 SQL 模板「{template}」无效：{why}",
        f"invalid SQL template {template!r} of a built-in: {why}",
        code="bad-sql-template",
    )


@lru_cache(maxsize=256)
def _parsed(template: str, arity: int) -> exp.Expr:
    """Parse ``template`` for ``arity`` arguments, holes written as marker columns."""

    def hole(m: re.Match[str]) -> str:
        key, default = m.group(1), m.group(2)
        if key == "*":
            return ", ".join(f"{_ARG}{k}" for k in range(arity))
        if key == "e":
            return _ELEM
        k = int(key)
        if k < arity:
            return f"{_ARG}{k}"
        if default is None:
            raise _bad_template(template, f"没有第 {k + 1} 个参数 / argument {k + 1} is missing")
        return default

    text = _HOLE.sub(hole, template)
    with _PARSE_LOCK:
        try:
            tree = sqlglot.parse_one(text)
        except sqlglot.errors.ParseError as err:
            raise _bad_template(template, str(err)) from None
    for node in list(tree.find_all(exp.Anonymous)):
        if isinstance(node.this, str) and node.this.upper() == "IL_NUM":
            number = as_number(node.expressions[0])
            if node is tree:
                tree = number
            else:
                node.replace(number)
    return tree


def expand(template: str, args: list[exp.Expr]) -> exp.Expr:
    """Fill a SQL template with argument expressions (``{e}`` is ``args[0]``).

    Each hole gets a fresh copy of its argument, parenthesised where it is the operand of an
    operator, so the arguments are never shared between places in the tree.
    """
    tree = _parsed(template, len(args)).copy()
    holes = [n for n in tree.find_all(exp.Column) if not n.table and n.name.startswith(("__il_a", _ELEM))]
    for node in holes:
        name = node.name
        value = args[0] if name == _ELEM else args[int(name[len(_ARG) :])]
        parent = node.parent
        fill = value.copy()
        if isinstance(parent, (exp.Binary, exp.Unary)) and not isinstance(parent, exp.Paren):
            fill = _wrap(fill)
        if node is tree:
            return fill
        node.replace(fill)
    return tree


def builtin_form(name: str) -> Builtin | None:
    """Return the declaration of the built-in ``name`` when it has a SQL form."""
    b = BUILTINS.get(name)
    return b if b is not None and b.sql is not None else None


def builtin_sql(b: Builtin, args: list[exp.Expr]) -> exp.Expr:
    """Return the SQL of a call of ``b`` on compiled arguments (null-guarded where declared)."""
    assert b.sql is not None
    body = expand(b.sql, args)
    return null_if_any_null(args, body) if b.sql_guard_nulls else body


def aggregate_sql(name: str, e: exp.Expr, kind: str) -> exp.Expr:
    """Return the SQL of the aggregate ``name`` over the element ``e`` of kind ``kind``.

    Raises:
        RuleCheckError: The aggregate has no SQL form (code ``not-in-sql``).

    """
    agg = AGGREGATES[name]
    template = agg.sql_bool if kind == "bool" and agg.sql_bool is not None else agg.sql
    if template is None:
        raise RuleCheckError(
            f"聚合函数「{name}」没有 SQL 形式",
            f"aggregate {name!r} has no SQL form",
            code="not-in-sql",
        )
    return expand(template, [e])
