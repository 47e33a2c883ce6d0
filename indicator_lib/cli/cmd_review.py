"""``indicator-lib review``: review goal tables from the command line.

Decides the command's contract: one line per submission with its conclusion, score and budget
consequence, then its findings; a summary table when more than one submission was reviewed;
``--json`` for machines, ``--html FILE`` for the self-contained report a reviewer sends to the
unit. The exit status is 1 when any submission is concluded 差 or could not be read (so a
pipeline can stop on it), 0 otherwise; documents that are not goal tables (self-evaluations in the
same folder) are listed as skipped and do not change it; a ruleset that does not compile gives 2.
The options and outputs shared with ``score`` are in :mod:`._common`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from indicator_lib.cli._common import (
    add_report_options,
    num,
    print_findings,
    ruleset_argument,
    table,
    write_reports,
)

__all__ = ["register", "run"]


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
    add_report_options(
        parser,
        html_help="写出 HTML 审核报告 / write an HTML report",
        ruleset_help="审核规则（名称或 .rules 文件） / a ruleset name or .rules file (default: goal_review)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the review; return the exit status."""
    from indicator_lib.review import render_html, review_many

    reports = review_many(args.paths, ruleset=ruleset_argument(args.ruleset), strict=args.strict)
    write_reports(args, reports, render_html=render_html, print_report=_print_report, summary=_summary)
    bad = any(report.conclusion == "差" or not (report.loaded or report.skipped) for report in reports)
    return 1 if bad else 0


def _print_report(report: Any, limit: int) -> None:
    if report.skipped:
        print(f"[跳过] {report.source} — 不是绩效目标表 / not a goal table")
    elif report.conclusion is None:
        print(f"[无法审核] {report.source}")
    else:
        print(
            f"[{report.conclusion}] {num(report.score)}分 {report.source}"
            f"  {report.project or ''} — {report.consequence}"
        )
    print_findings(report.findings, limit)


def _conclusion(report: Any) -> str:
    return str(report.conclusion or ("跳过" if report.skipped else "无法审核"))


def _summary(reports: Sequence[Any]) -> None:
    rows = [("结论", "得分", "错误", "警告", "文件 / 项目")]
    for report in reports:
        rows.append(
            (
                _conclusion(report),
                num(report.score),
                str(len(report.by_severity("error"))),
                str(len(report.by_severity("warning"))),
                f"{report.source}  {report.project or ''}".rstrip(),
            )
        )
    print()
    for line in table(rows):
        print(line)
    counts: dict[str, int] = {}
    for report in reports:
        key = _conclusion(report)
        counts[key] = counts.get(key, 0) + 1
    print("合计 / total: " + "，".join(f"{k} {v}" for k, v in counts.items()))
