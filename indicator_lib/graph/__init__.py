"""The department graph: 部门职责 → 工作任务 → 支出项目 → 绩效指标, checked, queried, rolled up, drawn.

This is the only package that imports networkx (slow to import), so ``import indicator_lib``
never pays for it::

    from indicator_lib.graph import build_graph

    g = build_graph("plan.yaml")          # a department_plan document, model or mapping
    for finding in g.check():
        print(finding.render())
    g.projects_for_duty("D1"); g.impact_of_cut("P003"); g.coverage()
    g.rollup({"P001": 92, "P002": 85})
    Path("plan.svg").write_text(g.to_svg(), encoding="utf-8")

The department-overall evaluation framework (2013) is a ruleset,
``catalogs/rules/department_overall.rules``, over :class:`DepartmentOverall`.
"""

from __future__ import annotations

from indicator_lib.graph._checks import CHECKS
from indicator_lib.graph._department import DEFAULT_TOLERANCE, DepartmentGraph, build_graph
from indicator_lib.graph._results import Coverage, CutImpact, Rollup
from indicator_lib.graph._shares import normalise_shares

__all__ = [
    "CHECKS",
    "DEFAULT_TOLERANCE",
    "Coverage",
    "CutImpact",
    "DepartmentGraph",
    "Rollup",
    "build_graph",
    "normalise_shares",
]
