"""``indicator-lib ex-ante FILE``: score an ex-ante assessment (事前绩效评估) and give the conclusion.

Prints each dimension's weight, expert average and points, the total, the conclusion (予以支持 /
部分支持 / 不予支持) and the findings; ``--json`` prints the
:class:`~indicator_lib.ex_ante.ExAnteReport`. Exit status 0, or 1 for 不予支持.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``ex-ante`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "ex-ante",
        help="事前绩效评估 / ex-ante assessment",
        description="按专家评分计算五个维度得分并给出评估结论 / score the five dimensions and conclude",
    )
    parser.add_argument("file", metavar="FILE", help="事前评估表（JSON/YAML）/ assessment file")
    parser.add_argument("--ruleset", help="规则集名称、.rules 文件或文本 / ruleset name or .rules file")
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.ex_ante import assess

    report = assess(args.file, ruleset=args.ruleset)
    if args.json:
        print(report.model_dump_json(indent=2))
        return 1 if report.conclusion == "不予支持" else 0
    print(f"{report.project}  事前绩效评估 / ex-ante assessment")
    for d in report.dimensions:
        average = d.average if d.average is not None else "—"
        print(f"  {d.name:<8} 权重 {d.weight}  平均 {average}  得分 {d.points}")
        for note in d.notes:
            print(f"      {note}")
    print(f"合计 / total: {report.total}  结论 / conclusion: {report.conclusion or '—'}")
    for finding in report.findings:
        print(f"  {finding.render()}")
    return 1 if report.conclusion == "不予支持" else 0
