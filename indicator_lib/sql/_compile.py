"""The SQL backend: compiles a checked ruleset into one sqlglot query over the relational layout.

Decides the shape of the generated query (docs/sql.md, «The query»):

- ``self`` is a row of ``projects`` (alias ``p``); its fields are columns (``self.project.name`` →
  ``p.project_name``). Each scalar ``let`` is a column computed in a chain of CTEs (one CTE per
  dependency level), ``total`` is the column ``score_total`` added after the score lines, and lets
  that read ``total`` come after it.
- A list of records (``self.indicators``, a ``let`` or ``list(…)`` filtering it) stays symbolic: a
  child table plus filters. ``for i in L`` joins that table; an aggregate over it is a correlated
  grouped subquery (``COALESCE(SUM(…), 0)`` for ``sum``); ``count(L)``/``len(L)`` count its rows.
- ``def`` calls are inlined with their arguments; a decision table is a ``CASE`` (``hit first`` and
  ``unique`` take the first matching row — SQL cannot raise the ``unique`` error —, ``sum`` adds the
  outputs of every matching row).
- Null semantics are SQL's own three-valued logic, which is the language's; ``x / 0`` is null;
  ``where``/``if``/``when`` treat null as false (``CASE``/``WHERE``). Numbers are
  ``DECIMAL(38, 10)``; products and quotients are rounded half up to 10 decimals.

What has no SQL form (a host function without one, a list of plain values held in a ``let`` and
indexed, ``hit collect`` tables, indexing, a field outside the layout) is a ``RuleCheckError`` with
code ``not-in-sql`` naming the construct and its line; every such place is reported at once.
Node types dispatch through a table built once, as in the Python backends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from indicator_lib.errors import Diagnostic, RuleCheckError
from indicator_lib.rules import ast as a
from indicator_lib.rules._checker import Checked
from indicator_lib.rules._source import Source, diagnostic
from indicator_lib.sql._functions import (
    _is_null_of,
    _not_of,
    _wrap,
    aggregate_sql,
    as_number,
    builtin_form,
    builtin_sql,
    div,
    null_if_any_null,
    placeholder,
)
from indicator_lib.sql._layout import KEY, PARENT, POSITION, Layout, TableSpec, layout_of

__all__ = [
    "RESULT_COLUMNS",
    "CompiledSql",
    "HostSql",
    "Rel",
    "RowRef",
    "V",
    "child_placeholder",
    "compile_sql",
]

HostSql = Callable[[list[exp.Expr]], exp.Expr]

#: The columns of the result, in order.
RESULT_COLUMNS = (
    "project_id",
    "kind",
    "rule",
    "label",
    "path",
    "value",
    "max",
    "severity",
    "message",
    "message_en",
)
_TOTAL_COL = "score_total"


# ---- compiled values -----------------------------------------------------------------------------


@dataclass(slots=True)
class V:
    """A scalar SQL expression and its language kind (number, text, bool, date, null, any)."""

    e: exp.Expr
    kind: str


@dataclass(slots=True)
class RowRef:
    """A record read from a table row: ``self`` (alias ``p``) or a loop variable."""

    table: TableSpec
    alias: str
    prefix: tuple[str, ...] = ()


@dataclass(slots=True)
class Rel:
    """A list of records: the rows of a child table that pass every filter."""

    table: TableSpec
    conds: list[tuple[str, a.Expr, dict[str, Any]]] = field(default_factory=list)
    parent: RowRef | None = None


@dataclass(slots=True)
class RowAt:
    """``L[k]``: the k-th row (0-based, in input order) of a relation, or a record inside it."""

    rel: Rel
    k: int
    prefix: tuple[str, ...] = ()


@dataclass(slots=True)
class ValueList:
    """``list(E for x in L if C)``: the values of ``E`` over a relation."""

    rel: Rel
    var: str
    elem: a.Expr
    env: dict[str, Any]


@dataclass(slots=True)
class Items:
    """A list literal ``[a, b, …]``."""

    items: list[V]


@dataclass(slots=True)
class Rec:
    """The record a multi-output decision table returns."""

    fields: dict[str, V]


Value = V | RowRef | RowAt | Rel | ValueList | Items | Rec
Env = dict[str, Any]
_NULL = V(exp.Null(), "null")


def _num(value: Any) -> exp.Expr:
    return as_number(exp.Literal.number(str(value)))


def _str(text: str) -> exp.Expr:
    return exp.Literal.string(text)


def _plain(name: str) -> bool:
    return name.isascii() and name.isidentifier() and name.islower()


def _ident(name: str) -> exp.Identifier:
    """Return an identifier, quoted only where it has to be (Chinese let names, mixed case)."""
    return exp.to_identifier(name, quoted=not _plain(name))


def _col(alias: str, name: str) -> exp.Column:
    return exp.Column(this=_ident(name), table=_ident(alias))


@dataclass(slots=True)
class CompiledSql:
    """The compiled query and what it was built from."""

    query: exp.Expr
    layout: Layout
    tables: dict[str, str]
    texts: dict[tuple[str, bool], str] = field(default_factory=dict)


def child_placeholder(table: str) -> str:
    """Return the name a child table has in compiled pieces (replaced by its latest CTE later)."""
    return f"__il_{table}"


class _Compiler:
    def __init__(self, p: Checked, hosts: Mapping[str, HostSql], tables: Mapping[str, str]) -> None:
        self.p = p
        self.layout = layout_of(p.input)
        self.hosts = hosts
        self.table_names = {name: tables.get(name, name) for name in self.layout.tables}
        self.errors: list[Diagnostic] = []
        self.source: Source | None = None
        self.aliases = 0
        self.let_values: dict[str, Value] = {}
        # computed columns: "l:NAME" (a let, on projects) or "f:TABLE:DEF" (a def of one row, on TABLE)
        self.node_exprs: dict[str, tuple[str | None, str, V]] = {}
        self.node_deps: dict[str, set[str]] = {}
        self.node_total: set[str] = set()
        self.stack: list[str] = []
        self.row_fns: dict[str, V | None] = {}
        self.self_ref = RowRef(self.layout.root, "p")

    # ---- diagnostics

    def fail(self, node: a.Node, zh: str, en: str) -> V:
        span = getattr(node, "span", None)
        self.errors.append(
            diagnostic(
                self.source, span, "not-in-sql", f"无法转换为 SQL：{zh}", f"cannot be compiled to SQL: {en}"
            )
        )
        return V(exp.Null(), "any")

    def alias(self) -> str:
        self.aliases += 1
        return f"t{self.aliases}"

    def with_source(self, decl: a.Decl) -> Source | None:
        saved = self.source
        self.source = self.p.sources.get(id(decl), self.source)
        return saved

    # ---- values

    def scalar(self, e: a.Expr, env: Env) -> V:
        v = self.value(e, env)
        if isinstance(v, V):
            return v
        return self.fail(
            e, "此处需要单个值，不能是列表或记录", "a single value is needed here, not a list or record"
        )

    def value(self, e: a.Expr, env: Env) -> Value:
        return _DISPATCH[type(e)](self, e, env)

    def _number(self, e: a.Number, env: Env) -> Value:
        return V(_num(e.value), "number")

    def _string(self, e: a.String, env: Env) -> Value:
        return V(_str(e.value), "text")

    def _bool(self, e: a.Bool, env: Env) -> Value:
        return V(exp.true() if e.value else exp.false(), "bool")

    def _null(self, e: a.Null, env: Env) -> Value:
        return _NULL

    def _placeholder(self, e: a.Placeholder, env: Env) -> Value:
        found = env.get("?")
        return (
            found
            if found is not None
            else self.fail(e, "「?」只能用在表格单元格中", "'?' only in table cells")
        )

    def _name(self, e: a.Name, env: Env) -> Value:
        if e.name in env:
            found: Value = env[e.name]
            return _copy(found)
        if e.name in self.p.lets:
            return self.let(e.name)
        if e.name == "self":
            return self.self_ref
        self.node_total.update(self.stack)
        return V(_col("p", _TOTAL_COL), "number")

    def _use(self, key: str) -> None:
        if self.stack:
            self.node_deps.setdefault(self.stack[-1], set()).add(key)

    def _after_use(self, key: str) -> None:
        if key in self.node_total:
            self.node_total.update(self.stack)

    def let(self, name: str) -> Value:
        key = f"l:{name}"
        self._use(key)
        if name not in self.let_values:
            decl = self.p.lets[name]
            saved = self.with_source(decl)
            self.stack.append(key)
            v = self.value(decl.expr, {})
            self.stack.pop()
            self.source = saved
            if isinstance(v, V):
                self.node_exprs[key] = (None, f"l_{name}", v)
                v = V(_col("p", f"l_{name}"), v.kind)
            self.let_values[name] = v
        self._after_use(key)
        return _copy(self.let_values[name])

    def row_fn(self, d: a.Def, row: RowRef) -> V | None:
        """Compile a one-row ``def`` on a table row once, as a column of that table."""
        key = f"f:{row.table.name}:{d.name}"
        self._use(key)
        if key not in self.row_fns:
            self.row_fns[key] = None
            saved = self.with_source(d)
            self.stack.append(key)
            v = self.value(d.body, {d.params[0].name: RowRef(row.table, "t")})
            self.stack.pop()
            self.source = saved
            if isinstance(v, V) and key not in self.node_total:
                self.node_exprs[key] = (row.table.name, f"f_{d.name}", v)
                self.row_fns[key] = V(exp.Null(), v.kind)
            else:
                self.node_deps.pop(key, None)
        self._after_use(key)
        found = self.row_fns[key]
        if found is None:
            return None
        return V(_col(row.alias, f"f_{d.name}"), found.kind)

    def _field(self, e: a.Field, env: Env) -> Value:
        obj = self.value(e.obj, env)
        if isinstance(obj, Rec):
            found = obj.fields.get(e.name)
            return _copy(found) if found is not None else _NULL
        if isinstance(obj, V) and obj.kind in ("null", "any"):
            return _NULL
        if isinstance(obj, RowAt):
            return self._row_at_field(e, obj)
        if not isinstance(obj, RowRef):
            return self.fail(
                e, f"不能从列表或值中读取字段「{e.name}」", f"cannot read field {e.name!r} of a list or value"
            )
        path = (*obj.prefix, e.name)
        column = obj.table.by_path.get(path)
        if column is not None:
            return V(_col(obj.alias, column.name), column.kind)
        if path in obj.table.records:
            return RowRef(obj.table, obj.alias, path)
        if obj.table.field is None and not obj.prefix:
            child = self.layout.child(e.name)
            if child is not None:
                return Rel(child)
        nested = self.layout.nested(obj.table.name, path)
        if nested is not None:
            return Rel(nested, parent=RowRef(obj.table, obj.alias))
        return self.fail(
            e,
            f"字段「{'.'.join(path)}」不在关系表结构中（见 docs/sql.md）",
            f"field {'.'.join(path)!r} is not in the relational layout (see docs/sql.md)",
        )

    def _index(self, e: a.Index, env: Env) -> Value:
        obj = self.value(e.obj, env)
        if not isinstance(e.index, a.Number) or e.index.value != e.index.value.to_integral_value():
            return self.fail(
                e.index, "SQL 中下标须为整数字面量", "an index must be a whole-number literal in SQL"
            )
        k = int(e.index.value)
        if k < 0:
            return _NULL
        if isinstance(obj, Rel):
            return RowAt(obj, k)
        if isinstance(obj, ValueList):
            alias = self.alias()
            inner_env = {**obj.env, obj.var: RowRef(obj.rel.table, alias)}
            query = self._in_rel(obj.rel, obj.var, alias, obj.env)
            elem = self.scalar(obj.elem, inner_env)
            return V(self._nth(query.select(elem.e), alias, k), elem.kind)
        if isinstance(obj, Items):
            return obj.items[k] if k < len(obj.items) else _NULL
        return self.fail(e, "只能对列表取下标", "only lists can be indexed")

    @staticmethod
    def _nth(query: exp.Select, alias: str, k: int) -> exp.Expr:
        ordered = query.order_by(exp.column("idx", table=alias)).limit(1)
        if k:
            ordered = ordered.offset(k)
        return exp.Subquery(this=ordered)

    def _row_at_field(self, e: a.Field, obj: RowAt) -> Value:
        path = (*obj.prefix, e.name)
        column = obj.rel.table.by_path.get(path)
        if column is not None:
            alias = self.alias()
            query = self._in_rel(obj.rel, "", alias, {}).select(_col(alias, column.name))
            return V(self._nth(query, alias, obj.k), column.kind)
        if path in obj.rel.table.records:
            return RowAt(obj.rel, obj.k, path)
        return self.fail(
            e,
            f"字段「{'.'.join(path)}」不在关系表结构中（见 docs/sql.md）",
            f"field {'.'.join(path)!r} is not in the relational layout (see docs/sql.md)",
        )

    def _list(self, e: a.ListLit, env: Env) -> Value:
        return Items([self.scalar(x, env) for x in e.items])

    def _not(self, e: a.Not, env: Env) -> Value:
        return V(_not_of(_wrap(self.scalar(e.operand, env).e)), "bool")

    def _binary(self, e: a.Binary, env: Env) -> Value:
        left = self.scalar(e.left, env)
        right = self.scalar(e.right, env)
        if e.op == "and":
            return V(exp.and_(left.e, right.e), "bool")
        if e.op == "or":
            return V(exp.or_(left.e, right.e), "bool")
        if e.op == "/":
            return V(div(left.e, right.e), "number")
        if e.op == "*":
            return V(as_number(exp.Mul(this=_paren(left.e), expression=_paren(right.e))), "number")
        if left.kind == "date" or right.kind == "date":
            return self._date_arith(e, left, right)
        if e.op == "+" and "text" in (left.kind, right.kind):
            both = exp.DPipe(this=left.e, expression=right.e)
            return V(null_if_any_null([left.e, right.e], both), "text")
        cls = exp.Add if e.op == "+" else exp.Sub
        return V(cls(this=_paren(left.e), expression=_paren(right.e)), "number")

    def _date_arith(self, e: a.Binary, left: V, right: V) -> Value:
        if e.op == "-" and left.kind == "date" and right.kind == "date":
            return V(as_number(placeholder("IL_DAYS", right.e, left.e)), "number")
        days = right.e if e.op == "+" else exp.Neg(this=_paren(right.e))
        return V(placeholder("IL_ADD_DAYS", left.e, days), "date")

    def _compare(self, e: a.Compare, env: Env) -> Value:
        ops = [self.scalar(x, env) for x in e.operands]
        parts = [_cmp(op, ops[k].e.copy(), ops[k + 1].e.copy()) for k, op in enumerate(e.ops)]
        return V(exp.and_(*parts) if len(parts) > 1 else parts[0], "bool")

    def _is_null(self, e: a.IsNull, env: Env) -> Value:
        operand = self.value(e.operand, env)
        if isinstance(operand, RowRef) and operand.prefix:
            columns = operand.table.records.get(operand.prefix, [])
            present = [_not_of(_is_null_of(_col(operand.alias, c), expression=exp.Null())) for c in columns]
            there = exp.or_(*present) if present else exp.false()
            return V(there if e.negated else _not_of(_wrap(there)), "bool")
        if isinstance(operand, RowAt):
            alias = self.alias()
            query = self._in_rel(operand.rel, "", alias, {})
            columns = operand.rel.table.records.get(operand.prefix, []) if operand.prefix else ["idx"]
            present = [_not_of(_is_null_of(_col(alias, c), expression=exp.Null())) for c in columns]
            found = self._nth(query.select(exp.or_(*present) if present else exp.false()), alias, operand.k)
            there = exp.Coalesce(this=found, expressions=[exp.false()])
            return V(there if e.negated else _not_of(_wrap(there)), "bool")
        if not isinstance(operand, V):
            return self.fail(e, "is null 只能用于单个值或记录", "'is null' applies to a value or a record")
        test: exp.Expr = _is_null_of(operand.e, expression=exp.Null())
        return V(_not_of(test) if e.negated else test, "bool")

    def _member(self, e: a.Member, env: Env) -> Value:
        item = self.scalar(e.item, env)
        container = self.value(e.container, env)
        if isinstance(container, Items):
            present = [x.e for x in container.items if x.kind != "null"]
            if not present:
                test: exp.Expr = exp.Case(
                    ifs=[exp.If(this=_is_null_of(item.e.copy(), expression=exp.Null()), true=exp.Null())],
                    default=exp.false(),
                )
            else:
                test = exp.In(this=item.e, expressions=present)
        elif isinstance(container, ValueList):
            alias = self.alias()
            inner = self._in_rel(container.rel, container.var, alias, container.env)
            elem = self.scalar(
                container.elem, {**container.env, container.var: RowRef(container.rel.table, alias)}
            )
            found = exp.Exists(this=inner.where(exp.EQ(this=elem.e, expression=item.e.copy())))
            test = exp.Case(
                ifs=[exp.If(this=_is_null_of(item.e, expression=exp.Null()), true=exp.Null())],
                default=exp.Case(ifs=[exp.If(this=found, true=exp.true())], default=exp.false()),
            )
        else:
            return self.fail(
                e, "in 右边须为列表字面量或 list(…)", "the right of 'in' must be a list literal or list(…)"
            )
        return V(_not_of(_wrap(test)) if e.negated else test, "bool")

    def _coalesce(self, e: a.Coalesce, env: Env) -> Value:
        vs = [self.scalar(x, env) for x in e.operands]
        return V(exp.Coalesce(this=vs[0].e, expressions=[v.e for v in vs[1:]]), _kind_of(vs))

    def _if(self, e: a.If, env: Env) -> Value:
        cond = self.scalar(e.cond, env)
        then = self.value(e.then, env)
        else_ = self.value(e.else_, env)
        if not isinstance(then, V) or not isinstance(else_, V):
            return self.fail(e, "if 的分支须为单个值", "the branches of 'if' must be single values")
        return V(exp.Case(ifs=[exp.If(this=cond.e, true=then.e)], default=else_.e), _kind_of([then, else_]))

    def _when(self, e: a.When, env: Env) -> Value:
        branches = [(self.scalar(c, env), self.scalar(v, env)) for c, v in e.branches]
        default = self.scalar(e.else_, env)
        ifs = [exp.If(this=c.e, true=v.e) for c, v in branches]
        return V(exp.Case(ifs=ifs, default=default.e), _kind_of([v for _, v in branches] + [default]))

    # ---- relations

    def relation(self, node: a.Expr, v: Value) -> Rel | None:
        if isinstance(v, Rel):
            return v
        self.fail(
            node,
            "只能遍历输入中的记录列表（如 self.indicators）",
            "only lists of input records can be iterated",
        )
        return None

    def _in_rel(self, rel: Rel, var: str, alias: str, env: Env) -> exp.Select:
        """``SELECT … FROM child AS alias WHERE alias.project_id = p.project_id AND filters``."""
        name = child_placeholder(rel.table.name)
        if rel.parent is not None:
            where: list[exp.Expr] = [
                exp.EQ(this=_col(alias, KEY), expression=_col(rel.parent.alias, KEY)),
                exp.EQ(this=_col(alias, PARENT), expression=_col(rel.parent.alias, POSITION)),
            ]
        else:
            where = [exp.EQ(this=_col(alias, KEY), expression=_col("p", KEY))]
        row = RowRef(rel.table, alias)
        for cvar, cond, cenv in rel.conds:
            where.append(self.scalar(cond, {**cenv, cvar: row}).e)
        return exp.select().from_(_table(name, alias)).where(exp.and_(*where))

    def _agg(self, e: a.Agg, env: Env) -> Value:
        source = self.value(e.iterable, env)
        rel = self.relation(e.iterable, source)
        if rel is None:
            return V(exp.Null(), "any")
        if e.func == "list":
            if isinstance(e.elem, a.Name) and e.elem.name == e.var:
                conds = list(rel.conds)
                if e.cond is not None:
                    conds.append((e.var, e.cond, dict(env)))
                return Rel(rel.table, conds, rel.parent)
            extra = [(e.var, e.cond, dict(env))] if e.cond is not None else []
            filtered = Rel(rel.table, [*rel.conds, *extra], rel.parent)
            return ValueList(filtered, e.var, e.elem, dict(env))
        alias = self.alias()
        inner_env = {**env, e.var: RowRef(rel.table, alias)}
        query = self._in_rel(rel, e.var, alias, env)
        if e.cond is not None:
            query = query.where(self.scalar(e.cond, inner_env).e)
        whole = self.value(e.elem, inner_env)
        if isinstance(whole, RowRef) and e.func == "count":
            counted = query.select(exp.Count(this=exp.Star()))
            return V(exp.Coalesce(this=exp.Subquery(this=counted), expressions=[_num(0)]), "number")
        elem = self.scalar(e.elem, inner_env) if not isinstance(whole, V) else whole
        return self._aggregate(e.func, elem, query)

    def _aggregate(self, func: str, elem: V, query: exp.Select) -> V:
        agg = aggregate_sql(func, elem.e, elem.kind)
        sub: exp.Expr = exp.Subquery(this=query.select(agg))
        if func in ("sum", "count"):
            sub = exp.Coalesce(this=sub, expressions=[_num(0)])
        kind = {"sum": "number", "count": "number", "avg": "number", "all": "bool", "any": "bool"}.get(
            func, elem.kind
        )
        return V(sub, kind)

    # ---- calls

    def _call(self, e: a.Call, env: Env) -> Value:
        kind = self.p.info.call_kind.get(id(e))
        if kind == "agg":
            source = self.value(e.args[0], env)
            if isinstance(source, Rel) and e.func in ("count", "len"):
                alias = self.alias()
                query = self._in_rel(source, "", alias, env).select(exp.Count(this=exp.Star()))
                return V(exp.Coalesce(this=exp.Subquery(this=query), expressions=[_num(0)]), "number")
            if isinstance(source, ValueList):
                alias = self.alias()
                inner_env = {**source.env, source.var: RowRef(source.rel.table, alias)}
                query = self._in_rel(source.rel, source.var, alias, source.env)
                return self._aggregate(e.func, self.scalar(source.elem, inner_env), query)
            return self.fail(
                e, f"{e.func}(…) 的参数须为输入中的列表", f"{e.func}(…) needs a list from the input"
            )
        if kind == "builtin" and e.func == "len":
            source = self.value(e.args[0], env)
            if isinstance(source, Rel):
                return self._count_rel(source, env)
            if isinstance(source, V):
                return self._builtin(e, [source])
            return self.fail(
                e, "len 的参数须为文本或输入中的列表", "len needs a text or a list from the input"
            )
        if kind == "builtin":
            return self._builtin(e, [self.scalar(x, env) for x in e.args])
        if kind == "def":
            d = self.p.defs[e.func]
            args = {p.name: self.value(x, env) for p, x in zip(d.params, e.args, strict=True)}
            only = next(iter(args.values())) if len(args) == 1 else None
            if isinstance(only, RowRef) and not only.prefix and only.table.field is not None:
                memo = self.row_fn(d, only)
                if memo is not None:
                    return memo
            saved = self.with_source(d)
            out = self.value(d.body, args)
            self.source = saved
            return out
        if kind == "table":
            t = self.p.tables[e.func]
            args = {p.name: self.value(x, env) for p, x in zip(t.params, e.args, strict=True)}
            saved = self.with_source(t)
            out = self._table(t, args)
            self.source = saved
            return out
        if kind == "host":
            form = self.hosts.get(e.func)
            if form is None:
                return self.fail(
                    e,
                    f"宿主函数「{e.func}」没有 SQL 形式（to_sql(…, functions={{'{e.func}': …}}) 可以提供）",
                    f"host function {e.func!r} has no SQL form (pass one with functions={{'{e.func}': …}})",
                )
            values = [self.scalar(x, env) for x in e.args]
            host = self.p.hosts[e.func]
            kind_name = getattr(host.return_type(), "name", "any")
            body = form([x.e.copy() for x in values])
            if host.null_strict:
                body = null_if_any_null([x.e for x in values], body)
            return V(body, kind_name if kind_name in ("number", "text", "bool", "date") else "any")
        return self.fail(e, f"函数「{e.func}」", f"function {e.func!r}")

    def _count_rel(self, rel: Rel, env: Env) -> V:
        alias = self.alias()
        query = self._in_rel(rel, "", alias, env).select(exp.Count(this=exp.Star()))
        return V(exp.Coalesce(this=exp.Subquery(this=query), expressions=[_num(0)]), "number")

    def _builtin(self, e: a.Call, args: list[V]) -> Value:
        form = builtin_form(e.func)
        if form is None:
            return self.fail(e, f"内置函数「{e.func}」没有 SQL 形式", f"built-in {e.func!r} has no SQL form")
        for k in form.sql_literal_args:
            if k < len(e.args):
                arg = e.args[k]
                if not isinstance(arg, a.Number) or arg.value != arg.value.to_integral_value():
                    return self.fail(
                        arg,
                        f"{e.func} 的第 {k + 1} 个参数在 SQL 中须为整数字面量",
                        f"argument {k + 1} of {e.func} must be a whole-number literal in SQL",
                    )
                args[k] = V(exp.Literal.number(int(arg.value)), "number")
        return V(builtin_sql(form, [x.e for x in args]), _builtin_kind(e.func, args))

    # ---- decision tables

    def _table(self, t: a.Table, env: Env) -> Value:
        if t.policy == "collect":
            return self.fail(
                t,
                f"hit collect 表「{t.name}」（返回列表）",
                f"'hit collect' table {t.name!r} (returns a list)",
            )
        conds: list[exp.Expr] = []
        for row in t.rows:
            tests = [
                self._cell(cell, self._column(t, col, env), env)
                for col, cell in zip(t.inputs, row.cells, strict=True)
            ]
            tests = [x for x in tests if x is not None]
            conds.append(exp.and_(*tests) if tests else exp.true())
        outputs = [[self.scalar(x, env) for x in row.outputs] for row in t.rows]
        columns: dict[str, V] = {}
        for k, name in enumerate(t.outputs):
            values = [row[k] for row in outputs]
            kind = _kind_of(values)
            if t.policy == "sum":
                terms = [
                    exp.Case(
                        ifs=[exp.If(this=c.copy(), true=exp.Coalesce(this=v.e, expressions=[_num(0)]))],
                        default=_num(0),
                    )
                    for c, v in zip(conds, values, strict=True)
                ]
                total = terms[0] if terms else _num(0)
                for term in terms[1:]:
                    total = exp.Add(this=total, expression=term)
                columns[name] = V(total, "number")
            else:
                ifs = [exp.If(this=c.copy(), true=v.e) for c, v in zip(conds, values, strict=True)]
                columns[name] = V(exp.Case(ifs=ifs) if ifs else exp.Null(), kind)
        if len(t.outputs) == 1:
            return columns[t.outputs[0]]
        return Rec(columns)

    def _column(self, t: a.Table, col: str, env: Env) -> V:
        v = env.get(col)
        if isinstance(v, V):
            return v
        return self.fail(
            t,
            f"表「{t.name}」的输入「{col}」须为单个值",
            f"input {col!r} of table {t.name!r} must be a value",
        )

    def _cell(self, cell: a.Cell, v: V, env: Env) -> exp.Expr | None:
        tests: list[exp.Expr] = []
        for test in cell.tests:
            if isinstance(test, a.AnyTest):
                return None
            tests.append(self._test(test, v, env))
        return exp.Paren(this=exp.or_(*tests)) if len(tests) > 1 else tests[0]

    def _test(self, t: a.UnaryTest, v: V, env: Env) -> exp.Expr:
        x = v.e.copy()
        if isinstance(t, a.NullTest):
            test: exp.Expr = _is_null_of(x, expression=exp.Null())
            return _not_of(test) if t.negated else test
        if isinstance(t, a.CmpTest):
            return _cmp(t.op, x, self.scalar(t.value, env).e)
        if isinstance(t, a.InTest):
            member = self._member(a.Member(a.Placeholder(), t.container, t.negated, t.span), {**env, "?": v})
            return member.e if isinstance(member, V) else exp.false()
        if isinstance(t, a.Interval):
            low = _cmp(">=" if t.low_closed else ">", x, self.scalar(t.low, env).e)
            high = _cmp("<=" if t.high_closed else "<", v.e.copy(), self.scalar(t.high, env).e)
            return exp.and_(low, high)
        assert isinstance(t, a.ExprTest)
        if t.predicate:
            return self.scalar(t.expr, {**env, "?": v}).e
        return _cmp("==", x, self.scalar(t.expr, env).e)


def _table(name: str, alias: str) -> exp.Table:
    parts = name.split(".")
    table = exp.Table(this=_ident(parts[-1]), db=_ident(parts[-2]) if len(parts) > 1 else None)
    return exp.alias_(table, _ident(alias), table=True)  # type: ignore[return-value]


def _paren(e: exp.Expr) -> exp.Expr:
    return _wrap(e)


_CMP: dict[str, type[exp.Binary]] = {
    "==": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}


def _cmp(op: str, x: exp.Expr, y: exp.Expr) -> exp.Expr:
    return _CMP[op](this=_paren(x), expression=_paren(y))


def _kind_of(values: list[V]) -> str:
    kinds = {v.kind for v in values} - {"null", "any"}
    return kinds.pop() if len(kinds) == 1 else "any"


def _builtin_kind(name: str, args: list[V]) -> str:
    if name in ("min", "max", "coalesce"):
        return _kind_of(args)
    if name in ("lower", "upper"):
        return "text"
    if name in ("contains", "startswith", "endswith"):
        return "bool"
    if name == "date":
        return "date"
    return "number"


def _copy(v: Value) -> Value:
    if isinstance(v, V):
        return V(v.e.copy(), v.kind)
    return v


_DISPATCH: dict[type, Callable[[_Compiler, Any, Env], Value]] = {
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


def compile_sql(
    program: Checked,
    *,
    functions: Mapping[str, HostSql] | None = None,
    tables: Mapping[str, str] | None = None,
) -> CompiledSql:
    """Compile a checked program into one query over the layout of its input type.

    Args:
        program: The checked program (``Ruleset._checked``).
        functions: SQL forms of host functions, by name: callables from argument expressions to a
            sqlglot expression.
        tables: Table names to use instead of the layout's (``{"indicators": "pm_perf_indicator_v"}``).

    Returns:
        The query (a sqlglot tree with dialect placeholders; render with :func:`render`).

    Raises:
        RuleCheckError: Code ``not-in-sql`` for every construct that has no SQL form.

    """
    from indicator_lib.sql._query import build_query

    compiler = _Compiler(program, functions or {}, tables or {})
    query = build_query(compiler)
    if compiler.errors:
        unique = {(d.file, d.line, d.column, d.message_en): d for d in compiler.errors}
        ordered = sorted(unique.values(), key=lambda d: (d.file or "", d.line or 0, d.column or 0))
        raise RuleCheckError(ordered)
    return CompiledSql(query, compiler.layout, compiler.table_names)
