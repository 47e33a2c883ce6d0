"""The fast backend: compiles a checked program into Python closures over one flat frame.

Decides: closures, not generated source (no text ever reaches ``exec``; measured in ``bench/``).
Every variable binding site (loop and comprehension variables, ``def``/``table`` parameters, the
``?`` of a table) gets its own slot in one list per evaluation; this is sound because no ``def`` or
``table`` can reach itself, so none is ever active twice. ``let`` values are cached in slots. Node
types dispatch through a table built once; field reads use the converter the checker chose, so
evaluation does no type dispatch. Semantics, evaluation order, step counting and error attribution
are exactly the interpreter's (:mod:`indicator_lib.rules._interpreter`), which is the oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS
from indicator_lib.rules._checker import Checked
from indicator_lib.rules._outcome import NO_ITEM, RawResult, RawScore, band_label, check_finding, null_score
from indicator_lib.rules._paths import identity_paths, static_path
from indicator_lib.rules._values import MAX_STEPS, EvalFailure, compare, member, step_limit, sub

__all__ = ["CompiledProgram", "compile_program"]

Fn = Callable[[list[Any]], Any]
_UNSET: Any = object()
_RECORD, _TOTAL, _STEPS, _PATHS = 0, 1, 2, 3


def _const(v: Any) -> Fn:
    def f(G: list[Any]) -> Any:
        return v

    return f


class _Compiler:
    def __init__(self, p: Checked) -> None:
        self.p = p
        self.size = 4
        self.let_slot: dict[str, int] = {}
        self.let_fn: dict[str, Fn] = {}
        self.def_fn: dict[str, Callable[[list[Any], list[Any]], Any]] = {}
        self.def_slots: dict[str, list[int]] = {}
        for name in p.lets:
            self.let_slot[name] = self._slot()
        for name, d in p.defs.items():
            self.def_slots[name] = [self._slot() for _ in d.params]
        for name, t in p.tables.items():
            self.def_slots[name] = [self._slot() for _ in t.params]
        self._building: set[str] = set()

    def _slot(self) -> int:
        self.size += 1
        return self.size - 1

    # ---- top level

    def build(self) -> CompiledProgram:
        lets = {name: self._let_getter(name) for name in self.p.lets}
        scores = [self._score(s) for s in self.p.scores]
        checks = [self._check(c) for c in self.p.checks]
        grade: tuple[Fn, list[tuple[str, Fn, str]], str | None] | None = None
        if self.p.grade is not None and self.p.grade_expr is not None:
            grade = (
                self.expr(self.p.grade_expr, {}),
                [(b.op, self.expr(b.value, {}), b.label) for b in self.p.grade.bands],
                self.p.grade.else_label,
            )
        template: list[Any] = [None] * self.size
        template[_STEPS] = 0
        for slot in self.let_slot.values():
            template[slot] = _UNSET
        return CompiledProgram(template, scores, checks, grade, list(lets.items()))

    def _loop(self, loop: a.Loop | None) -> tuple[dict[str, int], Any]:
        if loop is None:
            return {}, None
        iterable = self.expr(loop.iterable, {})
        slot = self._slot()
        scope = {loop.var: slot}
        cond = self.expr(loop.cond, scope) if loop.cond is not None else None
        return scope, (iterable, slot, cond, static_path(loop.iterable))

    def _score(self, s: a.Score) -> tuple[Any, ...]:
        scope, loop = self._loop(s.loop)
        expr = self.expr(s.expr, scope)
        cap = self.expr(s.max, scope) if s.max is not None else None
        return (s, loop, expr, cap)

    def _check(self, c: a.Check) -> tuple[Any, ...]:
        scope, loop = self._loop(c.loop)
        cond = self.expr(c.cond, scope)
        parts: list[Any] | None = None
        if c.message is not None:
            parts = [p if isinstance(p, str) else self.expr(p, scope) for p in c.message.parts]
        return (c, loop, cond, parts)

    # ---- names

    def _let_getter(self, name: str) -> Fn:
        if name in self.let_fn:
            return self.let_fn[name]
        slot = self.let_slot[name]
        holder: list[Fn] = []

        def get(G: list[Any]) -> Any:
            v = G[slot]
            if v is _UNSET:
                v = G[slot] = holder[0](G)
            return v

        self.let_fn[name] = get
        holder.append(self.expr(self.p.lets[name].expr, {}))
        return get

    # ---- expressions

    def expr(self, e: a.Expr, scope: dict[str, int]) -> Fn:
        return _DISPATCH[type(e)](self, e, scope)

    def _number(self, e: a.Number, scope: dict[str, int]) -> Fn:
        return _const(e.value)

    def _string(self, e: a.String, scope: dict[str, int]) -> Fn:
        return _const(e.value)

    def _bool(self, e: a.Bool, scope: dict[str, int]) -> Fn:
        return _const(e.value)

    def _null(self, e: a.Null, scope: dict[str, int]) -> Fn:
        return _const(None)

    def _placeholder(self, e: a.Placeholder, scope: dict[str, int]) -> Fn:
        return itemgetter(scope["?"])

    def _name(self, e: a.Name, scope: dict[str, int]) -> Fn:
        if e.name in scope:
            return itemgetter(scope[e.name])
        if e.name in self.p.lets:
            return self._let_getter(e.name)
        if e.name == "self":
            return itemgetter(_RECORD)
        return itemgetter(_TOTAL)

    def _field(self, e: a.Field, scope: dict[str, int]) -> Fn:
        kind, conv = self.p.info.field_conv[id(e)]
        name = e.name
        if kind == "model" and conv is None and isinstance(e.obj, a.Name) and e.obj.name in scope:
            slot = scope[e.obj.name]

            def field_slot(G: list[Any]) -> Any:
                o = G[slot]
                return None if o is None else getattr(o, name)

            return field_slot
        obj = self.expr(e.obj, scope)
        if kind == "dict":

            def field_dict(G: list[Any]) -> Any:
                o = obj(G)
                return None if o is None else o.get(name)

            return field_dict
        if kind == "model":
            if conv is None:

                def field_model(G: list[Any]) -> Any:
                    o = obj(G)
                    return None if o is None else getattr(o, name)

                return field_model

            def field_conv(G: list[Any]) -> Any:
                o = obj(G)
                return None if o is None else conv(getattr(o, name))

            return field_conv

        def field_any(G: list[Any]) -> Any:
            o = obj(G)
            if o is None:
                return None
            if isinstance(o, dict):
                v = o.get(name)
            elif isinstance(o, BaseModel) and name in type(o).model_fields:
                v = getattr(o, name)
            else:
                return None
            return conv(v) if conv is not None else v

        return field_any

    def _index(self, e: a.Index, scope: dict[str, int]) -> Fn:
        obj = self.expr(e.obj, scope)
        index = self.expr(e.index, scope)

        def f(G: list[Any]) -> Any:
            o = obj(G)
            i = index(G)
            if o is None or i is None or not isinstance(i, Decimal) or i != i.to_integral_value():
                return None
            k = int(i)
            return o[k] if 0 <= k < len(o) else None

        return f

    def _list(self, e: a.ListLit, scope: dict[str, int]) -> Fn:
        items = [self.expr(x, scope) for x in e.items]

        def f(G: list[Any]) -> Any:
            return [x(G) for x in items]

        return f

    def _not(self, e: a.Not, scope: dict[str, int]) -> Fn:
        operand = self.expr(e.operand, scope)

        def f(G: list[Any]) -> Any:
            v = operand(G)
            return None if v is None else not v

        return f

    def _binary(self, e: a.Binary, scope: dict[str, int]) -> Fn:
        left = self.expr(e.left, scope)
        right = self.expr(e.right, scope)
        op = e.op
        if op == "and":

            def f_and(G: list[Any]) -> Any:
                x = left(G)
                if x is False:
                    return False
                y = right(G)
                if y is False:
                    return False
                return True if x is True and y is True else None

            return f_and
        if op == "or":

            def f_or(G: list[Any]) -> Any:
                x = left(G)
                if x is True:
                    return True
                y = right(G)
                if y is True:
                    return True
                return False if x is False and y is False else None

            return f_or
        if op == "*":

            def f_mul(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None:
                    return None
                return x * y

            return f_mul
        if op == "/":

            def f_div(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None or not y:
                    return None
                return x / y

            return f_div
        if op == "+":

            def f_add(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None:
                    return None
                if x.__class__ is Decimal:
                    return x + y
                from indicator_lib.rules._values import add

                return add(x, y)

            return f_add

        def f_sub(G: list[Any]) -> Any:
            x = left(G)
            y = right(G)
            if x is None or y is None:
                return None
            if x.__class__ is Decimal:
                return x - y
            return sub(x, y)

        return f_sub

    def _compare(self, e: a.Compare, scope: dict[str, int]) -> Fn:
        operands = [self.expr(x, scope) for x in e.operands]
        if len(e.ops) == 1:
            return self._compare_one(e.ops[0], operands[0], operands[1])
        ops = list(e.ops)

        def chain(G: list[Any]) -> Any:
            left = operands[0](G)
            result: bool | None = True
            for op, fn in zip(ops, operands[1:], strict=True):
                right = fn(G)
                r = compare(op, left, right)
                if r is False:
                    return False
                if r is None:
                    result = None
                left = right
            return result

        return chain

    @staticmethod
    def _compare_one(op: str, left: Fn, right: Fn) -> Fn:
        if op in ("==", "!="):
            negate = op == "!="

            def eq(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None:
                    return None
                if x.__class__ is bool or y.__class__ is bool:
                    r = x.__class__ is y.__class__ and x == y
                else:
                    r = bool(x == y)
                return (not r) if negate else r

            return eq
        if op == "<":

            def lt(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None or x.__class__ is bool or y.__class__ is bool:
                    return None
                try:
                    return x < y
                except TypeError:
                    return None

            return lt
        if op == "<=":

            def le(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None or x.__class__ is bool or y.__class__ is bool:
                    return None
                try:
                    return x <= y
                except TypeError:
                    return None

            return le
        if op == ">":

            def gt(G: list[Any]) -> Any:
                x = left(G)
                y = right(G)
                if x is None or y is None or x.__class__ is bool or y.__class__ is bool:
                    return None
                try:
                    return x > y
                except TypeError:
                    return None

            return gt

        def ge(G: list[Any]) -> Any:
            x = left(G)
            y = right(G)
            if x is None or y is None or x.__class__ is bool or y.__class__ is bool:
                return None
            try:
                return x >= y
            except TypeError:
                return None

        return ge

    def _is_null(self, e: a.IsNull, scope: dict[str, int]) -> Fn:
        operand = self.expr(e.operand, scope)
        if e.negated:
            return lambda G: operand(G) is not None
        return lambda G: operand(G) is None

    def _member(self, e: a.Member, scope: dict[str, int]) -> Fn:
        item = self.expr(e.item, scope)
        container = self.expr(e.container, scope)
        negated = e.negated

        def f(G: list[Any]) -> Any:
            r = member(item(G), container(G))
            if r is None or not negated:
                return r
            return not r

        return f

    def _coalesce(self, e: a.Coalesce, scope: dict[str, int]) -> Fn:
        operands = [self.expr(x, scope) for x in e.operands]
        if len(operands) == 2:
            first, second = operands

            def f2(G: list[Any]) -> Any:
                v = first(G)
                return second(G) if v is None else v

            return f2

        def f(G: list[Any]) -> Any:
            for fn in operands:
                v = fn(G)
                if v is not None:
                    return v
            return None

        return f

    def _if(self, e: a.If, scope: dict[str, int]) -> Fn:
        cond = self.expr(e.cond, scope)
        then = self.expr(e.then, scope)
        else_ = self.expr(e.else_, scope)

        def f(G: list[Any]) -> Any:
            return then(G) if cond(G) is True else else_(G)

        return f

    def _when(self, e: a.When, scope: dict[str, int]) -> Fn:
        branches = [(self.expr(c, scope), self.expr(v, scope)) for c, v in e.branches]
        else_ = self.expr(e.else_, scope)

        def f(G: list[Any]) -> Any:
            for cond, value in branches:
                if cond(G) is True:
                    return value(G)
            return else_(G)

        return f

    def _agg(self, e: a.Agg, scope: dict[str, int]) -> Fn:
        iterable = self.expr(e.iterable, scope)
        slot = self._slot()
        inner = dict(scope)
        inner[e.var] = slot
        elem = self.expr(e.elem, inner)
        cond = self.expr(e.cond, inner) if e.cond is not None else None
        impl = AGGREGATES[e.func].impl
        if e.func == "sum":
            impl_sum = True
        else:
            impl_sum = False

        def f(G: list[Any]) -> Any:
            items = iterable(G)
            if items is None:
                return None
            steps = G[_STEPS] + len(items)
            G[_STEPS] = steps
            if steps > MAX_STEPS:
                raise step_limit()
            if impl_sum:
                total = Decimal(0)
                for item in items:
                    G[slot] = item
                    if cond is not None and cond(G) is not True:
                        continue
                    v = elem(G)
                    if v is not None:
                        total += v
                return total
            values = []
            for item in items:
                G[slot] = item
                if cond is not None and cond(G) is not True:
                    continue
                values.append(elem(G))
            return impl(values)

        return f

    def _call(self, e: a.Call, scope: dict[str, int]) -> Fn:
        inner = self._call_inner(e, scope)

        def f(G: list[Any]) -> Any:
            try:
                return inner(G)
            except EvalFailure as failure:
                if failure.node is None:
                    failure.node = e
                raise

        return f

    def _call_inner(self, e: a.Call, scope: dict[str, int]) -> Fn:
        kind = self.p.info.call_kind[id(e)]
        args = [self.expr(x, scope) for x in e.args]
        if kind == "builtin":
            b = BUILTINS[e.func]
            impl = b.impl
            if b.null_strict:
                if len(args) == 1:
                    (a0,) = args

                    def call1(G: list[Any]) -> Any:
                        v = a0(G)
                        return None if v is None else impl(v)

                    return call1
                if len(args) == 2:
                    a0, a1 = args

                    def call2(G: list[Any]) -> Any:
                        x = a0(G)
                        y = a1(G)
                        if x is None or y is None:
                            return None
                        return impl(x, y)

                    return call2

                def calln(G: list[Any]) -> Any:
                    values = [x(G) for x in args]
                    for v in values:
                        if v is None:
                            return None
                    return impl(*values)

                return calln

            def call_lenient(G: list[Any]) -> Any:
                return impl(*[x(G) for x in args])

            return call_lenient
        if kind == "agg":
            agg = AGGREGATES[e.func].over_list
            (a0,) = args

            def call_agg(G: list[Any]) -> Any:
                v = a0(G)
                return None if v is None else agg(list(v))

            return call_agg
        if kind == "host":
            host = self.p.hosts[e.func]

            def call_host(G: list[Any]) -> Any:
                return host.call([x(G) for x in args])

            return call_host
        slots = self.def_slots[e.func]
        body = self._callable(e.func)
        pairs = list(zip(slots, args, strict=True))

        def call_def(G: list[Any]) -> Any:
            values = [fn(G) for _, fn in pairs]
            steps = G[_STEPS] + 1
            G[_STEPS] = steps
            if steps > MAX_STEPS:
                raise step_limit()
            for (slot, _), v in zip(pairs, values, strict=True):
                G[slot] = v
            return body[0](G)

        return call_def

    def _callable(self, name: str) -> list[Fn]:
        holder = self.__dict__.setdefault("_bodies", {})
        if name in holder:
            return holder[name]  # type: ignore[no-any-return]
        cell: list[Fn] = []
        holder[name] = cell
        if name in self.p.defs:
            d = self.p.defs[name]
            scope = {p.name: s for p, s in zip(d.params, self.def_slots[name], strict=True)}
            cell.append(self.expr(d.body, scope))
        else:
            t = self.p.tables[name]
            scope = {p.name: s for p, s in zip(t.params, self.def_slots[name], strict=True)}
            cell.append(self._table(t, scope))
        return cell

    # ---- tables

    def _table(self, t: a.Table, scope: dict[str, int]) -> Fn:
        qslot = self._slot()
        inner = dict(scope)
        inner["?"] = qslot
        rows: list[tuple[list[tuple[int, list[Callable[[list[Any], Any], bool]]]], Fn]] = []
        for row in t.rows:
            cells = [
                (scope[col], [self._test(test, inner, qslot) for test in cell.tests])
                for col, cell in zip(t.inputs, row.cells, strict=True)
                if not any(isinstance(x, a.AnyTest) for x in cell.tests)
            ]
            outs = [self.expr(x, scope) for x in row.outputs]
            if len(outs) == 1:
                out = outs[0]
            else:
                names = list(t.outputs)

                def out(G: list[Any], outs: list[Fn] = outs, names: list[str] = names) -> Any:
                    return {n: fn(G) for n, fn in zip(names, outs, strict=True)}

            rows.append((cells, out))
        policy = t.policy
        tname = t.name

        def matches(G: list[Any], cells: list[tuple[int, list[Callable[[list[Any], Any], bool]]]]) -> bool:
            for slot, tests in cells:
                v = G[slot]
                for test in tests:
                    if test(G, v):
                        break
                else:
                    return False
            return True

        if policy == "first":

            def first(G: list[Any]) -> Any:
                for cells, out in rows:
                    if matches(G, cells):
                        return out(G)
                return None

            return first

        def table(G: list[Any]) -> Any:
            hits: list[int] = []
            outputs: list[Any] = []
            for k, (cells, out) in enumerate(rows):
                if matches(G, cells):
                    hits.append(k)
                    if policy == "unique" and len(hits) > 1:
                        raise EvalFailure(
                            "unique-violation",
                            f"hit unique 表「{tname}」同时命中第 {hits[0] + 1} 行和第 {k + 1} 行",
                            f"unique table {tname!r} matched rows {hits[0] + 1} and {k + 1}",
                        )
                    outputs.append(out(G))
            if policy == "unique":
                return outputs[0] if outputs else None
            if policy == "collect":
                return outputs
            return AGGREGATES["sum"].impl(outputs)

        return table

    def _test(self, t: a.UnaryTest, scope: dict[str, int], qslot: int) -> Callable[[list[Any], Any], bool]:
        if isinstance(t, a.NullTest):
            if t.negated:
                return lambda G, v: v is not None
            return lambda G, v: v is None
        if isinstance(t, a.CmpTest):
            op = t.op
            value = self.expr(t.value, scope)
            return lambda G, v: v is not None and compare(op, v, value(G)) is True
        if isinstance(t, a.InTest):
            container = self.expr(t.container, scope)
            want = not t.negated

            def in_test(G: list[Any], v: Any) -> bool:
                if v is None:
                    return False
                r = member(v, container(G))
                return r is want if r is not None else False

            return in_test
        if isinstance(t, a.Interval):
            low = self.expr(t.low, scope)
            high = self.expr(t.high, scope)
            lop = ">=" if t.low_closed else ">"
            hop = "<=" if t.high_closed else "<"

            def interval(G: list[Any], v: Any) -> bool:
                if v is None or compare(lop, v, low(G)) is not True:
                    return False
                return compare(hop, v, high(G)) is True

            return interval
        assert isinstance(t, a.ExprTest)
        expr = self.expr(t.expr, scope)
        if t.predicate:

            def predicate(G: list[Any], v: Any) -> bool:
                if v is None:
                    return False
                G[qslot] = v
                return expr(G) is True

            return predicate
        return lambda G, v: v is not None and compare("==", v, expr(G)) is True


_DISPATCH: dict[type, Callable[[_Compiler, Any, dict[str, int]], Fn]] = {
    a.Number: _Compiler._number,
    a.String: _Compiler._string,
    a.Bool: _Compiler._bool,
    a.Null: _Compiler._null,
    a.Placeholder: _Compiler._placeholder,
    a.Name: _Compiler._name,
    a.Field: _Compiler._field,
    a.Index: _Compiler._index,
    a.ListLit: _Compiler._list,
    a.Not: _Compiler._not,
    a.Binary: _Compiler._binary,
    a.Compare: _Compiler._compare,
    a.IsNull: _Compiler._is_null,
    a.Member: _Compiler._member,
    a.Coalesce: _Compiler._coalesce,
    a.If: _Compiler._if,
    a.When: _Compiler._when,
    a.Agg: _Compiler._agg,
    a.Call: _Compiler._call,
}


class CompiledProgram:
    """A compiled program: immutable, safe to share between threads (each run has its own frame)."""

    __slots__ = ("checks", "grade", "lets", "scores", "template")

    def __init__(
        self,
        template: list[Any],
        scores: list[tuple[Any, ...]],
        checks: list[tuple[Any, ...]],
        grade: tuple[Fn, list[tuple[str, Fn, str]], str | None] | None,
        lets: list[tuple[str, Fn]],
    ) -> None:
        self.template = template
        self.scores = scores
        self.checks = checks
        self.grade = grade
        self.lets = lets

    def run(self, record: Any) -> RawResult:
        """Evaluate on one validated record."""
        G = self.template.copy()
        G[_RECORD] = record
        out = RawResult()
        scores = out.scores
        findings = out.findings
        total = Decimal(0)
        for decl, loop, expr, cap_fn in self.scores:
            if loop is None:
                value = expr(G)
                cap = cap_fn(G) if cap_fn is not None else None
                if value is not None and cap is not None and value > cap:
                    value = cap
                scores.append(RawScore(decl, "", value, cap, NO_ITEM))
                if value is None:
                    findings.append(null_score(decl, "", NO_ITEM))
                else:
                    total += value
                continue
            for path, item in self._items(G, loop):
                G[loop[1]] = item
                value = expr(G)
                cap = cap_fn(G) if cap_fn is not None else None
                if value is not None and cap is not None and value > cap:
                    value = cap
                scores.append(RawScore(decl, path, value, cap, item))
                if value is None:
                    findings.append(null_score(decl, path, item))
                else:
                    total += value
        G[_TOTAL] = total
        out.total = total
        for decl, loop, cond_fn, parts in self.checks:
            if loop is None:
                self._check(G, decl, cond_fn, parts, "", NO_ITEM, findings)
                continue
            for path, item in self._items(G, loop):
                G[loop[1]] = item
                self._check(G, decl, cond_fn, parts, path, item, findings)
        if self.grade is not None:
            value_fn, bands, else_label = self.grade
            out.grade = band_label(value_fn(G), [(op, fn(G), label) for op, fn, label in bands], else_label)
        values = out.values
        for name, fn in self.lets:
            values[name] = fn(G)
        return out

    @staticmethod
    def _check(
        G: list[Any], decl: a.Check, cond_fn: Fn, parts: list[Any] | None, path: str, item: Any, findings: list[Any]
    ) -> None:
        cond = cond_fn(G)
        if cond is True:
            return
        rendered: list[Any] | None = None
        if cond is False and parts is not None:
            rendered = [p if isinstance(p, str) else (p(G),) for p in parts]
        findings.append(check_finding(decl, path, cond, rendered, item))

    @staticmethod
    def _items(G: list[Any], loop: tuple[Any, ...]) -> list[tuple[str, Any]]:
        iterable, slot, cond, prefix = loop
        items = iterable(G)
        if items is None:
            return []
        steps = G[_STEPS] + len(items)
        G[_STEPS] = steps
        if steps > MAX_STEPS:
            raise step_limit()
        result: list[tuple[str, Any]] = []
        for k, item in enumerate(items):
            if cond is not None:
                G[slot] = item
                if cond(G) is not True:
                    continue
            if prefix is not None:
                path = f"{prefix}[{k}]"
            else:
                if G[_PATHS] is None:
                    G[_PATHS] = identity_paths(G[_RECORD])
                path = G[_PATHS].get(id(item), "")
            result.append((path, item))
        return result


def compile_program(program: Checked) -> CompiledProgram:
    """Compile a checked program into closures."""
    return _Compiler(program).build()
