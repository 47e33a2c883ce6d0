from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicator_lib.errors import SubmissionLoadError
from indicator_lib.submissions import (
    DepartmentPlan,
    ProjectGoal,
    ProjectRef,
    SelfEvaluation,
    load_submission,
    models,
)
from indicator_lib.submissions._aliases import FIELD_ALIASES, norm_key


def goal(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": "project_goal", "fiscal_year": 2023, "project": {"name": "雾炮车"}}
    doc.update(over)
    return doc


ALIAS_CASES = [
    (record, field, alias)
    for record, table in FIELD_ALIASES.items()
    for field, aliases in table.items()
    for alias in aliases
]


@pytest.mark.parametrize(("record", "field", "alias"), ALIAS_CASES)
def test_every_alias_maps_to_its_field(record: str, field: str, alias: str) -> None:
    cls = getattr(models, record)
    assert cls._aliases()[norm_key(alias)] == field
    # every alias target is a model field, except the split-column parts of a target
    assert field in cls.model_fields or field in ("op", "unit")


def test_chinese_headings_fill_the_fields() -> None:
    doc = load_submission(
        {
            "kind": "self_evaluation",
            "年度": "2019年度",
            "项目": {
                "项目名称": "临时救助",
                "主管部门": "[155]濉溪县民政局",
                "实施单位": "219001-某镇人民政府",
            },
            "项目资金": [
                {"source": "其中:本年财政拨款", "年初预算数": 30, "全年预算数(A)": 30, "全年执行数(B)": 29.5},
            ],
            "年度总体目标": {"年初设定目标": "解决临时性困难", "年度总体目标完成情况综述": "完成"},
            "绩效指标": [
                {
                    "一级指标": "产出指标(50分)",
                    "二级指标": "数量指标",
                    "三级指标": "救助人次",
                    "年度指标值": ">=59人次",
                    "实际完成值": "87人次",
                    "分值": 5,
                    "得分": "5",
                    "偏差原因分析及改进措施": "无偏差",
                }
            ],
            "总分": 100,
            "评价等级": "优",
        }
    )
    assert isinstance(doc, SelfEvaluation)
    assert doc.fiscal_year == 2019
    assert doc.project.department is not None
    assert (doc.project.department.code, doc.project.department.name) == ("155", "濉溪县民政局")
    assert doc.project.unit is not None and doc.project.unit.code == "219001"
    row = doc.budget[0]
    assert (row.source, row.initial, row.adjusted, row.executed) == ("fiscal", 30, 30, Decimal("29.5"))
    assert doc.goals.expected == "解决临时性困难" and doc.goals.achieved == "完成"
    ind = doc.indicators[0]
    assert (ind.level1, ind.level1_raw) == ("产出指标", "产出指标(50分)")
    assert ind.target is not None and ind.target.op == ">=" and ind.target.raw == ">=59人次"
    assert ind.actual is not None and ind.actual.value == 87
    assert (ind.weight, ind.declared_score) == (5, 5)
    assert ind.deviation == "无偏差"
    assert (doc.declared_total, doc.declared_grade) == (100, "优")


def test_unknown_level_is_kept_as_written() -> None:
    doc = load_submission(
        goal(indicators=[{"level1": "项目效果", "level2": "奇怪指标", "name": "x", "target": "1个"}])
    )
    ind = doc.indicators[0]
    assert ind.level1 == "效益指标"  # alias from levels.py
    assert (ind.level2, ind.level2_raw) == ("奇怪指标", "奇怪指标")


def test_unknown_keys_are_kept_and_listed() -> None:
    doc = load_submission(
        goal(
            联系人="[name]",
            project={"name": "x", "项目负责人": "张"},
            indicators=[{"name": "a", "指标解释2": "y"}],
        )
    )
    assert doc.extra == {"联系人": "[name]"}
    assert doc.unknown_fields() == ["联系人", "project.项目负责人", "indicators[0].指标解释2"]


def test_field_given_twice_with_different_values_is_an_error() -> None:
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(goal(project={"name": "a", "项目名称": "b"}))
    assert info.value.diagnostics[0].code == "duplicate-field"
    assert info.value.diagnostics[0].field == "project"


def test_money_with_units_is_converted_to_the_document_unit() -> None:
    doc = load_submission(goal(funds={"total": "250万", "fiscal": "2,000,000元", "other": "-"}))
    assert isinstance(doc, ProjectGoal)
    assert (doc.funds.total, doc.funds.fiscal, doc.funds.other) == (250, 200, None)
    doc_yuan = load_submission(goal(money_unit="元", funds={"total": "250万元", "fiscal": 89.974}))
    assert isinstance(doc_yuan, ProjectGoal)
    assert doc_yuan.funds.total == 2500000
    assert doc_yuan.funds.fiscal == Decimal("89.974")  # float goes through repr, not binary


def test_split_target_form_and_columns() -> None:
    doc = load_submission(
        goal(
            indicators=[
                {"name": "a", "target": {"op": "≥", "value": 95, "unit": "%"}},
                {"name": "b", "指标性质": "﹦", "指标值": "72890", "度量单位": "元"},
                {"name": "c", "指标值类型": "定量", "指标值": "28.8万元", "计量单位": "%"},
                {"name": "d", "指标性质": "定性", "指标值": "应保尽保"},
            ]
        )
    )
    a, b, c, d = (i.target for i in doc.indicators)
    assert a is not None and (a.op, a.value, a.unit) == (">=", 95, "%")
    assert b is not None and (b.op, b.value, b.unit) == ("=", 72890, "元")
    assert c is not None and "unit-conflict" in c.warning_codes
    assert doc.indicators[2].value_type == "定量"
    assert doc.indicators[3].value_type == "定性" and d is not None and d.kind == "qualitative"


def test_unit_column_applies_to_the_actual() -> None:
    doc = load_submission(
        {
            "kind": "self_evaluation",
            "fiscal_year": 2020,
            "project": {"name": "x"},
            "indicators": [{"name": "a", "指标性质": "≥", "指标值": 95, "度量单位": "%", "实际完成值": 96}],
        }
    )
    actual = doc.indicators[0].actual
    assert actual is not None and actual.unit == "%" and actual.value == 96


def test_relative_period_targets_use_the_fiscal_year() -> None:
    doc = load_submission(goal(fiscal_year=2025, indicators=[{"name": "完成时限", "target": "年底前"}]))
    target = doc.indicators[0].target
    assert target is not None and target.end is not None and target.end.year == 2025


def test_star_marks_a_core_indicator() -> None:
    doc = load_submission(
        goal(indicators=[{"name": "★农村低保标准"}, {"name": "普通", "core": "★"}, {"name": "n"}])
    )
    assert [i.core for i in doc.indicators] == [True, True, False]


def test_period_forms() -> None:
    p1 = load_submission(goal(project={"name": "x", "period": "2023.07-2024.01"})).project.period
    p2 = load_submission(
        goal(project={"name": "x", "实施期": {"start": "202001", "end": "2020-12"}})
    ).project.period
    assert p1 is not None and (p1.start.isoformat(), p1.end.isoformat()) == ("2023-07-01", "2024-01-31")  # type: ignore[union-attr]
    assert p2 is not None and (p2.start.isoformat(), p2.end.isoformat()) == ("2020-01-01", "2020-12-31")  # type: ignore[union-attr]


def test_department_plan_chain() -> None:
    doc = load_submission(
        {
            "kind": "department_plan",
            "fiscal_year": 2024,
            "department": "[205]某市教育局",
            "duties": ["负责学生资助", {"id": "D9", "name": "负责校舍安全"}],
            "tasks": [
                {"id": "T1", "name": "资助", "duty": "D1", "budget": "360万元"},
                {"id": "T2", "duty": ["D1", "D9"]},
            ],
            "projects": [
                {"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "资助项目", "task": "T1"}},
                {"code": "P2", "name": "校舍维修", "task": "T2", "budget": 80},
            ],
            "goals": "保障资助应助尽助",
            "indicators": [{"name": "资助人数", "target": "≥1200人", "task": "T1"}],
        }
    )
    assert isinstance(doc, DepartmentPlan)
    assert (doc.department.code, doc.department.name) == ("205", "某市教育局")
    assert [d.id for d in doc.duties] == ["D1", "D9"]
    assert doc.tasks[0].budget == 360 and doc.tasks[1].duty == ["D1", "D9"]
    assert isinstance(doc.projects[0], ProjectGoal) and isinstance(doc.projects[1], ProjectRef)
    assert doc.goals.annual == "保障资助应助尽助"
    assert doc.indicators[0].task == "T1"


def test_kind_from_a_chinese_title() -> None:
    assert isinstance(load_submission(goal(kind="项目支出绩效目标申报表")), ProjectGoal)
    doc = load_submission({"kind": "项目支出绩效自评表", "fiscal_year": 2022, "project": {"name": "x"}})
    assert isinstance(doc, SelfEvaluation)
