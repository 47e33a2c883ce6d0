"""The raw outcome of one evaluation, shared by both backends, before it becomes a RuleResult.

Decides: what a score line, a finding and a grade are, independently of the backend, so that the
interpreter and the compiler can be compared field by field: a capped score value (``max`` caps,
nothing floors), a null score counted as 0 with a ``warning`` finding, a null check condition giving
a ``warning`` «无法判断», and the default messages when a check has none. A failing check's message
may be kept as its parts (text and numbers) and joined by :func:`message_text` when first read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from indicator_lib.rules import ast as a
from indicator_lib.rules._values import compare, render

__all__ = [
    "NO_ITEM",
    "RawFinding",
    "RawResult",
    "RawScore",
    "band_label",
    "check_finding",
    "message_text",
    "null_score",
]

NO_ITEM: Any = object()


class RawScore(tuple[Any, ...]):
    """One score line: ``(key, path, value, max, item, uncapped, decl)``, ``key`` = (ID, label).

    A plain tuple of that layout is one too (the generated code builds those: a tuple is cheaper to
    make than an object, and a lazy result keeps its first four fields as they are).
    """

    __slots__ = ()

    def __new__(
        cls, decl: a.Score, path: str, value: Any, max: Any, item: Any = NO_ITEM, uncapped: Any = None
    ) -> RawScore:
        return tuple.__new__(cls, ((decl.name, label_of(decl)), path, value, max, item, uncapped, decl))


class RawFinding(tuple[Any, ...]):
    """One finding: ``(key, severity, message, message_en, path, item, cond, decl)``.

    A failed check, an undecidable check, or a score that could not be computed; ``key`` = (ID,
    label); ``message`` is a text or parts (:func:`message_text`). A plain tuple of that layout is one
    too.
    """

    __slots__ = ()

    def __new__(
        cls,
        decl: a.Check | a.Score,
        path: str,
        severity: str,
        message: str | tuple[str | Decimal, ...],
        message_en: str,
        item: Any = NO_ITEM,
        cond: Any = None,
    ) -> RawFinding:
        key = (decl.name, label_of(decl))
        return tuple.__new__(cls, (key, severity, message, message_en, path, item, cond, decl))


@dataclass(slots=True)
class RawResult:
    """Everything one evaluation produced."""

    scores: list[RawScore] = field(default_factory=list)
    total: Decimal = Decimal(0)
    grade: str | None = None
    findings: list[RawFinding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def message_text(message: str | tuple[str | Decimal, ...]) -> str:
    """Return a finding's message text: a text as is, parts joined (numbers rendered plainly).

    The parts are texts (literal pieces and rendered values) and numbers, all immutable, so joining
    them later gives the text that joining them at evaluation would have.
    """
    if type(message) is str:
        return message
    return "".join(p if type(p) is str else render(p) for p in message)


def label_of(decl: a.Score | a.Check) -> str:
    """Return the declaration's label, defaulting to its ID."""
    return decl.label if decl.label is not None else decl.name


def null_score(decl: a.Score, path: str, item: Any) -> RawFinding:
    """Return the warning for a score whose value is null (it counts 0)."""
    label = label_of(decl)
    return RawFinding(
        decl,
        path,
        "warning",
        f"「{label}」无法计算（结果为空），按 0 分计",
        f"{label!r} could not be computed (null); counted as 0",
        item,
    )


def check_finding(decl: a.Check, path: str, cond: Any, parts: list[Any] | None, item: Any) -> RawFinding:
    """Return the finding for a check whose condition is ``cond`` (false or null)."""
    label = label_of(decl)
    if cond is None:
        return RawFinding(
            decl,
            path,
            "warning",
            f"「{label}」无法判断（条件结果为空）",
            f"{label!r} cannot be determined (the condition is null)",
            item,
        )
    severity = decl.severity or "error"
    if parts is None:
        return RawFinding(
            decl, path, severity, f"未通过检查「{label}」", f"check {label!r} failed", item, cond
        )
    text = "".join(p if isinstance(p, str) else render(p[0]) for p in parts)
    return RawFinding(decl, path, severity, text, "", item, cond)


def band_label(value: Any, bands: list[tuple[str, Any, str]], else_label: str | None) -> str | None:
    """Map a value to its grade label (bands tried top down); null value gives null."""
    if value is None:
        return None
    for op, bound, label in bands:
        if compare(op, value, bound) is True:
            return label
    return else_label
