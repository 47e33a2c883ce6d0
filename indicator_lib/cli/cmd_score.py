"""``indicator-lib score``: score self-evaluations and show where the declared scores break the rules.

Decides the command's contract: per self-evaluation a head line (computed total and grade beside
the declared ones), a table of the indicator rows with declared and computed scores, flagged rows
first, then the findings; a summary table when more than one self-evaluation was scored;
``--json`` for machines, ``--html FILE`` for a self-contained report. The exit status is 1 when
any self-evaluation has an error finding or could not be read, 0 otherwise; a ruleset that does
not compile gives 2. The options and outputs shared with ``review`` are in :mod:`._common`.

``--engine duckdb|postgres`` scores tables instead of documents (a folder of Parquet/CSV tables, one
table file, or a ``.duckdb`` file; docs/sql.md) through ``Ruleset.evaluate_table`` with the code of
``indicator-lib sql --run``: a table of per-project totals and grades, then the findings; ``--json``
prints the result rows. Exit status 1 when any project has an error finding.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from indicator_lib.cli._common import (
    add_report_options,
    cut,
    num,
    print_findings,
    ruleset_argument,
    table,
    write_reports,
)

__all__ = ["register", "run"]


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
    add_report_options(
        parser,
        html_help="写出 HTML 复核报告 / write an HTML report",
        ruleset_help="评分规则（名称或 .rules 文件） / a ruleset name or .rules file "
        "(default: self_evaluation)",
    )
    parser.add_argument(
        "--engine",
        choices=("duckdb", "postgres"),
        help="在 SQL 引擎中批量评分数据表 / score tables in bulk in DuckDB or PostgreSQL (docs/sql.md)",
    )
    parser.add_argument("--dsn", help="PostgreSQL 连接串 / PostgreSQL DSN (with --engine postgres)")
    parser.set_defaults(func=run)


def _pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format((value * 100).quantize(Decimal("0.01")).normalize(), "f") + "%"


def _print_report(report: Any, limit: int) -> None:
    if not report.loaded:
        print(f"[无法评分] {report.source}")
    else:
        print(
            f"[{report.grade or '—'}] 计算 {num(report.total)} / 申报 {num(report.declared_total)}"
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
                num(report.budget_declared),
                num(report.budget_points),
                "",
                "",
            )
        )
        for row in report.flagged_first():
            band = "" if row.band is None else f"{num(row.band[0])}～{num(row.band[1])}"
            computed = num(row.computed) if row.kind != "定性" else f"({num(row.points)})"
            rows.append(
                (
                    str(row.index + 1),
                    cut(row.name, 28),
                    cut(row.target, 14),
                    cut(row.actual, 14),
                    num(row.weight),
                    num(row.declared),
                    computed,
                    band,
                    ",".join(row.rules),
                )
            )
        for line in table(rows):
            print(f"  {line}")
    print_findings(report.findings, limit)


def _summary(reports: Sequence[Any]) -> None:
    rows: list[tuple[str, ...]] = [("计算", "等级", "申报", "申报等级", "错误", "警告", "文件 / 项目")]
    for report in reports:
        rows.append(
            (
                num(report.total) if report.loaded else "无法评分",
                report.grade or "—",
                num(report.declared_total),
                report.declared_grade or "—",
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
        for finding in report.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
    if counts:
        print("问题合计 / findings: " + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))


def run(args: argparse.Namespace) -> int:
    """Score the files; return the exit status."""
    if args.engine:
        return _run_sql(args)
    from indicator_lib.scoring import render_html, score_many

    reports = score_many(
        args.paths, ruleset=ruleset_argument(args.ruleset), explain=bool(args.json or args.html)
    )
    write_reports(args, reports, render_html=render_html, print_report=_print_report, summary=_summary)
    return 0 if all(report.passed for report in reports) else 1


def _run_sql(args: argparse.Namespace) -> int:
    import json

    from indicator_lib.cli._common import SEVERITY_RANK
    from indicator_lib.cli.cmd_sql import load_rules, print_projects, score_data
    from indicator_lib.errors import IndicatorLibError

    if args.html:
        raise IndicatorLibError(
            "--html 不能与 --engine 同用", "--html cannot be used with --engine", code="bad-option"
        )
    rules = load_rules(args.ruleset or "self_evaluation")
    errors = 0
    for path in args.paths:
        result = score_data(rules, path, engine=args.engine, dsn=args.dsn)
        if args.json:
            rows = result.to_pylist()
            errors += sum(1 for r in rows if r["kind"] == "finding" and r["severity"] == "error")
            print(json.dumps(rows, ensure_ascii=False, default=str, indent=2))
        else:
            if len(args.paths) > 1:
                print(f"# {path}")
            errors += print_projects(result, min_rank=SEVERITY_RANK[args.min_severity])
    return 1 if errors else 0
