"""Hypothesis contracts of scoring: bounds, the total as the sum of rows, order invariance, and the
compiled ruleset agreeing with the tree-walking interpreter (the oracle)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.scoring import score_self_evaluation, scoring_ruleset
from indicator_lib.submissions import load_submission
from tests.scoring.conftest import budget, self_evaluation

OPS = ["≥", ">", "≤", "<", "=", ""]
UNITS = ["人", "%", "万元", "元", "个"]
GRADES = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "效果明显", "是"]

numbers = st.decimals(min_value=-50, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
weights = st.one_of(st.none(), st.decimals(min_value=0, max_value=40, places=1))
declared = st.one_of(st.none(), st.decimals(min_value=-5, max_value=45, places=2))


@st.composite
def quantitative_row(draw: st.DrawFn) -> dict[str, Any]:
    op = draw(st.sampled_from(OPS))
    unit = draw(st.sampled_from(UNITS))
    actual_unit = draw(st.sampled_from([unit, unit, "", "元" if unit == "万元" else unit]))
    target = draw(st.decimals(min_value=0, max_value=5000, places=2))
    return {
        "target": f"{op}{target}{unit}",
        "actual": f"{draw(numbers)}{actual_unit}",
        "weight": draw(weights),
        "declared_score": draw(declared),
        "deviation": draw(st.sampled_from([None, "原因"])),
    }


@st.composite
def qualitative_row(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "target": draw(st.sampled_from(["效果明显", "是", "显著提升"])),
        "actual": draw(st.sampled_from(GRADES)),
        "weight": draw(weights),
        "declared_score": draw(declared),
    }


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.lists(st.one_of(quantitative_row(), qualitative_row()), min_size=1, max_size=8))
    for k, row in enumerate(rows):
        row["name"] = f"指标{k}"
        row["level1"] = draw(st.sampled_from(["产出指标", "效益指标", "满意度指标"]))
    adjusted = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)))
    executed = draw(st.one_of(st.none(), st.decimals(min_value=-10, max_value=1500, places=2)))
    return self_evaluation(rows, budget=budget(adjusted, executed))


@settings(max_examples=60, deadline=None)
@given(documents())
def test_scores_stay_within_weights_and_add_up(doc: dict[str, Any]) -> None:
    report = score_self_evaluation(doc, explain=False)
    for row in report.rows:
        if row.computed is not None:
            assert row.weight is not None
            assert Decimal(0) <= row.computed <= row.weight
        if row.band is not None:
            assert row.weight is not None
            assert Decimal(0) <= row.band[0] <= row.points <= row.band[1] <= row.weight
        assert row.points >= 0
        assert row.weight is None or row.points <= row.weight
        assert row.points == row.points.quantize(Decimal("0.01")) or row.points == 0
    if report.budget_points is not None:
        assert Decimal(0) <= report.budget_points <= Decimal(10)
    assert report.total == (report.budget_points or 0) + sum(row.points for row in report.rows)


@settings(max_examples=40, deadline=None)
@given(documents(), st.randoms(use_true_random=False))
def test_scoring_is_invariant_to_row_order(doc: dict[str, Any], rnd: Any) -> None:
    shuffled = dict(doc)
    shuffled["indicators"] = list(doc["indicators"])
    rnd.shuffle(shuffled["indicators"])
    first = score_self_evaluation(doc, explain=False)
    second = score_self_evaluation(shuffled, explain=False)
    assert (first.total, first.grade, first.budget_points) == (
        second.total,
        second.grade,
        second.budget_points,
    )

    def by_name(report: Any) -> dict[str, tuple[Any, ...]]:
        return {
            row.name: (row.kind, row.computed, row.band, row.points, tuple(sorted(row.rules)))
            for row in report.rows
        }

    assert by_name(first) == by_name(second)
    doc_rules = sorted((f.rule, f.message) for f in first.findings if not f.path.startswith("indicators["))
    assert doc_rules == sorted(
        (f.rule, f.message) for f in second.findings if not f.path.startswith("indicators[")
    )


@settings(max_examples=25, deadline=None)
@given(documents())
def test_compiled_ruleset_agrees_with_the_interpreter(doc: dict[str, Any]) -> None:
    ruleset = scoring_ruleset()
    model = load_submission(doc)
    compiled = ruleset.evaluate(model, explain=False)
    interpreted = ruleset.interpret(model, explain=False)
    assert compiled.total == interpreted.total and compiled.grade == interpreted.grade
    assert [(s.id, s.path, s.value) for s in compiled.scores] == [
        (s.id, s.path, s.value) for s in interpreted.scores
    ]
    assert [(f.rule, f.path, f.message) for f in compiled.findings] == [
        (f.rule, f.path, f.message) for f in interpreted.findings
    ]
