"""What evaluating a ruleset returns: pydantic models, so results serialise to JSON.

Decides: numbers stay ``Decimal`` (JSON carries them as strings, exactly); a score line keeps its
capped value and its ``max`` side by side; ``passed`` means no finding of severity ``error``;
``values`` holds every ``let`` of the ruleset. Models are built without validation from values the
engine already guarantees. A result evaluated without explanations keeps only the field values of the
engine's score and finding records, as tuples of strings and numbers, and builds its ``scores`` and
``findings`` models on first access (or first dump, comparison, copy, pickle or repr): a bulk run
that reads only ``total``, ``grade``, ``passed`` or ``values`` leaves about two objects per input
for the garbage collector to walk instead of about forty. Built or not, a result dumps, compares and
prints the same.
"""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from indicator_lib.findings import Finding
from indicator_lib.rules._outcome import RawResult, message_text
from indicator_lib.rules._values import render

if TYPE_CHECKING:
    from pydantic import SerializerFunctionWrapHandler

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

    if TYPE_CHECKING:

        def _dump_built(self, handler: SerializerFunctionWrapHandler) -> Any: ...

    else:

        @model_serializer(mode="wrap")
        def _dump_built(self, handler):
            # No annotations at run time: an annotated return type would become the serialisation
            # schema; without one pydantic keeps the model's own (same JSON, same JSON schema).
            _build(self)
            return handler(self)

        def __getattr__(self, name):
            if name in _LAZY_FIELDS and _RAW in self.__dict__:
                _build(self)
                return self.__dict__[name]
            return super().__getattr__(name)

    def __eq__(self, other: object) -> bool:
        _build(self)
        if isinstance(other, RuleResult):
            _build(other)
        return super().__eq__(other)

    def __repr_args__(self) -> Any:
        _build(self)
        return super().__repr_args__()

    def __iter__(self) -> Any:
        _build(self)
        return super().__iter__()

    def __copy__(self) -> RuleResult:
        _build(self)
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> RuleResult:
        _build(self)
        return super().__deepcopy__(memo)

    def __getstate__(self) -> dict[Any, Any]:
        _build(self)
        return super().__getstate__()

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


_RAW = "_raw_outcome"
_SCORE_HEAD = itemgetter(slice(0, 4))  # (id, label), path, value, max
_FINDING_HEAD = itemgetter(slice(0, 5))  # (rule, label), severity, message, message_en, path
_SEVERITY = itemgetter(1)
_LAZY_FIELDS = frozenset({"scores", "findings"})
_SCORE_FIELDS = set(ScoreLine.model_fields)
_FINDING_FIELDS = set(Finding.model_fields)


def lazy_result(ruleset: str, version: str | None, raw: RawResult) -> RuleResult:
    """Return a result whose ``scores`` and ``findings`` are built from ``raw`` on first use.

    ``passed``, ``total``, ``grade`` and ``values`` are set at once. Of the raw records only the
    field values are kept, as tuples of strings and numbers (the garbage collector stops tracking
    such tuples, so a kept result costs it almost nothing), in the instance dict under a key that is
    not a field: pydantic serialises and compares fields only, and every path that reads all
    fields builds them first.
    """
    findings = raw.findings
    # C-level: the first fields of each record (a slice of a tuple is a plain tuple).
    kept = (tuple(map(_SCORE_HEAD, raw.scores)), tuple(map(_FINDING_HEAD, findings)))
    passed = "error" not in map(_SEVERITY, findings)
    result = object.__new__(RuleResult)
    object.__setattr__(
        result,
        "__dict__",
        {
            "ruleset": ruleset,
            "version": version,
            "total": raw.total,
            "grade": raw.grade,
            "values": raw.values,
            "passed": passed,
            _RAW: kept,
        },
    )
    object.__setattr__(result, "__pydantic_fields_set__", _RESULT_FIELDS)
    object.__setattr__(result, "__pydantic_extra__", None)
    object.__setattr__(result, "__pydantic_private__", None)
    return result


_RESULT_FIELDS = set(RuleResult.model_fields)
_RESULT_ORDER = tuple(RuleResult.model_fields)
_Kept = tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]


def _build(result: RuleResult) -> None:
    """Build the ``scores`` and ``findings`` models of a lazy result (no-op once built).

    Two threads may build at once: each builds its own lists, ``setdefault`` on the shared raw dict
    keeps the first, so every reader sees the same list objects.
    """
    d = result.__dict__
    kept: _Kept | None = d.get(_RAW)
    if kept is None:
        return
    new, setattr_ = object.__new__, object.__setattr__
    scores = []
    for (id_, label), path, value, max_ in kept[0]:
        line = new(ScoreLine)
        setattr_(
            line,
            "__dict__",
            {"id": id_, "label": label, "path": path, "value": value, "max": max_, "explanation": ""},
        )
        setattr_(line, "__pydantic_fields_set__", _SCORE_FIELDS)
        setattr_(line, "__pydantic_extra__", None)
        setattr_(line, "__pydantic_private__", None)
        scores.append(line)
    findings = []
    for (rule, label), severity, message, message_en, path in kept[1]:
        finding = new(Finding)
        setattr_(
            finding,
            "__dict__",
            {
                "rule": rule,
                "label": label,
                "severity": severity,
                "message": message_text(message),
                "message_en": message_en,
                "path": path,
                "explanation": "",
            },
        )
        setattr_(finding, "__pydantic_fields_set__", _FINDING_FIELDS)
        setattr_(finding, "__pydantic_extra__", None)
        setattr_(finding, "__pydantic_private__", None)
        findings.append(finding)
    d.setdefault("scores", scores)
    d.setdefault("findings", findings)
    # A fresh dict in field order (pydantic dumps in dict order), without the raw records.
    object.__setattr__(result, "__dict__", {name: d[name] for name in _RESULT_ORDER})
