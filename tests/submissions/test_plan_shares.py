"""Typed share fields of department plans: every share form normalises to ``[{id, share}]``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.errors import SubmissionLoadError
from indicator_lib.submissions import DepartmentPlan, ProjectRef, load_submission

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"


def plan(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": "department_plan", "fiscal_year": 2024, "department": {"name": "教育局"}}
    doc.update(over)
    return doc


def pairs(refs: Any) -> list[tuple[str, Decimal | None]]:
    return [(r.id, r.share) for r in refs]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("T1", [("T1", None)]),
        (7, [("7", None)]),
        (["T1", "T2"], [("T1", None), ("T2", None)]),
        (
            [{"id": "T1", "share": 0.6}, {"id": "T2", "share": "40%"}],
            [("T1", Decimal("0.6")), ("T2", Decimal("0.4"))],
        ),
        ({"T1": 0.6, "T2": "40%"}, [("T1", Decimal("0.6")), ("T2", Decimal("0.4"))]),
        ({"id": "T1", "share": "100%"}, [("T1", Decimal("1"))]),
        ([{"task": "T1", "占比": "0.25"}], [("T1", Decimal("0.25"))]),
        (None, []),
        ("", []),
    ],
)
def test_every_share_form_normalises(value: Any, expected: list[tuple[str, Decimal | None]]) -> None:
    ref = ProjectRef.model_validate({"name": "p", "tasks": value})
    assert pairs(ref.tasks) == expected and ref.extra == {}


def test_task_duties_parent_and_department_budget_are_typed() -> None:
    doc = DepartmentPlan.model_validate(
        plan(
            department={"name": "教育局", "budget": "1.2万元"},
            money_unit="元",
            duties=[{"id": "D1"}, {"id": "D1a", "parent": "D1"}],
            tasks=[{"id": "T1", "duties": {"D1": "30%", "D1a": 0.7}, "parent": 5}],
        )
    )
    assert doc.department.budget == Decimal(12000)
    assert doc.duties[1].parent == "D1" and doc.tasks[0].parent == "5"
    assert pairs(doc.tasks[0].duties) == [("D1", Decimal("0.3")), ("D1a", Decimal("0.7"))]
    assert doc.unknown_fields() == []


def test_bad_share_is_a_located_error() -> None:
    doc = plan(projects=[{"name": "p", "tasks": [{"id": "T1", "share": "许多"}]}])
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(doc)
    assert any(d.field == "projects[0].tasks[0].share" for d in info.value.diagnostics)


def test_share_without_id_is_an_error() -> None:
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(plan(tasks=[{"id": "T1", "duties": [{"share": 0.5}]}]))
    assert any(
        d.field is not None and d.field.startswith("tasks[0].duties[0]") for d in info.value.diagnostics
    )


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_plans_keep_nothing_in_extra(name: str) -> None:
    doc = load_submission(EXAMPLES / name)
    assert isinstance(doc, DepartmentPlan)
    assert doc.unknown_fields() == []


@settings(max_examples=60)
@given(
    st.dictionaries(
        st.from_regex(r"T[0-9]{1,3}", fullmatch=True), st.integers(0, 100), min_size=1, max_size=6
    )
)
def test_mapping_and_list_forms_agree(shares: dict[str, int]) -> None:
    as_mapping = ProjectRef.model_validate({"name": "p", "tasks": {k: f"{v}%" for k, v in shares.items()}})
    as_list = ProjectRef.model_validate(
        {"name": "p", "tasks": [{"id": k, "share": Decimal(v) / 100} for k, v in shares.items()]}
    )
    assert pairs(as_mapping.tasks) == pairs(as_list.tasks)
