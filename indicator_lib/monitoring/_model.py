"""The shapes of monitoring: what ``monitoring.rules`` reads and what :func:`monitor` returns.

Decides two things. First, the rules' input (:class:`MonitorInput`): one flat row per indicator
with the annual target and the actual to date already in the same base unit (the 指标值 parser's
units, so ``≥1200万元`` and an actual of ``6500000元`` compare), the direction read from the
relation, the status of a qualitative row, and a ``problem`` when the two cannot be compared —
everything the light tables need and nothing they must parse. Rows keep the order of the document
so a finding's ``indicators[3]`` is the document's row 3. Second, the report
(:class:`MonitorReport`): per-indicator lights with the numbers and an explanation, the budget
light, the indicators' light and the project light, classified deviation causes, findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from indicator_lib.findings import Finding

__all__ = [
    "CAUSES",
    "BudgetLight",
    "Cause",
    "IndicatorLight",
    "Light",
    "MonitorInput",
    "MonitorReport",
    "MonitorRow",
]

Light = Literal["红", "黄", "绿", "蓝"]
Cause = Literal["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]

#: The deviation-cause classes of 财预〔2019〕136号, in their usual order.
CAUSES: tuple[Cause, ...] = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")

#: English names of the lights, for JSON consumers and English messages.
LIGHT_EN: dict[str, str] = {"红": "red", "黄": "yellow", "绿": "green", "蓝": "blue"}


class MonitorRow(BaseModel):
    """One indicator as ``monitoring.rules`` sees it.

    Attributes:
        name: 三级指标.
        level1: 一级指标 (normalised).
        kind: ``定量`` (compared by number) or ``定性`` (by status).
        direction: ``正向`` (≥, >, or no relation), ``反向`` (≤, <) or ``等于`` (=).
        dimension: The unit's dimension (``count``, ``money``, ``ratio`` …), or None.
        prorate: The row's own say on time-proration (None: the ruleset decides by dimension).
        target: The annual target in base units.
        actual: The actual to date in base units.
        status: A qualitative row's status: ``达成``, ``部分达成``, ``未达成``, or None.
        problem: Why target and actual cannot be compared (Chinese), or None.
        cause: The deviation cause class, or None.

    """

    model_config = ConfigDict(frozen=True)

    name: str | None = None
    level1: str | None = None
    kind: Literal["定量", "定性"] = "定量"
    direction: Literal["正向", "反向", "等于"] = "正向"
    dimension: str | None = None
    prorate: bool | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    status: Literal["达成", "部分达成", "未达成"] | None = None
    problem: str | None = None
    cause: Cause | None = None


class MonitorInput(BaseModel):
    """The input of ``monitoring.rules``: the month, the indicator rows, the budget.

    Attributes:
        month: The monitoring month (1–12): data are up to the end of it.
        indicators: One row per indicator, in document order.
        budget_adjusted: 全年预算数 (the year's budget).
        budget_executed: Executed up to the end of ``month``.

    """

    model_config = ConfigDict(frozen=True)

    month: int = Field(ge=1, le=12)
    indicators: list[MonitorRow] = Field(default_factory=list)
    budget_adjusted: Decimal | None = None
    budget_executed: Decimal | None = None


class IndicatorLight(BaseModel):
    """The light of one indicator.

    Attributes:
        path: ``indicators[i]`` in the document.
        name: 三级指标.
        level1: 一级指标.
        kind: ``定量`` or ``定性``.
        direction: ``正向``, ``反向`` or ``等于``.
        target: The annual target as written.
        actual: The actual to date as written.
        prorated: The target was prorated by time (``month / 12``).
        expected: What should be reached by now, in base units (quantitative rows).
        value: The progress value v (2 places, half up), or None.
        status: A qualitative row's status.
        light: ``红``, ``黄``, ``绿``, ``蓝``, or None when it cannot be decided.
        light_en: The light in English.
        cause: The deviation cause class, or None.
        cause_inferred: True when ``cause`` was read from the deviation text, not declared.
        deviation: 偏差原因 as written.
        explanation: How the light was reached (Chinese).

    """

    model_config = ConfigDict(frozen=True)

    path: str
    name: str | None
    level1: str | None
    kind: Literal["定量", "定性"]
    direction: Literal["正向", "反向", "等于"]
    target: str | None
    actual: str | None
    prorated: bool
    expected: Decimal | None
    value: Decimal | None
    status: str | None
    light: Light | None
    light_en: str | None
    cause: Cause | None
    cause_inferred: bool
    deviation: str | None
    explanation: str


class BudgetLight(BaseModel):
    """The light of the budget execution.

    Attributes:
        adjusted: 全年预算数, in the document's money unit.
        executed: Executed to date.
        execution_rate: executed / adjusted (4 places, half up), or None.
        time_progress: month / 12 (4 places, half up).
        value: execution_rate / time_progress × 100 (2 places, half up), or None.
        light: ``红``, ``黄``, ``绿``, or None when the budget is missing.
        light_en: The light in English.
        reason: Why execution lags, as written (the budget rows' 原因).
        cause: Its class, or None.
        explanation: How the light was reached (Chinese).

    """

    model_config = ConfigDict(frozen=True)

    adjusted: Decimal | None
    executed: Decimal | None
    execution_rate: Decimal | None
    time_progress: Decimal
    value: Decimal | None
    light: Light | None
    light_en: str | None
    reason: str | None
    cause: Cause | None
    explanation: str


class MonitorReport(BaseModel):
    """The monitoring of one project at one month.

    Attributes:
        source: Where the document came from.
        project: 项目名称.
        code: 项目编码.
        department: 主管部门.
        fiscal_year: The year.
        month: The monitoring month.
        money_unit: The document's money unit.
        indicators: One light per indicator, in document order.
        budget: The budget light.
        indicator_light: The worst indicator light.
        project_light: The project light (worst of the indicators and, by default, the budget).
        project_light_en: The project light in English.
        counts: Number of indicators per light (``无`` for undecided).
        causes: Number of red/yellow indicators per deviation cause.
        findings: Red, yellow and blue lights, missing actuals and causes, problems.
        ruleset: The ruleset used.

    """

    model_config = ConfigDict(frozen=True)

    source: str
    project: str
    code: str | None
    department: str | None
    fiscal_year: int
    month: int
    money_unit: str
    indicators: list[IndicatorLight]
    budget: BudgetLight
    indicator_light: Light | None
    project_light: Light | None
    project_light_en: str | None
    counts: dict[str, int]
    causes: dict[str, int]
    findings: list[Finding]
    ruleset: str
