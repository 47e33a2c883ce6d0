"""The typed value a 指标值 / 实际完成值 becomes, and the outcome of comparing two of them.

Decides the one shape every caller (importers, review, scoring, the CLI) sees: an immutable
:class:`TargetValue` with a ``kind`` (quantitative, qualitative, period, boolean, empty), the
relation ``op`` normalised to ASCII, the number as a :class:`~decimal.Decimal` exactly as written,
its unit in normalised spelling and the same number in the unit's base (ratio for ``%``, 元 for
money). Booleans carry ``flag``; periods ``start``/``end``; qualitative values ``text``. Problems
never raise: they are :class:`TargetWarning` records with stable codes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from indicator_lib.targets._compare import Comparison

__all__ = ["Grade", "Kind", "Op", "TargetValue", "TargetWarning"]

Kind = Literal["quantitative", "qualitative", "period", "boolean", "empty"]
Op = Literal[">=", ">", "=", "<", "<="]
Grade = Literal["achieved", "partial", "not-achieved"]


class TargetWarning(BaseModel):
    """A problem noticed while reading a value; the value is still returned.

    Attributes:
        code: Stable slug (``operator-missing``, ``unit-unknown``, ``unit-conflict``, ``unparsed`` …;
            the full list is in ``docs/targets.md``).
        message: The message in Chinese.
        message_en: The same message in English.

    """

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    message_en: str = ""


class TargetValue(BaseModel):
    """One 指标值 or 实际完成值, parsed.

    Attributes:
        raw: The text exactly as given (always kept, even when nothing could be read).
        kind: ``quantitative``, ``qualitative``, ``period``, ``boolean`` or ``empty``.
        op: The relation (``>=``, ``>``, ``=``, ``<``, ``<=``), or None when none was written.
        value: The number as written (``100`` for ``≤100万元``); the lower bound of a range.
        unit: The unit in normalised spelling (``%``, ``万元``, ``元/人·月``), or None.
        base_value: ``value`` in the unit's base (``1000000`` for ``100万元``; ``0.95`` for ``95%``),
            or None when the unit has no known base.
        base_unit: The base unit (``元``, ``ratio``, ``人``, ``天`` …), or None.
        dimension: The unit's dimension (``money``, ``ratio``, ``count``, ``time``, ``length``,
            ``area``, ``weight``, ``volume``, ``rate``), or None.
        upper: The upper bound of a range (``100`` for ``90%-100%``), in the same unit as ``value``.
        start: First day of a period, or None.
        end: Last day of a period or a deadline, or None.
        text: The text of a qualitative value (normalised spaces), or None.
        flag: The truth of a boolean (是/有/完成 → True; 否/无/未完成 → False), or None.
        grade: For the standard self-evaluation grades: ``achieved`` (达成年度指标),
            ``partial`` (部分达成年度指标并具有一定效果), ``not-achieved`` (未达成年度指标且效果较差).
        warnings: What was odd about the text, each with a stable code.

    """

    model_config = ConfigDict(frozen=True)

    raw: str
    kind: Kind
    op: Op | None = None
    value: Decimal | None = None
    unit: str | None = None
    base_value: Decimal | None = None
    base_unit: str | None = None
    dimension: str | None = None
    upper: Decimal | None = None
    start: date | None = None
    end: date | None = None
    text: str | None = None
    flag: bool | None = None
    grade: Grade | None = None
    warnings: tuple[TargetWarning, ...] = ()

    @property
    def base_upper(self) -> Decimal | None:
        """``upper`` converted to the base unit (None without an upper bound or a known base)."""
        if self.upper is None or self.value is None or self.base_value is None:
            return None
        from indicator_lib.targets._units import to_base

        return to_base(self.upper, self.unit)

    @property
    def warning_codes(self) -> tuple[str, ...]:
        """The codes of :attr:`warnings`, in order."""
        return tuple(w.code for w in self.warnings)

    def format(self) -> str:
        """Return a canonical text form; a quantitative value's form parses back to an equal value.

        Returns:
            ``≥95%``, ``≤100万元``, ``90%-100%``, ``2023.07.01-2024.01.31``, ``是``, the qualitative
            text, or ``""`` for an empty value.

        """
        from indicator_lib.targets._format import format_value

        return format_value(self)

    def __str__(self) -> str:
        return self.format()

    def compare(self, actual: TargetValue | str | Decimal | int, *, unit: str | None = None) -> Comparison:
        """Compare an actual value (实际完成值) with this target, in base units.

        Args:
            actual: The actual, parsed or as text (``"899740元"``) or a bare number.
            unit: The unit of ``actual`` when it is written apart (the split 度量单位 column).

        Returns:
            A :class:`~indicator_lib.targets.Comparison`: met or not, the ratio actual/target in
            base units, the direction; incompatible units and missing values are outcomes, not errors.

        """
        from indicator_lib.targets._compare import compare

        return compare(self, actual, unit=unit)
