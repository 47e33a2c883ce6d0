"""Resolve a plan's references and build its networkx graph (the only place nodes are made).

Decided here: node identities (``department``, ``duty:<id>``, ``task:<id>``, ``project:<key>``,
``indicator:<key>``, where a project's key is its code, else its name); edge direction (from what
is served to what serves it: department → duty → task → project → indicator, and parent → part for
sub-duties and sub-tasks); the attributes nodes and edges carry; and what is *not* linked:
a reference to an id that does not exist, or a second row reusing an id, makes no edge and is
recorded for the checks instead, so nothing is lost silently. Normalised shares are applied here:
a stated share to a missing target is not re-distributed (that money is untraced).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

import networkx as nx

from indicator_lib.graph._plan import DutyRow, IndicatorRow, PlanData, ProjectRow, Ref, TaskRow
from indicator_lib.graph._shares import normalise_shares, share_problem

__all__ = [
    "DEPARTMENT",
    "Dangling",
    "Duplicate",
    "Index",
    "ShareIssue",
    "build_index",
    "duty_node",
    "indicator_node",
    "project_node",
    "task_node",
]

DEPARTMENT = "department"

Link = tuple[str, Decimal]


def duty_node(duty_id: str) -> str:
    """Return the graph node of duty ``duty_id``."""
    return f"duty:{duty_id}"


def task_node(task_id: str) -> str:
    """Return the graph node of task ``task_id``."""
    return f"task:{task_id}"


def project_node(key: str) -> str:
    """Return the graph node of the project with key ``key``."""
    return f"project:{key}"


def indicator_node(key: str) -> str:
    """Return the graph node of the indicator with key ``key``."""
    return f"indicator:{key}"


@dataclass(frozen=True, slots=True)
class Dangling:
    """A reference to an id that does not exist."""

    kind: str
    ref: Ref
    owner: str
    candidates: tuple[str, ...]
    names: dict[str, str]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A row whose id an earlier row of the same kind already uses."""

    kind: str
    id: str
    path: str
    first_path: str


@dataclass(frozen=True, slots=True)
class ShareIssue:
    """A list of stated shares that is not a valid split."""

    owner: str
    path: str
    problem: tuple[str, str]
    shares: tuple[Decimal | None, ...]


@dataclass(slots=True)
class Index:
    """The resolved plan: rows by id, links with normalised shares, and what could not be linked."""

    data: PlanData
    duties: dict[str, DutyRow] = field(default_factory=dict)
    tasks: dict[str, TaskRow] = field(default_factory=dict)
    projects: dict[str, ProjectRow] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    dangling: list[Dangling] = field(default_factory=list)
    share_issues: list[ShareIssue] = field(default_factory=list)
    task_duties: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    duty_tasks: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    project_tasks: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    task_projects: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    task_parent: dict[str, str] = field(default_factory=dict)
    task_children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    duty_parent: dict[str, str] = field(default_factory=dict)
    duty_children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    duty_indicators: dict[str, list[IndicatorRow]] = field(default_factory=lambda: defaultdict(list))
    task_indicators: dict[str, list[IndicatorRow]] = field(default_factory=lambda: defaultdict(list))
    orphans: list[IndicatorRow] = field(default_factory=list)
    graph: nx.DiGraph[str] = field(default_factory=nx.DiGraph)

    def indicator_count(self) -> int:
        """Return the number of indicators in the plan (department level and inside projects)."""
        return len(self.data.indicators) + sum(len(p.indicators) for p in self.projects.values())


_Row = TypeVar("_Row", DutyRow, TaskRow, ProjectRow)


def _unique(rows: list[_Row], kind: str, key_of: str, index: Index) -> dict[str, _Row]:
    out: dict[str, _Row] = {}
    for row in rows:
        key = getattr(row, key_of)
        first = out.get(key)
        if first is None:
            out[key] = row
        else:
            index.duplicates.append(Duplicate(kind, key, row.path, first.path))
    return out


class _Resolver:
    """Resolve references of one kind, recording dangling ones with did-you-mean candidates."""

    def __init__(self, kind: str, rows: dict[str, DutyRow] | dict[str, TaskRow], index: Index) -> None:
        self.kind = kind
        self.ids = rows
        self.index = index
        self._names: dict[str, str] | None = None

    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {row.name: key for key, row in self.ids.items() if row.name}
        return self._names

    def resolve(self, ref: Ref, owner: str) -> bool:
        if ref.target in self.ids:
            return True
        self.index.dangling.append(Dangling(self.kind, ref, owner, tuple(self.ids), self.names()))
        return False


def _money(amount: Decimal | None, share: Decimal) -> Decimal | None:
    return amount * share if amount is not None else None


def build_index(data: PlanData) -> Index:
    """Resolve every reference of ``data`` and build the graph.

    Args:
        data: The plan as flat rows.

    Returns:
        The resolved index, whose ``graph`` is the networkx DiGraph.

    """
    index = Index(data)
    index.duties = _unique(data.duties, "duty", "id", index)
    index.tasks = _unique(data.tasks, "task", "id", index)
    index.projects = _unique(data.projects, "project", "key", index)
    duties = _Resolver("duty", index.duties, index)
    tasks = _Resolver("task", index.tasks, index)

    g: nx.DiGraph[str] = nx.DiGraph(
        department=data.department_name, code=data.department_code, fiscal_year=data.fiscal_year
    )
    index.graph = g
    g.add_node(
        DEPARTMENT,
        kind="department",
        id=data.department_code,
        name=data.department_name,
        budget=data.department_budget,
        path="department",
    )
    for duty in index.duties.values():
        g.add_node(duty_node(duty.id), kind="duty", id=duty.id, name=duty.name, budget=None, path=duty.path)
    for task in index.tasks.values():
        g.add_node(
            task_node(task.id), kind="task", id=task.id, name=task.name, budget=task.budget, path=task.path
        )
    for project in index.projects.values():
        g.add_node(
            project_node(project.key),
            kind="project",
            id=project.key,
            name=project.name,
            budget=project.budget,
            path=project.path,
        )

    for duty in index.duties.values():
        node = duty_node(duty.id)
        parent = duty.parent
        if parent is not None and duties.resolve(parent, node):
            index.duty_parent[duty.id] = parent.target
            index.duty_children[parent.target].append(duty.id)
            g.add_edge(duty_node(parent.target), node, relation="part_of", share=Decimal(1), amount=None)
        elif parent is None:
            g.add_edge(DEPARTMENT, node, relation="duty", share=Decimal(1), amount=None)

    for task in index.tasks.values():
        node = task_node(task.id)
        if task.parent is not None and tasks.resolve(task.parent, node):
            index.task_parent[task.id] = task.parent.target
            index.task_children[task.parent.target].append(task.id)
            g.add_edge(
                task_node(task.parent.target), node, relation="part_of", share=Decimal(1), amount=task.budget
            )
        _link_shares(index, node, task.path, task.duties)
        for ref, share in zip(task.duties, normalise_shares([r.share for r in task.duties]), strict=True):
            if duties.resolve(ref, node):
                index.task_duties[task.id].append((ref.target, share))
                index.duty_tasks[ref.target].append((task.id, share))
                _add_share_edge(g, duty_node(ref.target), node, share, _money(task.budget, share))

    for project in index.projects.values():
        node = project_node(project.key)
        _link_shares(index, node, project.path, project.tasks)
        for ref, share in zip(project.tasks, normalise_shares([r.share for r in project.tasks]), strict=True):
            if tasks.resolve(ref, node):
                index.project_tasks[project.key].append((ref.target, share))
                index.task_projects[ref.target].append((project.key, share))
                _add_share_edge(g, task_node(ref.target), node, share, _money(project.budget, share))
        for row in project.indicators:
            _add_indicator(g, row, node)

    for row in data.indicators:
        owner = indicator_node(row.key)
        linked = False
        if row.duty is not None and duties.resolve(row.duty, owner):
            index.duty_indicators[row.duty.target].append(row)
            _add_indicator(g, row, duty_node(row.duty.target))
            linked = True
        if row.task is not None and tasks.resolve(row.task, owner):
            index.task_indicators[row.task.target].append(row)
            _add_indicator(g, row, task_node(row.task.target))
            linked = True
        if not linked:
            _add_indicator(g, row, None)
            if row.duty is None and row.task is None:
                index.orphans.append(row)
    return index


def _link_shares(index: Index, owner: str, path: str, refs: tuple[Ref, ...]) -> None:
    problem = share_problem([r.share for r in refs])
    if problem is not None:
        where = refs[0].path.rsplit("[", 1)[0] if refs else path
        index.share_issues.append(ShareIssue(owner, where, problem, tuple(r.share for r in refs)))


def _add_share_edge(
    g: nx.DiGraph[str], source: str, target: str, share: Decimal, amount: Decimal | None
) -> None:
    data = g.get_edge_data(source, target)
    if data is None:
        g.add_edge(source, target, relation="serves", share=share, amount=amount)
        return
    data["share"] += share
    if amount is not None:
        data["amount"] = (data["amount"] or Decimal(0)) + amount


def _add_indicator(g: nx.DiGraph[str], row: IndicatorRow, owner: str | None) -> None:
    node = indicator_node(row.key)
    if node not in g:
        g.add_node(
            node,
            kind="indicator",
            id=row.key,
            name=row.name,
            budget=None,
            path=row.path,
            level1=row.level1,
            level2=row.level2,
            target=row.target,
        )
    if owner is not None:
        g.add_edge(owner, node, relation="measures", share=Decimal(1), amount=None)
