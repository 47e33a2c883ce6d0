"""The indicator frameworks a catalog entry can belong to, and their 一级 / 二级 levels.

A library indicator sits in one of four hierarchies, and its ``level1`` / ``level2`` must be a valid
pair of that hierarchy:

* ``goal`` — the 绩效目标表 / 自评表 三级指标 hierarchy (产出 / 成本 / 效益 / 满意度), taken from
  :mod:`indicator_lib.levels` with its alias table for the renamings real tables use;
* ``self_evaluation`` — the rows of the 项目支出绩效自评表 outside the goal indicators (预算执行率);
* ``evaluation`` — the 项目支出绩效评价指标体系框架 of 财预〔2020〕10号 (决策 / 过程 / 产出 / 效益),
  used for 重点评价;
* ``department`` — the 部门整体支出绩效评价共性指标体系框架 of 财预〔2013〕53号
  (投入 / 过程 / 产出 / 效果).

When a row does not say its framework, the first framework (in the order above) in which its
levels resolve is taken, so a provincial library with only 一级/二级 columns loads unchanged.
"""

from __future__ import annotations

import unicodedata
from types import MappingProxyType
from typing import Literal

from indicator_lib.levels import LEVEL2_UNDER, normalize_level1, normalize_level2

__all__ = [
    "FRAMEWORKS",
    "FRAMEWORK_LABELS",
    "Framework",
    "framework_from_text",
    "level_order",
    "levels_of",
    "resolve_levels",
]

Framework = Literal["goal", "self_evaluation", "evaluation", "department"]

FRAMEWORKS: tuple[Framework, ...] = ("goal", "self_evaluation", "evaluation", "department")

#: Chinese label of each framework, used in CSV / Excel and the CLI.
FRAMEWORK_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "goal": "绩效目标",
        "self_evaluation": "绩效自评",
        "evaluation": "重点评价",
        "department": "部门整体",
    }
)

_FRAMEWORK_ALIASES: dict[str, Framework] = {
    **{name: name for name in FRAMEWORKS},
    **{label: fw for fw, label in FRAMEWORK_LABELS.items()},  # type: ignore[misc]
    "目标": "goal",
    "绩效目标表": "goal",
    "目标表": "goal",
    "自评": "self_evaluation",
    "自评表": "self_evaluation",
    "项目自评": "self_evaluation",
    "评价": "evaluation",
    "项目评价": "evaluation",
    "重点绩效评价": "evaluation",
    "部门整体评价": "department",
    "部门整体支出": "department",
    "单位整体": "department",
}

_SELF_EVALUATION: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({"预算执行情况": ("预算执行",)})

_EVALUATION: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "决策": ("项目立项", "绩效目标", "资金投入"),
        "过程": ("资金管理", "组织实施"),
        "产出": ("产出数量", "产出质量", "产出时效", "产出成本"),
        "效益": ("项目效益",),
    }
)

_DEPARTMENT: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "投入": ("目标设定", "预算配置"),
        "过程": ("预算执行", "预算管理", "资产管理"),
        "产出": ("职责履行",),
        "效果": ("履职效益",),
    }
)

_TABLES: dict[Framework, MappingProxyType[str, tuple[str, ...]]] = {
    "goal": LEVEL2_UNDER,
    "self_evaluation": _SELF_EVALUATION,
    "evaluation": _EVALUATION,
    "department": _DEPARTMENT,
}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return text.removesuffix("指标") if text.endswith("指标") and len(text) > 2 else text


def framework_from_text(text: str) -> Framework | None:
    """Return the framework named by ``text`` (English slug or Chinese label), or None."""
    return _FRAMEWORK_ALIASES.get(unicodedata.normalize("NFKC", text).strip())


def _resolve_in(framework: Framework, level1: str, level2: str) -> tuple[str, str] | None:
    if framework == "goal":
        l1 = normalize_level1(level1)
        l2 = normalize_level2(level2)
        if l1 is None or l2 is None:
            return None
        return (l1, l2) if l2 in LEVEL2_UNDER[l1] else None
    table = _TABLES[framework]
    l1c, l2c = _clean(level1), _clean(level2)
    for name, children in table.items():
        if _clean(name) == l1c:
            for child in children:
                if _clean(child) == l2c:
                    return name, child
    return None


def resolve_levels(
    framework: Framework | None, level1: str, level2: str
) -> tuple[Framework, str, str] | None:
    """Resolve ``(level1, level2)`` to standard names within ``framework`` (or the first that fits).

    Args:
        framework: The framework, or None to try each in the order of :data:`FRAMEWORKS`.
        level1: The 一级 as written.
        level2: The 二级 as written.

    Returns:
        ``(framework, level1, level2)`` with standard names, or None when the pair is not valid.

    """
    candidates: tuple[Framework, ...] = FRAMEWORKS if framework is None else (framework,)
    for fw in candidates:
        found = _resolve_in(fw, level1, level2)
        if found is not None:
            return fw, found[0], found[1]
    return None


def levels_of(framework: Framework) -> MappingProxyType[str, tuple[str, ...]]:
    """Return the 一级 → 二级 table of ``framework``."""
    return _TABLES[framework]


def level_order(framework: str, level1: str, level2: str) -> tuple[int, int, int]:
    """Return a sort key placing a level pair in the order the framework's tables print it."""
    fw_index = FRAMEWORKS.index(framework) if framework in FRAMEWORKS else len(FRAMEWORKS)
    table = _TABLES.get(framework, MappingProxyType({}))  # type: ignore[call-overload]
    names = list(table)
    i1 = names.index(level1) if level1 in names else len(names)
    children: tuple[str, ...] = table.get(level1, ())
    i2 = children.index(level2) if level2 in children else len(children)
    return fw_index, i1, i2
