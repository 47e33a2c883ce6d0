"""Hypothesis contracts of the 指标值 parser: total, raw-preserving, round-tripping, exact."""

from __future__ import annotations

import decimal
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.targets import TargetValue, parse_target, unit_table
from indicator_lib.targets._parse import parse_target_uncached
from indicator_lib.targets._units import find_unit

# Text built from the characters real values use, so the interesting paths are reached.
ALPHABET = st.sampled_from(
    [
        *"0123456789.,-~%‰/*·()[]年月日底前上下内以不少于超过万元人次个米≥≧>=<≤＞＝﹦═０９．，　 ",
        *["以上", "不低于", "控制在", "以内", "当年", "年底", "万元", "百分比", "元/人*月", "**"],
    ]
)
REALISH = st.lists(ALPHABET, max_size=12).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=40), REALISH)

OPS = st.sampled_from(["", "≥", ">", "=", "<", "≤", ">=", "<=", "≧", "﹦", "不少于", "不超过"])
# 年 is left out: an integer from 1900 to 2100 followed by 年 reads as a calendar year.
UNITS = st.sampled_from([*sorted({u.name for u in unit_table()} - {"年"}), "元/人·月", "万元/公里", ""])
NUMBERS = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=ANY_TEXT,
    op=st.none() | st.text(max_size=4),
    unit=st.none() | st.text(max_size=6),
    year=st.none() | st.integers(min_value=-5, max_value=99999),
)
def test_any_string_parses_and_keeps_raw(
    text: str, op: str | None, unit: str | None, year: int | None
) -> None:
    for fast in (True, False):
        v = parse_target_uncached(text, op=op, unit=unit, fiscal_year=year, fast=fast)
        assert isinstance(v, TargetValue)
        assert v.raw == text
        assert isinstance(v.format(), str)
        if v.kind == "qualitative":
            assert v.text is not None


@settings(max_examples=400, deadline=None)
@given(
    text=ANY_TEXT
    | st.builds("".join, st.tuples(OPS, NUMBERS.map(str), st.sampled_from(["%", "人", "万", "年", "x"]))),
    op=st.sampled_from([None, "≥", "=", "≤", "定性", "??"]),
    unit=st.sampled_from([None, "%", "百分比", "万元", "是/否", "", "人", "x"]),
)
def test_fast_path_agrees_with_grammar(text: str, op: str | None, unit: str | None) -> None:
    fast = parse_target_uncached(text, op=op, unit=unit)
    assert fast == parse_target_uncached(text, op=op, unit=unit, fast=False)


def _without_raw(v: TargetValue) -> TargetValue:
    return v.model_copy(update={"raw": ""})


@settings(max_examples=400, deadline=None)
@given(op=OPS, number=NUMBERS, unit=UNITS)
def test_formatted_quantity_parses_back(op: str, number: Decimal, unit: str) -> None:
    v = parse_target(f"{op}{number}{unit}")
    assert v.kind == "quantitative"
    assert v.value == number
    again = parse_target(v.format())
    assert _without_raw(again) == _without_raw(v)


@settings(max_examples=200, deadline=None)
@given(lo=NUMBERS, hi=NUMBERS, unit=st.sampled_from(["%", "万元", "人", ""]))
def test_formatted_range_parses_back(lo: Decimal, hi: Decimal, unit: str) -> None:
    v = parse_target(f"[{lo},{hi}]{unit}")
    assert (v.kind, v.value, v.upper) == ("quantitative", lo, hi)
    assert _without_raw(parse_target(v.format())) == _without_raw(v)


@settings(max_examples=300, deadline=None)
@given(
    number=st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**20), max_value=10**20
    ),
    unit=UNITS.filter(bool),
)
def test_unit_conversion_is_exact(number: Decimal, unit: str) -> None:
    v = parse_target(f"≥{number}{unit}")
    found = find_unit(unit)
    assert found is not None
    exact = decimal.Context(prec=1000)  # the default 28 digits would round the expected product
    assert v.base_value == exact.multiply(number, found.factor)
    assert v.base_value is not None
    assert exact.divide(v.base_value, found.factor) == number


@settings(max_examples=200, deadline=None)
@given(number=st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2))
def test_money_compares_the_same_in_any_unit(number: Decimal) -> None:
    target = parse_target(f"≤{number}万元")
    in_yuan = target.compare(f"{number * 10000}元")
    in_wan = target.compare(str(number), unit="万元")
    assert in_yuan.met is True and in_wan.met is True
    assert in_yuan.ratio == in_wan.ratio == Decimal("1.000000")
    assert in_yuan.target_base == in_yuan.actual_base
