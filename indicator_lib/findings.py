"""The one shape of a finding, shared by goal review, scoring audits, rulesets and the graph.

A finding says which check (``rule``) found what (``message``, Chinese first, English beside it),
how bad it is (``severity``), where in the submission (``path``, 0-based: ``indicators[3].target``)
and why (``explanation``: the values that flowed into the check).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from indicator_lib.errors import Severity

__all__ = ["SEVERITY_ORDER", "Finding", "Severity"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """One problem found in a submission, a plan or a ruleset's input.

    Attributes:
        rule: The stable check ID (``missing_target``, ``declared_above_rule``, ``cycle`` …).
        label: The check's human label (Chinese), defaults to the rule ID.
        severity: ``error``, ``warning`` or ``info``.
        message: The message in Chinese.
        message_en: The message in English.
        path: 0-based path of the item in the input (``indicators[3]``), ``""`` for the whole input.
        explanation: The expression with the values that flowed into it.

    """

    model_config = ConfigDict(frozen=True)

    rule: str
    label: str = ""
    severity: Severity = "error"
    message: str
    message_en: str = ""
    path: str = ""
    explanation: str = ""

    def render(self) -> str:
        """Return a one-line text form: ``error[rule] path: message``."""
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}[{self.rule}]{where}: {self.message}"
