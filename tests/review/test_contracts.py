"""Contracts of review_goal on any goal table built from real-looking rows (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.review import render_html, review_goal

LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("成本指标", "经济成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("效益指标", "社会公众或服务对象满意度指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("产出指数", "数量指标"),
    ("产出指标", "社会效益指标"),
    (None, None),
]
NAMES = ["资助学生人数", "验收合格率", "服务周期", "项目金额", "社会成本指标", "满意度", "", None, "资" * 120]
TARGETS = [
    "≥1200人",
    "10辆",
    "100%",
    "≥90%",
    "≤120万元",
    "250万",
    "2023.07-2024.01",
    "2025年12月底前",
    "按月安排",
    "应保尽保",
    "是",
    "*",
    "-",
    "",
    None,
    "2",
    "28.8万元",
    "90%-100%",
    "≤1%",
]
UNITS = [None, "%", "万元", "人"]

rows = st.fixed_dictionaries(
    {
        "levels": st.sampled_from(LEVELS),
        "name": st.sampled_from(NAMES),
        "target": st.sampled_from(TARGETS),
        "unit": st.sampled_from(UNITS),
        "value_type": st.sampled_from([None, "定量", "定性"]),
    }
)


def _doc(
    draw_rows: list[dict[str, Any]], total: int | None, fiscal: int | None, code: str | None
) -> dict[str, Any]:
    indicators = []
    for row in draw_rows:
        level1, level2 = row["levels"]
        item = {"level1": level1, "level2": level2, "name": row["name"], "target": row["target"]}
        if row["unit"] is not None:
            item["unit"] = row["unit"]
        if row["value_type"] is not None:
            item["value_type"] = row["value_type"]
        indicators.append(item)
    return {
        "kind": "project_goal",
        "fiscal_year": 2023,
        "project": {"name": "生成的项目", "function_code": code},
        "funds": {"total": total, "fiscal": fiscal},
        "goals": {"annual": "年度目标"},
        "indicators": indicators,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rows, max_size=12),
    st.sampled_from([None, 5, 120, 250]),
    st.sampled_from([None, 5, 100, 250]),
    st.sampled_from([None, "2050203", "20502X", "2059999", "205"]),
)
def test_review_contract(
    rows_: list[dict[str, Any]], total: int | None, fiscal: int | None, code: str | None
) -> None:
    report = review_goal(_doc(rows_, total, fiscal, code))
    assert report.conclusion in ("优", "良", "中", "差")
    assert report.score is not None and Decimal(0) <= report.score <= Decimal(100)
    for dim in report.dimensions.values():
        assert dim.score is not None and dim.max is not None and 0 <= dim.score <= dim.max
    bands = {"优": 90, "良": 80, "中": 60, "差": 0}
    assert report.score >= bands[report.conclusion]
    if any(f.severity == "error" for f in report.findings):
        assert report.conclusion != "优"
    for finding in report.findings:
        assert finding.rule in report.dimension_of or finding.rule == "unknown_field"
        assert finding.message and finding.message_en
        assert "无法判断" not in finding.message
        if finding.path.startswith("indicators["):
            assert report.row_of(finding) is not None
    assert render_html(report).endswith("</html>\n")
