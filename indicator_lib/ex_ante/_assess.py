"""Assess one project before budgeting (事前绩效评估): :func:`assess` with ``ex_ante.rules``.

Decides how an assessment is read (a path to JSON/YAML, a mapping, or an
:class:`ExAnteAssessment`; errors name the file, line and field) and how the ruleset's result
becomes an :class:`ExAnteReport`. The weights, averaging, veto items and conclusion bands are in
``catalogs/rules/ex_ante.rules``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from indicator_lib._rulesets import RulesetCache
from indicator_lib.errors import SubmissionLoadError
from indicator_lib.ex_ante._model import DIMENSIONS, DimensionResult, ExAnteAssessment, ExAnteReport

if TYPE_CHECKING:
    from indicator_lib.rules import Ruleset

__all__ = ["DEFAULT_RULESET", "assess", "ex_ante_ruleset", "load_assessment"]

#: The shipped ruleset (``catalogs/rules/ex_ante.rules``).
DEFAULT_RULESET = "ex_ante"

_TWO = Decimal("0.01")
_RULESETS = RulesetCache(lambda: ExAnteAssessment)
_CONCLUSIONS = ("予以支持", "部分支持", "不予支持")


def ex_ante_ruleset(name_or_text: str = DEFAULT_RULESET) -> Ruleset:
    """Return a compiled ex-ante ruleset (cached): a name, a ``.rules`` path or rules text."""
    return _RULESETS.get(name_or_text)


def load_assessment(source: Any) -> tuple[ExAnteAssessment, str]:
    """Read an assessment from a path (JSON/YAML), a mapping or a model; return it with its source.

    Raises:
        SubmissionLoadError: The file is missing or malformed, or a field is invalid; the
            diagnostics name the file, line and field.

    """
    from indicator_lib.submissions._errors import diagnostics_from_validation
    from indicator_lib.submissions._load import DEFAULT_MAX_BYTES, _read_parts

    if isinstance(source, ExAnteAssessment):
        return source, "<model>"
    locate = None
    if isinstance(source, Mapping):
        data: Any = source
        name = "<dict>"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        parts = _read_parts(path, max_bytes=DEFAULT_MAX_BYTES, sheet=None, fiscal_year=None, kind=None)
        if len(parts) != 1:
            raise SubmissionLoadError(
                f"文件中有 {len(parts)} 个文档，事前评估每个文件一个",
                f"the file holds {len(parts)} documents; one assessment per file",
                code="several-documents",
                file=str(path),
            )
        data, name, locate = parts[0].data, parts[0].source, parts[0].locate
    else:
        raise SubmissionLoadError(
            f"无法读取 {type(source).__name__}：应为事前评估表的路径、字典或 ExAnteAssessment",
            f"cannot read a {type(source).__name__}: expected a path, a mapping or an ExAnteAssessment",
            code="not-a-document",
        )
    try:
        return ExAnteAssessment.model_validate(data), name
    except ValidationError as err:
        raise SubmissionLoadError(diagnostics_from_validation(err, file=name, locate=locate)) from None


def _decimal(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _q(value: Any) -> Decimal | None:
    return value.quantize(_TWO, rounding=ROUND_HALF_UP) if isinstance(value, Decimal) else None


def assess(doc: Any, *, ruleset: str | None = None) -> ExAnteReport:
    """Assess a project before budgeting: weighted expert scores, veto items, conclusion.

    Args:
        doc: An assessment: a path (JSON/YAML), a mapping (``kind: ex_ante``) or an
            :class:`ExAnteAssessment`.
        ruleset: A ruleset name, ``.rules`` path or text (default ``ex_ante``).

    Returns:
        The :class:`ExAnteReport` (dimension points, total, 予以支持 / 部分支持 / 不予支持).

    Raises:
        SubmissionLoadError: The assessment cannot be read; the diagnostics say where and why.
        RuleError: A custom ruleset does not compile, or evaluation failed.

    """
    assessment, source = load_assessment(doc)
    result = ex_ante_ruleset(ruleset or DEFAULT_RULESET).evaluate(assessment)
    values = result.values
    dimensions = []
    for key, name in DIMENSIONS.items():
        scores = [getattr(e.scores, key) for e in assessment.experts]
        given = [s for s in scores if s is not None]
        line = result.score(key)
        notes = [
            f"{e.name or f'专家{i + 1}'}：{getattr(e.notes, key)}"
            for i, e in enumerate(assessment.experts)
            if getattr(e.notes, key)
        ]
        dimensions.append(
            DimensionResult(
                key=key,
                name=name,
                weight=_decimal(values.get(f"权重_{name}")),
                average=_q(values.get(f"均分_{name}")),
                points=_q(line.value) if line is not None else None,
                low=min(given) if given else None,
                high=max(given) if given else None,
                scored_by=len(given),
                notes=notes,
            )
        )
    veto_rules = ("compliance_veto", "necessity_veto", "expert_veto")
    reasons = [f.message for f in result.findings if f.rule in veto_rules]
    conclusion = result.grade if result.grade in _CONCLUSIONS else None
    if not assessment.experts:
        conclusion = None
    return ExAnteReport(
        source=source,
        project=assessment.project.name,
        code=assessment.project.code,
        dimensions=dimensions,
        total=result.total.quantize(_TWO, rounding=ROUND_HALF_UP),
        conclusion=conclusion,
        vetoed=bool(values.get("否决")),
        veto_reasons=reasons,
        findings=list(result.findings),
        ruleset=result.ruleset,
    )
