"""Read a department plan (model or plain mapping) into the flat rows the graph is built from.

This module decides how the ``department_plan`` exchange format is *read* for the graph, and only
that: which field names are consulted, how a project states the tasks it serves (and with what
budget shares), how money in 元 becomes 万元, and how an absent or unreadable number is kept as
``None`` instead of being dropped. It accepts either the pydantic ``DepartmentPlan`` or a plain
mapping with the exchange-format field names, reading both through one accessor, so the graph does
not depend on the model's internals.

Share forms a project (or a task, towards its duties) may use::

    task: T1                                   # one task, share 1
    task: [T1, T2]                             # several tasks, equal shares
    task: [{id: T1, share: 0.6}, {id: T2, share: "40%"}]
    task: {T1: 0.6, T2: 0.4}

Unreadable input raises :class:`~indicator_lib.errors.SubmissionLoadError` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from indicator_lib.errors import SubmissionLoadError

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


def _get(obj: Any, *names: str) -> Any:
    """Return the first present, non-None field among ``names`` (attribute, mapping key or extra)."""
    if obj is None:
        return None
    extra: Any = None
    if isinstance(obj, dict | Mapping):
        fields: Any = obj
    elif hasattr(obj, "__dict__"):
        fields = vars(obj)  # a pydantic model keeps its fields here: no slow attribute fallback
        extra = fields.get("extra") or getattr(obj, "model_extra", None)
    else:
        return next((v for v in (getattr(obj, n, None) for n in names) if v is not None), None)
    for name in names:
        value = fields.get(name)
        if value is None and extra:
            value = extra.get(name)
        if value is not None:
            return value
    return None


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


def _refs(value: Any, *, where: str, file: str | None) -> tuple[Ref, ...]:
    """Read a reference field in any of the share forms into ``Ref`` rows."""
    if value is None or value == "":
        return ()
    if isinstance(value, str | int):
        return (Ref(str(value).strip(), None, where),)
    if isinstance(value, Mapping):
        if "id" in value:
            return (_ref_item(value, where=where, file=file),)
        return tuple(
            Ref(str(k).strip(), to_decimal(v, where=f"{where}.{k}", file=file), f"{where}.{k}")
            for k, v in value.items()
        )
    if isinstance(value, Iterable):
        out: list[Ref] = []
        for i, item in enumerate(value):
            at = f"{where}[{i}]"
            if isinstance(item, str | int):
                out.append(Ref(str(item).strip(), None, at))
            else:
                out.append(_ref_item(item, where=at, file=file))
        return tuple(out)
    return (_ref_item(value, where=where, file=file),)


def _ref_item(item: Any, *, where: str, file: str | None) -> Ref:
    target = _get(item, "id", "task", "duty", "code")
    if target is None:
        raise SubmissionLoadError(
            f"「{where}」缺少被引用的编号（id）",
            f"{where}: the referenced id is missing",
            code="missing-id",
            file=file,
            field=where,
        )
    share = to_decimal(_get(item, "share", "占比", "比例"), where=f"{where}.share", file=file)
    return Ref(str(target).strip(), share, where)


def _parent(obj: Any, *, where: str, file: str | None) -> Ref | None:
    refs = _refs(_get(obj, "parent"), where=f"{where}.parent", file=file)
    return refs[0] if refs else None


def _indicator(obj: Any, *, path: str, project: str | None, file: str | None) -> IndicatorRow:
    name = _text(_get(obj, "name"))
    duty = _refs(_get(obj, "duty"), where=f"{path}.duty", file=file)
    task = _refs(_get(obj, "task"), where=f"{path}.task", file=file)
    return IndicatorRow(
        key=path if project is None else f"{project}/{path}",
        name=name or path,
        level1=_text(_get(obj, "level1")),
        level2=_text(_get(obj, "level2")),
        target=_text(_get(obj, "target")),
        duty=duty[0] if duty else None,
        task=task[0] if task else None,
        project=project,
        path=path,
    )


def _money_scale(obj: Any, default: Decimal) -> Decimal:
    unit = _text(_get(obj, "money_unit"))
    if unit == "元":
        return Decimal(1) / _TEN_THOUSAND
    if unit == "万元":
        return Decimal(1)
    return default


def _project(obj: Any, *, index: int, scale: Decimal, file: str | None) -> ProjectRow:
    path = f"projects[{index}]"
    inner = _get(obj, "project")  # a full project_goal document nests the project
    # A full goal document states its own money unit (万元 unless 元); a reference uses the plan's.
    scale = _money_scale(obj, Decimal(1) if inner is not None else scale)
    head = inner if inner is not None else obj
    code = _text(_get(head, "code")) or _text(_get(obj, "code"))
    name = _text(_get(head, "name")) or _text(_get(obj, "name"))
    if not code and not name:
        raise SubmissionLoadError(
            f"「{path}」既无项目编码也无项目名称",
            f"{path}: a project needs a code or a name",
            code="missing-project-name",
            file=file,
            field=path,
        )
    where, task_value = f"{path}.task", _get(obj, "task")
    if task_value is None:
        where, task_value = f"{path}.tasks", _get(obj, "tasks")
    if task_value is None and inner is not None:
        where, task_value = f"{path}.project.task", _get(inner, "task")
    if task_value is None and inner is not None:
        where, task_value = f"{path}.project.tasks", _get(inner, "tasks")
    tasks = _refs(task_value, where=where, file=file)
    budget = to_decimal(_get(obj, "budget"), where=f"{path}.budget", file=file)
    if budget is None:
        budget = to_decimal(_get(_get(obj, "funds"), "total"), where=f"{path}.funds.total", file=file)
    if budget is not None:
        budget *= scale
    key = code or name
    indicators = tuple(
        _indicator(row, path=f"{path}.indicators[{i}]", project=key, file=file)
        for i, row in enumerate(_get(obj, "indicators") or ())
    )
    return ProjectRow(key, code, name, tasks, budget, path, indicators)


def read_plan(plan: Any, *, file: str | None = None) -> PlanData:
    """Read a ``DepartmentPlan`` (or a mapping in the exchange format) into :class:`PlanData`.

    Args:
        plan: The plan model or mapping.
        file: The source file name, for error messages.

    Returns:
        The plan as flat rows.

    Raises:
        SubmissionLoadError: When a number or a required id cannot be read.

    """
    scale = _money_scale(plan, Decimal(1))
    department = _get(plan, "department")
    dep_budget = to_decimal(_get(department, "budget"), where="department.budget", file=file)
    if dep_budget is None:
        dep_budget = to_decimal(_get(plan, "budget"), where="budget", file=file)
    year = _get(plan, "fiscal_year")
    data = PlanData(
        fiscal_year=int(year) if year is not None else None,
        department_code=_text(_get(department, "code")),
        department_name=_text(_get(department, "name")),
        department_budget=dep_budget * scale if dep_budget is not None else None,
    )
    for i, row in enumerate(_get(plan, "duties") or ()):
        path = f"duties[{i}]"
        data.duties.append(
            DutyRow(
                id=_required_id(row, path, file),
                name=_text(_get(row, "name")),
                parent=_parent(row, where=path, file=file),
                path=path,
                description=_text(_get(row, "description")),
            )
        )
    for i, row in enumerate(_get(plan, "tasks") or ()):
        path = f"tasks[{i}]"
        budget = to_decimal(_get(row, "budget"), where=f"{path}.budget", file=file)
        data.tasks.append(
            TaskRow(
                id=_required_id(row, path, file),
                name=_text(_get(row, "name")),
                duties=_duty_refs(row, path, file),
                budget=budget * scale if budget is not None else None,
                parent=_parent(row, where=path, file=file),
                path=path,
                description=_text(_get(row, "description")),
            )
        )
    for i, row in enumerate(_get(plan, "projects") or ()):
        data.projects.append(_project(row, index=i, scale=scale, file=file))
    for i, row in enumerate(_get(plan, "indicators") or ()):
        data.indicators.append(_indicator(row, path=f"indicators[{i}]", project=None, file=file))
    return data


def _duty_refs(row: Any, path: str, file: str | None) -> tuple[Ref, ...]:
    value = _get(row, "duty")
    if value is not None:
        return _refs(value, where=f"{path}.duty", file=file)
    return _refs(_get(row, "duties"), where=f"{path}.duties", file=file)


def _required_id(row: Any, path: str, file: str | None) -> str:
    value = _get(row, "id", "code")
    if value is None or str(value).strip() == "":
        raise SubmissionLoadError(
            f"「{path}」缺少编号（id）",
            f"{path}: the id is missing",
            code="missing-id",
            file=file,
            field=f"{path}.id",
        )
    return str(value).strip()
