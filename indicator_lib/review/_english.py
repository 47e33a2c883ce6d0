"""English wording of the shipped review checks, for findings whose ruleset gave only Chinese.

Decides the English message of each check ID of ``goal_review.rules``, filled from the row the
finding points at (its 三级 name and 指标值) — the rules language's ``message`` is Chinese-first,
and the report must carry both languages.
"""

from __future__ import annotations

from indicator_lib.review._report import IndicatorRow

__all__ = ["english_message"]

_EN: dict[str, str] = {
    "goal_missing": "the annual performance goal (年度目标) is empty",
    "name_missing": "the row with target {target!r} has no indicator name (三级指标)",
    "missing_target": "indicator {name!r} has no target (指标值)",
    "placeholder_value": "indicator {name!r}: target {target!r} is only a placeholder; give a real value",
    "missing_unit": "quantitative indicator {name!r}: target {target!r} has no unit (计量单位)",
    "no_output_indicator": "there is no output indicator (产出指标)",
    "no_benefit_indicator": "there is no benefit indicator (效益指标)",
    "no_satisfaction_indicator": "there is no satisfaction indicator (满意度指标)",
    "too_few_indicators": "too few indicators: the goal is not broken down into measurable parts",
    "name_too_long": "indicator name {name!r} is too long",
    "name_not_specific": "indicator name {name!r} is only a category name; name the concrete indicator",
    "function_code_invalid": "the function code (支出功能分类科目) must be 3, 5 or 7 digits",
    "function_code_unknown": "the function code (支出功能分类科目) is not in the code table",
    "unknown_level": "indicator {name!r}: its 一级 {level1!r} or 二级 {level2!r} is not a standard level",
    "level_mismatch": "indicator {name!r}: 二级 {level2!r} does not belong under 一级 {level1!r}",
    "duplicate_indicator": "indicator {name!r} appears more than once",
    "indicator_not_in_catalog": "indicator {name!r} is not in the indicator library",
    "funds_inconsistent": "the total funds differ from fiscal + carry-over + other funds",
    "cost_exceeds_funds": "cost indicator {name!r}: target {target!r} exceeds the project's total funds",
    "qualitative_share": "more than half of the indicators are qualitative; quantify the goal",
    "operator_missing": "quantitative indicator {name!r}: target {target!r} has no relation (≥, ≤, =)",
    "unit_conflict": "indicator {name!r}: target {target!r} contradicts its unit",
    "type_mismatch": "indicator {name!r}: target {target!r} does not match its declared value type",
    "period_outside_year": "indicator {name!r}: period {target!r} lies outside the fiscal year "
    "or the project period",
    "unknown_field": "unknown field {field!r} kept but not reviewed",
}


def english_message(rule: str, row: IndicatorRow | None, *, field: str = "") -> str:
    """Return the English message of check ``rule`` for ``row`` (``""`` for an unknown check)."""
    template = _EN.get(rule)
    if template is None:
        return ""
    values = {
        "name": row.name if row else "",
        "target": row.target if row else "",
        "level1": row.level1 if row else "",
        "level2": row.level2 if row else "",
        "field": field,
    }
    return template.format(**values)
