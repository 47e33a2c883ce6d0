"""Every structural check: one plan that triggers it, and the clean plan that does not."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from indicator_lib.graph import CHECKS, build_graph
from tests.graph.graph_support import DATA, build, rules_of

Plan = dict[str, Any]


def _project_without_task(p: Plan) -> None:
    p["projects"].append({"code": "P9", "name": "无任务项目", "budget": 5})


def _task_without_duty(p: Plan) -> None:
    del p["tasks"][3]["duty"]


def _duty_without_task(p: Plan) -> None:
    p["duties"].append({"id": "D4", "name": "校园安全管理"})


def _task_without_project(p: Plan) -> None:
    p["tasks"].append({"id": "T5", "name": "课后服务", "duty": "D1"})


def _dangling_reference(p: Plan) -> None:
    p["projects"][0]["task"] = "T11"


def _cycle(p: Plan) -> None:
    p["tasks"].append({"id": "T5", "name": "甲", "parent": "T6"})
    p["tasks"].append({"id": "T6", "name": "乙", "parent": "T5"})


def _budget_mismatch_task(p: Plan) -> None:
    p["tasks"][2]["budget"] = 261


def _budget_mismatch_department(p: Plan) -> None:
    p["department"]["budget"] = 10000


def _duty_without_indicator(p: Plan) -> None:
    p["indicators"] = [row for row in p["indicators"] if row.get("task") != "T4"]


def _orphan_indicator(p: Plan) -> None:
    p["indicators"].append(
        {"level1": "产出指标", "level2": "时效指标", "name": "按时完成率", "target": "100%"}
    )


def _share_not_one(p: Plan) -> None:
    p["projects"][1]["tasks"][1]["share"] = 0.9


def _duplicate_id(p: Plan) -> None:
    p["duties"].append({"id": "D1", "name": "重复职责"})


MUTATIONS: dict[str, Callable[[Plan], None]] = {
    "project_without_task": _project_without_task,
    "task_without_duty": _task_without_duty,
    "duty_without_task": _duty_without_task,
    "task_without_project": _task_without_project,
    "dangling_reference": _dangling_reference,
    "cycle": _cycle,
    "budget_mismatch_task": _budget_mismatch_task,
    "budget_mismatch_department": _budget_mismatch_department,
    "duty_without_indicator": _duty_without_indicator,
    "orphan_indicator": _orphan_indicator,
    "share_not_one": _share_not_one,
    "duplicate_id": _duplicate_id,
}


def test_every_check_has_a_mutation() -> None:
    assert {c.id for c in CHECKS} == set(MUTATIONS)


def test_clean_plan_has_no_finding(plan: Plan) -> None:
    assert build(plan).check() == []


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_check_triggers(plan: Plan, rule: str) -> None:
    MUTATIONS[rule](plan)
    findings = [f for f in build(plan).check() if f.rule == rule]
    assert findings, rule
    for f in findings:
        assert f.message and f.message_en and f.path
        assert f.label and f.label != f.rule
        expected = "warning" if rule in ("task_without_project", "orphan_indicator") else "error"
        assert f.severity == expected


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_check_silent_on_clean_plan(plan: Plan, rule: str) -> None:
    assert rule not in rules_of(build(plan))


def test_problem_example_shows_every_documented_problem() -> None:
    rules = set(rules_of(build_graph(DATA / "problems.yaml")))
    assert rules == set(MUTATIONS) - {"duplicate_id"}


def test_paths_name_the_offending_row(plan: Plan) -> None:
    _dangling_reference(plan)
    _task_without_duty(plan)
    found = {f.rule: f for f in build(plan).check()}
    assert found["dangling_reference"].path == "projects[0].task"
    assert found["task_without_duty"].path == "tasks[3]"


def test_dangling_reference_suggests_near_id(plan: Plan) -> None:
    plan["projects"][0]["task"] = "T11"
    (f,) = [f for f in build(plan).check() if f.rule == "dangling_reference"]
    assert "「T1」" in f.message and "'T1'" in f.message_en


def test_dangling_reference_by_name_points_to_the_id(plan: Plan) -> None:
    plan["indicators"][2]["duty"] = "学生资助与营养改善"
    (f,) = [f for f in build(plan).check() if f.rule == "dangling_reference"]
    assert "D2" in f.message and f.path == "indicators[2].duty"


def test_cycle_message_names_the_ring(plan: Plan) -> None:
    _cycle(plan)
    (f,) = [f for f in build(plan).check() if f.rule == "cycle"]
    assert "T5 → T6 → T5" in f.message


def test_budget_mismatch_explains_the_sum(plan: Plan) -> None:
    _budget_mismatch_task(plan)
    (f,) = [f for f in build(plan).check() if f.rule == "budget_mismatch_task"]
    assert f.path == "tasks[2].budget"
    assert "少 1 万元" in f.message
    assert f.explanation == "P2024-003:260×1 = 260 ≠ 261"


def test_budget_within_tolerance_is_not_a_mismatch(plan: Plan) -> None:
    plan["tasks"][2]["budget"] = "260.005"
    assert "budget_mismatch_task" not in rules_of(build(plan))
    strict = build_graph(plan, tolerance=Decimal(0))
    assert "budget_mismatch_task" in rules_of(strict)


def test_money_in_yuan_is_converted(plan: Plan) -> None:
    plan["money_unit"] = "元"
    for row in plan["tasks"] + plan["projects"]:
        row["budget"] = row["budget"] * 10000
    plan["department"]["budget"] *= 10000
    graph = build(plan)
    assert graph.check() == []
    assert graph.graph.nodes["task:T3"]["budget"] == Decimal(260)


def test_subtask_money_counts_toward_parent(plan: Plan) -> None:
    plan["tasks"].append({"id": "T3a", "name": "营养餐", "parent": "T3", "budget": 40})
    plan["tasks"][2]["budget"] = 300
    plan["projects"].append({"code": "P2024-005", "name": "营养改善计划", "task": "T3a", "budget": 40})
    plan["department"]["budget"] = 10520
    assert rules_of(build(plan)) == []


def test_unstated_shares_split_equally(plan: Plan) -> None:
    plan["projects"][1]["tasks"] = [{"id": "T1"}, {"id": "T2"}]
    graph = build(plan)
    assert graph.graph.edges["task:T1", "project:P2024-002"]["share"] == Decimal("0.5")
    assert "share_not_one" not in rules_of(graph)


def test_findings_come_in_check_order() -> None:
    order = {c.id: i for i, c in enumerate(CHECKS)}
    rules = rules_of(build_graph(DATA / "problems.yaml"))
    assert [order[r] for r in rules] == sorted(order[r] for r in rules)
