"""事前绩效评估: expert scores of the five dimensions → points, veto items → a conclusion.

    from indicator_lib.ex_ante import assess

    report = assess("examples/ex_ante/shequ_yanglao_2025.yaml")
    report.total, report.conclusion          # (Decimal("84.42"), "予以支持")

Weights, averaging, veto items and bands are in ``catalogs/rules/ex_ante.rules``; see
``docs/ex_ante.md``.
"""

from __future__ import annotations

from indicator_lib.ex_ante._assess import DEFAULT_RULESET, assess, ex_ante_ruleset, load_assessment
from indicator_lib.ex_ante._model import (
    DIMENSIONS,
    Conclusion,
    DimensionNotes,
    DimensionResult,
    DimensionScores,
    DimensionWeights,
    ExAnteAssessment,
    ExAnteReport,
    ExpertReview,
)

__all__ = [
    "DEFAULT_RULESET",
    "DIMENSIONS",
    "Conclusion",
    "DimensionNotes",
    "DimensionResult",
    "DimensionScores",
    "DimensionWeights",
    "ExAnteAssessment",
    "ExAnteReport",
    "ExpertReview",
    "assess",
    "ex_ante_ruleset",
    "load_assessment",
]
