"""绩效运行监控: every light band at its exact boundaries, reverse/equal rows, proration, the
worst-light rule, budget lights, causes, month validation, custom rulesets, bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.errors import IndicatorLibError, SubmissionLoadError
from indicator_lib.monitoring import InvalidMonthError, MonitorReport, classify_cause, declared_cause, monitor

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monitoring" / "jiaoyu_zizhu_2024_07.yaml"


def snapshot(
    *rows: dict[str, Any], budget: tuple[Any, Any] | None = (100, 100), **more: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "kind": "monitoring",
        "fiscal_year": 2024,
        "project": {"name": "测试项目", "code": "T-1", "department": {"name": "测试局"}},
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": f"指标{i}", **r} for i, r in enumerate(rows)
        ],
        **more,
    }
    if budget is not None:
        doc["budget"] = [{"source": "total", "adjusted": budget[0], "executed": budget[1]}]
    return doc


def light_of(target: str, actual: str, month: int = 12, **row: Any) -> tuple[str | None, Decimal | None]:
    report = monitor(snapshot({"target": target, "actual": actual, **row}), month=month)
    return report.indicators[0].light, report.indicators[0].value


# ---- output indicators: v = actual / (target × month / 12) × 100 ------------------------------------


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("0", "红"),
        ("59.99", "红"),
        ("60", "黄"),
        ("79.99", "黄"),
        ("80", "绿"),
        ("100", "绿"),
        ("119.99", "绿"),
        ("120", "蓝"),
        ("500", "蓝"),
    ],
)
def test_output_bands_exact_boundaries(actual: str, light: str) -> None:
    assert light_of("≥100个", actual)[0] == light


def test_target_is_prorated_by_month() -> None:
    assert light_of("≥1200人", "600人", month=6) == ("绿", Decimal("100.00"))
    assert light_of("≥1200人", "419人", month=7) == ("红", Decimal("59.86"))
    assert light_of("≥1200人", "420人", month=7) == ("黄", Decimal("60.00"))
    report = monitor(snapshot({"target": "≥1200人", "actual": "420人"}), month=7)
    row = report.indicators[0]
    assert row.prorated and row.expected == Decimal(700)
    assert "1200 × 7/12 = 700" in row.explanation and row.explanation.endswith("黄灯")


def test_ratio_rate_and_points_are_not_prorated() -> None:
    assert light_of("≥95%", "95%", month=3) == ("绿", Decimal("100.00"))
    assert light_of("≥3次/年", "3次/年", month=3)[0] == "绿"
    assert light_of("≥90分", "91分", month=1)[0] == "绿"
    # a row may say otherwise
    assert light_of("≥95%", "95%", month=6, prorate=True)[0] == "蓝"
    assert light_of("≥1200人", "600人", month=6, 按进度折算="否")[0] == "红"


def test_units_convert_to_base() -> None:
    assert light_of("≥1200万元", "6500000元", month=6) == ("绿", Decimal("108.33"))
    assert light_of("≥1200万元", "7200000元", month=6) == ("蓝", Decimal("120.00"))


# ---- reverse and equal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("0", "绿"),
        ("50", "绿"),  # far under a cap: green, never blue
        ("100", "绿"),
        ("125", "绿"),  # v = 80
        ("126", "黄"),  # v = 79.37
        ("166", "黄"),  # v = 60.24
        ("167", "红"),  # v = 59.88
    ],
)
def test_reverse_indicator(actual: str, light: str) -> None:
    assert light_of("≤100元/人", actual)[0] == light


def test_reverse_cumulative_cap_is_prorated() -> None:
    # ≤ 120 万元 over the year: by June the cap to date is 60; spent 75 → v = 80 → 绿; 76 → 黄
    assert light_of("≤120万元", "75万元", month=6)[0] == "绿"
    assert light_of("≤120万元", "76万元", month=6)[0] == "黄"


def test_equal_and_zero_targets() -> None:
    assert light_of("=100个", "100", month=12)[0] == "绿"
    assert light_of("=0起", "0起")[0] == "绿"
    assert light_of("=0起", "2起")[0] == "红"


# ---- qualitative ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("达成", "绿"),
        ("达成年度指标", "绿"),
        ("完成", "绿"),
        ("部分达成", "黄"),
        ("部分达成年度指标并具有一定效果", "黄"),
        ("未达成", "红"),
        ("未完成", "红"),
        ("否", "红"),
    ],
)
def test_qualitative(actual: str, light: str) -> None:
    assert light_of("显著提高", actual)[0] == light


def test_qualitative_declared_status_and_unknown() -> None:
    assert light_of("显著提高", "有所提高", status="部分达成")[0] == "黄"
    report = monitor(snapshot({"target": "显著提高", "actual": "有所提高"}), month=7)
    assert report.indicators[0].light is None
    assert [f.rule for f in report.findings] == ["status_unknown"]


# ---- budget: execution% / time% × 100 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "month", "light"),
    [
        ("59.99", 12, "红"),
        ("60", 12, "黄"),
        ("79.99", 12, "黄"),
        ("80", 12, "绿"),
        ("100", 12, "绿"),
        ("34.99", 7, "红"),  # 34.99% / (7/12) = 59.98
        ("35", 7, "黄"),  # 35% / (7/12) = 60 exactly
        ("46.67", 7, "绿"),  # 80.01
    ],
)
def test_budget_bands(executed: str, month: int, light: str) -> None:
    report = monitor(snapshot({"target": "≥1个", "actual": "1"}, budget=(100, executed)), month=month)
    assert report.budget.light == light


def test_budget_missing_and_explanation() -> None:
    report = monitor(snapshot({"target": "≥1个", "actual": "1"}, budget=None), month=7)
    assert report.budget.light is None
    assert "budget_missing" in [f.rule for f in report.findings]
    report = monitor(snapshot({"target": "≥12个", "actual": "7"}, budget=(1200, 560)), month=7)
    assert report.budget.execution_rate == Decimal("0.4667")
    assert report.budget.value == Decimal("80.00") and report.budget.light == "绿"


# ---- the worst-light rule --------------------------------------------------------------------------

ORDER = ["绿", "蓝", "黄", "红"]
ACTUAL_FOR = {"绿": "100", "蓝": "150", "黄": "70", "红": "10"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ORDER), min_size=1, max_size=6), st.sampled_from(["绿", "黄", "红"]))
def test_project_light_is_the_worst(lights: list[str], budget_light: str) -> None:
    executed = {"绿": 100, "黄": 70, "红": 10}[budget_light]
    rows = [{"target": "≥100个", "actual": ACTUAL_FOR[x]} for x in lights]
    report = monitor(snapshot(*rows, budget=(100, executed)), month=12)
    assert [i.light for i in report.indicators] == lights
    worst = max(lights, key=ORDER.index)
    assert report.indicator_light == worst
    assert report.project_light == max([worst, budget_light], key=ORDER.index)
    assert sum(report.counts.values()) == len(lights)


def test_project_light_indicators_only_when_configured() -> None:
    text = 'ruleset "仅指标" extends "monitoring"\nlet 项目灯含预算 = false\n'
    doc = snapshot({"target": "≥100个", "actual": "100"}, budget=(100, 10))
    assert monitor(doc, month=12).project_light == "红"
    assert monitor(doc, month=12, ruleset=text).project_light == "绿"


def test_undecided_rows_do_not_hide() -> None:
    report = monitor(snapshot({"target": "≥100个"}, {"target": "≥100个", "actual": "100"}), month=12)
    assert report.indicators[0].light is None and report.counts["无"] == 1
    assert report.project_light == "绿"
    assert [f.rule for f in report.findings] == ["actual_missing"]


def test_unit_mismatch_is_a_finding() -> None:
    report = monitor(snapshot({"target": "≥10辆", "actual": "5吨"}), month=12)
    assert report.indicators[0].light is None
    finding = next(f for f in report.findings if f.rule == "not_comparable")
    assert finding.path == "indicators[0]" and "计量单位不一致" in finding.message and finding.message_en


# ---- causes ------------------------------------------------------------------------------------------


def test_causes_declared_short_and_inferred() -> None:
    assert declared_cause("经费") == "经费保障" and declared_cause("硬件条件保障") == "硬件条件保障"
    assert declared_cause("天气") is None
    assert classify_cause("资金未及时拨付到位") == "经费保障"
    assert classify_cause("专业技术人员不足") == "人员保障"
    assert classify_cause("设备采购延迟") == "硬件条件保障"
    assert classify_cause("审批流程较长") == "制度保障"
    assert classify_cause("雨季施工受阻") == "其他"
    assert classify_cause("/") is None and classify_cause(None) is None
    rows = [
        {"target": "≥100个", "actual": "10", "偏差原因类别": "人员"},
        {"target": "≥100个", "actual": "10", "deviation": "资金未到位"},
        {"target": "≥100个", "actual": "10"},
    ]
    report = monitor(snapshot(*rows), month=12)
    assert [(i.cause, i.cause_inferred) for i in report.indicators] == [
        ("人员保障", False),
        ("经费保障", True),
        (None, False),
    ]
    assert report.causes == {"人员保障": 1, "经费保障": 1}
    unexplained = [f.path for f in report.findings if f.rule == "deviation_unexplained"]
    assert unexplained == ["indicators[2]"]


# ---- month -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", [0, 13, -1, True, 7.5, "七", "13月"])
def test_bad_month(month: Any) -> None:
    with pytest.raises(InvalidMonthError) as info:
        monitor(snapshot({"target": "≥1个", "actual": "1"}), month=month)
    diag = info.value.diagnostics[0]
    assert diag.code == "bad-month" and diag.field == "month"
    assert "1 到 12" in diag.message and "1 to 12" in diag.message_en
    assert isinstance(info.value, IndicatorLibError) and isinstance(info.value, ValueError)


def test_month_from_document_or_missing() -> None:
    assert monitor(snapshot({"target": "≥1个", "actual": "1"}, 监控月份="7月")).month == 7
    assert monitor(snapshot({"target": "≥1个", "actual": "1"}, month=3), month=5).month == 5
    with pytest.raises(InvalidMonthError) as info:
        monitor(snapshot({"target": "≥1个", "actual": "1"}))
    assert info.value.diagnostics[0].code == "missing-month"


# ---- documents -------------------------------------------------------------------------------------


def test_example_file() -> None:
    report = monitor(EXAMPLE)
    assert isinstance(report, MonitorReport)
    assert (
        report.month == 7 and report.project == "家庭经济困难学生资助" and report.department == "金华市教育局"
    )
    lights = {i.name: i.light for i in report.indicators}
    assert lights["资助学生人数"] == "绿" and lights["资助宣传活动场次"] == "红"
    assert lights["资助政策知晓度"] == "黄" and lights["人均资助成本"] == "绿"
    assert report.budget.light == "绿" and report.project_light == "红"
    assert report.counts == {"红": 1, "黄": 1, "绿": 6, "蓝": 0, "无": 0}
    assert all(f.message_en for f in report.findings)
    # JSON round trip keeps Decimals exact
    again = MonitorReport.model_validate_json(report.model_dump_json())
    assert again == report


def test_self_evaluation_model_and_unknown_fields() -> None:
    from indicator_lib.submissions import load_submission

    doc = snapshot({"target": "≥100个", "actual": "90", "联系人": "张三"})
    doc["kind"] = "self_evaluation"
    model = load_submission(doc)
    report = monitor(model, month=12)
    assert report.source == "<model>" and report.indicators[0].light == "绿"
    assert [f.rule for f in report.findings] == ["unknown_field"]


def test_not_a_snapshot() -> None:
    goal = {"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "x"}}
    with pytest.raises(SubmissionLoadError) as info:
        monitor(goal, month=7)
    assert info.value.diagnostics[0].code == "not-a-monitoring-snapshot"
    with pytest.raises(SubmissionLoadError):
        monitor(42, month=7)
    with pytest.raises(SubmissionLoadError) as missing:
        monitor("no/such/file.yaml", month=7)
    assert missing.value.diagnostics[0].code == "file-not-found"


def test_bad_field_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: monitoring\nfiscal_year: 二〇二四\nproject: {name: x}\n", encoding="utf-8")
    with pytest.raises(SubmissionLoadError) as info:
        monitor(path, month=7)
    diag = info.value.diagnostics[0]
    assert diag.file == str(path) and diag.line == 2


def test_province_overrides_bands() -> None:
    text = 'ruleset "某省监控" extends "monitoring"\nlet 红线 = 50\n'
    doc = snapshot({"target": "≥100个", "actual": "55"})
    assert monitor(doc, month=12).indicators[0].light == "红"
    assert monitor(doc, month=12, ruleset=text).indicators[0].light == "黄"
