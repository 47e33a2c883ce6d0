"""``indicator-lib review``: review goal tables from the command line.

Decides the command's contract: one line per submission with its conclusion, score and budget
consequence, then its findings; a summary table when more than one submission was reviewed;
``--json`` for machines, ``--html FILE`` for the self-contained report a reviewer sends to the
unit. The exit status is 1 when any submission is concluded 差 or could not be read (so a
pipeline can stop on it), 0 otherwise; documents that are not goal tables (self-evaluations in the
same folder) are listed as skipped and do not change it; a ruleset that does not compile gives 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def register(subparsers: Any) -> None:
    """Add the ``review`` sub-command."""
    parser = subparsers.add_parser(
        "review",
        help="审核绩效目标表 / review goal tables",
        description="审核绩效目标表（完整性、相关性、适当性、可行性），给出结论优/良/中/差 / "
        "review goal tables and conclude 优/良/中/差. Exit status 1 when any table gets 差 or "
        "cannot be read.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER", help=".json/.yaml/.xlsx 文件或文件夹")
    parser.add_argument(
        "--strict", action="store_true", help="指标须先入库（未入库为错误） / catalog-only indicators"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument("--html", metavar="REPORT.html", help="写出 HTML 审核报告 / write an HTML report")
    parser.add_argument(
        "--ruleset",
        metavar="NAME_OR_FILE",
        help="审核规则（名称或 .rules 文件） / a ruleset name or .rules file (default: goal_review)",
    )
    parser.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        default="info",
        help="只显示该级别及以上的问题 / show findings of this severity and worse",
    )
    parser.set_defaults(func=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _num(value: Any) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def run(args: argparse.Namespace) -> int:
    """Run the review; return the exit status."""
    from indicator_lib.review import render_html, review_many

    ruleset = args.ruleset
    if ruleset and Path(ruleset).is_file():
        ruleset = Path(ruleset).read_text(encoding="utf-8")
    reports = review_many(args.paths, ruleset=ruleset, strict=args.strict)
    if args.html:
        Path(args.html).write_text(render_html(reports), encoding="utf-8")
    if args.json:
        payload = [report.model_dump(mode="json") for report in reports]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        limit = _SEVERITY_RANK[args.min_severity]
        for report in reports:
            if report.skipped:
                head = f"[跳过] {report.source} — 不是绩效目标表 / not a goal table"
            elif report.conclusion is None:
                head = f"[无法审核] {report.source}"
            else:
                head = (
                    f"[{report.conclusion}] {_num(report.score)}分 {report.source}"
                    f"  {report.project or ''} — {report.consequence}"
                )
            print(head)
            for finding in report.findings:
                if _SEVERITY_RANK.get(finding.severity, 2) <= limit:
                    print(f"  {finding.render()}")
        if len(reports) > 1:
            _summary(reports)
        if args.html:
            print(f"HTML 报告 / report: {args.html}")
    bad = any(report.conclusion == "差" or not (report.loaded or report.skipped) for report in reports)
    return 1 if bad else 0


def _summary(reports: list[Any]) -> None:
    rows = [("结论", "得分", "错误", "警告", "文件 / 项目")]
    for report in reports:
        rows.append(
            (
                report.conclusion or ("跳过" if report.skipped else "无法审核"),
                _num(report.score),
                str(len(report.by_severity("error"))),
                str(len(report.by_severity("warning"))),
                f"{report.source}  {report.project or ''}".rstrip(),
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    print()
    for row in rows:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    counts: dict[str, int] = {}
    for report in reports:
        key = report.conclusion or ("跳过" if report.skipped else "无法审核")
        counts[key] = counts.get(key, 0) + 1
    print("合计 / total: " + "，".join(f"{k} {v}" for k, v in counts.items()))
