"""事前绩效评估: points per dimension, averaging, weights, vetoes, conclusions, checks, loading."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_lib.errors import SubmissionLoadError
from indicator_lib.ex_ante import ExAnteAssessment, ExAnteReport, assess

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ex_ante" / "shequ_yanglao_2025.yaml"
KEYS = ("necessity", "economy", "goals", "feasibility", "compliance")


def doc(*experts: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"kind": "ex_ante", "project": {"name": "测试项目"}, "experts": list(experts), **more}


def expert(*scores: float | int | None, **more: Any) -> dict[str, Any]:
    return {"name": "专家", "scores": dict(zip(KEYS, scores, strict=True)), **more}


def rules(report: ExAnteReport) -> list[str]:
    return [f.rule for f in report.findings]


@pytest.mark.parametrize(
    ("score", "conclusion"),
    [
        (100, "予以支持"),
        (80, "予以支持"),
        (79.99, "部分支持"),
        (60, "部分支持"),
        (59.99, "不予支持"),
        (0, "不予支持"),
    ],
)
def test_conclusion_bands(score: float, conclusion: str) -> None:
    # all the weight on 投入经济性, so the total is exactly its score; no veto dimension is low
    weights = {"necessity": 0, "economy": 100, "goals": 0, "feasibility": 0, "compliance": 0}
    report = assess(doc(expert(100, score, 100, 100, 100), weights=weights))
    assert report.total == Decimal(str(score)).quantize(Decimal("0.01"))
    assert report.conclusion == conclusion and not report.vetoed


def test_example_and_averaging() -> None:
    report = assess(EXAMPLE)
    assert report.conclusion == "予以支持" and not report.vetoed
    assert report.total == Decimal("84.42")
    economy = report.dimensions[1]
    assert (economy.name, economy.average, economy.points) == (
        "投入经济性",
        Decimal("78.33"),
        Decimal("15.67"),
    )
    assert (economy.low, economy.high, economy.scored_by) == (Decimal(75), Decimal(82), 3)
    assert economy.notes == ["王某（财务）：设备购置单价高于同类项目约8%，建议压减"]
    assert sum(d.points or 0 for d in report.dimensions) == report.total
    assert ExAnteReport.model_validate_json(report.model_dump_json()) == report


def test_compliance_veto_overrides_a_high_total() -> None:
    report = assess(doc(expert(100, 100, 100, 100, 55)))
    assert report.total == Decimal("93.25") and report.conclusion == "不予支持" and report.vetoed
    assert "compliance_veto" in rules(report) and report.veto_reasons


def test_necessity_veto_and_expert_veto() -> None:
    assert assess(doc(expert(50, 100, 100, 100, 100))).conclusion == "不予支持"
    report = assess(
        doc(expert(95, 90, 90, 90, 90), expert(95, 90, 90, 90, 90, veto="是", veto_reason="资金来源未落实"))
    )
    assert report.vetoed and report.conclusion == "不予支持"
    assert any("资金来源未落实" in r for r in report.veto_reasons)
    unexplained = assess(doc(expert(95, 90, 90, 90, 90, veto=True)))
    assert "veto_unexplained" in rules(unexplained)


def test_weights_from_document_and_province() -> None:
    weights = {
        "立项必要性": 20,
        "投入经济性": 20,
        "绩效目标合理性": 20,
        "实施方案可行性": 20,
        "筹资合规性": 20,
    }
    report = assess(doc(expert(100, 50, 50, 50, 100), weights=weights))
    assert report.total == Decimal(70) and report.dimensions[0].weight == Decimal(20)
    bad = assess(doc(expert(100, 100, 100, 100, 100), weights={"necessity": 30}))
    assert "weights_total" in rules(bad)
    text = 'ruleset "某省事前评估" extends "ex_ante"\nlet 支持线 = 90\n'
    assert assess(doc(expert(85, 85, 85, 85, 85)), ruleset=text).conclusion == "部分支持"


def test_assessment_checks() -> None:
    report = assess(doc(expert(120, 80, None, 80, 80), expert(40, 80, 80, 80, 80)))
    found = rules(report)
    assert "score_out_of_range" in found and "score_missing" in found
    assert "low_score_unexplained" in found and "expert_disagreement" in found
    assert report.dimensions[2].scored_by == 1  # the blank is not averaged in
    empty = assess(doc())
    assert "no_experts" in rules(empty) and empty.conclusion is None


def test_chinese_keys_and_bad_input(tmp_path: Path) -> None:
    model = ExAnteAssessment.model_validate(
        {"类型": "事前绩效评估", "项目": {"项目名称": "甲"}, "专家": [{"专家": "王", "评分": {"必要性": 90}}]}
    )
    assert model.experts[0].scores.necessity == 90 and model.project.name == "甲"
    with pytest.raises(SubmissionLoadError) as info:
        assess(doc(expert(90, 90, 90, 90, 90) | {"scores": {"立项必要": 90}}))
    assert info.value.diagnostics[0].field is not None
    path = tmp_path / "bad.yaml"
    path.write_text(
        "kind: ex_ante\nproject: {name: x}\nexperts:\n  - name: 王\n    scores: {necessity: 很好}\n", "utf-8"
    )
    with pytest.raises(SubmissionLoadError) as located:
        assess(path)
    assert located.value.diagnostics[0].file == str(path) and located.value.diagnostics[0].line == 5
    with pytest.raises(SubmissionLoadError):
        assess(3.5)
