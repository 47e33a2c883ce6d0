"""The tree-walking interpreter: slow, plain, and the oracle every backend must agree with.

Decides: evaluation order and short-circuiting (``and``/``or``/``??``/``if``/``when`` and comparison
chains evaluate left to right and stop as soon as the result is known), the work count (one step per
item of every ``for`` and comprehension, one per ``def``/``table`` call, limit
:data:`~indicator_lib.rules._values.MAX_STEPS`), the order of results (declaration order; scores first,
then ``total``, checks, grade, then every ``let`` for ``values``). Locals live in a plain dict.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS
from indicator_lib.rules._checker import Checked
from indicator_lib.rules._outcome import (
    NO_ITEM,
    RawResult,
    RawScore,
    band_label,
    check_finding,
    null_score,
)
from indicator_lib.rules._paths import identity_paths, static_path
from indicator_lib.rules._values import (
    MAX_STEPS,
    EvalFailure,
    add,
    compare,
    div,
    member,
    mul,
    step_limit,
    sub,
    truthy,
)

__all__ = ["Interpreter"]

_UNSET: Any = object()
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": add, "-": sub, "*": mul, "/": div}


class _State:
    __slots__ = ("lets", "paths", "record", "steps", "total")

    def __init__(self, record: Any) -> None:
        self.record = record
        self.lets: dict[str, Any] = {}
        self.total: Decimal | None = None
        self.steps = 0
        self.paths: dict[int, str] | None = None


class Interpreter:
    """Evaluates a checked program by walking its syntax tree."""

    def __init__(self, program: Checked) -> None:
        self.p = program

    # ---- driver

    def run(self, record: Any) -> RawResult:
        """Evaluate every declaration on one (validated) input record."""
        st = _State(record)
        out = RawResult()
        total = Decimal(0)
        for decl in self.p.scores:
            for path, item, env in self._items(decl.loop, st):
                uncapped = value = self.eval(decl.expr, env, st)
                cap = self.eval(decl.max, env, st) if decl.max is not None else None
                if value is not None and cap is not None and value > cap:
                    value = cap
                out.scores.append(RawScore(decl, path, value, cap, item, uncapped))
                if value is None:
                    out.findings.append(null_score(decl, path, item))
                else:
                    total += value
        st.total = total
        out.total = total
        for check in self.p.checks:
            for path, item, env in self._items(check.loop, st):
                cond = self.eval(check.cond, env, st)
                if cond is True:
                    continue
                parts: list[Any] | None = None
                if cond is False and check.message is not None:
                    parts = [
                        p if isinstance(p, str) else (self.eval(p, env, st),) for p in check.message.parts
                    ]
                out.findings.append(check_finding(check, path, cond, parts, item))
        if self.p.grade is not None and self.p.grade_expr is not None:
            value = self.eval(self.p.grade_expr, {}, st)
            bands = [(b.op, self.eval(b.value, {}, st), b.label) for b in self.p.grade.bands]
            out.grade = band_label(value, bands, self.p.grade.else_label)
        for name in self.p.lets:
            out.values[name] = self._let(name, st)
        return out

    def _items(self, loop: a.Loop | None, st: _State) -> list[tuple[str, Any, dict[str, Any]]]:
        if loop is None:
            return [("", NO_ITEM, {})]
        items = self.eval(loop.iterable, {}, st)
        if items is None:
            return []
        self._steps(st, len(items))
        prefix = static_path(loop.iterable)
        result: list[tuple[str, Any, dict[str, Any]]] = []
        for k, item in enumerate(items):
            env = {loop.var: item}
            if loop.cond is not None and not truthy(self.eval(loop.cond, env, st)):
                continue
            result.append((self._path(prefix, k, item, st), item, env))
        return result

    def _path(self, prefix: str | None, k: int, item: Any, st: _State) -> str:
        if prefix is not None:
            return f"{prefix}[{k}]"
        if st.paths is None:
            st.paths = identity_paths(st.record)
        return st.paths.get(id(item), "")

    @staticmethod
    def _steps(st: _State, n: int) -> None:
        st.steps += n
        if st.steps > MAX_STEPS:
            raise step_limit()

    def _let(self, name: str, st: _State) -> Any:
        value = st.lets.get(name, _UNSET)
        if value is _UNSET:
            value = self.eval(self.p.lets[name].expr, {}, st)
            st.lets[name] = value
        return value

    # ---- expressions

    def eval(self, e: a.Expr, env: dict[str, Any], st: _State) -> Any:
        """Evaluate one expression with locals ``env``."""
        return _DISPATCH[type(e)](self, e, env, st)

    def _number(self, e: a.Number, env: dict[str, Any], st: _State) -> Any:
        return e.value

    def _string(self, e: a.String, env: dict[str, Any], st: _State) -> Any:
        return e.value

    def _bool(self, e: a.Bool, env: dict[str, Any], st: _State) -> Any:
        return e.value

    def _null(self, e: a.Null, env: dict[str, Any], st: _State) -> Any:
        return None

    def _placeholder(self, e: a.Placeholder, env: dict[str, Any], st: _State) -> Any:
        return env["?"]

    def _name(self, e: a.Name, env: dict[str, Any], st: _State) -> Any:
        if e.name in env:
            return env[e.name]
        if e.name in self.p.lets:
            return self._let(e.name, st)
        if e.name == "self":
            return st.record
        return st.total

    def _field(self, e: a.Field, env: dict[str, Any], st: _State) -> Any:
        obj = self.eval(e.obj, env, st)
        if obj is None:
            return None
        _, conv = self.p.info.field_conv[id(e)]
        if isinstance(obj, dict):
            value = obj.get(e.name)
        elif isinstance(obj, BaseModel) and e.name in type(obj).__pydantic_fields__:
            value = getattr(obj, e.name)
        else:
            return None
        return conv(value) if conv is not None else value

    def _index(self, e: a.Index, env: dict[str, Any], st: _State) -> Any:
        obj = self.eval(e.obj, env, st)
        idx = self.eval(e.index, env, st)
        if obj is None or idx is None or not isinstance(idx, Decimal) or idx != idx.to_integral_value():
            return None
        k = int(idx)
        if 0 <= k < len(obj):
            return obj[k]
        return None

    def _list(self, e: a.ListLit, env: dict[str, Any], st: _State) -> Any:
        return [self.eval(x, env, st) for x in e.items]

    def _not(self, e: a.Not, env: dict[str, Any], st: _State) -> Any:
        v = self.eval(e.operand, env, st)
        return None if v is None else not v

    def _binary(self, e: a.Binary, env: dict[str, Any], st: _State) -> Any:
        if e.op == "and":
            left = self.eval(e.left, env, st)
            if left is False:
                return False
            right = self.eval(e.right, env, st)
            if right is False:
                return False
            return True if left is True and right is True else None
        if e.op == "or":
            left = self.eval(e.left, env, st)
            if left is True:
                return True
            right = self.eval(e.right, env, st)
            if right is True:
                return True
            return False if left is False and right is False else None
        return _ARITH[e.op](self.eval(e.left, env, st), self.eval(e.right, env, st))

    def _compare(self, e: a.Compare, env: dict[str, Any], st: _State) -> Any:
        left = self.eval(e.operands[0], env, st)
        result: bool | None = True
        for op, operand in zip(e.ops, e.operands[1:], strict=True):
            right = self.eval(operand, env, st)
            r = compare(op, left, right)
            if r is False:
                return False
            if r is None:
                result = None
            left = right
        return result

    def _is_null(self, e: a.IsNull, env: dict[str, Any], st: _State) -> Any:
        v = self.eval(e.operand, env, st)
        return (v is not None) if e.negated else (v is None)

    def _member(self, e: a.Member, env: dict[str, Any], st: _State) -> Any:
        r = member(self.eval(e.item, env, st), self.eval(e.container, env, st))
        if r is None or not e.negated:
            return r
        return not r

    def _coalesce(self, e: a.Coalesce, env: dict[str, Any], st: _State) -> Any:
        for x in e.operands:
            v = self.eval(x, env, st)
            if v is not None:
                return v
        return None

    def _if(self, e: a.If, env: dict[str, Any], st: _State) -> Any:
        if truthy(self.eval(e.cond, env, st)):
            return self.eval(e.then, env, st)
        return self.eval(e.else_, env, st)

    def _when(self, e: a.When, env: dict[str, Any], st: _State) -> Any:
        for cond, value in e.branches:
            if truthy(self.eval(cond, env, st)):
                return self.eval(value, env, st)
        return self.eval(e.else_, env, st)

    def _agg(self, e: a.Agg, env: dict[str, Any], st: _State) -> Any:
        items = self.eval(e.iterable, env, st)
        if items is None:
            return None
        self._steps(st, len(items))
        values: list[Any] = []
        for item in items:
            inner = dict(env)
            inner[e.var] = item
            if e.cond is not None and not truthy(self.eval(e.cond, inner, st)):
                continue
            values.append(self.eval(e.elem, inner, st))
        return AGGREGATES[e.func].impl(values)

    def _call(self, e: a.Call, env: dict[str, Any], st: _State) -> Any:
        try:
            return self._call_inner(e, env, st)
        except EvalFailure as failure:
            if failure.node is None:
                failure.node = e
            raise

    def _call_inner(self, e: a.Call, env: dict[str, Any], st: _State) -> Any:
        kind = self.p.info.call_kind[id(e)]
        args = [self.eval(x, env, st) for x in e.args]
        if kind == "builtin":
            b = BUILTINS[e.func]
            if b.null_strict and any(v is None for v in args):
                return None
            return b.impl(*args)
        if kind == "agg":
            return None if args[0] is None else AGGREGATES[e.func].over_list(list(args[0]))
        if kind == "host":
            return self.p.hosts[e.func].call(args)
        self._steps(st, 1)
        if kind == "def":
            d = self.p.defs[e.func]
            return self.eval(d.body, {p.name: v for p, v in zip(d.params, args, strict=True)}, st)
        t = self.p.tables[e.func]
        return self._table(t, {p.name: v for p, v in zip(t.params, args, strict=True)}, st)

    # ---- tables

    def _table(self, t: a.Table, env: dict[str, Any], st: _State) -> Any:
        hits: list[int] = []
        outputs: list[Any] = []
        for k, row in enumerate(t.rows):
            if all(
                self._cell(cell, env[col], env, st) for col, cell in zip(t.inputs, row.cells, strict=True)
            ):
                hits.append(k)
                if t.policy == "unique" and len(hits) > 1:
                    raise EvalFailure(
                        "unique-violation",
                        f"hit unique 表「{t.name}」同时命中第 {hits[0] + 1} 行和第 {k + 1} 行",
                        f"unique table {t.name!r} matched rows {hits[0] + 1} and {k + 1}",
                    )
                outputs.append(self._row_output(t, row, env, st))
                if t.policy == "first":
                    break
        if t.policy in ("first", "unique"):
            return outputs[0] if outputs else None
        if t.policy == "collect":
            return outputs
        return AGGREGATES["sum"].impl(outputs)

    def _row_output(self, t: a.Table, row: a.TableRow, env: dict[str, Any], st: _State) -> Any:
        if len(t.outputs) == 1:
            return self.eval(row.outputs[0], env, st)
        return {name: self.eval(x, env, st) for name, x in zip(t.outputs, row.outputs, strict=True)}

    def _cell(self, cell: a.Cell, v: Any, env: dict[str, Any], st: _State) -> bool:
        return any(self._test(test, v, env, st) for test in cell.tests)

    def _test(self, t: a.UnaryTest, v: Any, env: dict[str, Any], st: _State) -> bool:
        if isinstance(t, a.AnyTest):
            return True
        if isinstance(t, a.NullTest):
            return (v is not None) if t.negated else (v is None)
        if v is None:
            return False
        if isinstance(t, a.CmpTest):
            return compare(t.op, v, self.eval(t.value, env, st)) is True
        if isinstance(t, a.InTest):
            r = member(v, self.eval(t.container, env, st))
            return r is (not t.negated) if r is not None else False
        if isinstance(t, a.Interval):
            low = compare(">=" if t.low_closed else ">", v, self.eval(t.low, env, st))
            if low is not True:
                return False
            return compare("<=" if t.high_closed else "<", v, self.eval(t.high, env, st)) is True
        assert isinstance(t, a.ExprTest)
        if t.predicate:
            inner = dict(env)
            inner["?"] = v
            return self.eval(t.expr, inner, st) is True
        return compare("==", v, self.eval(t.expr, env, st)) is True


_DISPATCH: dict[type, Callable[[Interpreter, Any, dict[str, Any], _State], Any]] = {
    a.Number: Interpreter._number,
    a.String: Interpreter._string,
    a.Bool: Interpreter._bool,
    a.Null: Interpreter._null,
    a.Placeholder: Interpreter._placeholder,
    a.Name: Interpreter._name,
    a.Field: Interpreter._field,
    a.Index: Interpreter._index,
    a.ListLit: Interpreter._list,
    a.Not: Interpreter._not,
    a.Binary: Interpreter._binary,
    a.Compare: Interpreter._compare,
    a.IsNull: Interpreter._is_null,
    a.Member: Interpreter._member,
    a.Coalesce: Interpreter._coalesce,
    a.If: Interpreter._if,
    a.When: Interpreter._when,
    a.Agg: Interpreter._agg,
    a.Call: Interpreter._call,
}
