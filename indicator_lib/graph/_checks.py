"""The structural checks of a department plan, each a pure function in one declared tuple.

These are written in code, not in the rules language: every one of them is a question about
*links between rows* (reachability through sub-tasks and sub-duties, references by id, cycles,
sums over whatever serves a node), which the rules language — total, loop-free, over one input
record — does not express. Their findings have exactly the shape of review findings
(:class:`~indicator_lib.findings.Finding`): a stable ``rule`` ID, a Chinese label, a severity,
bilingual messages, the 0-based ``path`` of the offending row in the plan, and an explanation with
the values that flowed in. Severities: every check is an ``error`` except ``task_without_project``
and ``orphan_indicator`` (warnings: a task may be funded by basic expenditure rather than a
project; real department tables list indicators without tying them to a duty).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import networkx as nx

from indicator_lib.errors import Severity
from indicator_lib.findings import Finding
from indicator_lib.graph._build import (
    DEPARTMENT,
    Index,
    duty_node,
    indicator_node,
    project_node,
    task_node,
)
from indicator_lib.graph._flow import Flows

__all__ = ["CHECKS", "Check", "NodeFinding", "fmt_money", "run_checks"]

_ZERO = Decimal(0)
_KIND_ZH = {"duty": "职责", "task": "工作任务", "project": "项目"}

NodeFinding = tuple[str, Finding]


@dataclass(frozen=True, slots=True)
class Context:
    """What every check reads: the resolved plan, its flows and the money tolerance (万元)."""

    index: Index
    flows: Flows
    tolerance: Decimal


@dataclass(frozen=True, slots=True)
class Check:
    """One structural check: its stable ID, Chinese label, severity and implementation."""

    id: str
    label: str
    severity: Severity
    run: Callable[[Context, Check], Iterator[NodeFinding]]

    def finding(self, node: str, path: str, zh: str, en: str, explanation: str = "") -> NodeFinding:
        """Make one finding of this check, attached to graph node ``node``."""
        return node, Finding(
            rule=self.id,
            label=self.label,
            severity=self.severity,
            message=zh,
            message_en=en,
            path=path,
            explanation=explanation,
        )


def fmt_money(value: Decimal | None) -> str:
    """Render 万元 rounded half up to 4 places (1 元), without trailing zeros; None as ``空``."""
    if value is None:
        return "空"
    text = format(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _gap(diff: Decimal) -> tuple[str, str]:
    """Say a budget gap in words: ``diff`` is (what serves the node) − (its budget), 万元."""
    if diff < 0:
        return f"少 {fmt_money(-diff)} 万元", f"{fmt_money(-diff)} short (万元)"
    return f"多 {fmt_money(diff)} 万元", f"{fmt_money(diff)} over (万元)"


def _label(name: str, ident: str) -> str:
    return f"{ident}（{name}）" if name and name != ident else ident


def _duplicate_id(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for dup in ctx.index.duplicates:
        node = {"duty": duty_node, "task": task_node, "project": project_node}[dup.kind](dup.id)
        kind = _KIND_ZH[dup.kind]
        yield check.finding(
            node,
            dup.path,
            f"{kind}编号「{dup.id}」与 {dup.first_path} 重复，本行未纳入关系图",
            f"{dup.kind} id {dup.id!r} repeats {dup.first_path}; this row is left out of the graph",
        )


def _dangling_reference(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    from indicator_lib._suggest import suggestion_text

    for d in ctx.index.dangling:
        kind = _KIND_ZH[d.kind]
        by_name = d.names.get(d.ref.target)
        if by_name is not None:
            zh_hint = f"；「{d.ref.target}」是{kind} {by_name} 的名称，引用应写编号「{by_name}」"
            en_hint = f"; {d.ref.target!r} is the name of {d.kind} {by_name!r}: refer to it by its id"
        else:
            zh_hint, en_hint = suggestion_text(d.ref.target, d.candidates)
        yield check.finding(
            d.owner,
            d.ref.path,
            f"引用的{kind}「{d.ref.target}」不存在{zh_hint}",
            f"the referenced {d.kind} {d.ref.target!r} does not exist{en_hint}",
            f"{d.ref.path} = {d.ref.target}",
        )


def _cycle(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    index = ctx.index
    edges = [(task_node(c), task_node(p)) for c, p in index.task_parent.items()]
    edges += [(duty_node(c), duty_node(p)) for c, p in index.duty_parent.items()]
    if not edges:
        return
    sub: nx.DiGraph[str] = nx.DiGraph(edges)
    for cycle in sorted(nx.simple_cycles(sub), key=lambda c: (len(c), min(c))):
        start = cycle.index(min(cycle))
        ring = cycle[start:] + cycle[:start]
        ids = [index.graph.nodes[n]["id"] for n in ring]
        chain = " → ".join([*ids, ids[0]])
        first = index.graph.nodes[ring[0]]
        yield check.finding(
            ring[0],
            f"{first['path']}.parent",
            f"上下级关系成环：{chain}",
            f"the parent links form a cycle: {chain}",
            chain,
        )


def _share_not_one(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for issue in ctx.index.share_issues:
        zh, en = issue.problem
        stated = ", ".join("空" if s is None else format(s, "f") for s in issue.shares)
        yield check.finding(
            issue.owner,
            issue.path,
            f"资金占比不合规：{zh}（计算时按比例归一）",
            f"invalid budget shares: {en} (normalised for the calculations)",
            f"shares = [{stated}]",
        )


def _project_without_task(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for p in ctx.index.projects.values():
        if not p.tasks:
            name = _label(p.name, p.key)
            yield check.finding(
                project_node(p.key),
                p.path,
                f"项目「{name}」未对应任何工作任务",
                f"project {name!r} serves no task",
                f"budget = {fmt_money(p.budget)}",
            )


def _task_without_duty(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for t in ctx.index.tasks.values():
        if not t.duties and t.parent is None:
            name = _label(t.name, t.id)
            yield check.finding(
                task_node(t.id),
                t.path,
                f"工作任务「{name}」未对应任何部门职责",
                f"task {name!r} serves no duty",
                f"budget = {fmt_money(t.budget)}",
            )


def _duty_without_task(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for d in ctx.index.duties.values():
        if not ctx.flows.duty_has_task(d.id):
            name = _label(d.name, d.id)
            yield check.finding(
                duty_node(d.id),
                d.path,
                f"部门职责「{name}」没有任何工作任务，资金未覆盖该职责",
                f"duty {name!r} has no task; no money reaches it",
            )


def _task_without_project(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for t in ctx.index.tasks.values():
        if not ctx.flows.task_has_project(t.id):
            name = _label(t.name, t.id)
            yield check.finding(
                task_node(t.id),
                t.path,
                f"工作任务「{name}」没有支出项目",
                f"task {name!r} has no project",
                f"budget = {fmt_money(t.budget)}",
            )


def _budget_mismatch_task(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    index = ctx.index
    for t in index.tasks.values():
        links = index.task_projects.get(t.id, ())
        children = index.task_children.get(t.id, ())
        if t.budget is None or (not links and not children):
            continue
        total = _ZERO
        for key, share in links:
            budget = index.projects[key].budget
            total += budget * share if budget is not None else _ZERO
        for child in children:
            budget = index.tasks[child].budget
            total += budget if budget is not None else _ZERO
        if abs(total - t.budget) > ctx.tolerance:
            parts = [f"{k}:{fmt_money(index.projects[k].budget)}×{fmt_money(s)}" for k, s in links]
            parts += [f"{c}:{fmt_money(index.tasks[c].budget)}" for c in children]
            name = _label(t.name, t.id)
            zh, en = _gap(total - t.budget)
            yield check.finding(
                task_node(t.id),
                f"{t.path}.budget",
                f"工作任务「{name}」预算 {fmt_money(t.budget)} 万元，"
                f"所属项目资金合计 {fmt_money(total)} 万元，{zh}",
                f"task {name!r} has a budget of {fmt_money(t.budget)} but its projects add up to "
                f"{fmt_money(total)}, {en}",
                f"{' + '.join(parts)} = {fmt_money(total)} ≠ {fmt_money(t.budget)}",
            )


def _budget_mismatch_department(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    index = ctx.index
    stated = index.data.department_budget
    if stated is None or not index.tasks:
        return
    top = [t for t in index.tasks.values() if t.id not in index.task_parent]
    total = sum((t.budget for t in top if t.budget is not None), _ZERO)
    if abs(total - stated) > ctx.tolerance:
        unstated = [t.id for t in top if t.budget is None]
        note_zh = f"（{len(unstated)} 项任务未填预算）" if unstated else ""
        note_en = f" ({len(unstated)} task(s) state no budget)" if unstated else ""
        zh, en = _gap(total - stated)
        yield check.finding(
            DEPARTMENT,
            "department.budget",
            f"部门预算 {fmt_money(stated)} 万元，工作任务预算合计 {fmt_money(total)} 万元{note_zh}，{zh}",
            f"the department budget is {fmt_money(stated)} but its tasks add up to {fmt_money(total)}"
            f"{note_en}, {en}",
            f"Σ tasks = {fmt_money(total)} ≠ {fmt_money(stated)}",
        )


def _duty_without_indicator(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for d in ctx.index.duties.values():
        if not ctx.flows.duty_has_indicator(d.id):
            name = _label(d.name, d.id)
            yield check.finding(
                duty_node(d.id),
                d.path,
                f"部门职责「{name}」之下没有任何绩效指标",
                f"no indicator anywhere below duty {name!r}",
            )


def _orphan_indicator(ctx: Context, check: Check) -> Iterator[NodeFinding]:
    for row in ctx.index.orphans:
        yield check.finding(
            indicator_node(row.key),
            row.path,
            f"绩效指标「{row.name}」未挂接任何职责或工作任务",
            f"indicator {row.name!r} is tied to no duty or task",
        )


CHECKS: tuple[Check, ...] = (
    Check("duplicate_id", "编号重复", "error", _duplicate_id),
    Check("dangling_reference", "引用不存在", "error", _dangling_reference),
    Check("cycle", "上下级成环", "error", _cycle),
    Check("share_not_one", "资金占比之和不为1", "error", _share_not_one),
    Check("project_without_task", "项目未对应工作任务", "error", _project_without_task),
    Check("task_without_duty", "任务未对应部门职责", "error", _task_without_duty),
    Check("duty_without_task", "职责无工作任务", "error", _duty_without_task),
    Check("task_without_project", "任务无支出项目", "warning", _task_without_project),
    Check("budget_mismatch_task", "任务预算与项目资金不符", "error", _budget_mismatch_task),
    Check("budget_mismatch_department", "部门预算与任务预算不符", "error", _budget_mismatch_department),
    Check("duty_without_indicator", "职责无绩效指标", "error", _duty_without_indicator),
    Check("orphan_indicator", "指标未挂接", "warning", _orphan_indicator),
)


def run_checks(index: Index, flows: Flows, tolerance: Decimal) -> list[NodeFinding]:
    """Run every check in :data:`CHECKS` order; within a check, findings follow input order."""
    ctx = Context(index, flows, tolerance)
    out: list[NodeFinding] = []
    for check in CHECKS:
        out.extend(check.run(ctx, check))
    return out
