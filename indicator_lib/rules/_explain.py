"""Explanations: an expression written again with the values that flowed into it.

Decides: explanations are produced after evaluation, on request, by re-walking the expression with the
interpreter (the oracle), so the fast backend carries no explanation cost; the walk reuses the
evaluation's ``let`` values and computes each sub-expression at most once per scope. Names, fields and
aggregates show their values; ``*`` shows as ``×``; an ``if``/``when`` shows the branch taken; a call
to a ``def`` shows its arguments and, in brackets, its body with those values
(``正向(95, 100, 10)[95 / 100 × 10]``); long decimals are cut to 4 places with ``…``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules import ast as a
from indicator_lib.rules._interpreter import Interpreter, _State
from indicator_lib.rules._outcome import NO_ITEM
from indicator_lib.rules._printer import format_number, print_expr
from indicator_lib.rules._values import render

__all__ = ["Explainer", "short"]

_MAX_CHARS = 400


def short(v: Any) -> str:
    """Render a value for an explanation (4 decimal places at most, then ``…``)."""
    if isinstance(v, Decimal):
        text = render(v)
        if "." in text and len(text.split(".", 1)[1]) > 4:
            whole, frac = text.split(".", 1)
            return f"{whole}.{frac[:4]}…"
        return text
    if isinstance(v, BaseModel):
        return type(v).__name__
    if isinstance(v, list):
        if len(v) > 5:
            return "[" + ", ".join(short(x) for x in v[:5]) + f", …（共 {len(v)} 项）]"
        return "[" + ", ".join(short(x) for x in v) + "]"
    return render(v)


_SYMBOL = {"*": "×", "/": "/", "+": "+", "-": "-", "and": "and", "or": "or"}


class Explainer:
    """Explains expressions of one evaluation (one input record).

    The ``let`` values of the evaluation are reused, each sub-expression's value is computed at most
    once per scope, and a def's body is explained once per tuple of argument objects (the values are
    pure: one record, one total; the caches hold the keys' objects, so no identity is reused).
    """

    def __init__(
        self, interp: Interpreter, record: Any, total: Decimal | None, lets: dict[str, Any] | None = None
    ) -> None:
        self.interp = interp
        self.st = _State(record)
        self.st.total = total
        if lets:
            self.st.lets.update(lets)
        self._values: dict[tuple[int, int], tuple[dict[str, Any], Any]] = {}
        self._bodies: dict[tuple[int, ...], tuple[tuple[Any, ...], str]] = {}
        self._scopes: dict[tuple[str, int], dict[str, Any]] = {}
        self._empty: dict[str, Any] = {}

    def scope(self, loop: a.Loop | None, item: Any) -> dict[str, Any]:
        """Return the locals of a rule's item: one dict per loop variable and item (shared, cached)."""
        if loop is None or item is NO_ITEM:
            return self._empty
        key = (loop.var, id(item))
        env = self._scopes.get(key)
        if env is None:
            env = self._scopes[key] = {loop.var: item}
        return env

    def value(self, e: a.Expr, env: dict[str, Any]) -> Any:
        """Evaluate ``e`` (with the interpreter; once per expression and scope)."""
        key = (id(e), id(env))
        hit = self._values.get(key)
        if hit is None:
            hit = self._values[key] = (env, self.interp.eval(e, env, self.st))
        return hit[1]

    def explain(self, label: str, e: a.Expr, env: dict[str, Any], result: Any) -> str:
        """Return ``label = expression with values = result``."""
        body = self._x(e, env, 0)
        shown = short(result)
        if len(body) > _MAX_CHARS:
            body = body[:_MAX_CHARS] + "…"
        if body == shown:
            return f"{label} = {shown}"
        return f"{label} = {body} = {shown}"

    def _x(self, e: a.Expr, env: dict[str, Any], need: int) -> str:
        text, level = _explainer_of(e)(self, e, env)
        return f"({text})" if level < need else text

    def _x_level(self, e: a.Expr, env: dict[str, Any]) -> tuple[str, int]:
        return _explainer_of(e)(self, e, env)

    def _number(self, e: a.Number, env: dict[str, Any]) -> tuple[str, int]:
        return format_number(e.value), 9

    def _literal(self, e: a.Expr, env: dict[str, Any]) -> tuple[str, int]:
        return print_expr(e), 9

    def _name(self, e: a.Name, env: dict[str, Any]) -> tuple[str, int]:
        if e.name not in env and e.name in self.interp.p.lets:
            inner, level = self._x_level(self.interp.p.lets[e.name].expr, {})
            if len(inner) <= 60:
                return inner, level
        return self._shown(e, env)

    def _shown(self, e: a.Expr, env: dict[str, Any]) -> tuple[str, int]:
        v = self.value(e, env)
        if isinstance(v, BaseModel):
            return print_expr(e), 9
        return short(v), 9

    def _is_null(self, e: a.IsNull, env: dict[str, Any]) -> tuple[str, int]:
        return f"{self._x(e.operand, env, 5)} is {'not ' if e.negated else ''}null", 4

    def _member(self, e: a.Member, env: dict[str, Any]) -> tuple[str, int]:
        return (
            f"{self._x(e.item, env, 5)} {'not in' if e.negated else 'in'} {self._x(e.container, env, 5)}",
            4,
        )

    def _not(self, e: a.Not, env: dict[str, Any]) -> tuple[str, int]:
        return f"not {self._x(e.operand, env, 3)}", 3

    def _list(self, e: a.ListLit, env: dict[str, Any]) -> tuple[str, int]:
        return "[" + ", ".join(self._x(x, env, 0) for x in e.items) + "]", 9

    def _binary(self, e: a.Binary, env: dict[str, Any]) -> tuple[str, int]:
        if e.op in ("and", "or"):
            return short(self.value(e, env)), 9
        level = 6 if e.op in "+-" else 7
        return f"{self._x(e.left, env, level)} {_SYMBOL[e.op]} {self._x(e.right, env, level + 1)}", level

    def _compare(self, e: a.Compare, env: dict[str, Any]) -> tuple[str, int]:
        parts = [self._x(e.operands[0], env, 5)]
        for op, x in zip(e.ops, e.operands[1:], strict=True):
            parts.append(f"{op} {self._x(x, env, 5)}")
        return " ".join(parts), 4

    def _if(self, e: a.If, env: dict[str, Any]) -> tuple[str, int]:
        branch = e.then if self.value(e.cond, env) is True else e.else_
        return self._x_level(branch, env)

    def _when(self, e: a.When, env: dict[str, Any]) -> tuple[str, int]:
        for cond, branch in e.branches:
            if self.value(cond, env) is True:
                return self._x_level(branch, env)
        return self._x_level(e.else_, env)

    def _coalesce(self, e: a.Coalesce, env: dict[str, Any]) -> tuple[str, int]:
        for x in e.operands:
            if self.value(x, env) is not None:
                return self._x_level(x, env)
        return "空", 9

    def _call(self, e: a.Call, env: dict[str, Any]) -> tuple[str, int]:
        args = [self._x(x, env, 0) for x in e.args]
        head = f"{e.func}({', '.join(args)})"
        if self.interp.p.info.call_kind.get(id(e)) == "def":
            d = self.interp.p.defs[e.func]
            values = tuple(self.value(x, env) for x in e.args)
            key = (id(d), *map(id, values))
            hit = self._bodies.get(key)
            if hit is None:
                bound = {p.name: v for p, v in zip(d.params, values, strict=True)}
                hit = self._bodies[key] = (values, self._x(d.body, bound, 0))
            return f"{head}[{hit[1]}]", 9
        return head, 9

    def _other(self, e: a.Expr, env: dict[str, Any]) -> tuple[str, int]:
        return short(self.value(e, env)), 9


_Rule = Callable[[Explainer, Any, dict[str, Any]], tuple[str, int]]


def _explainer_of(e: a.Expr) -> _Rule:
    return _X.get(type(e), Explainer._other)


_X: dict[type, _Rule] = {
    a.Number: Explainer._number,
    a.String: Explainer._literal,
    a.Bool: Explainer._literal,
    a.Null: Explainer._literal,
    a.Name: Explainer._name,
    a.Field: Explainer._shown,
    a.Index: Explainer._shown,
    a.Agg: Explainer._shown,
    a.Placeholder: Explainer._shown,
    a.IsNull: Explainer._is_null,
    a.Member: Explainer._member,
    a.Not: Explainer._not,
    a.ListLit: Explainer._list,
    a.Binary: Explainer._binary,
    a.Compare: Explainer._compare,
    a.If: Explainer._if,
    a.When: Explainer._when,
    a.Coalesce: Explainer._coalesce,
    a.Call: Explainer._call,
}
