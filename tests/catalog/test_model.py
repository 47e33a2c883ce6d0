from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from indicator_lib.catalog import Indicator, Source

Make = Callable[..., Indicator]


def test_chinese_keys_and_values_give_the_same_indicator() -> None:
    chinese = Indicator.model_validate(
        {
            "指标编码": "EDU-001",
            "指标名称": "资助学生人数",
            "一级指标": "产出指标(50分)",
            "二级指标": "数量",
            "指标类型": "定量",
            "计算符号": "≥",
            "计量单位": "人",
            "指标解释": "获得资助的学生人数。",
            "功能分类": "205、2050203",
            "来源": "common practice",
            "状态": "已入库",
            "版本": "v2",
        }
    )
    english = Indicator(
        id="EDU-001",
        name="资助学生人数",
        level1="产出指标",
        level2="数量指标",
        kind="quantitative",
        direction="positive",
        unit="人",
        definition="获得资助的学生人数。",
        function_codes=("205", "2050203"),
        source=Source(document="common practice"),
        status="approved",
        version=2,
    )
    assert chinese == english


@pytest.mark.parametrize(
    ("word", "direction"),
    [
        ("正向", "positive"),
        ("≤", "reverse"),
        ("<=", "reverse"),
        ("反向", "reverse"),
        ("﹦", "equal"),
        ("=", "equal"),
    ],
)
def test_direction_words(word: str, direction: str, make: Make) -> None:
    assert make(direction=word).direction == direction


def test_real_table_level_renamings_resolve(make: Make) -> None:
    ind = make(level1="项目产出", level2="产出质量")
    assert (ind.framework, ind.level1, ind.level2) == ("goal", "产出指标", "质量指标")
    sat = make(level1="满意度指标", level2="社会公众或服务对象满意度指标")
    assert sat.level2 == "服务对象满意度指标"


def test_framework_is_inferred_from_levels(make: Make) -> None:
    assert make(level1="过程", level2="资金管理").framework == "evaluation"
    assert make(level1="投入", level2="预算配置").framework == "department"
    assert make(level1="预算执行情况", level2="预算执行").framework == "self_evaluation"
    assert make(level1="成本指标", level2="生态环境成本").level2 == "生态环境成本指标"


def test_framework_given_in_chinese_and_checked(make: Make) -> None:
    assert make(指标体系="重点评价", level1="产出", level2="产出数量").framework == "evaluation"
    with pytest.raises(ValidationError) as info:
        make(framework="部门整体", level1="产出", level2="产出数量")
    assert [e["loc"] for e in info.value.errors()] == [("level2",)]


def test_every_bad_field_is_reported_at_once(make: Make) -> None:
    with pytest.raises(ValidationError) as info:
        make(id="a b", kind="半定量", level2="满意度", function_codes="2051", version="x")
    locs = {e["loc"][0] for e in info.value.errors()}
    assert locs == {"id", "kind", "level2", "function_codes", "version"}
    ctx = {e["loc"][0]: e["ctx"] for e in info.value.errors()}
    assert "指标类型" in ctx["kind"]["zh"]
    assert "3、5 或 7 位" in ctx["function_codes"]["zh"]


def test_unknown_level1_is_blamed_on_level1(make: Make) -> None:
    with pytest.raises(ValidationError) as info:
        make(level1="决算指标", level2="数量指标")
    assert info.value.errors()[0]["loc"] == ("level1",)


def test_lists_split_strip_and_deduplicate(make: Make) -> None:
    ind = make(function_codes="205；20502, 205 2050203", tags=" 教育 ;资助;教育", fund_uses=["补助发放", ""])
    assert ind.function_codes == ("205", "20502", "2050203")
    assert ind.tags == ("教育", "资助")
    assert ind.fund_uses == ("补助发放",)


def test_list_items_may_not_hold_semicolons(make: Make) -> None:
    with pytest.raises(ValidationError):
        make(tags=["a;b"])


def test_excel_numbers_become_codes_and_years(make: Make) -> None:
    ind = make(function_codes=2050203, source={"document": "x", "year": 2019.0})
    assert ind.function_codes == ("2050203",)
    assert ind.source.year == 2019
    assert make(source={"来源文件": "x", "年份": "2020年"}).source.year == 2020


def test_same_field_twice_is_an_error() -> None:
    with pytest.raises(ValidationError) as info:
        Indicator.model_validate(
            {"id": "X", "name": "a", "指标名称": "b", "level1": "产出指标", "level2": "数量指标"}
        )
    assert "同一字段" in info.value.errors()[0]["ctx"]["zh"]


def test_unknown_key_is_refused(make: Make) -> None:
    with pytest.raises(ValidationError) as info:
        make(权重=10)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_indicator_is_frozen_and_hashable(make: Make) -> None:
    ind = make()
    with pytest.raises(ValidationError):
        ind.name = "x"  # type: ignore[misc]
    assert hash(ind) == hash(make())


def test_applies_to_uses_code_prefixes(make: Make) -> None:
    ind = make(function_codes="20502")
    assert ind.applies_to("2050203")
    assert not ind.applies_to("205")
    assert not ind.applies_to("2080201")
    assert make().applies_to("2080201")
