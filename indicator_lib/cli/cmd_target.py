"""``indicator-lib target``: parse 指标值 as the library reads them (for checking a table by hand).

Prints each value's kind, relation, number, unit, base value, period and warnings, or the same as
JSON (``--json``); with ``--actual`` it also compares an actual with the (single) target.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["register"]

_KIND_ZH = {
    "quantitative": "定量",
    "qualitative": "定性",
    "period": "时间",
    "boolean": "是/否",
    "empty": "空",
}


def register(subparsers: Any) -> None:
    """Add the ``target`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "target",
        help="解析指标值 / parse target values (指标值, 实际完成值)",
        description="解析指标值并显示其类型、关系、数值、单位与警告 / "
        "parse target values and show kind, relation, number, unit and warnings",
    )
    parser.add_argument("values", nargs="+", metavar="VALUE", help="指标值，如 「≥95%%」")
    parser.add_argument("--op", help="指标性质列（拆分写法），如 ≥ / the relation column of the split form")
    parser.add_argument("--unit", help="度量单位列，如 百分比 / the unit column of the split form")
    parser.add_argument("--year", type=int, help="预算年度，用于「年底前」等相对日期 / fiscal year")
    parser.add_argument("--actual", help="实际完成值，与指标值比较 / an actual to compare with the target")
    parser.add_argument("--actual-unit", help="实际完成值的单位 / unit of the actual")
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.targets import parse_target

    values = [parse_target(v, op=args.op, unit=args.unit, fiscal_year=args.year) for v in args.values]
    comparisons = (
        [v.compare(args.actual, unit=args.actual_unit) for v in values] if args.actual is not None else []
    )
    if args.json:
        out: list[dict[str, Any]] = []
        for i, v in enumerate(values):
            item = v.model_dump(mode="json")
            if comparisons:
                item["comparison"] = comparisons[i].model_dump(
                    mode="json", exclude={"target": True, "actual": {"warnings"}}
                )
            out.append(item)
        print(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
        return 0
    for i, v in enumerate(values):
        if i:
            print()
        print(f"{v.raw!r}")
        print(f"  kind     {v.kind} ({_KIND_ZH[v.kind]})")
        if v.op is not None:
            print(f"  op       {v.op}")
        if v.value is not None:
            rng = f" ~ {v.upper}" if v.upper is not None else ""
            print(f"  value    {v.value}{rng} {v.unit or ''}".rstrip())
        if v.base_value is not None and v.unit is not None:
            print(f"  base     {v.base_value} {v.base_unit or ''} ({v.dimension})")
        if v.start is not None or v.end is not None:
            print(f"  period   {v.start or '…'} → {v.end or '…'}")
        if v.flag is not None:
            print(f"  flag     {v.flag}")
        if v.text is not None:
            print(f"  text     {v.text}" + (f" [{v.grade}]" if v.grade else ""))
        print(f"  canonical {v.format()!r}")
        for w in v.warnings:
            print(f"  warning[{w.code}] {w.message} / {w.message_en}")
        if comparisons:
            c = comparisons[i]
            ratio = f", ratio {c.ratio}" if c.ratio is not None else ""
            print(f"  vs {c.actual.raw!r}: {c.outcome}{ratio} — {c.message} / {c.message_en}")
    return 0
