"""Read a ``DepartmentPlan`` into the flat rows the graph is built from.

This module decides which typed fields of the plan the graph reads, and only that: a task's
duties (``duty``, else ``duties`` with shares), a project's tasks (``task``, else ``tasks`` with
shares), ``parent`` on duties and tasks, the department budget (``department.budget``, else the
plan's ``budget``), and how money in 元 becomes 万元; an absent number stays ``None``. The share
forms (one id, a list of ids, ``[{id, share}]``, ``{id: share}``, ``"40%"``) are normalised by the
submission models (:class:`~indicator_lib.submissions.ShareRef`), so they are read in one place.
A full ``project_goal`` document inside the plan names its task as ``project.task``; the model has
no typed multi-task field there, so its ``tasks`` key (kept in ``extra``) is read with the same
normaliser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from indicator_lib.errors import SubmissionLoadError

if TYPE_CHECKING:
    from indicator_lib.submissions import DepartmentPlan, ProjectGoal, ProjectRef, ShareRef

__all__ = [
    "DutyRow",
    "IndicatorRow",
    "PlanData",
    "ProjectRow",
    "Ref",
    "TaskRow",
    "read_plan",
    "to_decimal",
]

_TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference from one row to another, with the share stated for it (``None`` if unstated)."""

    target: str
    share: Decimal | None
    path: str


@dataclass(frozen=True, slots=True)
class DutyRow:
    """One 部门职责."""

    id: str
    name: str
    parent: Ref | None
    path: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One 年度工作任务, the duties it serves and its budget (万元)."""

    id: str
    name: str
    duties: tuple[Ref, ...]
    budget: Decimal | None
    parent: Ref | None
    path: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator row, tied to a duty, a task or a project (or to nothing)."""

    key: str
    name: str
    level1: str
    level2: str
    target: str
    duty: Ref | None
    task: Ref | None
    project: str | None
    path: str


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One 支出项目: its key (code, else name), the tasks it serves and its budget (万元)."""

    key: str
    code: str
    name: str
    tasks: tuple[Ref, ...]
    budget: Decimal | None
    path: str
    indicators: tuple[IndicatorRow, ...] = ()


@dataclass(slots=True)
class PlanData:
    """The plan as flat rows, in input order."""

    fiscal_year: int | None
    department_code: str
    department_name: str
    department_budget: Decimal | None
    duties: list[DutyRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(getattr(value, "raw", None) or value).strip()


def to_decimal(value: Any, *, where: str, file: str | None = None) -> Decimal | None:
    """Read a number (int, Decimal, float via its shortest text, numeric text, ``"60%"``).

    Args:
        value: The raw value; ``None`` or ``""`` give ``None``.
        where: The field path, for the error.
        file: The source file, for the error.

    Returns:
        The value as a Decimal, or None when absent.

    Raises:
        SubmissionLoadError: When the value is present but is not a number.

    """
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise _bad_number(value, where, file)
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    scale = Decimal(1)
    if text.endswith(("%", "％")):
        text, scale = text[:-1].strip(), Decimal("0.01")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _bad_number(value, where, file) from None
    if not number.is_finite():
        raise _bad_number(value, where, file)
    return number * scale


def _bad_number(value: Any, where: str, file: str | None) -> SubmissionLoadError:
    return SubmissionLoadError(
        f"「{where}」应为数字，实际为「{value}」",
        f"{where}: expected a number, got {value!r}",
        code="not-a-number",
        file=file,
        field=where,
    )


def _scale(money_unit: str) -> Decimal:
    return Decimal(1) / _TEN_THOUSAND if money_unit == "元" else Decimal(1)


def _one(value: str | None, where: str) -> Ref | None:
    return Ref(value, None, where) if value else None


def _ids(value: str | list[str] | None, where: str) -> tuple[Ref, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (Ref(value, None, where),)
    return tuple(Ref(item, None, f"{where}[{i}]") for i, item in enumerate(value))


def _shares(refs: Sequence[ShareRef], where: str) -> tuple[Ref, ...]:
    return tuple(Ref(ref.id, ref.share, f"{where}[{i}]") for i, ref in enumerate(refs))


def _indicator(obj: Any, *, path: str, project: str | None) -> IndicatorRow:
    name = _text(obj.name)
    return IndicatorRow(
        key=path if project is None else f"{project}/{path}",
        name=name or path,
        level1=_text(obj.level1),
        level2=_text(obj.level2),
        target=_text(obj.target),
        duty=_one(getattr(obj, "duty", None), f"{path}.duty"),
        task=_one(getattr(obj, "task", None), f"{path}.task"),
        project=project,
        path=path,
    )


def _goal_tasks(goal: ProjectGoal, path: str, file: str | None) -> tuple[Ref, ...]:
    if goal.project.task:
        return (Ref(goal.project.task, None, f"{path}.project.task"),)
    from pydantic import TypeAdapter, ValidationError

    from indicator_lib.submissions import ShareRefs
    from indicator_lib.submissions._errors import diagnostics_from_validation

    for record, where in ((goal, f"{path}.tasks"), (goal.project, f"{path}.project.tasks")):
        value = record.extra.get("tasks")
        if value is not None:
            try:
                refs = TypeAdapter(ShareRefs).validate_python(value)
            except ValidationError as exc:
                raise SubmissionLoadError(diagnostics_from_validation(exc, file=file)) from None
            return _shares(refs, where)
    return ()


def _project(obj: ProjectGoal | ProjectRef, *, index: int, scale: Decimal, file: str | None) -> ProjectRow:
    from indicator_lib.submissions import ProjectGoal

    path = f"projects[{index}]"
    rows: Sequence[Any] = ()
    if isinstance(obj, ProjectGoal):
        code, name = _text(obj.project.code), _text(obj.project.name)
        tasks = _goal_tasks(obj, path, file)
        budget = obj.funds.total
        scale = _scale(obj.money_unit)  # a full goal document states its own money unit
        rows = obj.indicators
    else:
        code, name = _text(obj.code), _text(obj.name)
        tasks = _ids(obj.task, f"{path}.task") if obj.task else _shares(obj.tasks, f"{path}.tasks")
        budget = obj.budget
        rows = obj.indicators
    if not code and not name:
        raise SubmissionLoadError(
            f"「{path}」既无项目编码也无项目名称",
            f"{path}: a project needs a code or a name",
            code="missing-project-name",
            file=file,
            field=path,
        )
    key = code or name
    indicators = tuple(
        _indicator(row, path=f"{path}.indicators[{i}]", project=key) for i, row in enumerate(rows)
    )
    return ProjectRow(key, code, name, tasks, None if budget is None else budget * scale, path, indicators)


def read_plan(plan: DepartmentPlan, *, file: str | None = None) -> PlanData:
    """Read a ``DepartmentPlan`` into :class:`PlanData`.

    Args:
        plan: The plan model.
        file: The source file name, for error messages.

    Returns:
        The plan as flat rows, money in 万元.

    Raises:
        SubmissionLoadError: When a required id or a project's code and name are missing.

    """
    scale = _scale(plan.money_unit)
    department = plan.department
    budget = department.budget if department.budget is not None else plan.budget
    data = PlanData(
        fiscal_year=plan.fiscal_year,
        department_code=_text(department.code),
        department_name=_text(department.name),
        department_budget=budget * scale if budget is not None else None,
    )
    for i, duty in enumerate(plan.duties):
        path = f"duties[{i}]"
        data.duties.append(
            DutyRow(
                id=_required_id(duty.id, path, file),
                name=_text(duty.name),
                parent=_one(duty.parent, f"{path}.parent"),
                path=path,
                description=_text(duty.description),
            )
        )
    for i, task in enumerate(plan.tasks):
        path = f"tasks[{i}]"
        duties = _ids(task.duty, f"{path}.duty") if task.duty else _shares(task.duties, f"{path}.duties")
        data.tasks.append(
            TaskRow(
                id=_required_id(task.id, path, file),
                name=_text(task.name),
                duties=duties,
                budget=task.budget * scale if task.budget is not None else None,
                parent=_one(task.parent, f"{path}.parent"),
                path=path,
                description=_text(task.description),
            )
        )
    for i, project in enumerate(plan.projects):
        data.projects.append(_project(project, index=i, scale=scale, file=file))
    for i, row in enumerate(plan.indicators):
        data.indicators.append(_indicator(row, path=f"indicators[{i}]", project=None))
    return data


def _required_id(value: str, path: str, file: str | None) -> str:
    if not value.strip():
        raise SubmissionLoadError(
            f"「{path}」缺少编号（id）",
            f"{path}: the id is missing",
            code="missing-id",
            file=file,
            field=f"{path}.id",
        )
    return value.strip()
