"""Benchmark: build and check 90 department plans of 300 projects each (27,000 projects).

Target: under 2 s on one core for build + check. The baseline, measured in the same run, is a
plain-dict traversal of the same plans (index ids, resolve every reference, sum task money): the
least any graph build must do. Plans are given as ``DepartmentPlan`` models (loading is timed
separately, as it is the submissions module's work).

Run: ``.venv/bin/python bench/graph.py``
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from indicator_lib.graph import build_graph
from indicator_lib.submissions import load_submission

DEPARTMENTS, PROJECTS, DUTIES, TASKS = 90, 300, 8, 30


def make_plan(dep: int) -> dict[str, Any]:
    tasks = [
        {"id": f"T{t}", "name": f"任务{t}", "duty": f"D{t % DUTIES}", "budget": Decimal(0)}
        for t in range(TASKS)
    ]
    projects = []
    for p in range(PROJECTS):
        budget = Decimal(10 + p % 37)
        if p % 10 == 0:
            split = [{"id": f"T{p % TASKS}", "share": "0.6"}, {"id": f"T{(p + 1) % TASKS}", "share": "0.4"}]
            tasks[p % TASKS]["budget"] += budget * Decimal("0.6")
            tasks[(p + 1) % TASKS]["budget"] += budget * Decimal("0.4")
            projects.append({"code": f"{dep}-P{p}", "name": f"项目{p}", "tasks": split, "budget": budget})
        else:
            tasks[p % TASKS]["budget"] += budget
            projects.append(
                {"code": f"{dep}-P{p}", "name": f"项目{p}", "task": f"T{p % TASKS}", "budget": budget}
            )
    if dep % 3 == 0:  # some problems, so the checks have work to report
        projects.append({"code": f"{dep}-PX", "name": "无任务", "budget": 5})
        tasks[0]["duty"] = "D99"
    return {
        "kind": "department_plan",
        "fiscal_year": 2024,
        "department": {"code": f"{dep:03d}", "name": f"部门{dep}"},
        "duties": [{"id": f"D{d}", "name": f"职责{d}"} for d in range(DUTIES)],
        "tasks": tasks,
        "projects": projects,
        "indicators": [{"name": f"指标{t}", "task": f"T{t}"} for t in range(TASKS)],
    }


def baseline(plan: Any) -> int:
    duties = {d.id for d in plan.duties}
    tasks = {t.id: t for t in plan.tasks}
    money: dict[str, Decimal] = dict.fromkeys(tasks, Decimal(0))
    missing = 0
    for t in plan.tasks:
        missing += t.duty not in duties
    for p in plan.projects:
        refs = p.extra.get("tasks") or ([{"id": p.task, "share": 1}] if p.task else [])
        for ref in refs:
            if ref["id"] in money:
                money[ref["id"]] += (p.budget or 0) * Decimal(str(ref["share"]))
            else:
                missing += 1
    return missing + sum(1 for t in plan.tasks if money[t.id] != (t.budget or 0))


def main() -> None:
    raw = [make_plan(d) for d in range(DEPARTMENTS)]
    t0 = time.perf_counter()
    plans = [load_submission(p) for p in raw]
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    for plan in plans:
        baseline(plan)
    t_base = time.perf_counter() - t0

    t0 = time.perf_counter()
    findings = 0
    for plan in plans:
        findings += len(build_graph(plan).check())
    t_graph = time.perf_counter() - t0

    n = DEPARTMENTS * PROJECTS
    print(f"{DEPARTMENTS} departments x {PROJECTS} projects = {n} projects, {findings} findings")
    print(f"load (pydantic, not part of the target): {t_load:.3f} s")
    print(f"baseline plain-dict traversal:          {t_base:.3f} s")
    print(f"build_graph + check:                    {t_graph:.3f} s  (target < 2 s)")
    print(f"load + build_graph + check:             {t_load + t_graph:.3f} s")
    print(f"ratio graph / baseline:                 {t_graph / t_base:.1f}x")


if __name__ == "__main__":
    main()
