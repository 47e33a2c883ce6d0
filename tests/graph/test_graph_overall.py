"""The department-overall ruleset (2013 framework) over ``DepartmentOverall``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_lib._resources import catalogs_dir
from indicator_lib.graph.overall import DepartmentOverall

rules = pytest.importorskip("indicator_lib.rules")
if not hasattr(rules, "compile_rules"):
    pytest.skip("the rules language has not landed yet", allow_module_level=True)

FULL: dict[str, Any] = {
    "goal_reasonableness": 1,
    "indicator_clarity": 1,
    "staff_actual": 48,
    "staff_authorised": 50,
    "three_public_this_year": 18,
    "three_public_last_year": 20,
    "three_public_budget": 20,
    "key_spending": 800,
    "project_spending": 800,
    "budget": 1000,
    "budget_completed": 1000,
    "budget_adjusted": 0,
    "payment_progress_actual": 1,
    "payment_progress_planned": 1,
    "carryover": 0,
    "public_spending_actual": 90,
    "public_spending_budget": 100,
    "procurement_actual": 50,
    "procurement_budget": 50,
    "budget_management": 1,
    "asset_management": 1,
    "work_planned": 20,
    "work_done": 20,
    "work_on_time": 20,
    "work_quality_ok": 20,
    "key_work_assigned": 5,
    "key_work_done": 5,
    "benefit": 1,
    "satisfaction": "0.95",
}


def _evaluate(**changes: Any) -> Any:
    text = (Path(catalogs_dir()) / "rules" / "department_overall.rules").read_text(encoding="utf-8")
    ruleset = rules.compile_rules(text, input=DepartmentOverall)
    return ruleset.evaluate(DepartmentOverall(**{**FULL, **changes}))


def _score(result: Any, score_id: str) -> Decimal:
    return next(s.value for s in result.scores if s.id == score_id)


def test_full_marks_department_scores_100() -> None:
    result = _evaluate()
    assert result.total == 100 and result.grade == "优" and result.passed


def test_staff_over_quota_loses_half_a_point_per_point() -> None:
    result = _evaluate(staff_actual=52)  # 104%: 4 − 4 × 0.5
    assert _score(result, "staff_control") == 2
    assert any(f.rule == "staff_over_quota" for f in result.findings)
    assert _score(_evaluate(staff_actual=60), "staff_control") == 0  # 扣完为止


def test_missing_value_gives_a_null_score_not_full_marks() -> None:
    result = _evaluate(work_planned=None)
    assert _score(result, "completion") is None
    assert result.total < 100
