"""What evaluating a ruleset returns: pydantic models, so results serialise to JSON.

Decides: numbers stay ``Decimal`` (JSON carries them as strings, exactly); a score line keeps its
capped value and its ``max`` side by side; ``passed`` means no finding of severity ``error``;
``values`` holds every ``let`` of the ruleset. Models are built with ``model_construct`` from values
the engine already guarantees, so building a result costs no validation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from indicator_lib.findings import Finding
from indicator_lib.rules._values import render

__all__ = ["Finding", "RuleResult", "ScoreLine"]


class ScoreLine(BaseModel):
    """One score line of a result.

    Attributes:
        id: The score's stable ID (``budget_execution``).
        label: Its label (Chinese), defaulting to the ID.
        path: 0-based path of the item in the input (``indicators[3]``), ``""`` for the whole input.
        value: The value after the ``max`` cap; None when it could not be computed (counted as 0).
        max: The cap, if any.
        explanation: The expression with the values that flowed into it (empty unless explained).

    """

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    path: str = ""
    value: Decimal | None = None
    max: Decimal | None = None
    explanation: str = ""


class RuleResult(BaseModel):
    """The result of evaluating a ruleset on one input.

    Attributes:
        ruleset: The ruleset's name.
        version: The ruleset's version, if declared.
        scores: The score lines, in declaration order (one per item for ``for`` scores).
        total: The sum of all score values (null scores count 0).
        grade: The grade label, or None.
        findings: Failed checks, undecidable checks and scores that could not be computed.
        values: The value of every ``let``.
        passed: True when no finding has severity ``error``.

    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    ruleset: str = ""
    version: str | None = None
    scores: list[ScoreLine] = Field(default_factory=list)
    total: Decimal = Decimal(0)
    grade: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict)
    passed: bool = True

    def score(self, id: str) -> ScoreLine | None:
        """Return the first score line with ``id`` (None if there is none)."""
        for line in self.scores:
            if line.id == id:
                return line
        return None

    def render_text(self) -> str:
        """Render the result as plain text (Chinese labels), one line per score and finding."""
        head = f"规则集「{self.ruleset}」" + (f" 版本 {self.version}" if self.version else "")
        lines = [head]
        for s in self.scores:
            where = f" {s.path}" if s.path else ""
            cap = f" / {render(s.max)}" if s.max is not None else ""
            lines.append(f"  {s.label}{where}: {render(s.value)}{cap}")
            if s.explanation:
                lines.append(f"      {s.explanation}")
        lines.append(f"合计 / total: {render(self.total)}")
        if self.grade is not None:
            lines.append(f"等级 / grade: {self.grade}")
        for f in self.findings:
            lines.append(f"  {f.render()}")
            if f.explanation:
                lines.append(f"      {f.explanation}")
        lines.append("通过 / passed" if self.passed else "未通过 / not passed")
        return "\n".join(lines)
