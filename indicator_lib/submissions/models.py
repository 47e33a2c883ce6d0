"""The exchange-format documents as pydantic models: project goals, self-evaluations, plans.

Decides the typed shape every consumer (review rulesets, scoring, the CLI) reads, following
``spec/exchange-format.md`` field for field: plain types only (str, Decimal, int, date, bool,
Literal enums, nested models, lists, Optional) so a rules checker can read them.

What happens on the way in (see :mod:`._base` for key aliases and ``extra``):

- ``target`` / ``actual`` are parsed with :func:`indicator_lib.targets.parse_target`, with the
  document's ``fiscal_year``; the text is kept as ``TargetValue.raw``. The split form
  ``{op, value, unit}`` and the split columns (计算符号/指标性质, 计量单位/度量单位) are accepted;
  the unit column also applies to ``actual``. An already-parsed value (a ``TargetValue`` or its
  dump, recognised by ``kind``) is taken as is, so dump → load is lossless.
- 一级/二级 names are normalised through :mod:`indicator_lib.levels`; the text as written is
  kept in ``level1_raw`` / ``level2_raw``. A name that is not a known level stays as written in
  ``level1`` / ``level2`` (a review reports it), so nothing is lost.
- Money is a Decimal in the document's ``money_unit`` (万元 unless ``元``); a text with its own
  unit (``250万``, ``72890元``) is converted. Weights and scores are Decimals; placeholders
  (``-``, ``/``, ``—``) are "not given" (None).
- Organisation cells written ``[155]濉溪县民政局`` or ``219-池州市…`` become ``{code, name}``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator

from indicator_lib.levels import normalize_level1, normalize_level2
from indicator_lib.submissions._aliases import normalize_kind, normalize_source
from indicator_lib.submissions._base import Record
from indicator_lib.submissions._values import (
    bilingual_error,
    convert_money,
    is_blank,
    parse_month_or_date,
    split_coded_name,
    to_decimal,
    to_year,
)
from indicator_lib.targets import TargetValue, parse_target

__all__ = [
    "BudgetRow",
    "DepartmentPlan",
    "Duty",
    "EvaluationGoals",
    "EvaluationIndicator",
    "Funds",
    "Indicator",
    "MoneyUnit",
    "OrgRef",
    "Period",
    "PlanDepartment",
    "PlanGoals",
    "PlanIndicator",
    "Project",
    "ProjectGoal",
    "ProjectGoals",
    "ProjectRef",
    "SelfEvaluation",
    "ShareRef",
    "ShareRefs",
    "Submission",
    "Task",
]

MoneyUnit = Literal["万元", "元"]
BudgetSource = Literal["total", "fiscal", "carryover", "other", "special_account", "unit"]


def _money(value: Any) -> Decimal | None:
    return to_decimal(value, what="金额", what_en="an amount of money")


def _number(value: Any) -> Decimal | None:
    return to_decimal(value, what="数值（分值或得分）", what_en="a number (weight or score)")


def _text(value: Any) -> Any:
    """Cells are text: numbers become their text, placeholders stay (a review may flag them)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


Money = Annotated[Decimal | None, BeforeValidator(_money)]
Number = Annotated[Decimal | None, BeforeValidator(_number)]
Text = Annotated[str | None, BeforeValidator(_text)]


class OrgRef(Record):
    """A department or unit (主管部门, 实施单位): ``{code, name}``.

    A text such as ``[155]濉溪县民政局`` or ``219-池州市贵池区棠溪镇人民政府`` is split into code
    and name; a text without a code is the name.

    Attributes:
        code: The organisation code (代码), if written.
        name: The organisation name (名称).

    """

    code: Text = None
    name: Text = None

    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, str):
            code, name = split_coded_name(value)
            return {"code": code, "name": name}
        return value


def _org(value: Any) -> Any:
    return OrgRef._coerce(value)


Org = Annotated[OrgRef | None, BeforeValidator(_org)]


def _period(value: Any) -> Any:
    """Accept ``{start, end}``, or a text such as ``2023.07-2024.01`` (read by the 指标值 parser)."""
    if isinstance(value, str):
        if is_blank(value):
            return None
        parsed = parse_target(value)
        if parsed.kind != "period":
            raise bilingual_error(
                "bad_period",
                f"实施期应为起止年月（如 2023.07-2024.01），得到「{value}」",
                f"expected a period such as 2023.07-2024.01, got {value!r}",
            )
        return {"start": parsed.start, "end": parsed.end}
    return value


class Period(Record):
    """An implementation period (实施期): first and last day.

    ``YYYY-MM`` (or ``2023.07``, ``202307``) means the month's first day as ``start`` and its last
    day as ``end``.

    Attributes:
        start: The first day.
        end: The last day.

    """

    start: dt.date | None = None
    end: dt.date | None = None

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> Any:
        return None if is_blank(value) else parse_month_or_date(value, end=False)

    @field_validator("end", mode="before")
    @classmethod
    def _end(cls, value: Any) -> Any:
        return None if is_blank(value) else parse_month_or_date(value, end=True)


class Project(Record):
    """The project a goal table or self-evaluation is about (项目).

    Attributes:
        code: 项目编码, optional text.
        name: 项目名称, required.
        department: 主管部门 ``{code, name}``.
        unit: 实施单位 ``{code, name}``.
        function_code: 支出功能分类科目 (3, 5 or 7 digits, as text; not checked here).
        fund_use: 资金使用类别.
        category: 项目类别 / 项目属性.
        period: 实施期 ``{start, end}``.
        task: Id of the department task the project serves.

    """

    code: Text = None
    name: Annotated[str, BeforeValidator(_text)]
    department: Org = None
    unit: Org = None
    function_code: Text = None
    fund_use: Text = None
    category: Text = None
    period: Annotated[Period | None, BeforeValidator(_period)] = None
    task: Text = None


class Funds(Record):
    """The money of a project goal (项目资金), in the document's money unit.

    Attributes:
        total: 资金总额 / 年度资金总额.
        fiscal: 财政拨款.
        carryover: 上年结转.
        other: 其他资金.
        superior: 上级资金 — money from the upper-level government that some tables (Hubei, Hunan)
            list as the 其中 line in place of, or beside, 财政拨款.

    """

    total: Money = None
    fiscal: Money = None
    carryover: Money = None
    other: Money = None
    superior: Money = None


class ProjectGoals(Record):
    """The goal texts of a project goal table.

    Attributes:
        long_term: 实施期目标 (中期目标 / 长期目标).
        annual: 年度目标.

    """

    long_term: Text = None
    annual: Text = None


class EvaluationGoals(Record):
    """The goal texts of a self-evaluation.

    Attributes:
        expected: 预期目标 / 年初设定目标.
        achieved: 实际完成情况 / 年度总体目标完成情况综述.

    """

    expected: Text = None
    achieved: Text = None


class PlanGoals(Record):
    """The goal text of a department plan.

    Attributes:
        annual: 年度总体目标.

    """

    annual: Text = None


def _as_target(value: Any, op: Any, unit: Any, fiscal_year: int | None) -> Any:
    """Turn a cell (text, number, split dict) into a TargetValue; parsed values pass through."""
    if value is None or isinstance(value, TargetValue):
        return value
    if isinstance(value, dict):
        if "kind" in value and "raw" in value:
            return value
        parts = dict(value)
        op = parts.pop("op", op)
        unit = parts.pop("unit", unit)
        value = parts.pop("value", None)
        if parts:
            raise bilingual_error(
                "bad_target",
                f"指标值的拆分形式只能有 op、value、unit，多出 {sorted(parts)}",
                f"the split form of a target has only op, value, unit; got also {sorted(parts)}",
            )
        if value is None:
            value = ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    text = _text(value)
    if not isinstance(text, str):
        return value
    op_text = None if is_blank(op) else str(op)
    unit_text = None if is_blank(unit) else str(unit)
    return parse_target(text, op=op_text, unit=unit_text, fiscal_year=fiscal_year)


ValueType = Literal["定量", "定性"]

# Set by the owning document on each indicator mapping so relative periods (年底前) resolve.
_FISCAL_KEY = "__fiscal_year__"


class Indicator(Record):
    """One 三级 indicator row of a goal table.

    Attributes:
        level1: 一级指标, normalised (``产出指标(50分)`` → ``产出指标``); as written when unknown.
        level1_raw: 一级指标 as written.
        level2: 二级指标, normalised; as written when unknown.
        level2_raw: 二级指标 as written.
        name: 三级指标 (None when the row has none — a review reports it).
        target: 年度指标值, parsed; ``target.raw`` is the text.
        basis: 取值依据 (计划标准 / 行业标准 / 历史标准 / 其他标准).
        weight: 分值.
        catalog_id: The library indicator the row was chosen from.
        core: ★ core indicator (a name starting with ★ sets it when not given).
        note: 备注.
        value_type: 指标值类型 as declared (``定量`` / ``定性``), when the table has the column.
        explanation: 指标解释.
        scoring_standard: 评(扣)分标准.

    """

    level1: Text = None
    level1_raw: Text = None
    level2: Text = None
    level2_raw: Text = None
    name: Text = None
    target: TargetValue | None = None
    basis: Text = None
    weight: Number = None
    catalog_id: Text = None
    core: bool = False
    note: Text = None
    value_type: ValueType | None = None
    explanation: Text = None
    scoring_standard: Text = None

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        fiscal_year = data.pop(_FISCAL_KEY, None)
        extra = data.get("extra") or {}
        fiscal_year = fiscal_year if fiscal_year is not None else extra.pop(_FISCAL_KEY, None)
        if not extra and "extra" in data:
            del data["extra"]
        for level, normalize in (("level1", normalize_level1), ("level2", normalize_level2)):
            written = data.get(level)
            if isinstance(written, str):
                data.setdefault(f"{level}_raw", written)
                data[level] = normalize(written) or written.strip()
        op = data.pop("op", None)
        unit = data.pop("unit", None)
        if isinstance(op, str) and op.strip() in ("定量", "定性"):
            data.setdefault("value_type", op.strip())
            op = None
        has_value = not is_blank(data.get("target"))
        if not has_value and not is_blank(op):
            data.setdefault("extra", {})["op"] = op
        if not has_value and not is_blank(unit) and is_blank(data.get("actual")):
            data.setdefault("extra", {})["unit"] = unit
        year = fiscal_year if isinstance(fiscal_year, int) else None
        if "target" in data:
            data["target"] = _as_target(data["target"], op, unit, year)
        if "actual" in data:
            data["actual"] = _as_target(data["actual"], None, unit, year)
        name = data.get("name")
        if "core" not in data and isinstance(name, str) and name.lstrip().startswith("★"):
            data["core"] = True
        if "core" in data and isinstance(data["core"], str):
            data["core"] = data["core"].strip() in ("★", "是", "true", "True", "1", "Y", "y")
        return data


class EvaluationIndicator(Indicator):
    """An indicator row of a self-evaluation: the goal row plus what happened.

    Attributes:
        actual: 实际完成值, parsed; ``actual.raw`` is the text.
        declared_score: 得分 as published.
        deviation: 偏差原因分析及改进措施.

    """

    actual: TargetValue | None = None
    declared_score: Number = None
    deviation: Text = None


class PlanIndicator(Indicator):
    """A department-level indicator row, optionally tied to a duty or a task.

    Attributes:
        duty: Id of the duty (部门职责) it measures.
        task: Id of the task (年度工作任务) it measures.

    """

    duty: Text = None
    task: Text = None


class BudgetRow(Record):
    """One row of a self-evaluation's money table (项目资金).

    Attributes:
        source: ``total`` (年度资金总额), ``fiscal`` (财政拨款), ``carryover`` (上年结转资金),
            ``other`` (其他资金); Sichuan tables add ``special_account`` (财政专户管理资金) and
            ``unit`` (单位资金). Chinese labels are accepted.
        initial: 年初预算数.
        adjusted: 全年预算数 (A) / 调整后预算数.
        executed: 全年执行数 (B).
        weight: 分值.
        declared_score: 得分 as published.
        declared_rate: 执行率 as published (text, e.g. ``100%``).
        reason: 原因 (why execution fell short), when the table has the column.

    """

    source: BudgetSource
    initial: Money = None
    adjusted: Money = None
    executed: Money = None
    weight: Number = None
    declared_score: Number = None
    declared_rate: Text = None
    reason: Text = None

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: Any) -> Any:
        return normalize_source(value)


def _share(value: Any) -> Decimal | None:
    """Read a share: a fraction (``0.4``) or a percentage text (``"40%"`` → 0.4)."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text.endswith("%"):
            number = to_decimal(text[:-1], what="占比", what_en="a share")
            return None if number is None else number / 100
    return to_decimal(value, what="占比", what_en="a share")


class ShareRef(Record):
    """An id served (a task, a duty) and the share of the money that goes to it.

    Attributes:
        id: The id of the task or duty served.
        share: The fraction of the money (``0.4``; ``"40%"`` is read as 0.4), None if unstated.

    """

    id: Annotated[str, BeforeValidator(_text)]
    share: Annotated[Decimal | None, BeforeValidator(_share)] = None


def _share_refs(value: Any) -> Any:
    """Normalise every share form to a list of ``{id, share}``.

    ``T1`` (one id), ``[T1, T2]`` (ids, shares unstated), ``[{id: T1, share: 0.6}, …]``,
    ``{id: T1, share: 0.6}`` (one entry) and ``{T1: 0.6, T2: "40%"}`` (id → share).
    """
    if value is None or (isinstance(value, str) and is_blank(value)):
        return []
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [{"id": str(value)}]
    if isinstance(value, dict):
        if any(ShareRef._aliases().get(str(key)) == "id" for key in value):
            return [value]
        return [{"id": str(key), "share": share} for key, share in value.items()]
    if isinstance(value, list):
        return [
            {"id": str(item)} if isinstance(item, str | int) and not isinstance(item, bool) else item
            for item in value
        ]
    return value


#: A list of ids served with their shares, read from any of the share forms of :func:`_share_refs`.
ShareRefs = Annotated[list[ShareRef], BeforeValidator(_share_refs)]


class Duty(Record):
    """A department duty (部门职责).

    Attributes:
        id: Id used by tasks and indicators.
        name: The duty.
        description: Longer text.
        parent: The id of the duty this one is part of (a sub-duty), if any.

    """

    id: Annotated[str, BeforeValidator(_text)]
    name: Text = None
    description: Text = None
    parent: Text = None


def _duty_ref(value: Any) -> Any:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) else v for v in value]
    return value


class Task(Record):
    """A yearly work task (年度工作任务) with its money.

    Attributes:
        id: Id used by projects and indicators.
        name: The task.
        duty: The duty id it serves, or a list of ids.
        duties: The duties it serves with the share of its money each gets (any share form:
            ``[{id, share}]``, ``{id: share}``, a list of ids); read when ``duty`` is not given.
        budget: Its money, in the document's money unit.
        description: Longer text.
        parent: The id of the task this one is part of (a sub-task), if any.

    """

    id: Annotated[str, BeforeValidator(_text)]
    name: Text = None
    duty: Annotated[str | list[str] | None, BeforeValidator(_duty_ref)] = None
    duties: ShareRefs = Field(default_factory=list)
    budget: Money = None
    description: Text = None
    parent: Text = None


class ProjectRef(Record):
    """A project named by a department plan without its full goal table.

    Attributes:
        code: 项目编码.
        name: 项目名称.
        task: The task id it serves.
        tasks: The tasks it serves with the share of its money each gets (any share form:
            ``[{id, share}]``, ``{id: share}``, a list of ids); read when ``task`` is not given.
        budget: Its money, in the plan's money unit.
        indicators: The project's own indicator rows, when the plan lists them.

    """

    code: Text = None
    name: Text = None
    task: Text = None
    tasks: ShareRefs = Field(default_factory=list)
    budget: Money = None
    indicators: list[Indicator] = Field(default_factory=list)


class PlanDepartment(OrgRef):
    """The department of a plan: ``{code, name, budget}``.

    Attributes:
        budget: The department's total budget, in the plan's money unit (what its tasks add up to).

    """

    budget: Money = None


def _year(value: Any) -> Any:
    return to_year(value)


FiscalYear = Annotated[int, BeforeValidator(_year), Field(ge=1990, le=2100)]


def _prepare_indicators(data: dict[str, Any]) -> None:
    """Hand the fiscal year to each indicator row so relative periods resolve."""
    year = to_year(data.get("fiscal_year"))
    rows = data.get("indicators")
    if isinstance(year, int) and isinstance(rows, list):
        data["indicators"] = [{**row, _FISCAL_KEY: year} if isinstance(row, dict) else row for row in rows]


def _money_unit(data: dict[str, Any]) -> str:
    unit = data.get("money_unit", "万元")
    return unit if unit in ("万元", "元") else "万元"


def _convert_all(record: Any, unit: str) -> Any:
    """Convert money texts with units inside one mapping (funds, a budget row, a task)."""
    if isinstance(record, dict):
        return {key: convert_money(value, unit) for key, value in record.items()}
    return record


class ProjectGoal(Record):
    """项目支出绩效目标申报表 — a project's goal table (``kind: project_goal``).

    Attributes:
        kind: Always ``project_goal``.
        fiscal_year: The budget year.
        project: The project.
        money_unit: ``万元`` (default) or ``元``; all money fields are in it.
        funds: 项目资金.
        goals: 实施期目标 and 年度目标.
        indicators: The 三级 indicator rows.

    """

    kind: Literal["project_goal"] = "project_goal"
    fiscal_year: FiscalYear
    project: Project
    money_unit: MoneyUnit = "万元"
    funds: Funds = Field(default_factory=Funds)
    goals: ProjectGoals = Field(default_factory=ProjectGoals)
    indicators: list[Indicator] = Field(default_factory=list)

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        data["kind"] = normalize_kind(data.get("kind", "project_goal"))
        if "funds" in data:
            data["funds"] = _convert_all(data["funds"], _money_unit(data))
        _prepare_indicators(data)
        return data


class SelfEvaluation(Record):
    """项目支出绩效自评表 — a project's self-evaluation (``kind: self_evaluation``).

    Attributes:
        kind: Always ``self_evaluation``.
        fiscal_year: The year evaluated.
        project: The project.
        money_unit: ``万元`` (default) or ``元``.
        budget: The money rows (年度资金总额, 财政拨款, 上年结转, 其他资金).
        goals: 预期目标 and 实际完成情况.
        indicators: The indicator rows with actuals and declared scores.
        declared_total: 总分 as published.
        declared_grade: 评价等级 as published (优/良/中/差 or a provincial variant).
        conclusion: 评价结论 text.
        problems: 存在问题 text.
        improvements: 改进措施 text.

    """

    kind: Literal["self_evaluation"] = "self_evaluation"
    fiscal_year: FiscalYear
    project: Project
    money_unit: MoneyUnit = "万元"
    budget: list[BudgetRow] = Field(default_factory=list)
    goals: EvaluationGoals = Field(default_factory=EvaluationGoals)
    indicators: list[EvaluationIndicator] = Field(default_factory=list)
    declared_total: Number = None
    declared_grade: Text = None
    conclusion: Text = None
    problems: Text = None
    improvements: Text = None

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        data["kind"] = normalize_kind(data.get("kind", "self_evaluation"))
        rows = data.get("budget")
        if isinstance(rows, list):
            unit = _money_unit(data)
            data["budget"] = [_convert_all(row, unit) for row in rows]
        _prepare_indicators(data)
        return data

    def budget_row(self, source: BudgetSource) -> BudgetRow | None:
        """Return the first budget row of ``source`` (``total``, ``fiscal`` …), or None."""
        return next((row for row in self.budget if row.source == source), None)


def _project_entry(value: Any) -> str:
    if isinstance(value, ProjectGoal):
        return "goal"
    if isinstance(value, dict) and normalize_kind(value.get("kind", value.get("类型"))) == "project_goal":
        return "goal"
    return "ref"


PlanProject = Annotated[
    Annotated[ProjectGoal, Tag("goal")] | Annotated[ProjectRef, Tag("ref")],
    Discriminator(_project_entry),
]


class DepartmentPlan(Record):
    """部门（单位）整体绩效目标 with its duty → task → project chain (``kind: department_plan``).

    Attributes:
        kind: Always ``department_plan``.
        fiscal_year: The budget year.
        department: The department ``{code, name, budget}``.
        money_unit: ``万元`` (default) or ``元``.
        budget: The department's total budget when not given as ``department.budget``.
        duties: 部门职责.
        tasks: 年度工作任务, each tied to one or more duties.
        projects: Full project goal documents or ``{code, name, task, budget}`` references.
        goals: 年度总体目标.
        indicators: Department-level indicator rows.

    """

    kind: Literal["department_plan"] = "department_plan"
    fiscal_year: FiscalYear
    department: Annotated[PlanDepartment, BeforeValidator(_org)]
    money_unit: MoneyUnit = "万元"
    budget: Money = None
    duties: list[Duty] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    projects: list[PlanProject] = Field(default_factory=list)
    goals: PlanGoals = Field(default_factory=PlanGoals)
    indicators: list[PlanIndicator] = Field(default_factory=list)

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        data["kind"] = normalize_kind(data.get("kind", "department_plan"))
        unit = _money_unit(data)
        duties = data.get("duties")
        if isinstance(duties, list):
            data["duties"] = [
                {"id": f"D{i}", "name": duty} if isinstance(duty, str) else duty
                for i, duty in enumerate(duties, 1)
            ]
        if isinstance(data.get("department"), dict):
            data["department"] = _convert_all(data["department"], unit)
        if "budget" in data:
            data["budget"] = convert_money(data["budget"], unit)
        for key in ("tasks", "projects"):
            items = data.get(key)
            if isinstance(items, list):
                data[key] = [
                    _convert_all(item, unit) if _project_entry(item) == "ref" else item for item in items
                ]
        goals = data.get("goals")
        if isinstance(goals, str):
            data["goals"] = {"annual": goals}
        _prepare_indicators(data)
        return data


def _kind_of(value: Any) -> str | None:
    if isinstance(value, Record):
        kind = getattr(value, "kind", None)
        return kind if isinstance(kind, str) else None
    if isinstance(value, dict):
        kind = normalize_kind(value.get("kind", value.get("类型")))
        return kind if isinstance(kind, str) else None
    return None


#: Any exchange-format document, discriminated on ``kind``.
Submission = Annotated[
    Annotated[ProjectGoal, Tag("project_goal")]
    | Annotated[SelfEvaluation, Tag("self_evaluation")]
    | Annotated[DepartmentPlan, Tag("department_plan")],
    Discriminator(
        _kind_of,
        custom_error_type="unknown_kind",
        custom_error_message="kind 应为 project_goal、self_evaluation 或 department_plan / "
        "kind must be project_goal, self_evaluation or department_plan",
    ),
]
