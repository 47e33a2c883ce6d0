"""抽评 sampling: reproducibility, both ratios, certainty threshold, strata, capacity, bad input."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.errors import IndicatorLibError
from indicator_lib.sampling import SampleUnit, SamplingError, sample_for_review, sample_unit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _population(moneys: list[int], departments: int = 3) -> list[dict[str, object]]:
    return [
        {"code": f"P{i:04d}", "name": f"项目{i}", "department": f"部门{i % departments}", "money": m}
        for i, m in enumerate(moneys)
    ]


def test_jinhua_shape_meets_both_ratios() -> None:
    # 300 projects: a few large ones hold most of the money (a skewed provincial population).
    moneys = [30000, 20000, 10000, 8000, 6000] + [100 + (i * 37) % 400 for i in range(295)]
    result = sample_for_review(_population(moneys), count_ratio=0.12, money_ratio=0.40, seed=2026)
    assert result.count_target == 36
    assert result.count == 36
    assert result.met and result.count_met and result.money_met
    assert result.money >= result.money_target  # type: ignore[operator]
    certain = [i for i in result.items if i.reason == "certainty"]
    assert certain and all(i.unit.money is not None and i.unit.money >= result.threshold for i in certain)  # type: ignore[operator]
    assert {i.reason for i in result.items} == {"certainty", "random"}
    assert result.achieved_count_ratio == Decimal("0.1200")


def test_count_ratio_only_is_all_random_and_rounds_up() -> None:
    result = sample_for_review(_population([10] * 25), count_ratio="0.10", seed=1)
    assert result.count == 3  # ceil(2.5)
    assert all(i.reason == "random" for i in result.items)
    assert result.threshold is None and result.money_target is None and result.money_met


def test_same_seed_same_sample_independent_of_input_order() -> None:
    pop = _population([i * 7 % 50 + 1 for i in range(80)])
    a = sample_for_review(pop, count_ratio=0.1, money_ratio=0.3, strata="department", seed=7)
    b = sample_for_review(list(reversed(pop)), count_ratio=0.1, money_ratio=0.3, strata="department", seed=7)
    assert a.codes == b.codes
    c = sample_for_review(pop, count_ratio=0.1, strata="department", seed=8)
    d = sample_for_review(pop, count_ratio=0.1, strata="department", seed=7)
    assert c.codes != d.codes  # another seed, another draw (checked for these seeds)


def test_strata_are_allocated_in_proportion() -> None:
    pop = [{"code": f"A{i}", "name": "a", "department": "甲", "money": 1} for i in range(60)]
    pop += [{"code": f"B{i}", "name": "b", "department": "乙", "money": 1} for i in range(40)]
    result = sample_for_review(pop, count_ratio=0.1, strata="department", seed=3)
    strata = [i.stratum for i in result.items]
    assert strata.count("甲") == 6 and strata.count("乙") == 4
    assert result.strata == "department"
    custom = sample_for_review(pop, count_ratio=0.1, strata=lambda u: u.code[0], seed=3)
    assert sorted({str(i.stratum) for i in custom.items}) == ["A", "B"]


def test_capacity_makes_ratios_unreachable_and_says_so() -> None:
    pop = _population([100] * 50)
    result = sample_for_review(pop, count_ratio=0.2, money_ratio=0.5, seed=1, max_count=8)
    assert not result.met and not result.count_met and not result.money_met
    assert result.count == 8
    assert all(i.reason == "capacity" for i in result.items)
    assert len(result.messages) == 2 and len(result.messages_en) == 2


def test_unknown_money_is_warned_and_counts_zero() -> None:
    pop = _population([10, 20, 30])
    pop.append({"code": "X", "name": "无金额", "department": "部门0"})
    result = sample_for_review(pop, count_ratio=0.5, money_ratio=0.5, seed=1)
    assert result.population_money == 60
    assert any("无金额" in w for w in result.warnings)


def test_empty_population() -> None:
    result = sample_for_review([], count_ratio=0.1, money_ratio=0.4, seed=1)
    assert result.count == 0 and result.met and result.population == 0


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"count_ratio": 1.5}, "bad-ratio"),
        ({"count_ratio": -0.1}, "bad-ratio"),
        ({"money_ratio": "四成"}, "bad-number"),
        ({"max_count": -1}, "bad-max-count"),
        ({"strata": "function_code"}, "bad-strata"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(SamplingError) as info:
        sample_for_review(_population([1, 2]), seed=1, **kwargs)  # type: ignore[arg-type]
    assert info.value.diagnostics[0].code == code
    assert isinstance(info.value, IndicatorLibError) and isinstance(info.value, ValueError)


def test_bad_record() -> None:
    with pytest.raises(SamplingError) as info:
        sample_for_review([{"money": 3}], seed=1)
    assert info.value.diagnostics[0].code == "bad-record"
    with pytest.raises(SamplingError):
        sample_for_review([{"name": "x", "money": "很多"}], seed=1)
    with pytest.raises(SamplingError):
        sample_for_review([object()], seed=1)


def test_loaded_self_evaluations() -> None:
    from indicator_lib.submissions import load_submissions

    batch = load_submissions(EXAMPLES / "self_evaluations")
    assert len(batch) >= 5
    result = sample_for_review(batch.documents, count_ratio=0.3, money_ratio=0.5, seed=2026)
    assert result.met
    assert all(i.unit.source.startswith(str(EXAMPLES)) for i in result.items)
    # money comes from 全年预算数 of the total row, in 万元
    units = [sample_unit(d) for d in batch.documents]
    tianchang = next(u for u in units if u.name == "水旱灾害防御经费")
    assert tianchang.money == Decimal(880)


def test_sample_unit_chinese_keys() -> None:
    unit = sample_unit({"项目名称": "甲", "主管部门": {"name": "财政局"}, "金额": "12.5"})
    expected = SampleUnit(code="甲", name="甲", department="财政局", money=Decimal("12.5"), source="[0]")
    assert unit.model_dump() == expected.model_dump()
    assert unit.document == {"项目名称": "甲", "主管部门": {"name": "财政局"}, "金额": "12.5"}


# ---- Hypothesis: the contract ----------------------------------------------------------------

moneys = st.lists(st.integers(min_value=0, max_value=10_000), min_size=0, max_size=60)
ratios = st.decimals(min_value=0, max_value=1, places=2)


@settings(max_examples=150, deadline=None)
@given(moneys, ratios, ratios, st.integers(0, 2**32), st.booleans())
def test_property_same_seed_same_sample_and_ratios_met(
    money: list[int], count_ratio: Decimal, money_ratio: Decimal, seed: int, stratified: bool
) -> None:
    pop = _population(money)
    strata: Literal["department"] | None = "department" if stratified else None
    a = sample_for_review(pop, count_ratio=count_ratio, money_ratio=money_ratio, strata=strata, seed=seed)
    b = sample_for_review(pop, count_ratio=count_ratio, money_ratio=money_ratio, strata=strata, seed=seed)
    assert a.codes == b.codes
    # Without a cap the population always allows both ratios: the sample must meet them.
    assert a.met
    assert a.count >= count_ratio * len(pop)
    assert a.money >= money_ratio * sum(money)
    assert len(set(a.codes)) == a.count


@settings(max_examples=150, deadline=None)
@given(moneys, ratios, ratios, st.integers(0, 2**32), st.integers(0, 20))
def test_property_capacity_met_exactly_when_feasible(
    money: list[int], count_ratio: Decimal, money_ratio: Decimal, seed: int, cap: int
) -> None:
    pop = _population(money)
    result = sample_for_review(
        pop, count_ratio=count_ratio, money_ratio=money_ratio, seed=seed, max_count=cap
    )
    k = math.ceil(count_ratio * len(pop))
    feasible = k <= cap and sum(sorted(money, reverse=True)[:cap]) >= money_ratio * sum(money)
    assert result.met == feasible
    assert result.count <= cap
    if not feasible:
        assert result.messages and result.messages_en
    else:
        assert not result.messages
        assert result.count >= count_ratio * len(pop) and result.money >= money_ratio * sum(money)
