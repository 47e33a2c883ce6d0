"""English wording of the shipped scoring checks, for findings whose ruleset gave only Chinese.

Decides the English message of each audit ID of ``self_evaluation.rules``, filled from the row the
finding points at and from the ruleset's ``let`` values — the rules language's ``message`` is
Chinese-first, and a report carries both languages. An unknown ID gets a generic sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["english_message", "number_text"]

_EN: dict[str, str] = {
    "declared_above_rule": "{name!r}: target {target}, actual {actual}; declared {declared} points, "
    "but the rules give {computed}",
    "declared_below_rule": "{name!r}: target {target}, actual {actual}; declared {declared} points, "
    "but the rules give {computed}",
    "qualitative_out_of_band": "{name!r}: the actual {actual!r} puts the score between {low} and "
    "{high}; declared {declared}",
    "actual_missing": "{name!r} has no actual value (实际完成值); the row counts 0",
    "actual_not_comparable": "{name!r}: the actual {actual!r} cannot be checked against the target "
    "{target!r} (neither a comparable number nor an achieved/partly/not achieved rating); the row "
    "counts 0",
    "unit_mismatch": "{name!r}: the target {target} and the actual {actual} are in units that do not "
    "compare; the row counts 0",
    "deviation_unexplained": "{name!r}: target {target}, actual {actual} (missed, or far above the "
    "target) and no reason for the deviation (偏差原因) is given",
    "weights_total_mismatch": "the weights should add up to {full} (budget execution {budget_full} + "
    "indicators {indicators_full}); they are {budget_weight} + {indicator_weights}",
    "level_weights_mismatch": "the level weights should be output {output_full}, benefit "
    "{benefit_full}, satisfaction {satisfaction_full}; they are {output}, {benefit}, {satisfaction}",
    "budget_rows_inconsistent": "money row {path}: the total row differs from the sum of the source "
    "rows (budget {source_budget}, executed {source_executed}), or execution exceeds the budget",
    "execution_rate_mismatch": "the budget-execution score is declared as {budget_declared}; "
    "min({executed} / {budget}, 1) × {budget_full} gives {budget_points}",
    "total_mismatch": "the declared total is {declared_total}; the rules give {total}, and the "
    "declared scores add up to {declared_sum}",
    "grade_mismatch": "the declared grade is {declared_grade!r}; the computed total {total} gives {grade!r}",
}


def number_text(value: Any) -> str:
    """Render a number plainly (``4.84``, ``10``), None as ``—``, anything else as text."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


class _Fill(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"


def english_message(rule: str, context: Mapping[str, Any]) -> str:
    """Return the English message for an audit finding.

    Args:
        rule: The check ID (``declared_above_rule`` …).
        context: Values to fill in (``name``, ``target``, ``actual``, ``declared``, ``computed``,
            ``low``, ``high``, totals …); missing ones render as ``—``.

    Returns:
        The message; a generic one for an ID this module does not know.

    """
    template = _EN.get(rule)
    if template is None:
        return f"check {rule!r} failed"
    fill = _Fill(
        {key: number_text(value) if isinstance(value, Decimal) else value for key, value in context.items()}
    )
    for key in ("name", "target", "actual", "declared_grade", "grade"):
        if fill.get(key) is None:
            fill[key] = ""
    return template.format_map(fill)
