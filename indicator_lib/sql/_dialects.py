"""Rendering one SQL tree for each dialect: the few operations that are spelled differently.

Decides the supported dialects (``duckdb``, ``postgres``, ``spark``, ``oracle``; ``kingbase``,
``opengauss``, ``gaussdb`` render as ``postgres`` and ``dameng``/``dm`` as ``oracle``) and how the
placeholders of :mod:`._functions` become SQL in each:

- ``IL_DIV(x, y)`` — exact division rounded half up to 10 decimals, null when ``y`` is 0. PostgreSQL
  and Oracle divide exact decimals (``NUMERIC(65, 30)``, ``NUMBER``); DuckDB and Spark divide
  decimals in binary floating point, so there the quotient is rounded from a double (correct to 10
  decimals for quotients below about 10⁵; docs/sql.md, «Numbers»).
- ``IL_DAYS(a, b)`` — days from ``a`` to ``b``; ``IL_ADD_DAYS(d, n)`` — ``d`` plus ``n`` whole days.

Everything else is sqlglot's own dialect translation.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from indicator_lib.errors import RuleCheckError
from indicator_lib.sql._functions import _cast
from indicator_lib.sql._layout import NUMERIC

__all__ = ["DIALECTS", "lower", "sqlglot_dialect"]

DIALECTS: dict[str, str] = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "postgresql": "postgres",
    "kingbase": "postgres",
    "opengauss": "postgres",
    "gaussdb": "postgres",
    "spark": "spark",
    "oracle": "oracle",
    "dameng": "oracle",
    "dm": "oracle",
}


def sqlglot_dialect(name: str) -> str:
    """Return the sqlglot dialect for a supported dialect name.

    Raises:
        RuleCheckError: An unknown dialect (code ``unknown-dialect``), listing the known ones.

    """
    key = name.strip().lower()
    if key not in DIALECTS:
        known = ", ".join(sorted(DIALECTS))
        raise RuleCheckError(
            f"不支持的 SQL 方言「{name}」，可选：{known}",
            f"unsupported SQL dialect {name!r}; choose one of: {known}",
            code="unknown-dialect",
        )
    return DIALECTS[key]


def _nullif_zero(y: exp.Expr) -> exp.Expr:
    return exp.Nullif(this=y, expression=exp.Literal.number(0))


def _div_float(x: exp.Expr, y: exp.Expr) -> exp.Expr:
    q = exp.Div(this=_cast(x, "DOUBLE"), expression=_nullif_zero(_cast(y, "DOUBLE")))
    return _cast(q, NUMERIC)


def _div_exact(x: exp.Expr, y: exp.Expr) -> exp.Expr:
    q = exp.Div(this=_cast(x, "DECIMAL(65, 30)"), expression=_nullif_zero(y))
    return _cast(exp.Round(this=q, decimals=exp.Literal.number(10)), NUMERIC)


def _div_oracle(x: exp.Expr, y: exp.Expr) -> exp.Expr:
    q = exp.Div(this=x, expression=_nullif_zero(y))
    return _cast(exp.Round(this=q, decimals=exp.Literal.number(10)), NUMERIC)


def _days_minus(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.Sub(this=b, expression=a)


def _days_spark(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this="DATEDIFF", expressions=[b, a])


def _whole(n: exp.Expr) -> exp.Expr:
    return _cast(exp.Anonymous(this="TRUNC", expressions=[n]), "INT")


def _add_days_plus(d: exp.Expr, n: exp.Expr) -> exp.Expr:
    return exp.Add(this=d, expression=_whole(n))


def _add_days_spark(d: exp.Expr, n: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this="DATE_ADD", expressions=[d, _cast(n, "INT")])


Lowering = Callable[[exp.Expr, exp.Expr], exp.Expr]

_LOWER: dict[str, dict[str, Lowering]] = {
    "duckdb": {"IL_DIV": _div_float, "IL_DAYS": _days_minus, "IL_ADD_DAYS": _add_days_plus},
    "spark": {"IL_DIV": _div_float, "IL_DAYS": _days_spark, "IL_ADD_DAYS": _add_days_spark},
    "postgres": {"IL_DIV": _div_exact, "IL_DAYS": _days_minus, "IL_ADD_DAYS": _add_days_plus},
    "oracle": {"IL_DIV": _div_oracle, "IL_DAYS": _days_minus, "IL_ADD_DAYS": _add_days_plus},
}


def lower(tree: exp.Expr, dialect: str) -> exp.Expr:
    """Return a copy of ``tree`` with the placeholders written for ``dialect`` (a sqlglot name)."""
    table = _LOWER[dialect]
    tree = tree.copy()
    found = [n for n in tree.find_all(exp.Anonymous) if isinstance(n.this, str) and n.this in table]
    # deepest first: a placeholder's arguments are lowered before the placeholder itself
    found.sort(key=lambda n: n.depth, reverse=True)
    for node in found:
        args = node.expressions
        node.replace(table[node.this](args[0], args[1]))
    return tree
