"""The result of scoring one self-evaluation: rows declared vs computed, totals, audit findings.

Decides the one shape :func:`~indicator_lib.scoring.score_self_evaluation` returns
(:class:`ScoreReport`, one :class:`ScoreRow` per indicator row) and the order reports show things
in: rows with a finding first (errors before warnings), then the rest in table order. The numbers
come from the ruleset; this module only carries them, side by side with what the unit declared.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from indicator_lib.findings import SEVERITY_ORDER, Finding

__all__ = ["RowKind", "ScoreReport", "ScoreRow", "row_index"]

#: How the ruleset read a row: compared as numbers, rated in a qualitative band, units that do not
#: compare, or not scorable (actual missing or unreadable; the row counts 0).
RowKind = Literal["定量", "定性", "单位不符", "无法计分", "未计分"]


class ScoreRow(BaseModel):
    """One indicator row of a self-evaluation, declared and computed side by side.

    Attributes:
        index: 0-based position in ``indicators``.
        path: ``indicators[3]``.
        level1: 一级指标 (normalised).
        level2: 二级指标 (normalised).
        name: 三级指标 as written.
        target: 指标值 as written.
        actual: 实际完成值 as written.
        kind: How the row was scored (:data:`RowKind`); ``未计分`` for a row without a weight.
        weight: 分值.
        declared: 得分 as published.
        computed: The rule's score for a quantitative row; None for a qualitative row (the
            evaluator picks inside ``band``) and for a row that could not be scored.
        band: ``(lo, hi)`` in points for a qualitative row, else None.
        points: What the row adds to ``total``: ``computed``, the declared score clamped into
            ``band`` (the band's lower end when none was declared), or 0.
        explanation: The rule with the values that flowed into it.
        rules: The IDs of the findings on this row, in report order.

    """

    model_config = ConfigDict(frozen=True)

    index: int
    path: str
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    actual: str = ""
    kind: RowKind = "无法计分"
    weight: Decimal | None = None
    declared: Decimal | None = None
    computed: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    points: Decimal = Decimal(0)
    explanation: str = ""
    rules: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """True when a finding points at this row."""
        return bool(self.rules)


class ScoreReport(BaseModel):
    """The scoring and audit of one 项目支出绩效自评表.

    Attributes:
        source: Where the document came from (a path, ``path#2``, ``"<dict>"`` or ``"<model>"``).
        project: 项目名称, when it could be read.
        fiscal_year: The year evaluated.
        ruleset: The name of the ruleset that scored it.
        rows: One per indicator row, in table order.
        budget_points: The computed 预算执行率 points (None when no budget row has numbers).
        budget_declared: The 预算执行率 得分 as published.
        execution_rate: The computed ratio 全年执行数 / 全年预算数 (uncapped), or None.
        total: The computed 总分: ``budget_points`` plus every row's ``points``.
        grade: The computed grade (优/良/中/差, or the ruleset's labels).
        declared_total: 总分 as published.
        declared_grade: 评价等级 as published.
        findings: The audit findings, errors first, then by row: ``rule`` (a stable ID such as
            ``declared_above_rule``), ``severity``, ``path``, ``message`` (Chinese),
            ``message_en`` and ``explanation``.
        loaded: False when the source could not be read or scored (then ``findings`` say why).

    """

    model_config = ConfigDict(frozen=True)

    source: str = ""
    project: str | None = None
    fiscal_year: int | None = None
    ruleset: str = ""
    rows: tuple[ScoreRow, ...] = ()
    budget_points: Decimal | None = None
    budget_declared: Decimal | None = None
    execution_rate: Decimal | None = None
    total: Decimal | None = None
    grade: str | None = None
    declared_total: Decimal | None = None
    declared_grade: str | None = None
    findings: tuple[Finding, ...] = ()
    loaded: bool = True

    @property
    def passed(self) -> bool:
        """True when the document was scored and no finding has severity ``error``."""
        return self.loaded and not any(f.severity == "error" for f in self.findings)

    def by_rule(self, rule: str) -> list[Finding]:
        """Return the findings with one check ID (``declared_above_rule`` …)."""
        return [f for f in self.findings if f.rule == rule]

    def by_severity(self, severity: str) -> list[Finding]:
        """Return the findings of one severity (``error``, ``warning`` or ``info``)."""
        return [f for f in self.findings if f.severity == severity]

    def row_of(self, finding: Finding) -> ScoreRow | None:
        """Return the indicator row a finding points at (``indicators[3]``), or None."""
        index = row_index(finding.path)
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index]

    def flagged_first(self) -> list[ScoreRow]:
        """Return the rows for a re-checker: rows with an error, then with a warning, then the rest."""
        worst: dict[int, int] = {}
        for finding in self.findings:
            index = row_index(finding.path)
            if index is not None:
                rank = SEVERITY_ORDER.get(finding.severity, 9)
                worst[index] = min(worst.get(index, 9), rank)
        return sorted(self.rows, key=lambda row: (worst.get(row.index, 9), row.index))


def row_index(path: str) -> int | None:
    """Return ``3`` for ``indicators[3]`` or ``indicators[3].target``; None for other paths."""
    prefix = "indicators["
    if not path.startswith(prefix):
        return None
    end = path.find("]", len(prefix))
    digits = path[len(prefix) : end] if end > 0 else ""
    return int(digits) if digits.isdigit() else None
