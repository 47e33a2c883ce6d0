"""``indicator-lib catalog``: the indicators that apply to a function code, search, one entry.

Examples::

    indicator-lib catalog 2050203                 # grouped by 指标体系 / 一级 / 二级
    indicator-lib catalog --search 满意度
    indicator-lib catalog --id FW-007
    indicator-lib catalog 2081902 --json
    indicator-lib catalog 2050203 --file 省级指标库.xlsx            # a user's library only
    indicator-lib catalog 2050203 --overlay 省级指标库.xlsx         # national + provincial
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indicator_lib.catalog import Catalog, Indicator

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``catalog`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "catalog",
        help="查询指标库 / look up the indicator library",
        description="按支出功能分类科目列出适用指标、搜索指标、查看单个指标 / "
        "list the indicators for a function code, search them, show one",
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="支出功能分类科目编码 / function code")
    parser.add_argument("--search", metavar="TEXT", help="按名称、标签、解释搜索 / search indicators")
    parser.add_argument("--id", metavar="ID", dest="indicator_id", help="查看一个指标 / show one indicator")
    parser.add_argument(
        "--file", metavar="PATH", help="使用自己的指标库（文件或文件夹）/ use your own library instead"
    )
    parser.add_argument(
        "--overlay", metavar="PATH", help="在国家指标库上叠加省级指标库 / lay a provincial library on top"
    )
    parser.add_argument("--no-common", action="store_true", help="不列通用指标 / leave out common indicators")
    parser.add_argument("--retired", action="store_true", help="包括已停用指标 / include retired entries")
    parser.add_argument("--limit", type=int, default=20, help="搜索结果上限 / most search results")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.catalog import load_catalog

    catalog = load_catalog(args.file) if args.file else load_catalog()
    if args.overlay:
        catalog = catalog.overlay(load_catalog(args.overlay))
        if not args.json:
            for conflict in catalog.conflicts:
                print(f"{conflict.severity}[overlay_{conflict.kind}]: {conflict.message}")
    if args.indicator_id:
        return _show(catalog.lookup(args.indicator_id), args.json)
    if args.search:
        hits = catalog.search(args.search, limit=args.limit, include_retired=args.retired)
        if args.json:
            _dump({"query": args.search, "indicators": [i.model_dump(mode="json") for i in hits]})
        elif not hits:
            print(f"未找到与「{args.search}」相符的指标 / no indicator matches {args.search!r}")
        else:
            for ind in hits:
                print(_line(ind, show_levels=True))
        return 0 if hits else 1
    if args.code:
        return _for_code(catalog, args)
    return _summary(catalog, args.json)


def _for_code(catalog: Catalog, args: argparse.Namespace) -> int:
    from indicator_lib.codes import function_codes

    code = str(args.code).strip()
    found = catalog.for_code(code, include_common=not args.no_common, include_retired=args.retired)
    table = function_codes()
    entry = table.get(code)
    path = table.path_name(code) if entry is not None else ""
    if args.json:
        _dump(
            {
                "code": code,
                "name": entry.name if entry is not None else None,
                "path": path,
                "indicators": [i.model_dump(mode="json") for i in found],
            }
        )
        return 0
    if entry is None:
        print(f"{code}  （科目表中没有此编码 / not in the code table）")
    else:
        print(f"{code}  {path}")
    print(f"适用指标 {len(found)} 个 / {len(found)} indicators apply")
    from indicator_lib.catalog import FRAMEWORK_LABELS

    groups: dict[tuple[str, str, str], list[Indicator]] = {}
    for ind in found:
        groups.setdefault((ind.framework, ind.level1, ind.level2), []).append(ind)
    from indicator_lib.catalog._frameworks import level_order

    last_framework = last_level1 = ""
    for key in sorted(groups, key=lambda k: level_order(*k)):
        framework, level1, level2 = key
        if framework != last_framework:
            print(f"\n【{FRAMEWORK_LABELS[framework]}】")
            last_framework, last_level1 = framework, ""
        if level1 != last_level1:
            print(f"  {level1}")
            last_level1 = level1
        print(f"    {level2}")
        for ind in groups[key]:
            print(f"      {_line(ind)}")
    return 0


def _line(ind: Indicator, *, show_levels: bool = False) -> str:
    from indicator_lib.catalog import DIRECTION_LABELS, KIND_LABELS

    unit = f" [{ind.unit}]" if ind.unit else ""
    scope = ",".join(ind.function_codes) or "通用"
    levels = f"  {ind.level1}/{ind.level2}" if show_levels else ""
    retired = "  （已停用）" if ind.status == "retired" else ""
    return (
        f"{ind.id:<8} {ind.name}{unit}  {KIND_LABELS[ind.kind]}·{DIRECTION_LABELS[ind.direction]}"
        f"  ({scope}){levels}{retired}"
    )


def _show(ind: Indicator, as_json: bool) -> int:
    from indicator_lib.catalog import DIRECTION_LABELS, FRAMEWORK_LABELS, KIND_LABELS, STATUS_LABELS

    if as_json:
        _dump(ind.model_dump(mode="json"))
        return 0
    rows = [
        ("指标编码", ind.id),
        ("指标名称", ind.name),
        ("指标体系", FRAMEWORK_LABELS[ind.framework]),
        ("一级/二级", f"{ind.level1} / {ind.level2}"),
        ("类型·方向", f"{KIND_LABELS[ind.kind]}·{DIRECTION_LABELS[ind.direction]}"),
        ("计量单位", ind.unit),
        ("指标解释", ind.definition),
        ("计算公式", ind.formula),
        ("功能分类", "、".join(ind.function_codes) or "通用 / common"),
        ("资金使用类别", "、".join(ind.fund_uses)),
        ("标签", "、".join(ind.tags)),
        ("来源", " ".join(str(p) for p in (ind.source.document, ind.source.province, ind.source.year) if p)),
        ("状态·版本", f"{STATUS_LABELS[ind.status]}·v{ind.version}"),
        ("备注", ind.note),
    ]
    for label, value in rows:
        if value:
            print(f"{label}：{value}")
    return 0


def _summary(catalog: Catalog, as_json: bool) -> int:
    from indicator_lib.catalog import FRAMEWORK_LABELS, FRAMEWORKS

    by_framework: dict[str, int] = {}
    by_class: dict[str, int] = {}
    for ind in catalog:
        by_framework[ind.framework] = by_framework.get(ind.framework, 0) + 1
        for cls in sorted({code[:3] for code in ind.function_codes}) or ["通用"]:
            by_class[cls] = by_class.get(cls, 0) + 1
    if as_json:
        _dump({"indicators": len(catalog), "by_framework": by_framework, "by_class": by_class})
        return 0
    print(f"指标库 {catalog.name or ''}：{len(catalog)} 个指标 / indicators")
    for framework, count in sorted(by_framework.items(), key=lambda kv: FRAMEWORKS.index(kv[0])):
        print(f"  {FRAMEWORK_LABELS[framework]:<6} {count}")
    print("按类 / by 类:")
    for cls, count in sorted(by_class.items()):
        print(f"  {cls:<6} {count}")
    print("用法 / usage: indicator-lib catalog 2050203 | --search 满意度 | --id FW-007")
    return 0


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
