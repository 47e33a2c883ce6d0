"""``indicator-lib score``: score self-evaluations and show where the declared scores break the rules.

Decides the command's contract: per self-evaluation a head line (computed total and grade beside
the declared ones), a table of the indicator rows with declared and computed scores, flagged rows
first, then the findings; a summary table when more than one self-evaluation was scored;
``--json`` for machines, ``--html FILE`` for a self-contained report. The exit status is 1 when
any self-evaluation has an error finding or could not be read, 0 otherwise; a ruleset that does
not compile gives 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["register", "run"]

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def register(subparsers: Any) -> None:
    """Add the ``score`` sub-command."""
    parser = subparsers.add_parser(
        "score",
        help="绩效自评评分与复核 / score self-evaluations and audit the declared scores",
        description="按财预〔2020〕10号规则计算绩效自评得分，与申报得分逐行对照 / score self-evaluations "
        "(财预〔2020〕10号) and compare with the declared scores row by row. Exit status 1 when any "
        "self-evaluation has an error finding or cannot be read.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER", help=".json/.yaml/.xlsx 文件或文件夹")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument("--html", metavar="REPORT.html", help="写出 HTML 复核报告 / write an HTML report")
    parser.add_argument(
        "--ruleset",
        metavar="NAME_OR_FILE",
        help="评分规则（名称或 .rules 文件） / a ruleset name or .rules file (default: self_evaluation)",
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


def _cut(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def _pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format((value * 100).quantize(Decimal("0.01")).normalize(), "f") + "%"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _print_report(report: Any, limit: int) -> None:
    if not report.loaded:
        print(f"[无法评分] {report.source}")
    else:
        print(
            f"[{report.grade or '—'}] 计算 {_num(report.total)} / 申报 {_num(report.declared_total)}"
            f"{'（' + report.declared_grade + '）' if report.declared_grade else ''}  "
            f"{report.source}  {report.project or ''}  [{report.ruleset}]"
        )
        rows: list[tuple[str, ...]] = [
            ("行", "三级指标", "指标值", "实际", "分值", "申报", "计算", "定性区间", "问题")
        ]
        rows.append(
            (
                "",
                "预算执行率",
                "",
                _pct(report.execution_rate),
                "",
                _num(report.budget_declared),
                _num(report.budget_points),
                "",
                "",
            )
        )
        for row in report.flagged_first():
            band = "" if row.band is None else f"{_num(row.band[0])}～{_num(row.band[1])}"
            computed = _num(row.computed) if row.kind != "定性" else f"({_num(row.points)})"
            rows.append(
                (
                    str(row.index + 1),
                    _cut(row.name, 28),
                    _cut(row.target, 14),
                    _cut(row.actual, 14),
                    _num(row.weight),
                    _num(row.declared),
                    computed,
                    band,
                    ",".join(row.rules),
                )
            )
        for line in _table(rows):
            print(f"  {line}")
    for finding in report.findings:
        if _SEVERITY_RANK.get(finding.severity, 2) <= limit:
            print(f"  {finding.render()}")


def _summary(reports: list[Any]) -> None:
    rows: list[tuple[str, ...]] = [("计算", "等级", "申报", "申报等级", "错误", "警告", "文件 / 项目")]
    for report in reports:
        rows.append(
            (
                _num(report.total) if report.loaded else "无法评分",
                report.grade or "—",
                _num(report.declared_total),
                report.declared_grade or "—",
                str(len(report.by_severity("error"))),
                str(len(report.by_severity("warning"))),
                f"{report.source}  {report.project or ''}".rstrip(),
            )
        )
    print()
    for line in _table(rows):
        print(line)
    counts: dict[str, int] = {}
    for report in reports:
        for finding in report.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
    if counts:
        print("问题合计 / findings: " + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))


def run(args: argparse.Namespace) -> int:
    """Score the files; return the exit status."""
    from indicator_lib.scoring import render_html, score_many

    ruleset = args.ruleset
    if ruleset and Path(ruleset).is_file():
        ruleset = Path(ruleset).read_text(encoding="utf-8")
    reports = score_many(args.paths, ruleset=ruleset, explain=bool(args.json or args.html))
    if args.html:
        Path(args.html).write_text(render_html(reports), encoding="utf-8")
    if args.json:
        payload = [report.model_dump(mode="json") for report in reports]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        limit = _SEVERITY_RANK[args.min_severity]
        for report in reports:
            _print_report(report, limit)
        if len(reports) > 1:
            _summary(reports)
        if args.html:
            print(f"HTML 报告 / report: {args.html}")
    return 0 if all(report.passed for report in reports) else 1
