"""Rendering one SQL tree for each dialect: the few operations that are spelled differently.

Decides the supported dialects (``duckdb``, ``postgres``, ``spark``, ``oracle``; ``kingbase``,
``opengauss``, ``gaussdb`` render as ``postgres`` and ``dameng``/``dm`` as ``oracle``) and how the
placeholders of :mod:`._functions` become SQL in each:

- ``IL_DIV(x, y)`` — exact division rounded half up to 10 decimals, null when ``y`` is 0. PostgreSQL
  and Oracle divide exact decimals (``NUMERIC(65, 30)``, ``NUMBER``); DuckDB and Spark divide
  decimals in binary floating point, so there the quotient is rounded from a double (correct to 10
  decimals for quotients below about 10⁵; docs/sql.md, «Numbers»).
- ``IL_DAYS(a, b)`` — days from ``a`` to ``b``; ``IL_ADD_DAYS(d, n)`` — ``d`` plus ``n`` whole days.

And, for DuckDB only, the two exact decimal operations that divide 128-bit integers (which DuckDB
does slowly, about 150 ns a value): a product rounded to the layout's scale
(``CAST(x * y AS DECIMAL(38, 10))``) and ``CAST(ROUND(x, n) AS DECIMAL(38, 10))``. Each gets a fast
path that is still exact: a candidate computed in binary floating point and cast to a decimal (so it
is a multiple of the target step), taken only where it is provably the correctly rounded value —
the exact difference to the unrounded value (decimal arithmetic without a division) is below half a
step — and the exact form otherwise (ties, nulls, huge values). DuckDB evaluates a ``CASE`` branch
only on the rows that take it, so the exact form costs only where it is used.

In every dialect, casts of a cast to the same type, and null tests of number constants that are
operands of ``OR`` (the compiler's generic null guards produce them), are folded away.

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


_NUMERIC_TYPE = exp.DataType.build(NUMERIC)
# an operand larger than this (in sqlglot nodes) keeps the plain exact form: the fast path repeats
# its operands, so nesting must not blow up the query text
_FAST_MAX_NODES = 150
# the fast paths are written only in the score lines (one row per score line: where the rows are).
# Elsewhere, in the chain of let and def CTEs that later CTEs read, DuckDB binds a CTE's expressions
# once per path of references to it, and the longer text slowed binding several-fold (goal_review)
_FAST_IN = "score_lines"


def _bare(e: exp.Expr) -> exp.Expr:
    while isinstance(e, exp.Paren):
        e = e.this
    return e


def _checked_candidate(exact: exp.Expr, candidate: exp.Expr, half_step: str, slow: exp.Expr) -> exp.Expr:
    """``CASE WHEN ABS(exact - candidate) < half_step THEN candidate ELSE slow END``."""
    gap = exp.Abs(this=exp.Sub(this=_wrap_operand(exact), expression=candidate))
    close = exp.LT(this=gap, expression=exp.Literal.number(half_step))
    return exp.Case(ifs=[exp.If(this=close, true=candidate.copy())], default=slow)


def _wrap_operand(e: exp.Expr) -> exp.Expr:
    return exp.Paren(this=e) if isinstance(e, (exp.Binary, exp.Unary, exp.Case)) else e


def _fast_product(node: exp.Cast, x: exp.Expr, y: exp.Expr) -> exp.Expr:
    product = exp.Mul(this=_wrap_operand(x.copy()), expression=_wrap_operand(y.copy()))
    floating = exp.Mul(this=_cast(x.copy(), "DOUBLE"), expression=_cast(y.copy(), "DOUBLE"))
    return _checked_candidate(product, _cast(floating, NUMERIC), "0.00000000005", node.copy())


def _fast_round(node: exp.Cast, x: exp.Expr, places: int) -> exp.Expr:
    step = _cast(_cast(_cast(x.copy(), "DOUBLE"), f"DECIMAL(38, {places})"), NUMERIC)
    half = "0." + "0" * places + "5" if places else "0.5"
    return _checked_candidate(x.copy(), step, half, node.copy())


def _round_places(r: exp.Round) -> int | None:
    d = r.args.get("decimals")
    if d is None:
        return 0
    if isinstance(d, exp.Literal) and not d.is_string and d.this.isdigit() and int(d.this) <= 10:
        return int(d.this)
    return None


def _fast_decimals(tree: exp.Expr) -> exp.Expr:
    """DuckDB: exact products and roundings without 128-bit division where the values allow it.

    Innermost first; an operation whose operands are larger than ``_FAST_MAX_NODES`` (counting
    the fast paths already written inside them) keeps the plain form, which bounds the copies.
    """
    casts = [n for n in tree.find_all(exp.Cast) if n.to == _NUMERIC_TYPE]
    casts.sort(key=lambda n: n.depth, reverse=True)

    def usable(*operands: exp.Expr) -> bool:
        return sum(1 for e in operands for _ in e.walk()) <= _FAST_MAX_NODES

    for node in casts:
        inner = _bare(node.this)
        fast: exp.Expr | None = None
        if isinstance(inner, exp.Mul):
            x, y = _bare(inner.this), _bare(inner.expression)
            if usable(x, y):
                fast = _fast_product(node, x, y)
        elif isinstance(inner, exp.Round):
            places = _round_places(inner)
            x = _bare(inner.this)
            if places is not None and usable(x):
                fast = _fast_round(node, x, places)
        if fast is not None:
            if node is tree:
                return fast
            node.replace(fast)
    return tree


def _is_constant_number(e: exp.Expr) -> bool:
    e = _bare(e)
    while isinstance(e, exp.Cast):
        e = _bare(e.this)
    return isinstance(e, exp.Literal) and not e.is_string


def _constant_null_test(e: exp.Expr) -> bool:
    e = _bare(e)
    return isinstance(e, exp.Is) and isinstance(e.expression, exp.Null) and _is_constant_number(e.this)


def _fold(tree: exp.Expr) -> exp.Expr:
    """Drop no-op casts (``CAST(CAST(x AS T) AS T)``) and null tests of number constants.

    A constant's null test is dropped only as an operand of ``OR`` (``x IS NULL OR CAST(1 AS …) IS
    NULL`` → ``x IS NULL``): a lone one stays, since Oracle before 23ai has no ``FALSE`` literal.
    """
    nodes = [n for n in tree.find_all(exp.Cast, exp.Or)]
    nodes.sort(key=lambda n: n.depth, reverse=True)
    for node in nodes:
        new: exp.Expr | None = None
        if isinstance(node, exp.Cast):
            inner = _bare(node.this)
            if isinstance(inner, exp.Cast) and inner.to == node.to:
                new = inner
        elif _constant_null_test(node.expression):
            new = node.this
        elif _constant_null_test(node.this):
            new = node.expression
        if new is not None:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


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
    tree = _fold(tree)
    if dialect == "duckdb":
        for cte in tree.find_all(exp.CTE):
            if cte.alias == _FAST_IN:
                _fast_decimals(cte.this)
    return tree
