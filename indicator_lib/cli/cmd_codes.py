"""``indicator-lib codes``: look up 支出功能分类 codes, search them, show the COFOG crosswalk.

Examples::

    indicator-lib codes 2050203
    indicator-lib codes --search 学前
    indicator-lib codes 210 --year 2018
    indicator-lib codes 2050203 --json
    indicator-lib codes 2050203 --file 2025年政府收支分类科目.xlsx
"""

from __future__ import annotations

import argparse
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``codes`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "codes",
        help="查询支出功能分类科目 / look up function codes",
        description="查询支出功能分类科目（类/款/项）及其 COFOG 对照 / "
        "look up 支出功能分类 codes, their ancestors and the COFOG crosswalk",
    )
    parser.add_argument("codes", nargs="*", metavar="CODE", help="科目编码或名称 / code or name")
    parser.add_argument("--search", metavar="TEXT", help="按名称或编码前缀搜索 / search names")
    parser.add_argument("--year", type=int, help="按该年度版本解释（更名提示）/ answer for a year")
    parser.add_argument("--file", metavar="PATH", help="使用自己的版本 (.csv/.xlsx) / your edition")
    parser.add_argument("--limit", type=int, default=20, help="搜索结果上限 / most search results")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.codes import cofog_for, function_codes, load_function_codes
    from indicator_lib.errors import CatalogLookupError

    if not args.codes and not args.search:
        print("请给出科目编码或 --search / give a code or --search")
        return 2
    table = load_function_codes(args.file) if args.file else function_codes()
    table = table.for_year(args.year)
    if args.search:
        hits = table.search(args.search, limit=args.limit)
        if args.json:
            print(json.dumps([fc.as_dict() for fc in hits], ensure_ascii=False, indent=2))
        elif not hits:
            print(f"未找到与「{args.search}」相符的科目 / nothing matches {args.search!r}")
        else:
            for fc in hits:
                print(f"{fc.code:<8} {fc.level}  {table.path_name(fc.code)}")
        return 0 if hits else 1
    results: list[dict[str, Any]] = []
    for raw in args.codes:
        fc = table.lookup(raw)
        try:
            cofog = [s.as_dict() for s in cofog_for(fc.code)]
        except CatalogLookupError:
            cofog = []
        item = fc.as_dict()
        item["ancestors"] = [{"code": a.code, "name": a.name} for a in table.ancestors(fc.code)]
        item["children"] = [{"code": c.code, "name": c.name} for c in table.children(fc.code)]
        item["cofog"] = cofog
        item["warnings"] = [d.message for d in table.validate(fc.code)]
        results.append(item)
    if args.json:
        out: Any = results[0] if len(results) == 1 else results
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for item in results:
        _print_entry(item)
    return 0


def _print_entry(item: dict[str, Any]) -> None:
    print(f"{item['code']}  {item['name']}  [{item['level']}]")
    if item["ancestors"]:
        chain = " › ".join(f"{a['code']} {a['name']}" for a in item["ancestors"])
        print(f"  上级 / ancestors: {chain}")
    if item["children"]:
        print(f"  下级 / children: {len(item['children'])}")
    if item["former_names"]:
        print(f"  曾用名 / former names: {'、'.join(item['former_names'])}")
    if item["rename_note"]:
        print(f"  注意 / note: {item['rename_note']}\n    / {item['rename_note_en']}")
    for share in item["cofog"]:
        pct = f"{(Decimal(share['weight']) * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"
        print(f"  COFOG {share['cofog']:<5} {share['name_en']} ({pct}, via {share['mapped_from']})")
    verified = "是 / yes" if item["verified"] else "否 / no"
    print(f"  已核实 / verified: {verified}  版本 / edition: {item['edition']}")
    print()
