"""``DepartmentGraph``: a department plan's duty → task → project → indicator chain, and its answers.

Decided here: what ``build_graph`` accepts (a ``DepartmentPlan``, a mapping in the exchange format,
or a path to a JSON/YAML file), the public questions one asks of the chain (checks, queries,
coverage, the budget-weighted score roll-up) and how their numbers are rounded (half up; scores to
``places`` decimals, ratios to 4). A graph is immutable once built: answers are computed once
and cached, so a graph may be shared between threads after its first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from indicator_lib.errors import CatalogLookupError, SubmissionLoadError
from indicator_lib.findings import Finding
from indicator_lib.graph._build import Index, build_index, duty_node, project_node, task_node
from indicator_lib.graph._checks import NodeFinding, run_checks
from indicator_lib.graph._flow import Flows
from indicator_lib.graph._plan import PlanData, read_plan, to_decimal
from indicator_lib.graph._results import Coverage, CutImpact, Rollup

__all__ = ["DEFAULT_TOLERANCE", "DepartmentGraph", "build_graph"]

#: Largest difference (万元) between a budget and the sum of what serves it that is not a mismatch.
DEFAULT_TOLERANCE = Decimal("0.01")

_ZERO = Decimal(0)
_RATIO = Decimal("0.0001")


def _money(value: Decimal) -> Decimal:
    """Round money (万元) half up to 4 places, i.e. to 1 元."""
    return value.quantize(_RATIO, rounding=ROUND_HALF_UP)


class DepartmentGraph:
    """A department plan as a typed directed graph, with its checks, queries and roll-up.

    Build it with :func:`build_graph`. The networkx ``DiGraph`` is :attr:`graph`: nodes
    ``department``, ``duty:<id>``, ``task:<id>``, ``project:<key>`` and ``indicator:<key>``
    carry ``kind``, ``id``, ``name``, ``budget`` (万元, Decimal or None) and ``path`` (the row's
    0-based path in the plan); edges go from what is served to what serves it and carry
    ``relation`` (``duty``, ``serves``, ``part_of``, ``measures``), ``share`` (normalised, Decimal)
    and ``amount`` (the money that flows along the edge, 万元, or None).

    Attributes:
        tolerance: Largest budget difference (万元) not reported as a mismatch.

    """

    def __init__(self, data: PlanData, *, tolerance: Decimal = DEFAULT_TOLERANCE, source: Any = None) -> None:
        self._data = data
        self._index: Index = build_index(data)
        self._flows = Flows(self._index)
        self._order = {key: i for i, key in enumerate(self._index.projects)}
        self._findings: list[NodeFinding] | None = None
        self._lock = threading.Lock()
        self._source = source
        self.tolerance = tolerance

    @property
    def graph(self) -> nx.DiGraph[str]:
        """The networkx ``DiGraph`` (do not mutate it; the cached answers assume it is fixed)."""
        return self._index.graph

    @property
    def source(self) -> Any:
        """The plan this graph was built from (the model or mapping given, or the loaded file)."""
        return self._source

    @property
    def department(self) -> str:
        """The department's name (empty if the plan gives none)."""
        return self._data.department_name

    @property
    def fiscal_year(self) -> int | None:
        """The plan's budget year."""
        return self._data.fiscal_year

    def __repr__(self) -> str:
        idx = self._index
        return (
            f"<DepartmentGraph {self._data.department_name or '?'} {self._data.fiscal_year or ''}: "
            f"{len(idx.duties)} duties, {len(idx.tasks)} tasks, {len(idx.projects)} projects, "
            f"{idx.indicator_count()} indicators>"
        )

    def _node_findings(self) -> list[NodeFinding]:
        with self._lock:
            if self._findings is None:
                self._findings = run_checks(self._index, self._flows, self.tolerance)
            return self._findings

    def check(self) -> list[Finding]:
        """Run every structural check.

        Returns:
            The findings in check order (``duplicate_id``, ``dangling_reference``, ``cycle``,
            ``share_not_one``, ``project_without_task``, ``task_without_duty``,
            ``duty_without_task``, ``task_without_project``, ``budget_mismatch_task``,
            ``budget_mismatch_department``, ``duty_without_indicator``, ``orphan_indicator``),
            each in input order; an empty list for a clean plan.

        """
        return [finding for _, finding in self._node_findings()]

    def findings_by_node(self) -> dict[str, list[Finding]]:
        """Return the findings grouped by the graph node they are about (for drawing)."""
        out: dict[str, list[Finding]] = {}
        for node, finding in self._node_findings():
            out.setdefault(node, []).append(finding)
        return out

    def _duty(self, duty_id: str) -> str:
        if duty_id not in self._index.duties:
            raise _not_found("职责", "duty", duty_id, self._index.duties)
        return duty_id

    def _project(self, code: str) -> str:
        projects = self._index.projects
        if code in projects:
            return code
        by_name = [key for key, row in projects.items() if row.name == code]
        if len(by_name) == 1:
            return by_name[0]
        raise _not_found("项目", "project", code, projects)

    def projects_for_duty(self, duty_id: str) -> list[str]:
        """Return the keys of the projects whose money reaches a duty (through tasks, sub-duties).

        Args:
            duty_id: The duty's id.

        Returns:
            Project keys (code, else name) in plan order.

        Raises:
            CatalogLookupError: When the duty does not exist (with a did-you-mean).

        """
        money = self._flows.duty_money(self._duty(duty_id))
        return sorted(money, key=self._order.__getitem__)

    def duties_for_project(self, code: str) -> list[str]:
        """Return the ids of the duties a project serves (through its tasks, parents included).

        Args:
            code: The project's code (or its name, when that is unique).

        Returns:
            Duty ids in plan order.

        Raises:
            CatalogLookupError: When the project does not exist (with a did-you-mean).

        """
        node = project_node(self._project(code))
        ids = {self.graph.nodes[n]["id"] for n in nx.ancestors(self.graph, node) if n.startswith("duty:")}
        return [d for d in self._index.duties if d in ids]

    def impact_of_cut(self, code: str) -> CutImpact:
        """Say what cutting a project takes away: money per task and duty, indicators, gaps left.

        Args:
            code: The project's code (or its name, when that is unique).

        Returns:
            The impact; money in 万元.

        Raises:
            CatalogLookupError: When the project does not exist (with a did-you-mean).

        """
        key = self._project(code)
        ancestors = nx.ancestors(self.graph, project_node(key))
        tasks: dict[str, Decimal] = {}
        duties: dict[str, Decimal] = {}
        orphaned: list[str] = []
        starved: list[str] = []
        for task_id in self._index.tasks:
            if task_node(task_id) in ancestors:
                money = self._flows.task_money(task_id)
                tasks[task_id] = _money(money.get(key, _ZERO))
                if set(money) == {key}:
                    orphaned.append(task_id)
        for duty_id in self._index.duties:
            if duty_node(duty_id) in ancestors:
                money = self._flows.duty_money(duty_id)
                duties[duty_id] = _money(money.get(key, _ZERO))
                if set(money) == {key}:
                    starved.append(duty_id)
        project = self._index.projects[key]
        return CutImpact(
            project=key,
            budget=project.budget,
            tasks=tasks,
            duties=duties,
            indicators=[row.name for row in project.indicators],
            tasks_left_without_project=orphaned,
            duties_left_without_money=starved,
        )

    def coverage(self) -> Coverage:
        """Return the share of the project money that is traced through a task to a duty.

        Returns:
            Total and traced money (万元), their ratio (4 places, half up) and the untraced projects.

        """
        index, flows = self._index, self._flows
        total = traced = _ZERO
        untraced: list[str] = []
        for key, project in index.projects.items():
            budget = project.budget if project.budget is not None else _ZERO
            total += budget
            share = sum((s * flows.task_duty_share(t) for t, s in index.project_tasks.get(key, ())), _ZERO)
            traced += budget * share
            if share < 1:
                untraced.append(key)
        ratio = (traced / total).quantize(_RATIO, rounding=ROUND_HALF_UP) if total else None
        return Coverage(total=total, traced=_money(traced), ratio=ratio, untraced=untraced)

    def rollup(self, scores: Mapping[str, Any], *, places: int = 2) -> Rollup:
        """Roll project scores up to tasks, duties and the department, weighted by money.

        A task's score is the mean of its projects' scores weighted by the money each brings to
        it (sub-tasks included); a duty's likewise through its tasks' shares; the department's
        weights every scored project by its budget. Projects without a score are left out of
        every weight and listed in ``unscored``; where all the weights are zero, the plain mean
        is used. A node no scored project reaches has the score None.

        Args:
            scores: Project code (or unique name) → score (number, Decimal or numeric text).
            places: Decimal places of every rolled-up score (rounded half up).

        Returns:
            The rolled-up scores.

        Raises:
            CatalogLookupError: When a score names a project that does not exist.
            SubmissionLoadError: When a score is not a number.

        """
        clean: dict[str, Decimal] = {}
        for code, value in scores.items():
            number = to_decimal(value, where=f"scores[{code}]")
            if number is not None:
                clean[self._project(str(code))] = number
        quantum = Decimal(1).scaleb(-places)

        def mean(weights: Mapping[str, Decimal]) -> Decimal | None:
            scored = [(clean[k], w) for k, w in weights.items() if k in clean]
            if not scored:
                return None
            total = sum((w for _, w in scored), _ZERO)
            if total:
                value = sum((s * w for s, w in scored), _ZERO) / total
            else:
                value = sum((s for s, _ in scored), _ZERO) / len(scored)
            return value.quantize(quantum, rounding=ROUND_HALF_UP)

        budgets = {
            key: (p.budget if p.budget is not None else _ZERO) for key, p in self._index.projects.items()
        }
        return Rollup(
            department=mean(budgets),
            duties={d: mean(self._flows.duty_money(d)) for d in self._index.duties},
            tasks={t: mean(self._flows.task_money(t)) for t in self._index.tasks},
            unscored=[k for k in self._index.projects if k not in clean],
            places=places,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the graph and its findings as JSON-ready data (Decimals as strings)."""
        from indicator_lib.graph._export import to_dict

        return to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return :meth:`to_dict` as JSON text (UTF-8, Chinese kept readable)."""
        from indicator_lib.graph._export import to_json

        return to_json(self, indent=indent)

    def to_graphml(self) -> str:
        """Return the graph as GraphML (Decimals as text; problems in a ``severity`` attribute)."""
        from indicator_lib.graph._export import to_graphml

        return to_graphml(self)

    def to_dot(self) -> str:
        """Return the graph in Graphviz DOT, left to right, problems filled red/orange."""
        from indicator_lib.graph._export import to_dot

        return to_dot(self)

    def to_svg(self) -> str:
        """Return a layered SVG picture: duties → tasks → projects → indicators, problems in colour."""
        from indicator_lib.graph._svg import to_svg

        return to_svg(self)

    def to_html(self) -> str:
        """Return a standalone HTML page: the SVG picture, the findings table and the coverage."""
        from indicator_lib.graph._svg import to_html

        return to_html(self)

    @property
    def index(self) -> Index:
        """The resolved rows and links (for the exporters; not a stable API)."""
        return self._index

    @property
    def flows(self) -> Flows:
        """The memoised money flows (for the exporters; not a stable API)."""
        return self._flows


def _not_found(kind_zh: str, kind: str, ident: str, known: Mapping[str, Any]) -> CatalogLookupError:
    from indicator_lib._suggest import suggestion_text

    zh, en = suggestion_text(ident, known)
    return CatalogLookupError(f"{kind_zh}「{ident}」不存在{zh}", f"no {kind} {ident!r}{en}", code="not-found")


def _load(plan: Any) -> tuple[Any, str | None]:
    """Turn a path or mapping into a ``DepartmentPlan``; return it with the file name (if any)."""
    if isinstance(plan, str | os.PathLike | Mapping):
        from indicator_lib.submissions import load_submission

        file = str(Path(plan)) if isinstance(plan, str | os.PathLike) else None
        return load_submission(plan, kind="department_plan"), file
    return plan, None


def build_graph(plan: Any, *, tolerance: Decimal = DEFAULT_TOLERANCE) -> DepartmentGraph:
    """Build the department graph of a ``department_plan``.

    Args:
        plan: A ``DepartmentPlan``, a mapping in the exchange format, or the path of a JSON or
            YAML file holding one.
        tolerance: Largest difference (万元) between a budget and the sum of what serves it that
            is not reported as a mismatch.

    Returns:
        The graph, ready to check, query, roll up and draw.

    Raises:
        SubmissionLoadError: When the plan cannot be read or is not a ``department_plan``.

    """
    doc, file = _load(plan)
    kind = getattr(doc, "kind", "department_plan")
    if kind != "department_plan":
        raise SubmissionLoadError(
            f"需要部门整体绩效目标（department_plan），实际为「{kind}」",
            f"expected a department_plan document, got kind {kind!r}",
            code="wrong-kind",
            file=file,
            field="kind",
        )
    return DepartmentGraph(read_plan(doc, file=file), tolerance=tolerance, source=doc)
