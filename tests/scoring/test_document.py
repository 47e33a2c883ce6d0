"""Whole-table rules: 预算执行率, weights, totals, grades, and the shipped variants."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicator_lib.scoring import score_self_evaluation
from tests.scoring.conftest import budget, self_evaluation, standard_rows


def _rules(doc: dict[str, Any], ruleset: str | None = None) -> set[str]:
    return {f.rule for f in score_self_evaluation(doc, ruleset=ruleset).findings}


def test_a_clean_table_has_no_findings() -> None:
    report = score_self_evaluation(self_evaluation(standard_rows(), declared_total=100, declared_grade="优"))
    assert report.findings == ()
    assert report.total == Decimal(100) and report.grade == "优" and report.passed


@pytest.mark.parametrize(
    ("adjusted", "executed", "points"),
    [(100, 87, "8.70"), (100, 100, "10.00"), (3, 2, "6.67"), (100, 0, "0.00")],
)
def test_budget_execution_points(adjusted: int, executed: int, points: str) -> None:
    report = score_self_evaluation(self_evaluation(standard_rows(), budget=budget(adjusted, executed)))
    assert str(report.budget_points) == points


def test_execution_above_budget_is_capped_and_flagged() -> None:
    report = score_self_evaluation(self_evaluation(standard_rows(), budget=budget(100, 120)))
    assert report.budget_points == Decimal("10.00") and report.execution_rate == Decimal("1.2")
    assert {f.path for f in report.by_rule("budget_rows_inconsistent")} == {"budget[0]", "budget[1]"}


def test_total_row_missing_uses_the_sum_of_sources() -> None:
    rows = [
        {"source": "fiscal", "adjusted": 60, "executed": 60},
        {"source": "carryover", "adjusted": 40, "executed": 20},
        {"source": "other"},
    ]
    report = score_self_evaluation(self_evaluation(standard_rows(), budget=rows))
    assert report.execution_rate == Decimal("0.8") and report.budget_points == Decimal("8.00")
    assert not report.by_rule("budget_rows_inconsistent")


def test_total_row_disagreeing_with_sources() -> None:
    rows = [*budget(100, 100), {"source": "carryover", "adjusted": 20, "executed": 20}]
    report = score_self_evaluation(self_evaluation(standard_rows(), budget=rows))
    assert [f.path for f in report.by_rule("budget_rows_inconsistent")] == ["budget[0]"]
    assert report.budget_points == Decimal("10.00")  # the total row carries money: it is used


def test_no_budget_numbers() -> None:
    report = score_self_evaluation(self_evaluation(standard_rows(), budget=[]))
    assert report.budget_points is None
    assert report.total == Decimal(90)
    assert report.by_rule("budget_execution")[0].severity == "warning"


def test_declared_budget_score_checked() -> None:
    doc = self_evaluation(standard_rows(), budget=budget(100, 87, declared_score=10))
    report = score_self_evaluation(doc)
    assert report.budget_declared == Decimal(10)
    assert "8.7" in report.by_rule("execution_rate_mismatch")[0].message
    doc = self_evaluation(standard_rows(), budget=budget(100, 87, declared_score="8.70"))
    assert "execution_rate_mismatch" not in _rules(doc)


def test_satisfaction_points_move_to_benefit() -> None:
    rows = standard_rows()[:4]  # no 满意度 indicator: 效益 should carry 40
    rows[3] = {**rows[3], "weight": 40}
    assert _rules(self_evaluation(rows)) == set()
    rows[3] = {**rows[3], "weight": 30}
    rows[0] = {**rows[0], "weight": 30}
    assert _rules(self_evaluation(rows)) == {"level_weights_mismatch"}


def test_weights_total() -> None:
    rows = standard_rows()
    rows[0] = {**rows[0], "weight": 30}
    assert {"weights_total_mismatch", "level_weights_mismatch"} <= _rules(self_evaluation(rows))
    doc = self_evaluation(standard_rows(), budget=budget(weight=20))
    assert "weights_total_mismatch" in _rules(doc)


def test_total_mismatch_against_computed_and_declared_sum() -> None:
    rows = [{**r, "declared_score": r["weight"]} for r in standard_rows()]
    doc = self_evaluation(rows, budget=budget(declared_score=10), declared_total=100)
    assert _rules(doc) == set()
    assert "total_mismatch" in _rules({**doc, "declared_total": 95})
    rows[0]["declared_score"] = 15  # the declared column adds up to 95, not 100
    assert "total_mismatch" in _rules(
        self_evaluation(rows, budget=budget(declared_score=10), declared_total=100)
    )


@pytest.mark.parametrize(
    ("students", "dropout", "executed", "total", "national", "provincial"),
    [
        ("1200人", "0.8%", 100, "100.00", "优", "优"),
        ("1200人", "0.8%", 0, "90.00", "优", "优"),
        ("1194人", "0.8%", 0, "89.90", "良", "优"),
        ("0人", "0.8%", 100, "80.00", "良", "优"),
        ("0人", "0.8%", 0, "70.00", "中", "良"),
        ("0人", "1.5%", 50, "60.00", "中", "中"),
        ("0人", "1.5%", "-1", "55.00", "差", "差"),
    ],
)
def test_grade_bands(
    students: str, dropout: str, executed: Any, total: str, national: str, provincial: str
) -> None:
    rows = standard_rows()
    rows[0] = {**rows[0], "actual": students, "deviation": "说明"}
    rows[3] = {**rows[3], "actual": dropout, "deviation": "说明"}
    doc = self_evaluation(rows, budget=budget(100, executed))
    report = score_self_evaluation(doc)
    assert str(report.total) == total
    assert report.grade == national
    assert score_self_evaluation(doc, ruleset="self_evaluation_grades_80_70_60").grade == provincial


def test_grade_mismatch_normalises_declared_grades() -> None:
    doc = self_evaluation(standard_rows(), declared_grade="优秀")
    assert "grade_mismatch" not in _rules(doc)
    assert "grade_mismatch" in _rules({**doc, "declared_grade": "良好"})


def test_execution_20_variant() -> None:
    rows = standard_rows()
    rows[0] = {**rows[0], "weight": 10}
    doc = self_evaluation(rows, budget=budget(100, 50, weight=20))
    report = score_self_evaluation(doc, ruleset="self_evaluation_execution_20")
    assert report.budget_points == Decimal("10.00")
    assert report.total == Decimal(90)
    assert not report.findings


def test_province_writes_its_own_variant() -> None:
    text = 'ruleset "某省自评" version "2024"\nextends "self_evaluation"\nlet 超额比例 = 150%\n'
    rows = standard_rows()
    rows[0] = {**rows[0], "actual": "1700人"}  # 142%: no reason needed at 150%
    assert "deviation_unexplained" in _rules(self_evaluation(rows))
    assert "deviation_unexplained" not in _rules(self_evaluation(rows), text)
