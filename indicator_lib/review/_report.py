"""The result of reviewing one goal submission: findings, dimension scores, conclusion.

Decides the one shape a goal review returns (:class:`ReviewReport`), the four review dimensions
(完整性, 相关性, 适当性, 可行性) in the order reports print them, and what each conclusion means for
the budget (优 → 纳入预算 …, domain.md «Goal review»). The numbers themselves come from the
ruleset; this module only carries and orders them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from indicator_lib.findings import SEVERITY_ORDER, Finding

__all__ = [
    "CONSEQUENCES",
    "CONSEQUENCES_EN",
    "DIMENSIONS",
    "Conclusion",
    "DimensionScore",
    "IndicatorRow",
    "ReviewReport",
]

#: The national conclusions (a province's ruleset may grade into its own labels, e.g. 通过/不通过).
Conclusion = Literal["优", "良", "中", "差"]

#: The review dimensions (绩效目标审核), in report order.
DIMENSIONS: tuple[str, ...] = ("完整性", "相关性", "适当性", "可行性")

#: What a conclusion means for the budget (domain.md: 优 → into the budget … 差 → no budget).
CONSEQUENCES: dict[str, str] = {
    "优": "纳入预算",
    "良": "完善后纳入预算",
    "中": "修改后重新报送",
    "差": "不予安排预算",
}

CONSEQUENCES_EN: dict[str, str] = {
    "优": "include in the budget",
    "良": "include in the budget after refinement",
    "中": "revise and resubmit",
    "差": "no budget",
}


class DimensionScore(BaseModel):
    """The score of one review dimension.

    Attributes:
        dimension: ``完整性``, ``相关性``, ``适当性`` or ``可行性`` (or a province's own).
        score: Points kept after deductions, or None when the ruleset could not compute them.
        max: The dimension's full points, or None when uncapped.
        explanation: The expression with the values that flowed into the score.

    """

    model_config = ConfigDict(frozen=True)

    dimension: str
    score: Decimal | None
    max: Decimal | None = None
    explanation: str = ""


class IndicatorRow(BaseModel):
    """The cells of one indicator row as submitted, so a report can show the row a finding is on.

    Attributes:
        index: 0-based position in ``indicators`` (the ``3`` of ``indicators[3]``).
        level1: 一级指标 as submitted.
        level2: 二级指标 as submitted.
        name: 三级指标.
        target: 指标值 as written (raw text).
        unit: The unit read from the target, if any.

    """

    model_config = ConfigDict(frozen=True)

    index: int
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    unit: str = ""


class ReviewReport(BaseModel):
    """The review of one goal submission (项目支出绩效目标审核).

    Attributes:
        source: Where the submission came from (a path, or ``"<dict>"`` / ``"<model>"``).
        project: The project name (项目名称), when it could be read.
        fiscal_year: The budget year, when it could be read.
        findings: Every problem found, errors first, each with its check ID, severity, 0-based path
            (``indicators[3].target``), Chinese message, English message and explanation.
        dimensions: The score per review dimension, keyed by dimension name, in report order.
        dimension_of: Check ID → the dimension it counts against (from the ruleset).
        score: The total score, or None when the submission could not be reviewed.
        conclusion: ``"优"``, ``"良"``, ``"中"`` or ``"差"`` (or a province's own grade labels); None
            when the file could not be read or the ruleset gave no grade.
        consequence: What the conclusion means for the budget (``纳入预算`` …).
        consequence_en: The same in English.
        rows: The indicator rows as submitted, for showing a finding's row.
        ruleset: The name of the ruleset that produced the review.

    """

    model_config = ConfigDict(frozen=True)

    source: str = ""
    project: str | None = None
    fiscal_year: int | None = None
    findings: tuple[Finding, ...] = ()
    dimensions: dict[str, DimensionScore] = Field(default_factory=dict)
    dimension_of: dict[str, str] = Field(default_factory=dict)
    score: Decimal | None = None
    conclusion: str | None = None
    consequence: str = ""
    consequence_en: str = ""
    rows: tuple[IndicatorRow, ...] = ()
    ruleset: str = ""

    @property
    def loaded(self) -> bool:
        """Whether the submission could be read and reviewed at all."""
        return self.conclusion is not None

    @property
    def skipped(self) -> bool:
        """Whether the document was read but is not a goal table (e.g. a self-evaluation in a batch)."""
        return (
            self.conclusion is None
            and bool(self.findings)
            and all(f.rule == "not_a_goal" for f in self.findings)
        )

    @property
    def passed(self) -> bool:
        """True when the submission was reviewed and no finding has severity ``error``."""
        return self.loaded and not any(f.severity == "error" for f in self.findings)

    def by_severity(self, severity: str) -> list[Finding]:
        """Return the findings of one severity (``error``, ``warning`` or ``info``)."""
        return [f for f in self.findings if f.severity == severity]

    def by_dimension(self) -> dict[str, list[Finding]]:
        """Group the findings by review dimension, in report order; unmapped checks go under ``其他``."""
        groups: dict[str, list[Finding]] = {name: [] for name in self.dimensions}
        for finding in self.findings:
            groups.setdefault(self.dimension_of.get(finding.rule, "其他"), []).append(finding)
        return {name: items for name, items in groups.items() if items}

    def row_of(self, finding: Finding) -> IndicatorRow | None:
        """Return the indicator row a finding points at (``indicators[3]…``), or None."""
        index = row_index(finding.path)
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index]


def row_index(path: str) -> int | None:
    """Return ``3`` for ``indicators[3]`` or ``indicators[3].target``; None for other paths."""
    prefix = "indicators["
    if not path.startswith(prefix):
        return None
    end = path.find("]", len(prefix))
    digits = path[len(prefix) : end] if end > 0 else ""
    return int(digits) if digits.isdigit() else None


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Order findings errors first, then by the row they are on, keeping the ruleset's order otherwise."""

    def key(item: tuple[int, Finding]) -> tuple[int, int, int]:
        position, finding = item
        index = row_index(finding.path)
        return (SEVERITY_ORDER.get(finding.severity, 9), -1 if index is None else index, position)

    return tuple(f for _, f in sorted(enumerate(findings), key=key))
