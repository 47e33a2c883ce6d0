"""Reachability and money flow down the duty → task → project chain, memoised per graph.

Decided here: a sub-task's money belongs wholly to its parent task and a sub-duty's to its parent
duty; a task's money reaches each of its duties in proportion to its (normalised) share; a
project's money reaches a task in proportion to its share. In a cycle (an error reported by the
``cycle`` check) the walk stops where it would revisit a node, so every answer stays finite.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from indicator_lib.graph._build import Index

__all__ = ["Flows"]

_ZERO = Decimal(0)
Money = dict[str, Decimal]


class Flows:
    """Memoised answers about what reaches what, for one resolved plan."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._task_money: dict[str, Money] = {}
        self._duty_money: dict[str, Money] = {}
        self._task_projects: dict[str, bool] = {}
        self._task_indicator: dict[str, bool] = {}
        self._duty_task: dict[str, bool] = {}
        self._duty_indicator: dict[str, bool] = {}
        self._busy: set[str] = set()

    def task_money(self, task: str) -> Money:
        """Return the money (万元) from each project that reaches ``task``, sub-tasks included."""
        memo = self._task_money.get(task)
        if memo is not None:
            return memo
        key = "t:" + task
        if key in self._busy:
            return {}
        self._busy.add(key)
        out: Money = {}
        for project, share in self.index.task_projects.get(task, ()):
            budget = self.index.projects[project].budget
            amount = budget * share if budget is not None else _ZERO
            out[project] = out.get(project, _ZERO) + amount
        for child in self.index.task_children.get(task, ()):
            for project, amount in self.task_money(child).items():
                out[project] = out.get(project, _ZERO) + amount
        self._busy.discard(key)
        self._task_money[task] = out
        return out

    def duty_money(self, duty: str) -> Money:
        """Return the money (万元) from each project reaching ``duty`` through tasks and sub-duties."""
        memo = self._duty_money.get(duty)
        if memo is not None:
            return memo
        key = "d:" + duty
        if key in self._busy:
            return {}
        self._busy.add(key)
        out: Money = {}
        for task, share in self.index.duty_tasks.get(duty, ()):
            for project, amount in self.task_money(task).items():
                out[project] = out.get(project, _ZERO) + amount * share
        for child in self.index.duty_children.get(duty, ()):
            for project, amount in self.duty_money(child).items():
                out[project] = out.get(project, _ZERO) + amount
        self._busy.discard(key)
        self._duty_money[duty] = out
        return out

    def task_has_project(self, task: str) -> bool:
        """Tell whether any project serves ``task`` or one of its sub-tasks."""
        return self._walk(
            self._task_projects,
            "tp:",
            task,
            lambda t: bool(self.index.task_projects.get(t)),
            self.index.task_children,
        )

    def task_duty_share(self, task: str) -> Decimal:
        """Return the part (0 to 1) of ``task``'s money that reaches an existing duty.

        A task's own duty links decide; a sub-task without its own duties inherits its parent's.
        A stated share towards a duty that does not exist is lost, not re-distributed.
        """
        seen: set[str] = set()
        current: str | None = task
        while current is not None and current not in seen:
            seen.add(current)
            row = self.index.tasks[current]
            if row.duties:
                return sum((s for _, s in self.index.task_duties.get(current, ())), _ZERO)
            current = self.index.task_parent.get(current)
        return _ZERO

    def task_has_indicator(self, task: str) -> bool:
        """Tell whether an indicator measures ``task``, a sub-task or a project serving them."""

        def own(t: str) -> bool:
            if self.index.task_indicators.get(t):
                return True
            return any(self.index.projects[p].indicators for p, _ in self.index.task_projects.get(t, ()))

        return self._walk(self._task_indicator, "ti:", task, own, self.index.task_children)

    def duty_has_task(self, duty: str) -> bool:
        """Tell whether any task serves ``duty`` or one of its sub-duties."""
        return self._walk(
            self._duty_task,
            "dt:",
            duty,
            lambda d: bool(self.index.duty_tasks.get(d)),
            self.index.duty_children,
        )

    def duty_has_indicator(self, duty: str) -> bool:
        """Tell whether any indicator sits anywhere below ``duty``."""

        def own(d: str) -> bool:
            if self.index.duty_indicators.get(d):
                return True
            return any(self.task_has_indicator(t) for t, _ in self.index.duty_tasks.get(d, ()))

        return self._walk(self._duty_indicator, "di:", duty, own, self.index.duty_children)

    def _walk(
        self,
        memo: dict[str, bool],
        tag: str,
        start: str,
        own: Callable[[str], bool],
        children: dict[str, list[str]],
    ) -> bool:
        cached = memo.get(start)
        if cached is not None:
            return cached
        key = tag + start
        if key in self._busy:
            return False
        self._busy.add(key)
        found = own(start) or any(
            self._walk(memo, tag, child, own, children) for child in children.get(start, ())
        )
        self._busy.discard(key)
        memo[start] = found
        return found
