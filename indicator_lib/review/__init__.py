"""Goal review (绩效目标审核): check a goal table against the shipped criteria and conclude.

Decides the public surface of the review: :func:`review_goal` for one submission,
:func:`review_many` for a batch in which a bad file does not stop the others,
:class:`ReviewReport` for the result, and :func:`render_html` for the self-contained report a
reviewer sends back to the spending unit. The criteria themselves live in
``catalogs/rules/goal_review.rules`` (the rules language), not here::

    from indicator_lib.review import review_goal

    report = review_goal("examples/wupaoche.yaml")
    report.conclusion        # "良"
    report.consequence       # "完善后纳入预算"
    for f in report.findings:
        print(f.severity, f.rule, f.path, f.message)
"""

from __future__ import annotations

from indicator_lib.review._html import render_html
from indicator_lib.review._report import (
    CONSEQUENCES,
    CONSEQUENCES_EN,
    DIMENSIONS,
    DimensionScore,
    IndicatorRow,
    ReviewReport,
)
from indicator_lib.review._review import (
    DEFAULT_RULESET,
    STRICT_RULESET,
    goal_ruleset,
    review_goal,
    review_many,
)

__all__ = [
    "CONSEQUENCES",
    "CONSEQUENCES_EN",
    "DEFAULT_RULESET",
    "DIMENSIONS",
    "STRICT_RULESET",
    "DimensionScore",
    "IndicatorRow",
    "ReviewReport",
    "goal_ruleset",
    "render_html",
    "review_goal",
    "review_many",
]
