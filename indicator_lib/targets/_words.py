"""The fixed vocabularies of 指标值: empty marks, boolean words, standard qualitative phrases.

Decides which whole texts are read as words rather than parsed: ``—`` or ``不适用`` is empty,
``是`` / ``未完成`` is a boolean, ``达成年度指标`` is the standard "achieved" grade, ``效果明显`` a
recognised qualitative level. Matching is on the compacted text (widths folded, spaces removed).
"""

from __future__ import annotations

import re
from types import MappingProxyType

from indicator_lib.targets._model import Grade

__all__ = ["BOOLEANS", "BOOLEAN_UNITS", "EMPTY", "GRADES", "PHRASES", "is_empty_mark"]

#: Texts that mean "no value" (besides runs of ``- / * \\ .``).
EMPTY: frozenset[str] = frozenset(
    {"", "无", "不适用", "暂无", "空", "N/A", "n/a", "NA", "na", "null", "None", "none", "无此项"}
)
_EMPTY_MARKS_RE = re.compile(r"^[-/*\\.~_]*$")

#: Boolean words → truth. ``无`` is a boolean only when the unit column says 是/否 or 有/无.
BOOLEANS: MappingProxyType[str, bool] = MappingProxyType(
    {
        "是": True,
        "否": False,
        "有": True,
        "没有": False,
        "完成": True,
        "已完成": True,
        "未完成": False,
        "达标": True,
        "未达标": False,
        "√": True,
        "×": False,
    }
)

#: Unit-column spellings that make the value a boolean (``无`` then means False).
BOOLEAN_UNITS: frozenset[str] = frozenset({"是/否", "是或否", "有/无", "有或无", "是否", "有无", "布尔"})

#: The standard self-evaluation grades and their common spellings.
GRADES: MappingProxyType[str, Grade] = MappingProxyType(
    {
        "达成年度指标": "achieved",
        "达成预期指标": "achieved",
        "达成预期目标": "achieved",
        "达到预期": "achieved",
        "达到预期目标": "achieved",
        "达成预期": "achieved",
        "全部达成": "achieved",
        "已达成": "achieved",
        "部分达成年度指标并具有一定效果": "partial",
        "部分达成年度指标": "partial",
        "部分达成预期指标": "partial",
        "部分达成": "partial",
        "基本达成": "partial",
        "未达成年度指标且效果较差": "not-achieved",
        "未达成年度指标": "not-achieved",
        "未达成预期指标": "not-achieved",
        "未达成": "not-achieved",
    }
)

#: Recognised qualitative levels (any other text is still qualitative).
PHRASES: frozenset[str] = frozenset(
    {
        *GRADES,
        "效果明显",
        "效果显著",
        "成效明显",
        "成效显著",
        "影响程度明显",
        "显著提升",
        "明显提升",
        "有所提升",
        "较大提升",
        "稳步提高",
        "稳步提升",
        "逐步提高",
        "逐年提高",
        "巩固提高",
        "持续改善",
        "有所改善",
        "明显改善",
        "有效改善",
        "持续提升",
        "持续发展",
        "保持稳定",
        "优良",
        "优秀",
        "良好",
        "合格",
        "有效",
        "有效保障",
        "应保尽保",
        "长期",
        "中长期",
        "短期",
        "明显",
        "显著",
        "较好",
        "满意",
        "基本满意",
        "提高",
        "提升",
        "改善",
        "符合要求",
        "符合标准",
        "符合相关规定",
        "按时完成",
        "及时",
        "正常运转",
        "保障到位",
    }
)


def is_empty_mark(text: str) -> bool:
    """Return True when the compacted ``text`` means "no value"."""
    return text in EMPTY or _EMPTY_MARKS_RE.match(text) is not None
