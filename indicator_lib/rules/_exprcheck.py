"""Expression typing: the half of the checker that gives every expression a type.

Decides: how each expression form is typed against the input's record types (see
:mod:`indicator_lib.rules._checker` for declarations, scopes and cycles), which call is which kind
(built-in, aggregate over a list, host function, ``def``, ``table``), how each field is read (recorded
in :class:`Info` for the backends), and where enumeration literals are checked (``==``, ``!=``,
ordering, ``in [...]``, table cells, arguments of ``def``s and tables).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indicator_lib._suggest import suggestion_text
from indicator_lib.errors import Diagnostic
from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS, HostFunction
from indicator_lib.rules._lexer import glued_keyword
from indicator_lib.rules._source import Source, diagnostic
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
    base_of,
    describe,
    join,
)
from indicator_lib.rules._values import to_value

__all__ = ["MAX_ERRORS", "RESERVED", "ExprChecker", "Info", "TooManyErrors", "orderable"]

MAX_ERRORS = 50
RESERVED = frozenset({"self", "total"})


@dataclass(slots=True)
class Info:
    """What the backends need from checking, keyed by ``id(node)``."""

    field_conv: dict[int, tuple[str, Callable[[Any], Any] | None]] = field(default_factory=dict)
    call_kind: dict[int, str] = field(default_factory=dict)
    types: dict[int, Type] = field(default_factory=dict)


class TooManyErrors(Exception):
    """Raised internally when :data:`MAX_ERRORS` errors have been collected."""


class ExprChecker:
    """Types expressions; the declaration-level checker derives from it."""

    lets: dict[str, a.Let]
    defs: dict[str, a.Def]
    tables: dict[str, a.Table]
    hosts: dict[str, HostFunction]
    input: RecordT
    source: Source | None
    current: str | None
    refs: dict[str, set[str]]
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    info: Info
    owner: dict[int, Source]
    _let_type: Callable[[str], Type]
    _def_type: Callable[[str], Type]
    _params: Callable[[tuple[a.Param, ...]], dict[str, Type]]

    # ---- reporting

    def error(self, node: a.Node | a.Span | None, code: str, zh: str, en: str) -> None:
        span = node if isinstance(node, a.Span) else getattr(node, "span", None)
        self.errors.append(diagnostic(self.source, span, code, zh, en))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors

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

    def _expect(self, e: a.Expr, scope: dict[str, Type], want: Prim, zh: str, en: str) -> Type:
        t = self.type_of(e, scope)
        if base_of(t) not in (want, ANY, NULL):
            self.mismatch(e, zh, en, t)
        return t

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
                    self._name_span(e),
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

    def _name_span(self, e: a.Field) -> a.Span:
        """Return the span of the field name of ``e`` (after the dot), for the caret."""
        sp = e.span
        if not sp.line or sp.line != sp.end_line:
            return sp
        width = len(e.name)
        line = self.source.line(sp.end_line) if self.source is not None else None
        if line is not None and sp.end_column >= 2 and line[sp.end_column - 2 : sp.end_column - 1] == "`":
            width += 2
        return a.Span(sp.end_line, max(sp.end_column - width, sp.column), sp.end_line, sp.end_column)

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
        if op not in ("==", "!=") and not orderable(joined):
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


def orderable(t: Type) -> bool:
    """Return True for types that `<` can compare (number, date, text, or unknown)."""
    return base_of(t) in (NUMBER, DATE, TEXT, ANY, NULL)


_EXPR_DISPATCH: dict[type, Callable[[ExprChecker, Any, dict[str, Type]], Type]] = {
    a.Number: ExprChecker._number,
    a.String: ExprChecker._string,
    a.Bool: ExprChecker._bool,
    a.Null: ExprChecker._null,
    a.Placeholder: ExprChecker._placeholder,
    a.Name: ExprChecker._name,
    a.Field: ExprChecker._field,
    a.Index: ExprChecker._index,
    a.ListLit: ExprChecker._list,
    a.Not: ExprChecker._not,
    a.Binary: ExprChecker._binary,
    a.Compare: ExprChecker._compare,
    a.IsNull: ExprChecker._is_null,
    a.Member: ExprChecker._member,
    a.Coalesce: ExprChecker._coalesce,
    a.If: ExprChecker._if,
    a.When: ExprChecker._when,
    a.Agg: ExprChecker._agg,
    a.Call: ExprChecker._call,
}
