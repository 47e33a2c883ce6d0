"""Explanations: an expression written again with the values that flowed into it.

Decides: explanations are produced after evaluation, on request, by re-walking the expression with the
interpreter (the oracle), so the fast backend carries no explanation cost. Names, fields and
aggregates show their values; ``*`` shows as ``×``; an ``if``/``when`` shows the branch taken; a call
to a ``def`` shows its arguments and, in brackets, its body with those values
(``正向(95, 100, 10)[95 / 100 × 10]``); long decimals are cut to 4 places with ``…``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules import ast as a
from indicator_lib.rules._interpreter import Interpreter, _State
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
    """Explains expressions of one evaluation (one input record)."""

    def __init__(self, interp: Interpreter, record: Any, total: Decimal | None) -> None:
        self.interp = interp
        self.st = _State(record)
        self.st.total = total

    def value(self, e: a.Expr, env: dict[str, Any]) -> Any:
        """Evaluate ``e`` (with the interpreter)."""
        return self.interp.eval(e, env, self.st)

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
        text, level = self._x_level(e, env)
        return f"({text})" if level < need else text

    def _x_level(self, e: a.Expr, env: dict[str, Any]) -> tuple[str, int]:
        if isinstance(e, a.Number):
            return format_number(e.value), 9
        if isinstance(e, (a.String, a.Bool, a.Null)):
            return print_expr(e), 9
        if isinstance(e, a.Name) and e.name not in env and e.name in self.interp.p.lets:
            inner, level = self._x_level(self.interp.p.lets[e.name].expr, {})
            if len(inner) <= 60:
                return inner, level
        if isinstance(e, a.IsNull):
            return f"{self._x(e.operand, env, 5)} is {'not ' if e.negated else ''}null", 4
        if isinstance(e, a.Member):
            return (
                f"{self._x(e.item, env, 5)} {'not in' if e.negated else 'in'} {self._x(e.container, env, 5)}",
                4,
            )
        if isinstance(e, a.Not):
            return f"not {self._x(e.operand, env, 3)}", 3
        if isinstance(e, a.ListLit):
            return "[" + ", ".join(self._x(x, env, 0) for x in e.items) + "]", 9
        if isinstance(e, (a.Name, a.Field, a.Index, a.Agg, a.Placeholder)):
            v = self.value(e, env)
            if isinstance(v, BaseModel):
                return print_expr(e), 9
            return short(v), 9
        if isinstance(e, a.Binary):
            if e.op in ("and", "or"):
                return short(self.value(e, env)), 9
            level = 6 if e.op in "+-" else 7
            return (
                f"{self._x(e.left, env, level)} {_SYMBOL[e.op]} {self._x(e.right, env, level + 1)}",
                level,
            )
        if isinstance(e, a.Compare):
            parts = [self._x(e.operands[0], env, 5)]
            for op, x in zip(e.ops, e.operands[1:], strict=True):
                parts.append(f"{op} {self._x(x, env, 5)}")
            return " ".join(parts), 4
        if isinstance(e, a.If):
            branch = e.then if self.value(e.cond, env) is True else e.else_
            return self._x_level(branch, env)
        if isinstance(e, a.When):
            for cond, branch in e.branches:
                if self.value(cond, env) is True:
                    return self._x_level(branch, env)
            return self._x_level(e.else_, env)
        if isinstance(e, a.Coalesce):
            for x in e.operands:
                if self.value(x, env) is not None:
                    return self._x_level(x, env)
            return "空", 9
        if isinstance(e, a.Call):
            args = [self._x(x, env, 0) for x in e.args]
            head = f"{e.func}({', '.join(args)})"
            kind = self.interp.p.info.call_kind.get(id(e))
            if kind == "def":
                d = self.interp.p.defs[e.func]
                bound = {p.name: self.value(x, env) for p, x in zip(d.params, e.args, strict=True)}
                return f"{head}[{self._x(d.body, bound, 0)}]", 9
            return head, 9
        return short(self.value(e, env)), 9
