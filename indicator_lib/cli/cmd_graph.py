"""``indicator-lib graph PLAN``: check a department plan's duty → task → project chain and draw it.

Prints one line per finding (or, with ``--json``, the graph, findings and coverage as JSON) and
writes the requested pictures and exports. Exit status: 0 when no finding is an error, 1 when
some are, 2 when the plan cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``graph`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "graph",
        help="部门整体：职责→任务→项目关系检查与绘图 / check and draw a department plan",
        description="检查部门整体绩效目标（department_plan）的 职责→任务→项目→指标 关系，"
        "输出问题清单并可导出 SVG/HTML/DOT/GraphML。 / Check a department plan's duty → task → "
        "project → indicator chain, print the findings, export pictures and graphs.",
    )
    parser.add_argument("plan", type=Path, help="plan file (YAML or JSON, kind: department_plan)")
    parser.add_argument("--svg", type=Path, metavar="OUT.svg", help="write the picture as SVG")
    parser.add_argument("--html", type=Path, metavar="OUT.html", help="write a standalone HTML report")
    parser.add_argument("--dot", type=Path, metavar="OUT.dot", help="write Graphviz DOT")
    parser.add_argument("--graphml", type=Path, metavar="OUT.graphml", help="write GraphML")
    parser.add_argument("--json", action="store_true", help="print graph, findings and coverage as JSON")
    parser.add_argument("--english", action="store_true", help="print findings in English")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the ``graph`` command; return the exit status."""
    from indicator_lib.graph import build_graph

    graph = build_graph(args.plan)
    findings = graph.check()
    outputs = (
        (args.svg, graph.to_svg),
        (args.html, graph.to_html),
        (args.dot, graph.to_dot),
        (args.graphml, graph.to_graphml),
    )
    for path, render in outputs:
        if path is not None:
            path.write_text(render(), encoding="utf-8")
    if args.json:
        print(graph.to_json())
    else:
        for finding in findings:
            message = finding.message_en if args.english and finding.message_en else finding.message
            where = f" {finding.path}" if finding.path else ""
            print(f"{args.plan}: {finding.severity}[{finding.rule}]{where}: {message}")
        coverage = graph.coverage()
        ratio = f"{coverage.ratio:.2%}" if coverage.ratio is not None else "—"
        errors = sum(1 for f in findings if f.severity == "error")
        print(
            f"{graph!r}\n{errors} error(s), {len(findings) - errors} other finding(s); "
            f"budget traced to duties: {ratio}",
            file=sys.stderr,
        )
    return 1 if any(f.severity == "error" for f in findings) else 0
