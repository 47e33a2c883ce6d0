"""Each check of goal_review.rules: one case that triggers it and the clean table that does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from indicator_lib.review import ReviewReport, review_goal

from .conftest import good

Doc = dict[str, Any]


def _ind(doc: Doc, index: int, **changes: Any) -> Doc:
    doc["indicators"][index].update(changes)
    return doc


def _add(doc: Doc, **row: Any) -> Doc:
    doc["indicators"].append(row)
    return doc


def _rules(report: ReviewReport) -> set[str]:
    return {f.rule for f in report.findings}


# check ID → (mutation of the clean table, expected severity, expected path of one finding)
CASES: dict[str, tuple[Callable[[Doc], Doc], str, str]] = {
    "goal_missing": (lambda d: {**d, "goals": {"annual": "  "}}, "error", ""),
    "name_missing": (
        lambda d: _add(d, level1="产出指标", level2="数量指标", target="≥3次"),
        "error",
        "indicators[6]",
    ),
    "missing_target": (lambda d: _ind(d, 0, target=""), "error", "indicators[0]"),
    "placeholder_value": (lambda d: _ind(d, 0, target="*"), "error", "indicators[0]"),
    "missing_unit": (lambda d: _ind(d, 0, target="≥1200"), "error", "indicators[0]"),
    "operator_missing": (lambda d: _ind(d, 0, target="1200人"), "warning", "indicators[0]"),
    "unit_conflict": (lambda d: _ind(d, 1, target="28.8万元", unit="%"), "error", "indicators[1]"),
    "no_output_indicator": (lambda d: {**d, "indicators": d["indicators"][3:]}, "error", ""),
    "no_benefit_indicator": (
        lambda d: {**d, "indicators": d["indicators"][:4] + d["indicators"][5:]},
        "error",
        "",
    ),
    "no_satisfaction_indicator": (lambda d: {**d, "indicators": d["indicators"][:5]}, "warning", ""),
    "too_few_indicators": (
        lambda d: {**d, "indicators": [d["indicators"][0], d["indicators"][4]]},
        "error",
        "",
    ),
    "qualitative_share": (
        lambda d: _ind(
            _ind(_ind(_ind(d, 0, target="应保尽保"), 1, target="准确"), 2, target="及时"), 4, target="明显"
        ),
        "warning",
        "",
    ),
    "unknown_level": (lambda d: _ind(d, 0, level1="产出指数"), "error", "indicators[0]"),
    "level_mismatch": (
        lambda d: _ind(d, 4, level1="产出指标", level2="社会效益指标"),
        "error",
        "indicators[4]",
    ),
    "duplicate_indicator": (
        lambda d: _add(d, level1="产出指标", level2="数量指标", name="资助学生人数", target="≥1000人"),
        "error",
        "indicators[0]",
    ),
    "name_too_long": (lambda d: _ind(d, 0, name="资" * 101), "error", "indicators[0]"),
    "name_not_specific": (lambda d: _ind(d, 4, name="社会效益指标"), "warning", "indicators[4]"),
    "function_code_invalid": (
        lambda d: {**d, "project": {**d["project"], "function_code": "20502X"}},
        "error",
        "",
    ),
    "function_code_unknown": (
        lambda d: {**d, "project": {**d["project"], "function_code": "2059999"}},
        "warning",
        "",
    ),
    "funds_inconsistent": (
        lambda d: {**d, "funds": {"total": 120, "fiscal": 100, "carryover": 10}},
        "error",
        "",
    ),
    "cost_exceeds_funds": (lambda d: _ind(d, 3, target="≤150万元"), "error", "indicators[3]"),
    "period_outside_year": (lambda d: _ind(d, 2, target="2025年6月底前"), "warning", "indicators[2]"),
    "type_mismatch": (lambda d: _ind(d, 2, target="按月安排", value_type="定量"), "error", "indicators[2]"),
    "indicator_not_in_catalog": (lambda d: _ind(d, 0, name="受助学生人数"), "info", "indicators[0]"),
}


def test_clean_table_has_no_findings(catalog: Any) -> None:
    report = review_goal(good(), catalog=catalog)
    assert report.findings == ()
    assert report.conclusion == "优"
    assert report.score == 100
    assert report.consequence == "纳入预算"
    assert list(report.dimensions) == ["完整性", "相关性", "适当性", "可行性"]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_check_triggers(rule: str, catalog: Any) -> None:
    mutate, severity, path = CASES[rule]
    report = review_goal(mutate(good()), catalog=catalog)
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{rule} not raised; got {[f.render() for f in report.findings]}"
    assert hits[0].severity == severity
    assert hits[0].path.startswith(path)
    assert hits[0].message and hits[0].message_en
    assert rule in report.dimension_of
    # no "cannot be determined" warnings from null conditions
    assert not [f for f in report.findings if "无法判断" in f.message]


def test_every_shipped_check_has_a_case() -> None:
    from indicator_lib.review._english import _EN

    assert set(_EN) - {"unknown_field"} == set(CASES)


# ---- near misses: values a reviewer accepts -------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "mutate"),
    [
        # cost equal to the funds does not exceed them
        ("cost_exceeds_funds", lambda d: _ind(d, 3, target="≤120万元")),
        # 250万 written without 元 in a cost row: money, equal to 250 万元 funds
        (
            "cost_exceeds_funds",
            lambda d: {**_ind(d, 3, target="250万"), "funds": {"total": 250, "fiscal": 250}},
        ),
        ("missing_unit", lambda d: _ind(d, 3, target="120万")),
        # 100% needs no relation sign
        ("operator_missing", lambda d: _ind(d, 1, target="100%")),
        # a range carries its own bounds
        ("operator_missing", lambda d: _ind(d, 5, target="90%-100%")),
        # pre-2021 forms: 成本指标 under 产出指标, 满意度 under 效益指标
        ("level_mismatch", lambda d: _ind(d, 3, level1="产出指标", level2="成本指标")),
        ("level_mismatch", lambda d: _ind(d, 5, level1="效益指标", level2="社会公众或服务对象满意度指标")),
        (
            "no_satisfaction_indicator",
            lambda d: _ind(d, 5, level1="效益指标", level2="社会公众或服务对象满意度指标"),
        ),
        # level aliases of real tables
        ("unknown_level", lambda d: _ind(d, 0, level1="项目产出", level2="产出数量")),
        # empty template rows (二级 printed, nothing filled in) are not findings
        ("name_missing", lambda d: _add(d, level1="效益指标", level2="生态效益指标")),
        ("missing_target", lambda d: _add(d, level1="效益指标", level2="生态效益指标")),
        # the funds add up with 上级资金 beside 财政拨款
        ("funds_inconsistent", lambda d: {**d, "funds": {"total": 120, "fiscal": 100, "superior": 20}}),
        # only the total given: nothing to compare
        ("funds_inconsistent", lambda d: {**d, "funds": {"total": 120}}),
        # no function code is not an invalid one
        ("function_code_invalid", lambda d: {**d, "project": {**d["project"], "function_code": None}}),
        ("period_outside_year", lambda d: _ind(d, 2, target="2024.03-2024.11")),
        ("type_mismatch", lambda d: _ind(d, 2, target="按月安排", value_type="定性")),
        ("qualitative_share", lambda d: _ind(_ind(d, 0, target="应保尽保"), 1, target="准确")),
        ("name_not_specific", lambda d: _ind(d, 4, name="社会效益")),
        ("too_few_indicators", lambda d: {**d, "indicators": d["indicators"][:3]}),
    ],
)
def test_near_miss_is_not_a_finding(rule: str, mutate: Callable[[Doc], Doc], catalog: Any) -> None:
    report = review_goal(mutate(good()), catalog=catalog)
    assert rule not in _rules(report), [f.render() for f in report.findings]


def test_strict_makes_unknown_indicators_errors(catalog: Any) -> None:
    doc = _ind(good(), 0, name="受助学生人数")
    lenient = review_goal(doc, catalog=catalog)
    strict = review_goal(doc, catalog=catalog, strict=True)
    (info,) = [f for f in lenient.findings if f.rule == "indicator_not_in_catalog"]
    (error,) = [f for f in strict.findings if f.rule == "indicator_not_in_catalog"]
    assert info.severity == "info" and error.severity == "error"
    assert "受助学生人次" in info.message  # the nearest library indicator is suggested
    assert "先入库" in error.message
    assert strict.score is not None and lenient.score is not None
    assert strict.score < lenient.score


def test_catalog_without_goal_indicators_judges_no_names() -> None:
    from indicator_lib.catalog import Catalog

    report = review_goal(good(), catalog=Catalog([], name="empty"))
    assert "indicator_not_in_catalog" not in _rules(report)
