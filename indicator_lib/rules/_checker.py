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

from dataclasses import dataclass
from typing import Any

from indicator_lib._suggest import suggestion_text
from indicator_lib.errors import Diagnostic, RuleCheckError
from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS, HostFunction
from indicator_lib.rules._exprcheck import MAX_ERRORS, RESERVED, ExprChecker, Info, TooManyErrors, orderable
from indicator_lib.rules._source import Source
from indicator_lib.rules._tables import overlapping_rows
from indicator_lib.rules._types import (
    ANY,
    BOOL,
    DATE,
    NULL,
    NUMBER,
    TEXT,
    ListT,
    RecordT,
    Type,
    TypeRegistry,
    base_of,
    describe,
    join,
)

__all__ = ["MAX_ERRORS", "Checked", "Info", "check_program"]


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


class _Checker(ExprChecker):
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

    def _check_grade(self, g: a.Grade) -> a.Expr:
        expr: a.Expr = a.Name(g.path[0], g.span)
        for part in g.path[1:]:
            expr = a.Field(expr, part, g.span)
        self.current = "grade"
        self.refs.setdefault("grade", set())
        t = self.type_of(expr, {})
        for band in g.bands:
            bt = self.type_of(band.value, {})
            if join(t, bt) is None or not orderable(join(t, bt) or ANY):
                self.mismatch(
                    band, f"分档值应可与 {describe(t)} 比较", f"band must compare with {describe(t)}", bt
                )
        self.current = None
        return expr

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
    except TooManyErrors:
        checked = None
    if checker.errors:
        raise RuleCheckError(checker.errors)
    assert checked is not None
    return checked
