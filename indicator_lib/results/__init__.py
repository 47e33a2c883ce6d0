"""结果应用: evaluation grades (and re-check outcomes) become next year's budget actions.

    from indicator_lib.results import apply_results

    actions = apply_results([{"project": "甲", "grade": "良", "recheck_grade": "中"}])
    actions[0].action, actions[0].next_budget     # ("suspend", "不安排")

The policy is the decision table in ``catalogs/rules/results.rules``; see ``docs/results.md``.
"""

from __future__ import annotations

from indicator_lib.results._apply import (
    ACTION_LABELS,
    DEFAULT_RULESET,
    Action,
    ActionKind,
    ResultInput,
    apply_results,
    normalize_grade,
    results_ruleset,
)

__all__ = [
    "ACTION_LABELS",
    "DEFAULT_RULESET",
    "Action",
    "ActionKind",
    "ResultInput",
    "apply_results",
    "normalize_grade",
    "results_ruleset",
]
