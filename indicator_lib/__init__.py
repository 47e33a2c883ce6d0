"""indicator_lib: budget performance management (预算绩效管理) for Python.

The public surface, imported lazily so that ``import indicator_lib`` stays fast (pydantic, lark
and networkx load only when a feature that needs them is first used)::

    import indicator_lib as il

    il.function_codes().lookup("2050203")        # 支出功能分类 code table
    il.load_catalog().for_code("2050203")         # indicators that apply to a code
    il.parse_target("≥95%")                       # 指标值 → typed value
    rules = il.load_ruleset("self_evaluation")    # a shipped ruleset in the rules language
    rules.evaluate(record)

Errors all derive from :class:`IndicatorLibError` (see :mod:`indicator_lib.errors`).
"""

from __future__ import annotations

import importlib
from typing import Any

from indicator_lib.errors import (
    CatalogLoadError,
    CatalogLookupError,
    DataLoadError,
    Diagnostic,
    IndicatorLibError,
    MissingDependencyError,
    RuleCheckError,
    RuleError,
    RuleEvaluationError,
    RuleSyntaxError,
    SubmissionLoadError,
)

__version__ = "0.1.0"

# name -> module that defines it; resolved on first attribute access.
_LAZY: dict[str, str] = {
    # findings
    "Finding": "indicator_lib.findings",
    # 支出功能分类 code table
    "function_codes": "indicator_lib.codes",
    "load_function_codes": "indicator_lib.codes",
    "FunctionCodeTable": "indicator_lib.codes",
    "FunctionCode": "indicator_lib.codes",
    "cofog_for": "indicator_lib.codes",
    "CofogShare": "indicator_lib.codes",
    "use_function_codes": "indicator_lib.codes",
    "using_function_codes": "indicator_lib.codes",
    "shipped_function_codes": "indicator_lib.codes",
    "write_function_codes": "indicator_lib.codes",
    # indicator catalog
    "load_catalog": "indicator_lib.catalog",
    "Catalog": "indicator_lib.catalog",
    "Indicator": "indicator_lib.catalog",
    "OverlayConflict": "indicator_lib.catalog",
    "IndicatorRejectedError": "indicator_lib.catalog",
    # 指标值
    "parse_target": "indicator_lib.targets",
    "TargetValue": "indicator_lib.targets",
    "Comparison": "indicator_lib.targets",
    "TargetWarning": "indicator_lib.targets",
    # rules language
    "compile_rules": "indicator_lib.rules",
    "load_ruleset": "indicator_lib.rules",
    "Ruleset": "indicator_lib.rules",
    "RuleResult": "indicator_lib.rules",
    # submissions
    "load_submission": "indicator_lib.submissions",
    "load_submissions": "indicator_lib.submissions",
    "ProjectGoal": "indicator_lib.submissions",
    "SelfEvaluation": "indicator_lib.submissions",
    "DepartmentPlan": "indicator_lib.submissions",
    "Submission": "indicator_lib.submissions",
    "LoadResult": "indicator_lib.submissions",
    # goal review
    "review_goal": "indicator_lib.review",
    "review_many": "indicator_lib.review",
    "ReviewReport": "indicator_lib.review",
    # self-evaluation scoring
    "score_self_evaluation": "indicator_lib.scoring",
    "score_many": "indicator_lib.scoring",
    "ScoreReport": "indicator_lib.scoring",
    "ScoreRow": "indicator_lib.scoring",
    # monitoring, ex-ante assessment, sampling, results
    "monitor": "indicator_lib.monitoring",
    "MonitorReport": "indicator_lib.monitoring",
    "InvalidMonthError": "indicator_lib.monitoring",
    "assess": "indicator_lib.ex_ante",
    "ExAnteAssessment": "indicator_lib.ex_ante",
    "ExAnteReport": "indicator_lib.ex_ante",
    "sample_for_review": "indicator_lib.sampling",
    "SampleResult": "indicator_lib.sampling",
    "SamplingError": "indicator_lib.sampling",
    "apply_results": "indicator_lib.results",
    "Action": "indicator_lib.results",
    # department graph (networkx is imported only when these are first used)
    "build_graph": "indicator_lib.graph",
    "DepartmentGraph": "indicator_lib.graph",
}

__all__ = [
    "CatalogLoadError",
    "CatalogLookupError",
    "DataLoadError",
    "Diagnostic",
    "IndicatorLibError",
    "MissingDependencyError",
    "RuleCheckError",
    "RuleError",
    "RuleEvaluationError",
    "RuleSyntaxError",
    "SubmissionLoadError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'indicator_lib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
