"""Names and types: checks a ruleset against its input model before anything runs.

Decides: the checker walks every declaration once, types every expression, and collects every
problem (up to :data:`MAX_ERRORS`) as a diagnostic with a stable code, location, caret snippet,
did-you-mean and Chinese + English messages. Names resolve innermost first: parameters and loop or
comprehension variables, then ``let``s, then ``self`` and ``total``. A cycle among ``let``s, ``def``s,
``table``s and ``total`` (which depends on every score) is an error naming the cycle. What the backends
need from checking (which call is which kind, how to read each field) is recorded in :class:`Info`,
keyed by node identity; the backends do no name or type analysis of their own beyond scopes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indicator_lib._suggest import suggestion_text
from indicator_lib.errors import Diagnostic, RuleCheckError
from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS, HostFunction
from indicator_lib.rules._source import Source, diagnostic
from indicator_lib.rules._tables import overlapping_rows
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
    RecordT,
    Type,
    TypeRegistry,
    base_of,
    describe,
    join,
)
from indicator_lib.rules._values import to_value

__all__ = ["MAX_ERRORS", "Checked", "Info", "check_program"]

MAX_ERRORS = 50
RESERVED = frozenset({"self", "total"})


@dataclass(slots=True)
class Info:
    """What the backends need from checking, keyed by ``id(node)``."""

    field_conv: dict[int, tuple[str, Callable[[Any], Any] | None]] = field(default_factory=dict)
    call_kind: dict[int, str] = field(default_factory=dict)
    types: dict[int, Type] = field(default_factory=dict)


@dataclass(slots=True)
class Checked:
    """A checked, merged program, ready for a backend."""

    name: str
    version: str | None
    input: RecordT
    lets: dict[str, a.Let]
    defs: dict[str, a.Def]
    tables: dict[str, a.Table]
    scores: list[a.Score]
    checks: list[a.Check]
    grade: a.Grade | None
    grade_expr: a.Expr | None
    hosts: dict[str, HostFunction]
    info: Info
    sources: dict[int, Source]
    warnings: list[Diagnostic]
    let_types: dict[str, Type]


class _TooMany(Exception):
    pass


class _Checker:
    def __init__(
        self,
        decls: list[tuple[a.Decl, Source]],
        input_type: RecordT,
        registry: TypeRegistry,
        hosts: dict[str, HostFunction],
    ) -> None:
        self.decls = decls
        self.input = input_type
        self.registry = registry
        self.hosts = hosts
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.info = Info()
        self.source: Source | None = None
        self.lets: dict[str, a.Let] = {}
        self.defs: dict[str, a.Def] = {}
        self.tables: dict[str, a.Table] = {}
        self.owner: dict[int, Source] = {}
        self.let_types: dict[str, Type] = {}
        self.def_types: dict[str, Type] = {}
        self.in_progress: set[str] = set()
        self.refs: dict[str, set[str]] = {}
        self.current: str | None = None

    # ---- reporting

    def error(self, node: a.Node | a.Span | None, code: str, zh: str, en: str) -> None:
        span = node if isinstance(node, a.Span) else getattr(node, "span", None)
        self.errors.append(diagnostic(self.source, span, code, zh, en))
        if len(self.errors) >= MAX_ERRORS:
            raise _TooMany

    def warn(self, node: a.Node, code: str, zh: str, en: str) -> None:
        self.warnings.append(
            diagnostic(self.source, getattr(node, "span", None), code, zh, en, severity="warning")
        )

    def mismatch(self, node: a.Node, what_zh: str, what_en: str, got: Type) -> None:
        self.error(
            node,
            "type-mismatch",
            f"类型不符：{what_zh}，实际为 {describe(got)}",
            f"type mismatch: {what_en}, got {describe(got)}",
        )

    # ---- entry

    def run(self) -> Checked:
        scores: list[a.Score] = []
        checks: list[a.Check] = []
        grade: a.Grade | None = None
        ids: dict[str, a.Decl] = {}
        for decl, source in self.decls:
            self.source = source
            self.owner[id(decl)] = source
            if isinstance(decl, (a.Let, a.Def, a.Table)):
                self._declare_value(decl)
            elif isinstance(decl, (a.Score, a.Check)):
                if decl.name in ids:
                    self.error(
                        decl, "duplicate-name", f"重复的 ID「{decl.name}」", f"duplicate ID {decl.name!r}"
                    )
                ids[decl.name] = decl
                (scores if isinstance(decl, a.Score) else checks).append(decl)  # type: ignore[arg-type]
            elif isinstance(decl, a.Grade):
                if grade is not None:
                    self.error(
                        decl, "duplicate-grade", "一个规则集只能有一个 grade", "at most one grade per ruleset"
                    )
                grade = decl
        for decl, source in self.decls:
            self.source = source
            if isinstance(decl, (a.Let, a.Def, a.Table)):
                table: dict[str, Any] = (
                    self.lets
                    if isinstance(decl, a.Let)
                    else (self.defs if isinstance(decl, a.Def) else self.tables)
                )
                if table.get(decl.name) is not decl:
                    continue
            self._check_decl(decl)
        grade_expr: a.Expr | None = None
        if grade is not None:
            self.source = self.owner[id(grade)]
            grade_expr = self._check_grade(grade)
        self._check_cycles(scores)
        return Checked(
            name="",
            version=None,
            input=self.input,
            lets=self.lets,
            defs=self.defs,
            tables=self.tables,
            scores=scores,
            checks=checks,
            grade=grade,
            grade_expr=grade_expr,
            hosts=self.hosts,
            info=self.info,
            sources=self.owner,
            warnings=self.warnings,
            let_types=self.let_types,
        )

    def _declare_value(self, decl: a.Let | a.Def | a.Table) -> None:
        name = decl.name
        if name in RESERVED:
            self.error(
                decl, "reserved-name", f"「{name}」是预定义名称，不能再声明", f"{name!r} is predefined"
            )
            return
        if name in BUILTINS or name in AGGREGATES or name in self.hosts:
            self.error(
                decl,
                "builtin-redeclared",
                f"「{name}」是内置或宿主函数，不能再声明",
                f"{name!r} is a built-in or host function and cannot be redeclared",
            )
            return
        if name in self.lets or name in self.defs or name in self.tables:
            self.error(decl, "duplicate-name", f"重复声明「{name}」", f"{name!r} is declared twice")
            return
        if isinstance(decl, a.Let):
            self.lets[name] = decl
        elif isinstance(decl, a.Def):
            self.defs[name] = decl
        else:
            self.tables[name] = decl

    # ---- declarations

    def _check_decl(self, decl: a.Decl) -> None:
        if isinstance(decl, a.Let):
            self._let_type(decl.name)
        elif isinstance(decl, (a.Def, a.Table)):
            self._def_type(decl.name)
        elif isinstance(decl, a.Score):
            self.current = f"score:{decl.name}"
            self.refs.setdefault(self.current, set())
            scope = self._loop_scope(decl.loop)
            if decl.max is not None:
                self._expect(decl.max, scope, NUMBER, "max 应为 number", "max must be a number")
            self._expect(decl.expr, scope, NUMBER, "得分应为 number", "a score must be a number")
            self.current = None
        elif isinstance(decl, a.Check):
            self.current = f"check:{decl.name}"
            self.refs.setdefault(self.current, set())
            scope = self._loop_scope(decl.loop)
            self._expect(decl.cond, scope, BOOL, "检查条件应为 bool", "a check condition must be a bool")
            if decl.message is not None:
                for part in decl.message.parts:
                    if isinstance(part, a.Expr):
                        self.type_of(part, scope)
            self.current = None

    def _loop_scope(self, loop: a.Loop | None) -> dict[str, Type]:
        if loop is None:
            return {}
        t = self.type_of(loop.iterable, {})
        elem = self._elem_of(loop.iterable, t)
        scope = {loop.var: elem}
        self._check_var(loop.var, loop)
        if loop.cond is not None:
            self._expect(loop.cond, scope, BOOL, "where 条件应为 bool", "a where condition must be a bool")
        return scope

    def _check_var(self, name: str, node: a.Node) -> None:
        if name in RESERVED:
            self.error(
                node, "reserved-name", f"「{name}」是预定义名称，不能作变量名", f"{name!r} is predefined"
            )

    def _elem_of(self, node: a.Expr, t: Type) -> Type:
        if isinstance(t, ListT):
            return t.elem
        if t is not ANY and t is not NULL:
            self.mismatch(node, "for … in 之后应为 list", "'for … in' needs a list", t)
        return ANY

    def _check_grade(self, g: a.Grade) -> a.Expr:
        expr: a.Expr = a.Name(g.path[0], g.span)
        for part in g.path[1:]:
            expr = a.Field(expr, part, g.span)
        self.current = "grade"
        self.refs.setdefault("grade", set())
        t = self.type_of(expr, {})
        for band in g.bands:
            bt = self.type_of(band.value, {})
            if join(t, bt) is None or not _orderable(join(t, bt) or ANY):
                self.mismatch(
                    band, f"分档值应可与 {describe(t)} 比较", f"band must compare with {describe(t)}", bt
                )
        self.current = None
        return expr

    def _expect(self, e: a.Expr, scope: dict[str, Type], want: Prim, zh: str, en: str) -> Type:
        t = self.type_of(e, scope)
        if base_of(t) not in (want, ANY, NULL):
            self.mismatch(e, zh, en, t)
        return t

    # ---- lets, defs, tables (typed on demand, cycles reported separately)

    def _let_type(self, name: str) -> Type:
        if name in self.let_types:
            return self.let_types[name]
        key = f"let:{name}"
        if key in self.in_progress:
            return ANY
        decl = self.lets[name]
        saved = (self.source, self.current)
        self.source = self.owner[id(decl)]
        self.current = key
        self.refs.setdefault(key, set())
        self.in_progress.add(key)
        t = self.type_of(decl.expr, {})
        self.in_progress.discard(key)
        self.source, self.current = saved
        self.let_types[name] = t
        return t

    def _def_type(self, name: str) -> Type:
        if name in self.def_types:
            return self.def_types[name]
        decl: a.Def | a.Table = self.defs[name] if name in self.defs else self.tables[name]
        key = f"{'def' if isinstance(decl, a.Def) else 'table'}:{name}"
        if key in self.in_progress:
            return ANY
        saved = (self.source, self.current)
        self.source = self.owner[id(decl)]
        self.current = key
        self.refs.setdefault(key, set())
        self.in_progress.add(key)
        scope = self._params(decl.params)
        t = self.type_of(decl.body, scope) if isinstance(decl, a.Def) else self._table_type(decl, scope)
        self.in_progress.discard(key)
        self.source, self.current = saved
        self.def_types[name] = t
        return t

    def _params(self, params: tuple[a.Param, ...]) -> dict[str, Type]:
        scope: dict[str, Type] = {}
        for p in params:
            if p.name in scope:
                self.error(p, "duplicate-name", f"重复的参数「{p.name}」", f"duplicate parameter {p.name!r}")
            self._check_var(p.name, p)
            scope[p.name] = self._type_ref(p.type)
        return scope

    def _type_ref(self, ref: a.TypeRef) -> Type:
        head = ref.parts[0]
        prims = {"number": NUMBER, "text": TEXT, "bool": BOOL, "date": DATE}
        if head == "list" and len(ref.parts) == 1:
            if ref.arg is None:
                self.error(
                    ref, "unknown-type", "list 需要元素类型，如 list[number]", "list needs an element type"
                )
                return ListT(ANY)
            return ListT(self._type_ref(ref.arg))
        if head in prims and len(ref.parts) == 1:
            return prims[head]
        rec = self.registry.by_name.get(head)
        if rec is None:
            names = [*prims, "list", *self.registry.by_name]
            zh, en = suggestion_text(head, names)
            self.error(ref, "unknown-type", f"未知类型「{head}」{zh}", f"unknown type {head!r}{en}")
            return ANY
        t: Type = rec
        for part in ref.parts[1:]:
            if not isinstance(t, RecordT) or part not in t.fields:
                fields = list(t.fields) if isinstance(t, RecordT) else []
                zh, en = suggestion_text(part, fields)
                self.error(ref, "unknown-field", f"未知字段「{part}」{zh}", f"unknown field {part!r}{en}")
                return ANY
            t = t.fields[part].type
        return t

    def _table_type(self, t: a.Table, scope: dict[str, Type]) -> Type:
        out_types: list[Type] = [NULL] * len(t.outputs)
        for row in t.rows:
            for col, cell in zip(t.inputs, row.cells, strict=True):
                self._cell(cell, scope.get(col, ANY), scope)
            for k, out in enumerate(row.outputs):
                ot = self.type_of(out, scope)
                joined = join(out_types[k], ot)
                if joined is None:
                    self.mismatch(
                        out,
                        f"输出列「{t.outputs[k]}」各行类型应一致",
                        f"output {t.outputs[k]!r} must have one type in every row",
                        ot,
                    )
                else:
                    out_types[k] = joined
        if t.policy == "unique":
            for i, j in overlapping_rows(t):
                self.warn(
                    t.rows[j],
                    "table-overlap",
                    f"hit unique 表「{t.name}」的第 {i + 1} 行与第 {j + 1} 行可能同时命中",
                    f"rows {i + 1} and {j + 1} of unique table {t.name!r} can both match",
                )
        if len(t.outputs) == 1:
            result = out_types[0]
        else:
            rec = RecordT(t.name, {}, None, True)
            from indicator_lib.rules._types import FieldT

            for name, ot in zip(t.outputs, out_types, strict=True):
                rec.fields[name] = FieldT(ot, None)
            result = rec
        if t.policy == "collect":
            return ListT(result)
        if t.policy == "sum":
            if base_of(result) not in (NUMBER, ANY, NULL):
                self.mismatch(
                    t, "hit sum 表的输出应为 number", "a 'hit sum' table must output numbers", result
                )
            return NUMBER
        return result

    def _cell(self, cell: a.Cell, col_t: Type, scope: dict[str, Type]) -> None:
        for test in cell.tests:
            if isinstance(test, (a.AnyTest, a.NullTest)):
                continue
            if isinstance(test, a.CmpTest):
                vt = self.type_of(test.value, scope)
                self._compare_types(test, test.op, col_t, vt, None, test.value)
            elif isinstance(test, a.InTest):
                ct = self.type_of(test.container, scope)
                self._member_types(test, col_t, ct, test.container)
            elif isinstance(test, a.Interval):
                for bound in (test.low, test.high):
                    bt = self.type_of(bound, scope)
                    self._compare_types(test, "<=", col_t, bt, None, bound)
            elif isinstance(test, a.ExprTest):
                if test.predicate:
                    inner = dict(scope)
                    inner["?"] = col_t
                    self._expect(
                        test.expr,
                        inner,
                        BOOL,
                        "含「?」的单元格应为条件",
                        "a cell using '?' must be a condition",
                    )
                else:
                    vt = self.type_of(test.expr, scope)
                    self._compare_types(test, "==", col_t, vt, None, test.expr)

    # ---- cycles

    def _check_cycles(self, scores: list[a.Score]) -> None:
        graph: dict[str, set[str]] = {k: set(v) for k, v in self.refs.items()}
        total_deps: set[str] = set()
        for s in scores:
            total_deps |= graph.get(f"score:{s.name}", set())
        graph["total"] = total_deps
        color: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for start in sorted(graph):
            if color.get(start):
                continue
            stack: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
            path = [start]
            color[start] = 1
            while stack:
                node, pending = stack[-1]
                if not pending:
                    color[node] = 2
                    stack.pop()
                    path.pop()
                    continue
                nxt = pending.pop()
                state = color.get(nxt, 0)
                if state == 0:
                    color[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, sorted(graph.get(nxt, ()))))
                elif state == 1:
                    cycle = path[path.index(nxt) :]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self._report_cycle([*cycle, nxt])

    def _report_cycle(self, cycle: list[str]) -> None:
        names = [c.split(":", 1)[-1] for c in cycle]
        shown = " → ".join(names)
        first = cycle[0]
        kind, _, name = first.partition(":")
        decl: a.Node | None = None
        if kind == "let":
            decl = self.lets.get(name)
        elif kind == "def":
            decl = self.defs.get(name)
        elif kind == "table":
            decl = self.tables.get(name)
        if decl is not None:
            self.source = self.owner[id(decl)]
        if any(c.startswith("let:") or c == "total" for c in cycle):
            self.error(decl, "let-cycle", f"循环引用：{shown}", f"cycle: {shown}")
        else:
            self.error(decl, "recursion", f"不允许递归：{shown}", f"recursion is not allowed: {shown}")

    def _ref(self, key: str) -> None:
        if self.current is not None:
            self.refs.setdefault(self.current, set()).add(key)

    # ---- expressions

    def type_of(self, e: a.Expr, scope: dict[str, Type]) -> Type:
        method = _EXPR_DISPATCH[type(e)]
        t = method(self, e, scope)
        self.info.types[id(e)] = t
        return t

    def _number(self, e: a.Number, scope: dict[str, Type]) -> Type:
        return NUMBER

    def _string(self, e: a.String, scope: dict[str, Type]) -> Type:
        return TEXT

    def _bool(self, e: a.Bool, scope: dict[str, Type]) -> Type:
        return BOOL

    def _null(self, e: a.Null, scope: dict[str, Type]) -> Type:
        return NULL

    def _placeholder(self, e: a.Placeholder, scope: dict[str, Type]) -> Type:
        return scope.get("?", ANY)

    def _name(self, e: a.Name, scope: dict[str, Type]) -> Type:
        n = e.name
        if n in scope:
            return scope[n]
        if n in self.lets:
            self._ref(f"let:{n}")
            return self._let_type(n)
        if n == "self":
            return self.input
        if n == "total":
            self._ref("total")
            return NUMBER
        if n in self.defs or n in self.tables or n in BUILTINS or n in AGGREGATES or n in self.hosts:
            self.error(
                e,
                "type-mismatch",
                f"「{n}」是函数，使用时需要加括号调用：{n}(…)",
                f"{n!r} is a function; call it: {n}(…)",
            )
            return ANY
        candidates = [*scope, *self.lets, "self", "total"]
        zh, en = suggestion_text(n, candidates)
        from indicator_lib.rules._lexer import glued_keyword

        kw = glued_keyword(n)
        if kw is not None:
            zh += f"（关键字「{kw}」与中文连在一起了？请加空格）"
            en += f" (keyword '{kw}' glued to Chinese text? add spaces)"
        self.error(e, "unknown-name", f"未知名称「{n}」{zh}", f"unknown name {n!r}{en}")
        return ANY

    def _field(self, e: a.Field, scope: dict[str, Type]) -> Type:
        t = self.type_of(e.obj, scope)
        if isinstance(t, RecordT):
            f = t.fields.get(e.name)
            if f is None:
                zh, en = suggestion_text(e.name, list(t.fields))
                self.error(
                    e,
                    "unknown-field",
                    f"{t.name} 没有字段「{e.name}」{zh}",
                    f"{t.name} has no field {e.name!r}{en}",
                )
                return ANY
            self.info.field_conv[id(e)] = ("dict" if t.is_dict else "model", f.conv)
            return f.type
        if t is ANY or t is NULL:
            self.info.field_conv[id(e)] = ("any", to_value)
            return ANY
        if isinstance(t, ListT):
            self.mismatch(
                e,
                f"列表没有字段「{e.name}」，请用聚合或下标",
                f"a list has no field {e.name!r}; aggregate or index it",
                t,
            )
        else:
            self.mismatch(
                e, f"只有记录才有字段「{e.name}」", f"only records have fields such as {e.name!r}", t
            )
        return ANY

    def _index(self, e: a.Index, scope: dict[str, Type]) -> Type:
        t = self.type_of(e.obj, scope)
        self._expect(e.index, scope, NUMBER, "下标应为 number", "an index must be a number")
        if isinstance(t, ListT):
            return t.elem
        if t is not ANY and t is not NULL:
            self.mismatch(e, "只有列表可以用下标", "only lists can be indexed", t)
        return ANY

    def _list(self, e: a.ListLit, scope: dict[str, Type]) -> Type:
        elem: Type = NULL
        for item in e.items:
            t = self.type_of(item, scope)
            joined = join(elem, t)
            if joined is None:
                self.mismatch(
                    item,
                    f"列表元素类型应一致（{describe(elem)}）",
                    f"list items must agree ({describe(elem)})",
                    t,
                )
            else:
                elem = joined
        return ListT(ANY if elem is NULL else elem)

    def _not(self, e: a.Not, scope: dict[str, Type]) -> Type:
        self._expect(
            e.operand,
            scope,
            BOOL,
            "not 的操作数应为 bool",
            "'not' needs a bool",
        )
        return BOOL

    def _binary(self, e: a.Binary, scope: dict[str, Type]) -> Type:
        if e.op in ("and", "or"):
            self._expect(e.left, scope, BOOL, f"{e.op} 的操作数应为 bool", f"'{e.op}' needs bools")
            self._expect(e.right, scope, BOOL, f"{e.op} 的操作数应为 bool", f"'{e.op}' needs bools")
            return BOOL
        lt = base_of(self.type_of(e.left, scope))
        rt = base_of(self.type_of(e.right, scope))
        unknown = {ANY, NULL}
        if e.op == "+":
            if lt in unknown or rt in unknown:
                return (
                    lt
                    if lt not in unknown
                    else (rt if rt is not DATE else DATE)
                    if rt not in unknown
                    else ANY
                )
            if lt == rt and lt in (NUMBER, TEXT):
                return lt
            if lt is DATE and rt is NUMBER:
                return DATE
        elif e.op == "-":
            if lt in unknown or rt in unknown:
                return NUMBER if lt is not DATE else ANY
            if lt is NUMBER and rt is NUMBER:
                return NUMBER
            if lt is DATE and rt is NUMBER:
                return DATE
            if lt is DATE and rt is DATE:
                return NUMBER
        else:
            if lt in (NUMBER, *unknown) and rt in (NUMBER, *unknown):
                return NUMBER
        self.error(
            e,
            "type-mismatch",
            f"类型不符：不能计算 {describe(lt)} {e.op} {describe(rt)}",
            f"type mismatch: cannot compute {describe(lt)} {e.op} {describe(rt)}",
        )
        return ANY

    def _compare(self, e: a.Compare, scope: dict[str, Type]) -> Type:
        types = [self.type_of(x, scope) for x in e.operands]
        for k, op in enumerate(e.ops):
            self._compare_types(e, op, types[k], types[k + 1], e.operands[k], e.operands[k + 1])
        return BOOL

    def _compare_types(
        self, node: a.Node, op: str, lt: Type, rt: Type, left: a.Expr | None, right: a.Expr | None
    ) -> None:
        if op in ("==", "!=") and (isinstance(left, a.Null) or isinstance(right, a.Null)):
            neg = "not " if op == "!=" else ""
            self.error(
                node,
                "null-comparison",
                f"不能用「{op}」与 null 比较（结果总是空）：请写 is {neg}null",
                f"comparing with null using '{op}' is always null: write 'is {neg}null'",
            )
            return
        joined = join(lt, rt)
        if joined is None:
            self.error(
                node,
                "type-mismatch",
                f"类型不符：不能比较 {describe(lt)} 与 {describe(rt)}",
                f"type mismatch: cannot compare {describe(lt)} with {describe(rt)}",
            )
            return
        if op not in ("==", "!=") and not _orderable(joined):
            self.mismatch(
                node,
                f"「{op}」只能比较 number、date 或 text",
                f"'{op}' compares numbers, dates or texts",
                joined,
            )
            return
        self._enum_literal(lt, right)
        self._enum_literal(rt, left)

    def _enum_literal(self, t: Type, other: a.Expr | None) -> None:
        if not isinstance(t, EnumT) or other is None:
            return
        literals: list[a.Expr] = list(other.items) if isinstance(other, a.ListLit) else [other]
        for lit in literals:
            value: Any = None
            if (isinstance(lit, a.String) and t.base is TEXT) or (
                isinstance(lit, a.Number) and t.base is NUMBER
            ):
                value = lit.value
            else:
                continue
            if value not in t.values:
                shown = [str(v) for v in t.values]
                zh, en = suggestion_text(str(value), shown)
                allowed = "、".join(shown)
                self.error(
                    lit,
                    "bad-enum-literal",
                    f"「{value}」不是 {t.name} 允许的值（{allowed}）{zh}",
                    f"{value!r} is not a value {t.name} admits ({', '.join(shown)}){en}",
                )

    def _is_null(self, e: a.IsNull, scope: dict[str, Type]) -> Type:
        self.type_of(e.operand, scope)
        return BOOL

    def _member(self, e: a.Member, scope: dict[str, Type]) -> Type:
        it = self.type_of(e.item, scope)
        ct = self.type_of(e.container, scope)
        self._member_types(e, it, ct, e.container)
        return BOOL

    def _member_types(self, node: a.Node, it: Type, ct: Type, container: a.Expr) -> None:
        if isinstance(ct, ListT):
            if join(it, ct.elem) is None:
                self.mismatch(
                    node, f"in 的左边应为 {describe(ct.elem)}", f"'in' needs a {describe(ct.elem)}", it
                )
            self._enum_literal(it, container)
        elif base_of(ct) is TEXT:
            self.mismatch(
                node,
                "in 右边应为列表；查找子串请用 contains(文本, 部分)",
                "'in' needs a list; for substrings use contains(text, part)",
                ct,
            )
        elif ct is not ANY and ct is not NULL:
            self.mismatch(node, "in 右边应为列表", "'in' needs a list on its right", ct)

    def _coalesce(self, e: a.Coalesce, scope: dict[str, Type]) -> Type:
        common: Type = NULL
        for x in e.operands:
            t = self.type_of(x, scope)
            joined = join(common, t)
            if joined is None:
                self.mismatch(
                    x,
                    f"?? 两边类型应一致（{describe(common)}）",
                    f"'??' sides must agree ({describe(common)})",
                    t,
                )
            else:
                common = joined
        return common

    def _if(self, e: a.If, scope: dict[str, Type]) -> Type:
        self._expect(e.cond, scope, BOOL, "if 条件应为 bool", "an 'if' condition must be a bool")
        return self._branches(e, [e.then, e.else_], scope)

    def _when(self, e: a.When, scope: dict[str, Type]) -> Type:
        for cond, _ in e.branches:
            self._expect(cond, scope, BOOL, "when 条件应为 bool", "a 'when' condition must be a bool")
        return self._branches(e, [v for _, v in e.branches] + [e.else_], scope)

    def _branches(self, node: a.Node, exprs: list[a.Expr], scope: dict[str, Type]) -> Type:
        common: Type = NULL
        for x in exprs:
            t = self.type_of(x, scope)
            joined = join(common, t)
            if joined is None:
                self.mismatch(
                    x,
                    f"各分支类型应一致（{describe(common)}）",
                    f"branches must agree ({describe(common)})",
                    t,
                )
            else:
                common = joined
        return common

    def _agg(self, e: a.Agg, scope: dict[str, Type]) -> Type:
        spec = AGGREGATES.get(e.func)
        it = self.type_of(e.iterable, scope)
        inner = dict(scope)
        inner[e.var] = self._elem_of(e.iterable, it)
        self._check_var(e.var, e)
        if e.cond is not None:
            self._expect(e.cond, inner, BOOL, "if/where 条件应为 bool", "a filter must be a bool")
        et = self.type_of(e.elem, inner)
        if spec is None:
            zh, en = suggestion_text(e.func, list(AGGREGATES))
            self.error(
                e, "unknown-function", f"「{e.func}」不是聚合函数{zh}", f"{e.func!r} is not an aggregate{en}"
            )
            return ANY
        result = spec.elem_typer([et])
        if isinstance(result, str):
            zh, en = result.split(" / ", 1)
            self.mismatch(e.elem, zh, en, et)
            return ANY
        return result

    def _call(self, e: a.Call, scope: dict[str, Type]) -> Type:
        f = e.func
        arg_types = [self.type_of(x, scope) for x in e.args]
        if f in self.defs or f in self.tables:
            decl: a.Def | a.Table = self.defs[f] if f in self.defs else self.tables[f]
            self._ref(f"{'def' if isinstance(decl, a.Def) else 'table'}:{f}")
            self.info.call_kind[id(e)] = "def" if isinstance(decl, a.Def) else "table"
            if len(e.args) != len(decl.params):
                self._arity(e, len(decl.params), len(decl.params))
                return ANY
            saved = self.source
            params = self._params_quiet(decl)
            self.source = saved
            for x, t, pt in zip(e.args, arg_types, params, strict=True):
                if join(t, pt) is None:
                    self.mismatch(x, f"参数应为 {describe(pt)}", f"argument must be {describe(pt)}", t)
                else:
                    self._enum_literal(pt, x)
            return self._def_type(f)
        if f in self.hosts:
            host = self.hosts[f]
            self.info.call_kind[id(e)] = "host"
            pts = host.param_types()
            if len(e.args) != len(pts):
                self._arity(e, len(pts), len(pts))
                return ANY
            for x, t, pt in zip(e.args, arg_types, pts, strict=True):
                if join(t, pt) is None:
                    self.mismatch(x, f"参数应为 {describe(pt)}", f"argument must be {describe(pt)}", t)
            return host.return_type()
        if f in AGGREGATES and len(e.args) == 1 and (f not in BUILTINS or isinstance(arg_types[0], ListT)):
            self.info.call_kind[id(e)] = "agg"
            t = arg_types[0]
            if not isinstance(t, ListT):
                if t is not ANY and t is not NULL:
                    self.mismatch(e.args[0], f"{f} 的参数应为列表", f"{f} needs a list", t)
                return ANY
            result = AGGREGATES[f].elem_typer([t.elem])
            if isinstance(result, str):
                zh, en = result.split(" / ", 1)
                self.mismatch(e.args[0], zh, en, t)
                return ANY
            return result
        b = BUILTINS.get(f)
        if b is None:
            names = [*BUILTINS, *AGGREGATES, *self.defs, *self.tables, *self.hosts]
            zh, en = suggestion_text(f, names)
            self.error(e, "unknown-function", f"未知函数「{f}」{zh}", f"unknown function {f!r}{en}")
            return ANY
        self.info.call_kind[id(e)] = "builtin"
        if len(e.args) < b.min_args or (b.max_args is not None and len(e.args) > b.max_args):
            self._arity(e, b.min_args, b.max_args)
            return ANY
        if f == "date" and e.args and isinstance(e.args[0], a.String):
            import datetime as _dt

            try:
                _dt.date.fromisoformat(e.args[0].value)
                ok = len(e.args[0].value) == 10
            except ValueError:
                ok = False
            if not ok:
                self.error(
                    e.args[0],
                    "bad-date",
                    f"「{e.args[0].value}」不是 YYYY-MM-DD 格式的日期",
                    f"{e.args[0].value!r} is not a date in YYYY-MM-DD form",
                )
        result = b.typer(arg_types)
        if isinstance(result, str):
            zh, en = result.split(" / ", 1)
            self.error(e, "type-mismatch", f"类型不符：{zh}", f"type mismatch: {en}")
            return ANY
        return result

    def _params_quiet(self, decl: a.Def | a.Table) -> list[Type]:
        saved_errors = len(self.errors)
        self.source = self.owner.get(id(decl), self.source)
        types = list(self._params(decl.params).values())
        del self.errors[saved_errors:]
        return types

    def _arity(self, e: a.Call, lo: int, hi: int | None) -> None:
        want = str(lo) if lo == hi else (f"{lo}+" if hi is None else f"{lo}–{hi}")
        self.error(
            e,
            "arity",
            f"{e.func} 需要 {want} 个参数，给了 {len(e.args)} 个",
            f"{e.func} takes {want} argument(s), got {len(e.args)}",
        )


def _orderable(t: Type) -> bool:
    return base_of(t) in (NUMBER, DATE, TEXT, ANY, NULL)


_EXPR_DISPATCH: dict[type, Callable[[_Checker, Any, dict[str, Type]], Type]] = {
    a.Number: _Checker._number,
    a.String: _Checker._string,
    a.Bool: _Checker._bool,
    a.Null: _Checker._null,
    a.Placeholder: _Checker._placeholder,
    a.Name: _Checker._name,
    a.Field: _Checker._field,
    a.Index: _Checker._index,
    a.ListLit: _Checker._list,
    a.Not: _Checker._not,
    a.Binary: _Checker._binary,
    a.Compare: _Checker._compare,
    a.IsNull: _Checker._is_null,
    a.Member: _Checker._member,
    a.Coalesce: _Checker._coalesce,
    a.If: _Checker._if,
    a.When: _Checker._when,
    a.Agg: _Checker._agg,
    a.Call: _Checker._call,
}


def check_program(
    decls: list[tuple[a.Decl, Source]],
    input_type: RecordT,
    registry: TypeRegistry,
    hosts: dict[str, HostFunction],
) -> Checked:
    """Check merged declarations against the input type.

    Raises:
        RuleCheckError: With every problem found (at most :data:`MAX_ERRORS`).

    """
    checker = _Checker(decls, input_type, registry, hosts)
    try:
        checked = checker.run()
    except _TooMany:
        checked = None
    if checker.errors:
        raise RuleCheckError(checker.errors)
    assert checked is not None
    return checked
