"""``indicator-lib monitor FILE --month 7``: the lights of a monitoring snapshot (绩效运行监控).

Prints one line per indicator (light, progress value, explanation), the budget light, the project
light and the findings; ``--json`` prints the :class:`~indicator_lib.monitoring.MonitorReport`.
Exit status 0, or 1 when the project light is red.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _month(text: str) -> int:
    try:
        return int(text.strip().removesuffix("月"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"监控月份应为 1–12 的整数 / the month must be a whole number 1–12: {text!r}"
        ) from None


def register(subparsers: Any) -> None:
    """Add the ``monitor`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "monitor",
        help="绩效运行监控红黄绿蓝灯 / monitoring lights of a project",
        description="按监控月份给出指标、预算执行与项目的红黄绿蓝灯 / "
        "red/yellow/green/blue lights of indicators, budget execution and the project at a month",
    )
    parser.add_argument("file", metavar="FILE", help="监控表（JSON/YAML/Excel）/ monitoring snapshot")
    parser.add_argument("--month", type=_month, help="监控月份 1–12（默认读表中「监控月份」）/ month 1–12")
    parser.add_argument("--ruleset", help="规则集名称、.rules 文件或文本 / ruleset name or .rules file")
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.monitoring import monitor

    report = monitor(args.file, month=args.month, ruleset=args.ruleset)
    if args.json:
        print(report.model_dump_json(indent=2))
        return 1 if report.project_light == "红" else 0
    head = f"{report.project}（{report.fiscal_year} 年 1–{report.month} 月）"
    print(f"{head}  项目灯 / project: {report.project_light or '—'}")
    for row in report.indicators:
        value = "" if row.value is None else f" v={row.value}"
        print(f"  [{row.light or '—'}] {row.path} {row.name or ''}{value}")
        print(f"        {row.explanation}")
        if row.cause:
            print(f"        偏差原因 / cause: {row.cause}{'（推断）' if row.cause_inferred else ''}")
    budget = report.budget
    print(f"  [{budget.light or '—'}] 预算执行 / budget  {budget.explanation}")
    print(
        f"指标灯 / indicators: {report.indicator_light or '—'}  "
        + "  ".join(f"{k}{v}" for k, v in report.counts.items())
    )
    for finding in report.findings:
        print(f"  {finding.render()}")
    return 1 if report.project_light == "红" else 0
