"""The indicator hierarchy (一级 / 二级) and the aliases real tables use for its levels.

Decides which 二级 names belong under which 一级 (domain.md, 财预〔2020〕10号 and 财预〔2021〕101号)
and how the renamings seen in real tables map onto the standard names: 项目完成指标 and 项目产出
→ 产出指标, 项目效果 → 效益指标, 社会公众或服务对象满意度指标 → 服务对象满意度指标, scores in
brackets (``产出指标(50分)``) and decorations (★, spaces, full-width brackets) stripped.

Pure stdlib and cheap to import: the catalog, the submission models and the importers all use it.
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

__all__ = [
    "LEVEL1",
    "LEVEL2",
    "LEVEL2_UNDER",
    "level1_of",
    "normalize_level1",
    "normalize_level2",
]

#: 一级 → its 二级, in the order the standard tables print them.
LEVEL2_UNDER: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    }
)

LEVEL1: tuple[str, ...] = tuple(LEVEL2_UNDER)
LEVEL2: tuple[str, ...] = tuple(dict.fromkeys(n for names in LEVEL2_UNDER.values() for n in names))

_LEVEL1_ALIASES: dict[str, str] = {
    "产出": "产出指标",
    "产出指标": "产出指标",
    "项目产出": "产出指标",
    "项目产出指标": "产出指标",
    "项目完成指标": "产出指标",
    "完成指标": "产出指标",
    "成本": "成本指标",
    "成本指标": "成本指标",
    "效益": "效益指标",
    "效益指标": "效益指标",
    "效果": "效益指标",
    "效果指标": "效益指标",
    "项目效果": "效益指标",
    "项目效果指标": "效益指标",
    "项目效益": "效益指标",
    "项目效益指标": "效益指标",
    "满意度": "满意度指标",
    "满意度指标": "满意度指标",
    "服务对象满意度": "满意度指标",
    "服务对象满意度指标": "满意度指标",
    "社会公众或服务对象满意度指标": "满意度指标",
}

_LEVEL2_ALIASES: dict[str, str] = {
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "成本": "成本指标",
    "产出数量": "数量指标",
    "产出质量": "质量指标",
    "产出时效": "时效指标",
    "产出成本": "成本指标",
    "经济成本": "经济成本指标",
    "社会成本": "社会成本指标",
    "生态环境成本": "生态环境成本指标",
    "生态成本": "生态环境成本指标",
    "生态成本指标": "生态环境成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "环境效益": "生态效益指标",
    "环境效益指标": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    "满意度": "服务对象满意度指标",
    "满意度指标": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
}
_LEVEL2_ALIASES.update({name: name for name in LEVEL2})

# "(50分)", "（30分）", "(长期)", "(年度)" and leading ordinals such as "一、" are decorations.
# A bracket around the name itself (``(产出指标)``) is kept as the name.
_DECORATION = re.compile(r"\([^()]*(?:分|长期|年度|\d)[^()]*\)|^[一二三四五六七八九十\d]+[、.]|[★☆\s()]")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _DECORATION.sub("", text).strip()


def normalize_level1(text: str | None) -> str | None:
    """Return the standard 一级 name for ``text``, or None when it is not a known 一级.

    Args:
        text: A level heading as written (``"产出指标(50分)"``, ``"项目效果"``).

    Returns:
        ``"产出指标"``, ``"成本指标"``, ``"效益指标"``, ``"满意度指标"`` or None.

    """
    if not text:
        return None
    return _LEVEL1_ALIASES.get(_clean(text))


def normalize_level2(text: str | None) -> str | None:
    """Return the standard 二级 name for ``text``, or None when it is not a known 二级.

    ``成本指标`` is both an old 二级 (under 产出指标) and, since 财预〔2021〕101号, a 一级; as a
    二级 it stays ``成本指标``. ``满意度指标`` written in the 二级 column means 服务对象满意度指标.

    Args:
        text: A 二级 heading as written.

    Returns:
        The standard 二级 name, or None.

    """
    if not text:
        return None
    return _LEVEL2_ALIASES.get(_clean(text))


def level1_of(level2: str) -> tuple[str, ...]:
    """Return the 一级 names a standard 二级 belongs under (usually one)."""
    return tuple(l1 for l1, names in LEVEL2_UNDER.items() if level2 in names)
