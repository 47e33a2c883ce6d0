"""Queries, coverage and the budget-weighted roll-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicator_lib.errors import CatalogLookupError, SubmissionLoadError
from indicator_lib.graph import build_graph
from tests.graph.graph_support import DATA, build


def test_graph_nodes_and_edges_are_typed(plan: dict[str, Any]) -> None:
    g = build(plan).graph
    kinds = [g.nodes[n]["kind"] for n in g]
    assert kinds.count("duty") == 3 and kinds.count("task") == 4
    assert kinds.count("project") == 4 and kinds.count("indicator") == 5
    edge = g.edges["task:T2", "project:P2024-002"]
    assert edge["share"] == Decimal("0.98") and edge["amount"] == Decimal("9800.00")
    assert g.nodes["project:P2024-002"]["path"] == "projects[1]"


def test_projects_for_duty(plan: dict[str, Any]) -> None:
    graph = build(plan)
    assert graph.projects_for_duty("D1") == ["P2024-001", "P2024-002"]
    assert graph.projects_for_duty("D3") == ["P2024-004"]


def test_duties_for_project(plan: dict[str, Any]) -> None:
    graph = build(plan)
    assert graph.duties_for_project("P2024-002") == ["D1"]
    assert graph.duties_for_project("学生资助补助经费") == ["D2"]


def test_unknown_ids_raise_lookup_errors_with_suggestions(plan: dict[str, Any]) -> None:
    graph = build(plan)
    with pytest.raises(CatalogLookupError) as err:
        graph.projects_for_duty("D01")
    assert "D1" in str(err.value)
    with pytest.raises(LookupError):
        graph.impact_of_cut("P2024-009")


def test_impact_of_cut(plan: dict[str, Any]) -> None:
    impact = build(plan).impact_of_cut("P2024-002")
    assert impact.budget == Decimal(10000)
    assert impact.tasks == {"T1": Decimal("200.0000"), "T2": Decimal("9800.0000")}
    assert impact.duties == {"D1": Decimal("10000.0000")}
    assert impact.tasks_left_without_project == ["T2"]
    assert impact.duties_left_without_money == []
    only = build(plan).impact_of_cut("P2024-004")
    assert only.tasks_left_without_project == ["T4"]
    assert only.duties_left_without_money == ["D3"]


def test_impact_of_cut_lists_the_projects_own_indicators(plan: dict[str, Any]) -> None:
    plan["projects"][2]["indicators"] = [{"level1": "产出指标", "level2": "数量指标", "name": "资助人数"}]
    assert build(plan).impact_of_cut("P2024-003").indicators == ["资助人数"]


def test_coverage_of_clean_and_problem_plans(plan: dict[str, Any]) -> None:
    clean = build(plan).coverage()
    assert clean.total == Decimal(10480) and clean.ratio == Decimal("1.0000") and clean.untraced == []
    bad = build_graph(DATA / "problems.yaml").coverage()
    assert bad.ratio is not None and bad.ratio < 1
    assert set(bad.untraced) == {"P2024-103", "P2024-104", "P2024-105", "P2024-106"}


def test_coverage_loses_the_share_stated_for_a_missing_duty(plan: dict[str, Any]) -> None:
    plan["tasks"][3]["duty"] = ["D3", "D9"]
    cov = build(plan).coverage()
    assert cov.traced == Decimal(10480) - Decimal(102)


def test_rollup_weights_by_money(plan: dict[str, Any]) -> None:
    scores = {"P2024-001": 80, "P2024-002": "90", "P2024-003": Decimal("85.5"), "P2024-004": 70}
    result = build(plan).rollup(scores)
    # T1 gets 16 from P2024-001 and 200 from P2024-002: (80*16 + 90*200) / 216
    assert result.tasks["T1"] == Decimal("89.26")
    assert result.duties["D1"] == Decimal("89.98")  # (80*16 + 90*10000) / 10016
    assert result.duties["D2"] == Decimal("85.50")
    expected = (80 * 16 + 90 * 10000 + Decimal("85.5") * 260 + 70 * 204) / Decimal(10480)
    assert result.department == expected.quantize(Decimal("0.01"))
    assert result.unscored == []


def test_rollup_with_missing_scores(plan: dict[str, Any]) -> None:
    result = build(plan).rollup({"P2024-001": 60}, places=1)
    assert result.tasks["T1"] == Decimal("60.0") and result.tasks["T2"] is None
    assert result.unscored == ["P2024-002", "P2024-003", "P2024-004"]
    assert result.department == Decimal("60.0")


def test_rollup_rounds_half_up(plan: dict[str, Any]) -> None:
    plan["projects"][0]["budget"] = 1
    plan["projects"][1]["tasks"] = [{"id": "T1", "share": 0.0001}, {"id": "T2", "share": 0.9999}]
    # T1 gets 1 万元 from each project: the mean 80.125 rounds half up (half-even would give 80.12)
    result = build(plan).rollup({"P2024-001": "80.12", "P2024-002": "80.13"})
    assert result.tasks["T1"] == Decimal("80.13")


def test_rollup_rejects_unknown_project_and_bad_score(plan: dict[str, Any]) -> None:
    graph = build(plan)
    with pytest.raises(CatalogLookupError):
        graph.rollup({"P2024-404": 90})
    with pytest.raises(SubmissionLoadError):
        graph.rollup({"P2024-001": "九十"})


def test_build_from_model_path_and_dict_agree(plan: dict[str, Any]) -> None:
    from indicator_lib.submissions import load_submission

    model = load_submission(DATA / "clean.yaml")
    a, b, c = build_graph(model), build_graph(DATA / "clean.yaml"), build_graph(plan)
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert "clean.yaml" not in repr(a) and a.department == "武汉市青山区教育局" and a.fiscal_year == 2024


def test_wrong_kind_is_refused(plan: dict[str, Any]) -> None:
    with pytest.raises(SubmissionLoadError) as err:
        build_graph({"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "x"}})
    assert err.value.code == "wrong-kind"


def test_bad_share_is_a_load_error(plan: dict[str, Any]) -> None:
    plan["projects"][1]["tasks"][0]["share"] = "一半"
    with pytest.raises(SubmissionLoadError) as err:
        build(plan)
    assert err.value.diagnostics[0].field == "projects[1].tasks[0].share"
