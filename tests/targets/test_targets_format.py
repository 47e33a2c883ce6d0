"""The canonical text form of each kind of value."""

from __future__ import annotations

import pytest

from indicator_lib.targets import parse_target


@pytest.mark.parametrize(
    ("text", "kwargs", "canonical"),
    [
        ("不少于12种", {}, "≥12种"),
        (">=530元/人*月", {}, "≥530元/人·月"),
        ("95", {"op": "≥", "unit": "百分比"}, "≥95%"),
        ("[90,100]", {}, "90~100"),
        ("90%-100%", {}, "90~100%"),
        ("250万", {}, "2500000"),
        ("2023.07-2024.01", {}, "2023.07.01-2024.01.31"),
        ("2025年12月底前", {}, "≤2025.12.31"),
        ("2023-07-01", {}, "2023.07.01"),
        ("年底前", {}, "年底前"),
        ("是", {}, "是"),
        ("未完成", {}, "否"),
        (" 效果 明显 ", {}, "效果明显"),
        ("—", {}, ""),
    ],
)
def test_canonical_form(text: str, kwargs: dict[str, str], canonical: str) -> None:
    v = parse_target(text, **kwargs)  # type: ignore[arg-type]
    assert v.format() == canonical
    assert str(v) == canonical


@pytest.mark.parametrize("text", ["2023.07-2024.01", "2025年12月底前", "2023-07-01", "≥2024年1月1日"])
def test_formatted_periods_parse_back(text: str) -> None:
    v = parse_target(text)
    again = parse_target(v.format())
    assert (again.kind, again.op, again.start, again.end) == (v.kind, v.op, v.start, v.end)
