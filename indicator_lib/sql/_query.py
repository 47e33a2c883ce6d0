"""Assembles the compiled pieces of a ruleset into one ``WITH … SELECT`` query.

Decides the CTE chain a DBA reads (docs/sql.md, «The query»): ``lets_1 … lets_k`` add the scalar
``let`` columns level by level (a let in level n reads only lets of lower levels), ``score_lines``
holds one row per score line (value capped by ``max``), ``scored`` adds ``score_total`` (null scores
count 0), ``after_total_*`` adds the lets that read ``total``, and ``results`` is the union of score
lines, the total, findings (failed or undecidable checks, and scores that could not be computed)
and the grade, ordered as the Python backend orders them: per project, scores, total, findings
(score warnings first, then checks in declaration order, items in input order), grade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from indicator_lib.rules import ast as a
from indicator_lib.rules._outcome import label_of
from indicator_lib.sql._compile import child_placeholder
from indicator_lib.sql._functions import _cast, _is_null_of, _not_of, _wrap, as_number
from indicator_lib.sql._layout import KEY, POSITION

if TYPE_CHECKING:
    from indicator_lib.sql._compile import _Compiler

__all__ = ["build_query"]

_TOTAL_COL = "score_total"


def _s(text: str) -> exp.Expr:
    return exp.Literal.string(text)


def _n(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def _null_text() -> exp.Expr:
    return _cast(exp.Null(), "VARCHAR")


def _null_num() -> exp.Expr:
    return as_number(exp.Null())


def _as(e: exp.Expr, name: str) -> exp.Expr:
    return exp.alias_(e, name)


def _path(field: str | None, alias: str | None) -> exp.Expr:
    if field is None or alias is None:
        return _s("")
    idx = _cast(exp.column(POSITION, table=alias), "VARCHAR")
    return exp.DPipe(this=exp.DPipe(this=_s(f"{field}["), expression=idx), expression=_s("]"))


def _render(e: exp.Expr, kind: str) -> exp.Expr:
    """Render a value as messages show it: plain decimals without trailing zeros, 空, 是/否, YYYY-MM-DD."""
    if kind == "number":
        text = _cast(as_number(e), "VARCHAR")
        trimmed = exp.Trim(
            this=exp.Trim(this=text, expression=_s("0"), position="TRAILING"),
            expression=_s("."),
            position="TRAILING",
        )
        shown: exp.Expr = exp.Case(
            ifs=[exp.If(this=exp.EQ(this=trimmed.copy(), expression=_s("-0")), true=_s("0"))], default=trimmed
        )
    elif kind == "bool":
        return exp.Case(
            ifs=[exp.If(this=e, true=_s("是")), exp.If(this=_not_of(_wrap(e.copy())), true=_s("否"))],
            default=_s("空"),
        )
    elif kind == "text":
        shown = e
    else:
        shown = _cast(e, "VARCHAR")
    return exp.Coalesce(this=shown, expressions=[_s("空")])


def _concat(parts: list[exp.Expr]) -> exp.Expr:
    if not parts:
        return _s("")
    out = parts[0]
    for part in parts[1:]:
        out = exp.DPipe(this=out, expression=part)
    return out


class _Loop:
    def __init__(
        self,
        field: str | None,
        alias: str | None,
        join: exp.Expr | None,
        where: list[exp.Expr],
        env: dict[str, object],
    ) -> None:
        self.field = field
        self.alias = alias
        self.join = join
        self.where = where
        self.env = env


def _loop(c: _Compiler, loop: a.Loop | None) -> _Loop | None:
    from indicator_lib.sql._compile import RowRef, _table, child_placeholder

    if loop is None:
        return _Loop(None, None, None, [], {})
    rel = c.relation(loop.iterable, c.value(loop.iterable, {}))
    if rel is None:
        return None
    if rel.parent is not None:
        c.fail(
            loop.iterable, "for 只能遍历顶层列表（如 self.indicators）", "'for' iterates top-level lists only"
        )
        return None
    alias = c.alias()
    row = RowRef(rel.table, alias)
    where = [c.scalar(cond, {**env, var: row}).e for var, cond, env in rel.conds]
    if loop.cond is not None:
        where.append(c.scalar(loop.cond, {loop.var: row}).e)
    join = _table(child_placeholder(rel.table.name), alias)
    return _Loop(rel.table.field, alias, join, where, {loop.var: row})


def _from(select: exp.Select, source: str, lp: _Loop) -> exp.Select:
    select = select.from_(exp.alias_(exp.to_table(source), "p", table=True))
    if lp.join is not None and lp.alias is not None:
        on = exp.EQ(this=exp.column(KEY, table=lp.alias), expression=exp.column(KEY, table="p"))
        select = select.join(lp.join, on=on)
    if lp.where:
        select = select.where(exp.and_(*lp.where))
    return select


def _item(lp: _Loop) -> exp.Expr:
    return exp.column(POSITION, table=lp.alias) if lp.alias is not None else _n(-1)


def _score(c: _Compiler, s: a.Score, n: int) -> exp.Select | None:
    saved = c.with_source(s)
    lp = _loop(c, s.loop)
    if lp is None:
        c.source = saved
        return None
    env = dict(lp.env)
    value = as_number(c.scalar(s.expr, env).e)
    cap = as_number(c.scalar(s.max, env).e) if s.max is not None else _null_num()
    label = label_of(s)
    columns = [
        exp.column(KEY, table="p"),
        _as(_n(n), "decl_no"),
        _as(_item(lp), "item_no"),
        _as(_s(s.name), "rule"),
        _as(_s(label), "label"),
        _as(_path(lp.field, lp.alias), "path"),
        _as(value, "value"),
        _as(cap, "max"),
        _as(_s(f"「{label}」无法计算（结果为空），按 0 分计"), "warn"),
        _as(_s(f"{label!r} could not be computed (null); counted as 0"), "warn_en"),
    ]
    select = _from(exp.select(*columns), "{pre}", lp)
    c.source = saved
    if s.max is None:
        return select
    # the value is computed once, in the subquery, and capped outside it
    v, m = exp.column("value", table="s"), exp.column("max", table="s")
    capped = exp.Case(ifs=[exp.If(this=exp.GT(this=v, expression=m), true=m.copy())], default=v.copy())
    outer: list[exp.Expr] = [exp.column(name, table="s") for name in _SCORE_COLUMNS]
    outer[_SCORE_COLUMNS.index("value")] = _as(capped, "value")
    return exp.select(*outer).from_(
        exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier("s")))
    )


_SCORE_COLUMNS = (KEY, "decl_no", "item_no", "rule", "label", "path", "value", "max", "warn", "warn_en")


def _check(c: _Compiler, ch: a.Check, n: int) -> exp.Select | None:
    saved = c.with_source(ch)
    lp = _loop(c, ch.loop)
    if lp is None:
        c.source = saved
        return None
    env = dict(lp.env)
    cond = c.scalar(ch.cond, env).e
    label = label_of(ch)
    if ch.message is not None:
        parts: list[exp.Expr] = []
        for part in ch.message.parts:
            if isinstance(part, str):
                parts.append(_s(part))
            else:
                v = c.scalar(part, env)
                parts.append(_render(v.e, v.kind))
        message, message_en = _concat(parts), _s("")
    else:
        message, message_en = _s(f"未通过检查「{label}」"), _s(f"check {label!r} failed")
    inner = exp.select(
        exp.column(KEY, table="p"),
        _as(_item(lp), "item_no"),
        _as(_path(lp.field, lp.alias), "path"),
        _as(cond, "ok"),
        _as(message, "msg"),
        _as(message_en, "msg_en"),
    )
    inner = _from(inner, "{ctx}", lp)
    undecided = _is_null_of(exp.column("ok", table="q"), expression=exp.Null())
    severity = ch.severity or "error"

    def pick(when_null: str, otherwise: exp.Expr) -> exp.Expr:
        return exp.Case(ifs=[exp.If(this=undecided.copy(), true=_s(when_null))], default=otherwise)

    select = exp.select(
        exp.column(KEY, table="q"),
        _as(_s("finding"), "kind"),
        _as(_n(2), "section"),
        _as(_n(n), "decl_no"),
        exp.column("item_no", table="q"),
        _as(_s(ch.name), "rule"),
        _as(_s(label), "label"),
        exp.column("path", table="q"),
        _as(_null_num(), "value"),
        _as(_null_num(), "max"),
        _as(pick("warning", _s(severity)), "severity"),
        _as(pick(f"「{label}」无法判断（条件结果为空）", exp.column("msg", table="q")), "message"),
        _as(
            pick(f"{label!r} cannot be determined (the condition is null)", exp.column("msg_en", table="q")),
            "message_en",
        ),
    ).from_(exp.alias_(exp.Subquery(this=inner), "q", table=True))
    select = select.where(exp.or_(undecided.copy(), _not_of(exp.column("ok", table="q"))))
    c.source = saved
    return select


def _levels(c: _Compiler, keys: list[str]) -> list[list[str]]:
    """Group computed columns so that each reads only columns of lower groups."""
    level: dict[str, int] = {}
    wanted = set(keys)

    def depth(key: str, seen: tuple[str, ...] = ()) -> int:
        if key in level:
            return level[key]
        deps = [d for d in c.node_deps.get(key, set()) if d in wanted and d not in seen]
        level[key] = 1 + max((depth(d, (*seen, key)) for d in deps), default=0)
        return level[key]

    for key in keys:
        depth(key)
    out: list[list[str]] = [[] for _ in range(max(level.values(), default=0))]
    for key in keys:
        out[level[key] - 1].append(key)
    return out


def _placeholders(tree: exp.Expr, names: dict[str, str]) -> exp.Expr:
    for table in list(tree.find_all(exp.Table)):
        if table.name in names and not table.args.get("db"):
            table.set("this", exp.to_identifier(names[table.name]))
    return tree


class _Chain:
    """The CTEs built so far, and the latest CTE of the projects table and of each child table."""

    def __init__(self, c: _Compiler) -> None:
        self.c = c
        self.ctes: list[tuple[str, exp.Expr]] = []
        self.proj = "base"
        self.children = {name: c.table_names[name] for name in c.layout.tables if name != "projects"}
        self.ctes.append(("base", exp.select(exp.Star()).from_(exp.to_table(c.table_names["projects"]))))

    def names(self) -> dict[str, str]:
        return {child_placeholder(t): n for t, n in self.children.items()} | {
            "{pre}": self.proj,
            "{ctx}": self.proj,
        }

    def add(self, name: str, query: exp.Expr) -> None:
        self.ctes.append((name, _placeholders(query, self.names())))

    def stage(self, keys: list[str], prefix: str) -> None:
        for k, group in enumerate(_levels(self.c, keys), 1):
            lets = [key for key in group if self.c.node_exprs[key][0] is None]
            by_table: dict[str, list[str]] = {}
            for key in group:
                table = self.c.node_exprs[key][0]
                if table is not None:
                    by_table.setdefault(table, []).append(key)
            names = self.names()
            new_children: dict[str, str] = {}
            for table, fn_keys in by_table.items():
                cols: list[exp.Expr] = [exp.Column(this=exp.Star(), table=exp.to_identifier("t"))]
                for key in fn_keys:
                    _, column, v = self.c.node_exprs[key]
                    cols.append(exp.alias_(v.e.copy(), exp.to_identifier(column, quoted=True)))
                query = exp.select(*cols).from_(
                    exp.alias_(exp.to_table(self.children[table]), "t", table=True)
                )
                query = query.join(
                    exp.alias_(exp.to_table(self.proj), "p", table=True),
                    on=exp.EQ(this=exp.column(KEY, table="p"), expression=exp.column(KEY, table="t")),
                )
                cte = f"{table}_{prefix}{k}"
                self.ctes.append((cte, _placeholders(query, names)))
                new_children[table] = cte
            if lets:
                cols = [exp.Column(this=exp.Star(), table=exp.to_identifier("p"))]
                for key in lets:
                    _, column, v = self.c.node_exprs[key]
                    cols.append(exp.alias_(v.e.copy(), exp.to_identifier(column, quoted=True)))
                query = exp.select(*cols).from_(exp.alias_(exp.to_table(self.proj), "p", table=True))
                cte = f"lets_{prefix}{k}"
                self.ctes.append((cte, _placeholders(query, names)))
                self.proj = cte
            self.children.update(new_children)


def build_query(c: _Compiler) -> exp.Expr:
    """Compile every declaration of ``c``'s program and assemble the query."""
    p = c.p
    scores = [q for n, s in enumerate(p.scores) if (q := _score(c, s, n)) is not None]
    checks = [q for k, ch in enumerate(p.checks) if (q := _check(c, ch, len(p.scores) + k)) is not None]
    grade_sel: exp.Select | None = None
    if p.grade is not None and p.grade_expr is not None:
        saved = c.with_source(p.grade)
        v = c.scalar(p.grade_expr, {})
        ifs = [exp.If(this=_is_null_of(v.e.copy(), expression=exp.Null()), true=_null_text())]
        for band in p.grade.bands:
            bound = c.scalar(band.value, {})
            from indicator_lib.sql._compile import _cmp

            ifs.append(exp.If(this=_cmp(band.op, v.e.copy(), bound.e), true=_s(band.label)))
        default = _s(p.grade.else_label) if p.grade.else_label is not None else _null_text()
        grade_sel = exp.select(
            exp.column(KEY, table="p"),
            _as(_s("grade"), "kind"),
            _as(_n(3), "section"),
            _as(_n(0), "decl_no"),
            _as(_n(-1), "item_no"),
            _as(_s("grade"), "rule"),
            _as(_s("等级"), "label"),
            _as(_s(""), "path"),
            _as(_null_num(), "value"),
            _as(_null_num(), "max"),
            _as(_null_text(), "severity"),
            _as(exp.Case(ifs=ifs, default=default), "message"),
            _as(_null_text(), "message_en"),
        ).from_(exp.alias_(exp.to_table("{ctx}"), "p", table=True))
        c.source = saved

    chain = _Chain(c)
    keys = list(c.node_exprs)
    chain.stage([k for k in keys if k not in c.node_total], "")
    if scores:
        union: exp.Expr = scores[0]
        for q in scores[1:]:
            union = exp.union(union, q, distinct=False)
    else:
        union = (
            exp.select(
                exp.column(KEY, table="p"),
                _as(_n(0), "decl_no"),
                _as(_n(-1), "item_no"),
                _as(_null_text(), "rule"),
                _as(_null_text(), "label"),
                _as(_null_text(), "path"),
                _as(_null_num(), "value"),
                _as(_null_num(), "max"),
                _as(_null_text(), "warn"),
                _as(_null_text(), "warn_en"),
            )
            .from_(exp.alias_(exp.to_table("{pre}"), "p", table=True))
            .where(exp.false())
        )
    chain.add("score_lines", union)
    sums = (
        exp.select(exp.column(KEY), _as(exp.Sum(this=exp.column("value")), "s"))
        .from_("score_lines")
        .group_by(exp.column(KEY))
    )
    scored = (
        exp.select(
            exp.Column(this=exp.Star(), table=exp.to_identifier("p")),
            _as(
                as_number(exp.Coalesce(this=exp.column("s", table="t"), expressions=[as_number(_n(0))])),
                _TOTAL_COL,
            ),
        )
        .from_(exp.alias_(exp.to_table(chain.proj), "p", table=True))
        .join(
            exp.alias_(exp.Subquery(this=sums), "t", table=True),
            on=exp.EQ(this=exp.column(KEY, table="t"), expression=exp.column(KEY, table="p")),
            join_type="left",
        )
    )
    chain.add("scored", scored)
    chain.proj = "scored"
    chain.stage([k for k in keys if k in c.node_total], "after_total_")

    def line(
        kind: str,
        section: int,
        where: exp.Expr | None,
        severity: exp.Expr,
        message: exp.Expr,
        message_en: exp.Expr,
        value: exp.Expr,
        cap: exp.Expr,
    ) -> exp.Select:
        sel = exp.select(
            exp.column(KEY),
            _as(_s(kind), "kind"),
            _as(_n(section), "section"),
            exp.column("decl_no"),
            exp.column("item_no"),
            exp.column("rule"),
            exp.column("label"),
            exp.column("path"),
            _as(value, "value"),
            _as(cap, "max"),
            _as(severity, "severity"),
            _as(message, "message"),
            _as(message_en, "message_en"),
        ).from_("score_lines")
        return sel.where(where) if where is not None else sel

    parts: list[exp.Select] = [
        line(
            "score", 0, None, _null_text(), _null_text(), _null_text(), exp.column("value"), exp.column("max")
        ),
        exp.select(
            exp.column(KEY, table="p"),
            _as(_s("total"), "kind"),
            _as(_n(1), "section"),
            _as(_n(0), "decl_no"),
            _as(_n(-1), "item_no"),
            _as(_s("total"), "rule"),
            _as(_s("合计"), "label"),
            _as(_s(""), "path"),
            _as(exp.column(_TOTAL_COL, table="p"), "value"),
            _as(_null_num(), "max"),
            _as(_null_text(), "severity"),
            _as(_null_text(), "message"),
            _as(_null_text(), "message_en"),
        ).from_(exp.alias_(exp.to_table("{ctx}"), "p", table=True)),
        line(
            "finding",
            2,
            _is_null_of(exp.column("value"), expression=exp.Null()),
            _s("warning"),
            exp.column("warn"),
            exp.column("warn_en"),
            _null_num(),
            _null_num(),
        ),
        *checks,
    ]
    if grade_sel is not None:
        parts.append(grade_sel)
    results: exp.Expr = parts[0]
    for q in parts[1:]:
        results = exp.union(results, q, distinct=False)
    chain.add("results", results)
    final = exp.select(
        *[
            exp.column(name)
            for name in (
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
        ]
    )
    final = final.from_("results").order_by(KEY, "section", "decl_no", "item_no")
    for name, cte in chain.ctes:
        final = final.with_(name, as_=cte)
    return final
