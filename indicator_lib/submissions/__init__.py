"""Submissions: goal tables, self-evaluations and department plans, loaded and typed.

The exchange format (``spec/exchange-format.md``) as pydantic models, and the loaders that
read it from dicts, JSON, YAML and the real Excel templates::

    from indicator_lib.submissions import load_submission, load_submissions

    doc = load_submission("examples/goals/04_xiangtan_wupaoche.yaml")
    doc.indicators[0].target.op          # ">=" …
    batch = load_submissions("examples/")  # every file; bad ones in batch.errors

See ``docs/submissions.md``.
"""

from __future__ import annotations

from indicator_lib.submissions._load import (
    DEFAULT_MAX_BYTES,
    LoadedSubmission,
    LoadResult,
    load_submission,
    load_submissions,
)
from indicator_lib.submissions.models import (
    BudgetRow,
    DepartmentPlan,
    Duty,
    EvaluationGoals,
    EvaluationIndicator,
    Funds,
    Indicator,
    OrgRef,
    Period,
    PlanDepartment,
    PlanGoals,
    PlanIndicator,
    Project,
    ProjectGoal,
    ProjectGoals,
    ProjectRef,
    SelfEvaluation,
    ShareRef,
    ShareRefs,
    Submission,
    Task,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "BudgetRow",
    "DepartmentPlan",
    "Duty",
    "EvaluationGoals",
    "EvaluationIndicator",
    "Funds",
    "Indicator",
    "LoadResult",
    "LoadedSubmission",
    "OrgRef",
    "Period",
    "PlanDepartment",
    "PlanGoals",
    "PlanIndicator",
    "Project",
    "ProjectGoal",
    "ProjectGoals",
    "ProjectRef",
    "SelfEvaluation",
    "ShareRef",
    "ShareRefs",
    "Submission",
    "Task",
    "load_submission",
    "load_submissions",
]
