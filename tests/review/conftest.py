from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"

GOOD: dict[str, Any] = {
    "kind": "project_goal",
    "fiscal_year": 2024,
    "project": {
        "name": "家庭经济困难学生资助",
        "department": "[205001]某市教育局",
        "function_code": "2050203",
        "period": {"start": "2024-01", "end": "2024-12"},
    },
    "funds": {"total": 120, "fiscal": 100, "carryover": 20, "other": 0},
    "goals": {"annual": "资助家庭经济困难学生1200人，资金按时足额发放，受助学生满意度不低于90%"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "资助学生人数", "target": "≥1200人"},
        {"level1": "产出指标", "level2": "质量指标", "name": "资助资金发放准确率", "target": "=100%"},
        {"level1": "产出指标", "level2": "时效指标", "name": "资金发放时间", "target": "2024年12月底前"},
        {"level1": "成本指标", "level2": "经济成本指标", "name": "资助资金总额", "target": "≤120万元"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "困难学生辍学率", "target": "≤1%"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "受助学生满意度", "target": "≥90%"},
    ],
}

CATALOG_NAMES = [
    ("产出指标", "数量指标", "资助学生人数", "人"),
    ("产出指标", "质量指标", "资助资金发放准确率", "%"),
    ("产出指标", "时效指标", "资金发放时间", "月"),
    ("成本指标", "经济成本指标", "资助资金总额", "万元"),
    ("效益指标", "社会效益指标", "困难学生辍学率", "%"),
    ("满意度指标", "服务对象满意度指标", "受助学生满意度", "%"),
    ("产出指标", "数量指标", "受助学生人次", "人次"),
]


def good() -> dict[str, Any]:
    return copy.deepcopy(GOOD)


@pytest.fixture(scope="session")
def catalog() -> Any:
    from indicator_lib.catalog import Catalog
    from indicator_lib.catalog._model import Indicator

    return Catalog(
        [
            Indicator(id=f"EDU-{n:03d}", name=name, level1=l1, level2=l2, unit=unit, framework="goal")
            for n, (l1, l2, name, unit) in enumerate(CATALOG_NAMES, 1)
        ],
        name="test",
    )
