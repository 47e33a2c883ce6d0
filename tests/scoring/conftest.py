"""Shared builders for the scoring tests: a minimal self-evaluation around given rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def budget(adjusted: Any = 100, executed: Any = 100, **extra: Any) -> list[dict[str, Any]]:
    """A 年度资金总额 row plus an identical 财政拨款 row (weight 10, declared 10 unless given)."""
    total = {"source": "total", "adjusted": adjusted, "executed": executed, "weight": 10, **extra}
    return [total, {"source": "fiscal", "adjusted": adjusted, "executed": executed}]


def self_evaluation(rows: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A self-evaluation dict with the given indicator rows (一级 defaults to 产出指标)."""
    indicators = [
        {"level1": "产出指标", "level2": "数量指标", "name": f"指标{k + 1}", **row}
        for k, row in enumerate(rows)
    ]
    doc: dict[str, Any] = {
        "kind": "self_evaluation",
        "fiscal_year": 2023,
        "project": {"name": "测试项目"},
        "budget": budget(),
        "indicators": indicators,
    }
    doc.update(fields)
    return doc


def standard_rows() -> list[dict[str, Any]]:
    """Rows weighted 产出 50 / 效益 30 / 满意度 10, every target met exactly."""
    return [
        {"name": "资助学生人数", "target": "≥1200人", "actual": "1200人", "weight": 20},
        {"name": "发放准确率", "level2": "质量指标", "target": "=100%", "actual": "100%", "weight": 20},
        {"name": "资金总额", "level2": "成本指标", "target": "≤120万元", "actual": "118万元", "weight": 10},
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "name": "辍学率",
            "target": "≤1%",
            "actual": "0.8%",
            "weight": 30,
        },
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "name": "受助学生满意度",
            "target": "≥90%",
            "actual": "95%",
            "weight": 10,
        },
    ]
