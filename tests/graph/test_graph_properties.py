"""Hypothesis contracts: equal scores roll up to that score, shares normalise to exactly 1,
and adding an unrelated project changes no existing finding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.graph import build_graph, normalise_shares

_money = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
)
_share = st.one_of(st.none(), st.decimals(min_value=0, max_value=2, places=3, allow_nan=False))


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """Random plans: some links missing, some dangling, shares stated or not, budgets or none."""
    n_duties = draw(st.integers(1, 4))
    n_tasks = draw(st.integers(0, 6))
    n_projects = draw(st.integers(0, 8))
    duty_ids = [f"D{i}" for i in range(n_duties)]
    task_ids = [f"T{i}" for i in range(n_tasks)]
    ref_duty = st.sampled_from([*duty_ids, "DX"])
    tasks = []
    for tid in task_ids:
        task: dict[str, Any] = {"id": tid, "name": f"任务{tid}", "budget": draw(_money)}
        duties = draw(st.lists(ref_duty, max_size=2, unique=True))
        if duties:
            task["duties"] = [{"id": d, "share": draw(_share)} for d in duties]
        tasks.append(task)
    projects = []
    for i in range(n_projects):
        project: dict[str, Any] = {"code": f"P{i:03d}", "name": f"项目{i}", "budget": draw(_money)}
        if task_ids:
            chosen = draw(st.lists(st.sampled_from([*task_ids, "TX"]), max_size=3, unique=True))
            if chosen:
                project["tasks"] = [{"id": t, "share": draw(_share)} for t in chosen]
        projects.append(project)
    indicators = [
        {"name": f"指标{i}", "task": draw(st.sampled_from(task_ids))}
        for i in range(draw(st.integers(0, 3)))
        if task_ids
    ]
    return {
        "kind": "department_plan",
        "fiscal_year": 2024,
        "department": {"code": "001", "name": "测试局", "budget": draw(_money)},
        "duties": [{"id": d, "name": f"职责{d}"} for d in duty_ids],
        "tasks": tasks,
        "projects": projects,
        "indicators": indicators,
    }


@settings(max_examples=60, deadline=None)
@given(plans(), st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_equal_scores_roll_up_to_that_score(plan: dict[str, Any], score: Decimal) -> None:
    graph = build_graph(plan)
    result = graph.rollup({p["code"]: score for p in plan["projects"]})
    values = [result.department, *result.duties.values(), *result.tasks.values()]
    assert all(v == score for v in values if v is not None)
    if plan["projects"]:
        assert result.department == score


@settings(max_examples=200, deadline=None)
@given(st.lists(_share, min_size=1, max_size=12))
def test_shares_sum_to_one_after_normalisation(shares: list[Decimal | None]) -> None:
    out = normalise_shares(shares)
    assert len(out) == len(shares)
    assert sum(out, Decimal(0)) == 1
    assert all(s >= 0 for s in out)


@settings(max_examples=60, deadline=None)
@given(plans(), _money, st.booleans())
def test_adding_an_unrelated_project_changes_no_existing_finding(
    plan: dict[str, Any], budget: Decimal | None, with_indicators: bool
) -> None:
    before = build_graph(plan).check()
    extra: dict[str, Any] = {"code": "NEW-1", "name": "新增无关项目", "budget": budget}
    if with_indicators:
        extra = {
            "kind": "project_goal",
            "fiscal_year": 2024,
            "project": {"code": "NEW-1", "name": "新增无关项目"},
            "funds": {"total": budget},
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "新指标", "target": "1个"}],
        }
    plan["projects"].append(extra)
    new_path = f"projects[{len(plan['projects']) - 1}]"
    after = build_graph(plan).check()
    assert [f for f in after if not f.path.startswith(new_path)] == before
    assert {f.rule for f in after if f.path.startswith(new_path)} == {"project_without_task"}
