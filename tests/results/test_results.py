"""结果应用: the results table row by row, re-check precedence, grade words, duck typing, overrides."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from indicator_lib.results import Action, apply_results, normalize_grade

# (self grade, re-check grade) → (action, next budget, rectify, cut ratio)
TABLE = [
    ("优", None, "priority", "优先保障", False, Decimal(0)),
    ("良", None, "continue", "正常安排", False, Decimal(0)),
    ("中", None, "cut", "按比例压减", True, Decimal("0.10")),
    ("差", None, "cancel", "不安排", True, Decimal(1)),
    ("差", "优", "cancel", "不安排", True, Decimal(1)),  # self 差 → no budget (Zhejiang)
    ("优", "差", "cancel", "不安排", True, Decimal(1)),
    ("优", "中", "suspend", "不安排", True, Decimal(1)),  # re-checked 中 → no budget (Zhejiang)
    ("良", "中", "suspend", "不安排", True, Decimal(1)),
    ("中", "优", "priority", "优先保障", False, Decimal(0)),  # the re-check prevails
    ("优", "良", "continue", "正常安排", False, Decimal(0)),
    (None, None, "manual", "人工研判", False, None),
    ("待定", None, "manual", "人工研判", False, None),
    ("优", "待定", "manual", "人工研判", False, None),
]


@pytest.mark.parametrize(("grade", "recheck", "action", "budget", "rectify", "ratio"), TABLE)
def test_results_table(
    grade: str | None, recheck: str | None, action: str, budget: str, rectify: bool, ratio: Decimal | None
) -> None:
    (got,) = apply_results([{"project": "项目甲", "grade": grade, "recheck_grade": recheck}])
    assert (got.action, got.next_budget, got.rectify, got.cut_ratio) == (action, budget, rectify, ratio)
    assert got.reason and got.reason_en
    rules = [f.rule for f in got.findings]
    assert ("no_budget_next_year" in rules) == (budget == "不安排")
    assert ("grade_missing" in rules) == (action == "manual")


def test_grade_words() -> None:
    assert [
        normalize_grade(w) for w in ["优秀", "良好", "中等", "合格", "较差", "不合格", "优级", " 良 "]
    ] == [
        "优",
        "良",
        "中",
        "中",
        "差",
        "差",
        "优",
        "良",
    ]
    assert normalize_grade("A") is None and normalize_grade(90) is None


@dataclass
class FakeScoreReport:
    """The scoring helper's ScoreReport shape, as far as results care."""

    project: str | None
    grade: str | None
    total: Decimal
    source: str


def test_duck_typed_reports_and_cut_amount() -> None:
    reports = [
        FakeScoreReport("项目甲", "中", Decimal("72.5"), "a.yaml"),
        {
            "project": {"name": "项目乙", "code": "P2"},
            "grade": "良好",
            "money": "250",
            "department": "教育局",
        },
        {"name": "项目丙", "自评等级": "优", "复核等级": "差", "项目编码": "P3", "money": 80},
    ]
    actions = apply_results(reports)
    assert [a.action for a in actions] == ["cut", "continue", "cancel"]
    assert actions[0].source == "a.yaml" and actions[0].cut_amount is None
    assert actions[1].project == "项目乙" and actions[1].code == "P2" and actions[1].department == "教育局"
    assert actions[1].cut_amount == Decimal("0.00")
    assert actions[2].code == "P3" and actions[2].cut_amount == Decimal("80.00")
    assert actions[2].effective_grade == "差" and actions[2].source == "[2]"
    assert all(isinstance(a, Action) for a in actions)
    assert Action.model_validate_json(actions[0].model_dump_json()) == actions[0]


def test_province_override() -> None:
    text = 'ruleset "某市结果应用" extends "results"\nlet 中等级压减比例 = 20%\n'
    (got,) = apply_results([{"project": "x", "grade": "中", "money": 100}], ruleset=text)
    assert got.cut_ratio == Decimal("0.20") and got.cut_amount == Decimal("20.00")
