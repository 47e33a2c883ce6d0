"""What the report commands (``review``, ``score``) share: options, tables, findings and outputs.

Decides the common contract of a command that checks a batch of files: the options ``--json``,
``--html FILE``, ``--ruleset NAME_OR_FILE`` and ``--min-severity``; a ruleset option naming an
existing file is read as rules text; ``--html`` is written first, then either JSON (a list, one
object per report) or text (each report, a summary table when there is more than one, and where
the HTML went). Text tables pad by display width (CJK characters count two columns).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "SEVERITY_RANK",
    "add_report_options",
    "cut",
    "num",
    "print_findings",
    "ruleset_argument",
    "table",
    "width",
    "write_reports",
]

#: Severities from worst (0) to mildest; ``--min-severity`` keeps a finding when its rank is ≤ the limit.
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def add_report_options(parser: argparse.ArgumentParser, *, html_help: str, ruleset_help: str) -> None:
    """Add ``--json``, ``--html``, ``--ruleset`` and ``--min-severity`` to a report command."""
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument("--html", metavar="REPORT.html", help=html_help)
    parser.add_argument("--ruleset", metavar="NAME_OR_FILE", help=ruleset_help)
    parser.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        default="info",
        help="只显示该级别及以上的问题 / show findings of this severity and worse",
    )


def ruleset_argument(value: str | None) -> str | None:
    """Return the ``--ruleset`` value: a file's text when it names an existing file, else as given."""
    if value and Path(value).is_file():
        return Path(value).read_text(encoding="utf-8")
    return value


def width(text: str) -> int:
    """Return the display width of ``text`` (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cut(text: str, limit: int) -> str:
    """Return ``text`` shortened with ``…`` so that it fits in ``limit`` display columns."""
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            return out + "…"
        out += ch
    return out


def num(value: Decimal | None) -> str:
    """Return a Decimal as plain text (no exponent, no trailing zeros), ``—`` for None."""
    return "—" if value is None else format(value.normalize(), "f")


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the rows as lines of columns padded to display width, two spaces apart."""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell + " " * max(widths[i] - width(cell), 0) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def print_findings(findings: Iterable[Any], limit: int) -> None:
    """Print each finding whose severity rank is at most ``limit``, indented two spaces."""
    for finding in findings:
        if SEVERITY_RANK.get(finding.severity, 2) <= limit:
            print(f"  {finding.render()}")


def write_reports(
    args: argparse.Namespace,
    reports: Sequence[Any],
    *,
    render_html: Callable[[Sequence[Any]], str],
    print_report: Callable[[Any, int], None],
    summary: Callable[[Sequence[Any]], None],
) -> None:
    """Write the HTML report (``--html``), then print JSON (``--json``) or text.

    Args:
        args: The parsed arguments (``html``, ``json``, ``min_severity``).
        reports: The reports (pydantic models).
        render_html: Renders all reports as one HTML document.
        print_report: Prints one report's text, given the severity limit.
        summary: Prints the summary of a batch (called when there is more than one report).

    """
    if args.html:
        Path(args.html).write_text(render_html(reports), encoding="utf-8")
    if args.json:
        payload = [report.model_dump(mode="json") for report in reports]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    limit = SEVERITY_RANK[args.min_severity]
    for report in reports:
        print_report(report, limit)
    if len(reports) > 1:
        summary(reports)
    if args.html:
        print(f"HTML 报告 / report: {args.html}")
