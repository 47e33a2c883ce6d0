"""``DepartmentOverall``: the measured values the department-overall ruleset scores.

Decides the input of ``catalogs/rules/department_overall.rules`` — the 2013 common framework for
部门整体支出绩效评价 (投入 · 过程 · 产出 · 效果) with its deduction rules. Fields are the raw
counts and amounts a department reports (the ruleset computes every rate, so a result explains
itself), plus the few judged items as a fraction 0–1 of their points (an evaluator's judgement of
e.g. 预算管理 制度健全性). Money is in 万元; a missing value is None and its score line says
why it could not be computed. This module imports only pydantic, not networkx.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["DepartmentOverall", "overall_ruleset"]


class DepartmentOverall(BaseModel):
    """One department's year, as the department-overall framework measures it.

    Attributes:
        department: The department's name.
        fiscal_year: The year evaluated.
        goal_reasonableness: 绩效目标合理性, judged 0–1.
        indicator_clarity: 绩效指标明确性, judged 0–1.
        staff_actual: 实有在职人数.
        staff_authorised: 编制人数.
        three_public_this_year: 本年度"三公经费"支出 (万元).
        three_public_last_year: 上年度"三公经费"支出 (万元).
        three_public_budget: 本年度"三公经费"预算安排数 (万元).
        key_spending: 重点项目支出 (万元).
        project_spending: 项目总支出 (万元).
        budget: 预算数 (万元).
        budget_completed: 预算完成数 (万元).
        budget_adjusted: 预算调整数 (万元).
        payment_progress_actual: 实际支付进度 (0–1).
        payment_progress_planned: 既定支付进度 (0–1).
        carryover: 结转结余总额 (万元).
        public_spending_actual: 实际支出公用经费 (万元).
        public_spending_budget: 预算安排公用经费 (万元).
        procurement_actual: 实际政府采购金额 (万元).
        procurement_budget: 政府采购预算数 (万元).
        budget_management: 预算管理 (制度健全性, 资金使用合规性, 信息公开, 基础信息), judged 0–1.
        asset_management: 资产管理 (制度健全性, 安全性, 固定资产利用), judged 0–1.
        work_planned: 计划工作数.
        work_done: 实际完成工作数.
        work_on_time: 及时完成工作数.
        work_quality_ok: 质量达标工作数.
        key_work_assigned: 交办或下达的重点工作数.
        key_work_done: 办结的重点工作数.
        benefit: 履职效益 (经济/社会/生态/可持续), judged 0–1.
        satisfaction: 社会公众或服务对象满意度 (0–1).

    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    department: str = ""
    fiscal_year: int | None = None
    goal_reasonableness: Decimal | None = None
    indicator_clarity: Decimal | None = None
    staff_actual: Decimal | None = None
    staff_authorised: Decimal | None = None
    three_public_this_year: Decimal | None = None
    three_public_last_year: Decimal | None = None
    three_public_budget: Decimal | None = None
    key_spending: Decimal | None = None
    project_spending: Decimal | None = None
    budget: Decimal | None = None
    budget_completed: Decimal | None = None
    budget_adjusted: Decimal | None = None
    payment_progress_actual: Decimal | None = None
    payment_progress_planned: Decimal | None = None
    carryover: Decimal | None = None
    public_spending_actual: Decimal | None = None
    public_spending_budget: Decimal | None = None
    procurement_actual: Decimal | None = None
    procurement_budget: Decimal | None = None
    budget_management: Decimal | None = None
    asset_management: Decimal | None = None
    work_planned: Decimal | None = None
    work_done: Decimal | None = None
    work_on_time: Decimal | None = None
    work_quality_ok: Decimal | None = None
    key_work_assigned: Decimal | None = None
    key_work_done: Decimal | None = None
    benefit: Decimal | None = None
    satisfaction: Decimal | None = None


def overall_ruleset(name: str = "department_overall") -> Any:
    """Return the compiled department-overall ruleset (input :class:`DepartmentOverall`).

    Args:
        name: A shipped or registered ruleset name (a province's variant may ``extends`` it).

    Returns:
        The compiled ruleset; ``evaluate(DepartmentOverall(...))`` scores one department.

    Raises:
        RuleSyntaxError: The ruleset text does not parse.
        RuleCheckError: The ruleset does not check against ``DepartmentOverall``.

    """
    from indicator_lib.rules import load_ruleset

    return load_ruleset(name, input=DepartmentOverall)
