from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.submissions import load_submission

TARGETS = [
    "≥95%",
    "≤100万元",
    "10辆",
    "=1次",
    "90%",
    "效果明显",
    "是",
    "—",
    "2023.07-2024.01",
    "年底前",
    "28.8万元",
]
LEVELS = [
    ("产出指标(50分)", "数量指标"),
    ("效益指标", "社会效益"),
    ("满意度指标", "满意度指标"),
    ("项目效果", "奇怪"),
]
text = st.text(alphabet="临时救助资金项目abcXYZ0123 ", min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)
amount = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def indicator(draw: st.DrawFn, evaluation: bool) -> dict[str, Any]:
    level1, level2 = draw(st.sampled_from(LEVELS))
    row: dict[str, Any] = {"一级指标": level1, "二级指标": level2, "name": draw(text)}
    row["target"] = draw(st.sampled_from(TARGETS))
    row["weight"] = draw(st.none() | amount)
    if draw(st.booleans()):
        row["备注2"] = draw(text)
    if evaluation:
        row["actual"] = draw(st.sampled_from(TARGETS))
        row["declared_score"] = draw(st.none() | amount)
    return row


@st.composite
def document(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["project_goal", "self_evaluation"]))
    doc: dict[str, Any] = {
        "kind": kind,
        "fiscal_year": draw(st.integers(2015, 2030)),
        "project": {"name": draw(text), "主管部门": draw(st.sampled_from(["[155]濉溪县民政局", "某局"]))},
        "indicators": draw(st.lists(indicator(kind == "self_evaluation"), max_size=6)),
    }
    if kind == "project_goal":
        doc["funds"] = {"total": draw(amount), "fiscal": draw(st.none() | amount)}
        doc["project"]["period"] = {"start": "2023-07", "end": "2024-01"}
    else:
        doc["budget"] = [{"source": "年度资金总额", "adjusted": draw(amount), "executed": draw(amount)}]
        doc["declared_total"] = draw(st.none() | amount)
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_dump_to_json_and_load_back_is_equal(data: dict[str, Any]) -> None:
    doc = load_submission(data)
    dumped = json.loads(doc.model_dump_json(), parse_float=Decimal)
    again = load_submission(dumped)
    assert again == doc
    assert again.unknown_fields() == doc.unknown_fields()
