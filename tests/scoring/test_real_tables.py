"""The real published self-evaluations (realdata 01, 02, 07, 08, 13, 21): every anomaly the realdata
README lists is flagged with the right ID and row, and rows that follow the rules are not flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_lib.scoring import ScoreReport, score_self_evaluation
from tests.scoring.conftest import DATA as _DATA

DATA = _DATA / "real"

# the findings about declared scores; anything else on a row is about the data, not the score
SCORE_RULES = {"declared_above_rule", "declared_below_rule", "qualitative_out_of_band"}


def _score(name: str, ruleset: str | None = None) -> ScoreReport:
    return score_self_evaluation(DATA / name, ruleset=ruleset)


def _at(report: ScoreReport, rules: set[str]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in report.findings if f.rule in rules}


def test_21_missed_targets_scored_in_full() -> None:
    report = _score("21_suixi_linshijiuzhu.json")
    assert _at(report, SCORE_RULES) == {
        ("declared_above_rule", "indicators[3]"),  # 特困人员 >=4754人, actual 4604人, 5/5
        ("declared_above_rule", "indicators[7]"),  # 临时救助标准 <=5300元/户, actual 5830元/户, 10/10
    }
    assert "特困人员" in report.rows[3].name and report.rows[3].computed == Decimal("4.84")
    assert "临时救助标准" in report.rows[7].name and report.rows[7].computed == Decimal("9.00")
    above = report.by_rule("declared_above_rule")
    assert all(f.severity == "error" and f.message and f.message_en for f in above)
    assert "4.84" in above[0].message and "4604" in above[0].message
    # the 特困 row gives a reason; the 临时救助 row does not
    assert ("deviation_unexplained", "indicators[3]") not in _at(report, {"deviation_unexplained"})
    assert ("deviation_unexplained", "indicators[7]") in _at(report, {"deviation_unexplained"})
    # no 满意度 indicator and 产出 50 + 效益 30: 80 + 10 points in all
    assert report.by_rule("weights_total_mismatch")
    assert report.total == Decimal("88.84") and report.grade == "良"


def test_07_met_targets_marked_down() -> None:
    report = _score("07_lijiang_weipian.json")
    assert _at(report, SCORE_RULES) == {
        ("declared_below_rule", "indicators[0]"),  # 10 → 9
        ("declared_below_rule", "indicators[1]"),  # 20 → 19
        ("declared_below_rule", "indicators[2]"),  # 20 → 19
        ("declared_below_rule", "indicators[3]"),  # 30 → 27
    }
    assert [row.computed for row in report.rows] == [Decimal(v) for v in ("10", "20", "20", "30", "10")]
    assert report.rows[4].declared is None and not report.rows[4].rules
    assert not report.by_rule("weights_total_mismatch") and not report.by_rule("level_weights_mismatch")
    assert report.total == Decimal("100") and report.grade == "优"


def test_13_weights_110_under_a_declared_total_of_100() -> None:
    report = _score("13_zhongjiang_shuibiaochi.json")
    assert report.by_rule("weights_total_mismatch")
    assert report.by_rule("total_mismatch")
    assert report.declared_total == Decimal("100") and report.total == Decimal("110")
    assert "110" in report.by_rule("total_mismatch")[0].message
    # every row follows the scoring rules: nothing about declared scores
    assert not _at(report, SCORE_RULES)
    assert report.rows[7].kind == "定性" and report.rows[7].band == (Decimal("8.00"), Decimal("10.00"))
    # 产出 70 / 效益 20 against the official 50 / 30 its own footnote states
    assert report.by_rule("level_weights_mismatch")


def test_01_total_row_zero_execution_from_the_fiscal_row() -> None:
    report = _score("01_chizhou_weituoyewu.yaml")
    inconsistent = report.by_rule("budget_rows_inconsistent")
    assert [f.path for f in inconsistent] == ["budget[0]"]
    assert "89.974" in inconsistent[0].message
    assert report.execution_rate == Decimal(1) and report.budget_points == Decimal("10.00")
    assert report.budget_declared == Decimal(0)
    assert report.by_rule("execution_rate_mismatch")
    assert not _at(report, SCORE_RULES)
    assert [row.kind for row in report.rows].count("定性") == 6
    assert not any(row.rules for row in report.rows)


def test_08_scores_without_actuals() -> None:
    report = _score("08_tianchang_hanzai.yaml")
    missing = {f.path for f in report.by_rule("actual_missing")}
    assert missing == {f"indicators[{k}]" for k in (2, 3, 4, 5, 6, 8)}
    assert report.rows[7].kind == "未计分" and not report.rows[7].rules  # the "指标1:/" filler row
    assert report.by_rule("total_mismatch")
    assert not _at(report, SCORE_RULES)
    assert not report.by_rule("weights_total_mismatch")


def test_02_sichuan_form_without_actuals() -> None:
    national = _score("02_qingshen_gongzixing.yaml")
    assert {f.path for f in national.by_rule("actual_missing")} == {"indicators[0]", "indicators[1]"}
    assert national.by_rule("level_weights_mismatch")  # 60 + 30 is not 50 / 30 / 10
    sichuan = _score("02_qingshen_gongzixing.yaml", "self_evaluation_sichuan")
    assert not sichuan.by_rule("level_weights_mismatch")  # 10 + 90, freely divided
    assert not sichuan.by_rule("weights_total_mismatch")
    assert sichuan.ruleset == "self_evaluation_sichuan"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.suffix in (".json", ".yaml")))
def test_real_table_report_is_consistent(name: str) -> None:
    report = _score(name)
    assert report.loaded
    assert report.total == (report.budget_points or 0) + sum(row.points for row in report.rows)
    for finding in report.findings:
        assert finding.message and finding.message_en, finding
    for row in report.rows:
        assert row.weight is None or Decimal(0) <= row.points <= row.weight
