from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from indicator_lib.errors import SubmissionLoadError
from indicator_lib.submissions import (
    DepartmentPlan,
    ProjectGoal,
    SelfEvaluation,
    load_submission,
    load_submissions,
)
from tests.submissions import submissions_xlsx as L


def read(tmp: Path, layout: L.Layout, **kw: object) -> object:
    return load_submission(L.build(tmp / "t.xlsx", ("Sheet1", layout)), **kw)  # type: ignore[arg-type]


def test_central_selfeval(tmp_path: Path) -> None:
    doc = read(tmp_path, L.CENTRAL_SELFEVAL)
    assert isinstance(doc, SelfEvaluation)
    assert doc.fiscal_year == 2022 and doc.money_unit == "万元"
    assert doc.project.name == "委托业务项目"
    assert doc.project.department is not None and doc.project.department.code == "219"
    assert [b.source for b in doc.budget] == ["total", "fiscal", "carryover", "other"]
    assert doc.budget[1].adjusted == Decimal("89.974") and doc.budget[0].weight == 10
    assert doc.goals.expected == "本项目共申请预算资金90万元。"
    assert doc.goals.achieved == "本项目共完成预算资金89.97万元。"
    names = [i.name for i in doc.indicators]
    assert (
        names[0] == "基建工程委托业务项目数量" and len(names) == 6
    )  # the empty 经济效益指标 row is template
    # merged cells filled down the hierarchy
    assert [i.level2 for i in doc.indicators[:4]] == ["数量指标", "质量指标", "质量指标", "成本指标"]
    assert {i.level1 for i in doc.indicators[:4]} == {"产出指标"}
    assert doc.indicators[0].level1_raw == "产出指标(50分)"
    assert doc.indicators[-1].level2 == "服务对象满意度指标"
    assert doc.declared_total == 90


def test_sichuan_split_columns(tmp_path: Path) -> None:
    doc = read(tmp_path, L.SICHUAN_SELFEVAL)
    assert isinstance(doc, SelfEvaluation)
    assert (doc.project.code, doc.project.name) == ("51000021R000000019951", "工资性支出")
    assert doc.project.unit is not None and doc.project.unit.name == "青神县发展和改革局"
    target = doc.indicators[0].target
    assert target is not None and (target.op, target.value, target.unit) == ("=", 100, "%")
    assert doc.indicators[0].weight == 60 and doc.indicators[0].actual is None
    assert [b.source for b in doc.budget] == ["total", "fiscal", "special_account", "unit", "other"]
    assert doc.budget[1].weight is None  # "/" placeholder
    assert doc.declared_total is None  # 合计 row has no 得分


def test_yunnan_two_row_header(tmp_path: Path) -> None:
    doc = read(tmp_path, L.YUNNAN_SELFEVAL)
    assert isinstance(doc, SelfEvaluation)
    first = doc.indicators[0]
    assert first.target is not None and (first.target.op, first.target.value, first.target.unit) == (
        "=",
        72890,
        "元",
    )
    assert first.actual is not None and first.actual.unit == "元"
    assert (first.weight, first.declared_score) == (10, 9)
    assert doc.indicators[1].level1 == "产出指标"  # merged A9:A10
    assert doc.indicators[-1].declared_score is None


def test_hunan_goal(tmp_path: Path) -> None:
    doc = read(tmp_path, L.HUNAN_GOAL)
    assert isinstance(doc, ProjectGoal)
    assert doc.fiscal_year == 2023 and doc.project.name == "雾炮车降尘抑尘服务"
    assert (doc.funds.fiscal, doc.funds.superior) == (250, 0)
    assert doc.project.period is not None and doc.project.period.start is not None
    assert doc.goals.long_term and doc.goals.annual
    assert len(doc.indicators) == 7
    assert doc.indicators[1].level2 == "数量指标" and doc.indicators[1].basis == "计划标准"
    assert doc.indicators[-1].level2 == "服务对象满意度指标"


def test_hubei_long_and_annual_columns(tmp_path: Path) -> None:
    doc = read(tmp_path, L.HUBEI_GOAL)
    assert isinstance(doc, ProjectGoal)
    assert doc.project.department is not None and doc.project.department.code == "015001"
    assert (doc.funds.total, doc.funds.fiscal) == (10000, 10000)
    assert doc.goals.long_term is not None and doc.goals.annual is not None
    assert next(i.name for i in doc.indicators) == "重点建设工程安排数量"
    assert doc.indicators[0].extra == {}  # a 长期 column repeating the 年度 value is not kept twice
    assert doc.project.period is not None and doc.project.period.end is not None
    assert doc.project.period.end.isoformat() == "2020-12-31"


def test_label_and_number_in_one_cell(tmp_path: Path) -> None:
    doc = read(tmp_path, L.HUBEI_GOAL_A)
    assert isinstance(doc, ProjectGoal)
    assert (doc.funds.total, doc.funds.superior) == (16, 16)


def test_unitwide_goal_is_a_department_plan(tmp_path: Path) -> None:
    doc = read(tmp_path, L.UNITWIDE_GOAL)
    assert isinstance(doc, DepartmentPlan)
    assert doc.department.name == "岳阳楼区价格认证鉴定中心"
    assert doc.duties[0].name == "负责价格认定工作"
    assert doc.goals.annual == "做好涉案、价格认定工作。"
    first = doc.indicators[0]
    assert first.value_type == "定量" and first.explanation and first.scoring_standard
    assert first.target is not None and "unit-conflict" in first.target.warning_codes
    assert len(doc.indicators) == 3


def test_anhui_goal(tmp_path: Path) -> None:
    doc = read(tmp_path, L.ANHUI_GOAL)
    assert isinstance(doc, ProjectGoal)
    assert doc.project.department is not None and doc.project.department.code == "077"
    assert (doc.funds.total, doc.funds.fiscal, doc.funds.carryover) == (5, 5, 0)
    assert doc.project.extra == {"项目来源": "本级申报项目", "项目期": "1年"}
    assert doc.indicators[-1].level2 == "服务对象满意度指标"


def test_kind_and_year_can_be_given(tmp_path: Path) -> None:
    rows, merges = L.ANHUI_GOAL
    layout = ([["项目支出绩效目标表"], *rows[1:]], merges)
    with pytest.raises(SubmissionLoadError) as info:
        read(tmp_path, layout)
    assert info.value.diagnostics[0].field == "fiscal_year"
    assert read(tmp_path, layout, fiscal_year=2025).fiscal_year == 2025  # type: ignore[attr-defined]


def test_sheet_without_header(tmp_path: Path) -> None:
    path = L.build(tmp_path / "nohdr.xlsx", ("说明", L.NO_HEADER))
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    diag = info.value.diagnostics[0]
    assert diag.code == "no-header" and diag.file == str(path) and "说明" in diag.message
    assert "sheet '说明'" in diag.message_en


def test_bad_cell_names_sheet_and_row(tmp_path: Path) -> None:
    rows, merges = L.YUNNAN_SELFEVAL
    rows = [list(r) for r in rows]
    rows[9][7] = "二十"  # 分值 of the second indicator, sheet row 10
    with pytest.raises(SubmissionLoadError) as info:
        read(tmp_path, (rows, merges))
    diag = info.value.diagnostics[0]
    assert diag.field == "indicators[1].weight" and diag.line == 10 and diag.column == 8
    assert "工作表「Sheet1」第 10 行" in diag.message


def test_workbook_with_several_sheets(tmp_path: Path) -> None:
    path = L.build(tmp_path / "two.xlsx", ("A", L.HUBEI_GOAL_A), ("B", L.HUBEI_GOAL), ("说明", L.NO_HEADER))
    assert load_submission(path).project.name == "农村义务教育薄弱学校改造补助资金"  # type: ignore[union-attr]
    assert load_submission(path, sheet="B").project.name == "教育系统基础设施建设和设备购置"  # type: ignore[union-attr]
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path, sheet="C")
    assert info.value.code == "no-such-sheet"
    result = load_submissions([path])
    assert [d.source.split("#")[1] for d in result.documents] == ["A", "B"]
    assert [k.split("#")[1] for k in result.errors] == ["说明"]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    assert info.value.code == "bad-excel"
