"""Comparing an actual value (实际完成值) with a target (指标值), in base units.

Decides what "met" means for each kind of target and what ratio scoring uses:

* quantitative: both sides convert to their base unit (``≤100万元`` vs ``899740元`` or
  ``89.974`` 万元 compare as 1000000 vs 899740 元); the relation decides ``met``; ``ratio`` is
  actual / target (the lower bound for a range), Decimal, rounded half up to 6 places. A side
  without a unit is taken to be in the other side's unit. A target without a relation is read as
  ``>=`` (``assumed_op`` says so). Different base units are the outcome ``incompatible-units``.
* range: met when lower ≤ actual ≤ upper.
* period / deadline: met when the actual date (its end) is on or before the deadline, or inside
  the period.
* boolean: met when the truths agree.
* qualitative: met when the texts agree or the actual is an ``achieved`` grade or a true boolean
  (完成); ``partial`` / ``not-achieved`` grades and false booleans are not met; anything else is
  ``not-comparable``.

Missing values are outcomes (``missing-target``, ``missing-actual``), never exceptions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from indicator_lib.targets._model import Op, TargetValue
from indicator_lib.targets._units import exact_mul, find_unit, reduce_decimal

__all__ = ["Comparison", "Direction", "Outcome", "compare"]

Outcome = Literal[
    "met",
    "not-met",
    "incompatible-units",
    "kind-mismatch",
    "missing-target",
    "missing-actual",
    "not-comparable",
]
Direction = Literal["higher-better", "lower-better", "exact", "within-range", "by-deadline"]

_RATIO_PLACES = Decimal("0.000001")
_RATIO_CTX = Context(prec=200, rounding=ROUND_HALF_UP)
_DIRECTION: dict[Op, Direction] = {
    ">=": "higher-better",
    ">": "higher-better",
    "<=": "lower-better",
    "<": "lower-better",
    "=": "exact",
}


class Comparison(BaseModel):
    """The outcome of comparing an actual with a target.

    Attributes:
        outcome: ``met``, ``not-met``, ``incompatible-units``, ``kind-mismatch``,
            ``missing-target``, ``missing-actual`` or ``not-comparable``.
        met: True / False when decidable, else None.
        ratio: actual / target in base units (Decimal, 6 places, half up), for scoring; None when
            not numeric or the target is zero.
        direction: ``higher-better``, ``lower-better``, ``exact``, ``within-range`` or
            ``by-deadline``; None when not numeric.
        assumed_op: True when the target had no relation and ``>=`` was assumed.
        target_base: The target in base units (lower bound for a range).
        actual_base: The actual in base units.
        base_unit: The base unit both were converted to.
        target: The target compared.
        actual: The actual compared.
        message: Why, in Chinese.
        message_en: Why, in English.

    """

    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    met: bool | None = None
    ratio: Decimal | None = None
    direction: Direction | None = None
    assumed_op: bool = False
    target_base: Decimal | None = None
    actual_base: Decimal | None = None
    base_unit: str | None = None
    target: TargetValue
    actual: TargetValue
    message: str = ""
    message_en: str = ""


class _Result(Protocol):
    def __call__(self, outcome: Outcome, zh: str, en: str, **kw: object) -> Comparison: ...


def _as_value(actual: TargetValue | str | Decimal | int, unit: str | None) -> TargetValue:
    if isinstance(actual, TargetValue):
        return actual
    from indicator_lib.targets._parse import parse_target

    if isinstance(actual, Decimal | int):
        actual = str(actual)
    return parse_target(actual, unit=unit)


def _holds(op: Op, a: Decimal, t: Decimal) -> bool:
    if op == ">=":
        return a >= t
    if op == ">":
        return a > t
    if op == "<=":
        return a <= t
    if op == "<":
        return a < t
    return a == t


def compare(
    target: TargetValue, actual: TargetValue | str | Decimal | int, *, unit: str | None = None
) -> Comparison:
    """Compare ``actual`` with ``target`` (see the module docstring for the rules).

    Args:
        target: The parsed target.
        actual: The actual, parsed or as text or a bare number.
        unit: The unit of ``actual`` when written apart.

    Returns:
        The :class:`Comparison`.

    """
    act = _as_value(actual, unit)

    def result(outcome: Outcome, zh: str, en: str, **kw: object) -> Comparison:
        met = True if outcome == "met" else False if outcome == "not-met" else None
        return Comparison.model_validate(
            {
                "outcome": outcome,
                "met": met,
                "target": target,
                "actual": act,
                "message": zh,
                "message_en": en,
                **kw,
            }
        )

    if target.kind == "empty":
        return result("missing-target", "指标值为空，无法比较", "the target is empty")
    if act.kind == "empty":
        return result("missing-actual", "实际完成值为空", "the actual is empty")
    if (act.kind == "qualitative" and act.grade is not None) or (
        act.kind == "boolean" and target.kind != "boolean"
    ):
        achieved = act.grade == "achieved" if act.grade is not None else bool(act.flag)
        if achieved:
            return result("met", "实际完成值表明已达成", "the actual says the target is achieved")
        return result("not-met", "实际完成值表明未（完全）达成", "the actual says not (fully) achieved")
    if target.kind == "quantitative":
        if act.kind != "quantitative":
            return result(
                "kind-mismatch",
                "定量指标的实际完成值不是数值",
                "the actual of a number target is not a number",
            )
        return _compare_numbers(target, act, result)
    if target.kind == "period":
        if act.kind != "period":
            return result(
                "kind-mismatch", "时间指标的实际完成值不是日期", "the actual of a date target is not a date"
            )
        return _compare_periods(target, act, result)
    if target.kind == "boolean":
        if act.kind != "boolean":
            return result(
                "kind-mismatch",
                "是/否指标的实际完成值不是是/否",
                "the actual of a yes/no target is not yes/no",
            )
        if act.flag == target.flag:
            return result("met", "是/否一致", "the yes/no values agree")
        return result("not-met", "是/否不一致", "the yes/no values disagree")
    if act.kind == "qualitative" and act.text == target.text:
        return result("met", "实际完成值与指标值一致", "the actual equals the target")
    return result(
        "not-comparable", "定性指标无法自动判断", "a qualitative target cannot be judged automatically"
    )


def _compare_numbers(target: TargetValue, act: TargetValue, result: _Result) -> Comparison:
    assert target.value is not None and act.value is not None
    t_unit, a_unit = target.unit, act.unit
    if t_unit is not None and a_unit is None:
        a_unit = t_unit
    elif a_unit is not None and t_unit is None:
        t_unit = a_unit
    tu = find_unit(t_unit) if t_unit is not None else None
    au = find_unit(a_unit) if a_unit is not None else None
    if t_unit is None:
        t_factor = a_factor = Decimal(1)
        base: str | None = None
    elif tu is None or au is None:
        if t_unit != a_unit:
            return result(
                "incompatible-units",
                f"单位「{t_unit}」与「{a_unit}」无法换算",
                f"units {t_unit!r} and {a_unit!r} cannot be converted",
            )
        t_factor = a_factor = Decimal(1)
        base = t_unit
    elif tu.base != au.base:
        return result(
            "incompatible-units",
            f"单位「{tu.name}」与「{au.name}」量纲不同",
            f"units {tu.name!r} and {au.name!r} measure different things",
        )
    else:
        t_factor, a_factor, base = tu.factor, au.factor, tu.base
    t_base = reduce_decimal(exact_mul(target.value, t_factor))
    a_base = reduce_decimal(exact_mul(act.value, a_factor))
    ratio = _ratio(a_base, t_base)
    common = {"ratio": ratio, "target_base": t_base, "actual_base": a_base, "base_unit": base}
    if target.upper is not None:
        upper = exact_mul(target.upper, t_factor)
        ok = t_base <= a_base <= upper
        return result(
            "met" if ok else "not-met",
            "实际完成值在区间内" if ok else "实际完成值不在区间内",
            "the actual is within the range" if ok else "the actual is outside the range",
            direction="within-range",
            **common,
        )
    op: Op = target.op or ">="
    ok = _holds(op, a_base, t_base)
    return result(
        "met" if ok else "not-met",
        "已达到指标值" if ok else "未达到指标值",
        "the target is met" if ok else "the target is not met",
        direction=_DIRECTION[op],
        assumed_op=target.op is None,
        **common,
    )


def _ratio(actual: Decimal, target: Decimal) -> Decimal | None:
    if not target:
        return None
    try:
        return _RATIO_CTX.divide(actual, target).quantize(_RATIO_PLACES, context=_RATIO_CTX)
    except InvalidOperation:  # a ratio with more than 190 integer digits
        return None


def _compare_periods(target: TargetValue, act: TargetValue, result: _Result) -> Comparison:
    when = act.end or act.start
    if when is None or (target.start is None and target.end is None):
        return result(
            "not-comparable", "日期无法确定（缺少预算年度？）", "a date is unresolved (fiscal year missing?)"
        )
    ok = (target.start is None or when >= target.start) and (target.end is None or when <= target.end)
    return result(
        "met" if ok else "not-met",
        "按期完成" if ok else "未按期完成",
        "done in time" if ok else "not done in time",
        direction="by-deadline",
    )
