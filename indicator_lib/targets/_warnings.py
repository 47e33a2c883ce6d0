"""The stable warning codes of the 指标值 parser and their bilingual messages.

Decides the full list of codes (documented in ``docs/targets.md``); callers match on ``code``,
never on the message text.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

from indicator_lib.targets._model import TargetWarning

__all__ = ["WARNING_CODES", "warn"]

#: code → (Chinese template, English template); ``{x}`` is filled from keyword arguments.
WARNING_CODES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "operator-missing": ("指标值未写比较关系（≥、≤、= 等）", "no relation (>=, <=, = …) is written"),
        "operator-conflict": (
            "指标性质「{given}」与指标值中的「{written}」不一致，采用指标值中的关系",
            "the relation column {given!r} disagrees with {written!r} in the value; the value's is used",
        ),
        "operator-unknown": (
            "无法识别的指标性质「{given}」，已忽略",
            "the relation column {given!r} is not a relation; ignored",
        ),
        "unit-unknown": (
            "未知计量单位「{unit}」，按原样保留，无法换算",
            "unknown unit {unit!r}, kept as written and not converted",
        ),
        "unit-conflict": (
            "度量单位「{given}」与指标值中的单位「{written}」不一致，采用指标值中的单位",
            "the unit column {given!r} disagrees with unit {written!r} in the value; the value's is used",
        ),
        "unit-ignored": (
            "度量单位「{given}」不适用于非定量指标值，已忽略",
            "the unit column {given!r} does not apply to a non-quantitative value; ignored",
        ),
        "year-missing": (
            "相对日期「{text}」需要预算年度（fiscal_year）才能确定",
            "the relative date {text!r} needs the fiscal year (fiscal_year) to be resolved",
        ),
        "period-reversed": ("时间段的结束早于开始", "the period ends before it starts"),
        "placeholder": (
            "指标值是模板占位符「{text}」，未填写具体数值",
            "the value is a template placeholder {text!r}; no number was filled in",
        ),
        "unparsed": (
            "无法解析指标值「{text}」，按定性文字处理",
            "cannot read the value {text!r}; kept as qualitative text",
        ),
    }
)


def warn(code: str, **fields: str | None) -> TargetWarning:
    """Return the warning ``code`` with its messages filled from ``fields`` (cached: it is immutable)."""
    return _warn(code, tuple(sorted(fields.items())))


@lru_cache(maxsize=4096)
def _warn(code: str, items: tuple[tuple[str, str | None], ...]) -> TargetWarning:
    fields = dict(items)
    zh, en = WARNING_CODES[code]
    return TargetWarning(code=code, message=zh.format(**fields), message_en=en.format(**fields))
