"""Self-evaluation scoring and audit (绩效自评评分与复核, 财预〔2020〕10号).

::

    from indicator_lib.scoring import score_self_evaluation

    report = score_self_evaluation("examples/self_evaluations/21_suixi_linshijiuzhu.json")
    report.total, report.grade                 # computed 总分 and 等级
    for row in report.flagged_first():         # declared vs computed, flagged rows first
        print(row.path, row.name, row.declared, row.computed, row.rules)
    for finding in report.findings:            # declared_above_rule, total_mismatch, …
        print(finding.render())

The rules are ``catalogs/rules/self_evaluation.rules`` and its provincial variants
(``self_evaluation_grades_80_70_60``, ``self_evaluation_sichuan``, ``self_evaluation_execution_20``,
``self_evaluation_reverse_ratio``); ``docs/scoring.md`` explains each score and each finding.
"""

from __future__ import annotations

from indicator_lib.scoring._html import render_html
from indicator_lib.scoring._report import RowKind, ScoreReport, ScoreRow
from indicator_lib.scoring._score import DEFAULT_RULESET, score_many, score_self_evaluation, scoring_ruleset

__all__ = [
    "DEFAULT_RULESET",
    "RowKind",
    "ScoreReport",
    "ScoreRow",
    "render_html",
    "score_many",
    "score_self_evaluation",
    "scoring_ruleset",
]
