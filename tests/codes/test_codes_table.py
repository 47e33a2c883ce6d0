"""The shipped 支出功能分类 table: coverage, tree integrity, look-ups, renames, validation, search."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib.codes import FunctionCode, function_codes, shipped_function_codes
from indicator_lib.errors import CatalogLookupError, IndicatorLibError

DATA = Path(__file__).parent / "data"
TABLE = shipped_function_codes()
ALL_CODES = [fc.code for fc in TABLE]

CURRENT_CLASSES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "210": "卫生健康支出", "211": "节能环保支出",
    "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "224": "灾害防治及应急管理支出", "227": "预备费",
    "229": "其他支出", "230": "转移性支出", "231": "债务还本支出", "232": "债务付息支出",
    "233": "债务发行费用支出",
}  # fmt: skip


def test_every_current_class_is_shipped_with_its_printed_name() -> None:
    for code, name in CURRENT_CLASSES.items():
        assert TABLE.lookup(code).name == name


@pytest.mark.parametrize(
    "cls", ["201", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "221", "224"]
)
def test_required_classes_have_items(cls: str) -> None:
    items = [fc for fc in TABLE.descendants(cls) if fc.level == "项"]
    assert len(items) >= 5


def test_every_class_with_kuan_and_levels_follow_code_length() -> None:
    for fc in TABLE:
        assert fc.level == {3: "类", 5: "款", 7: "项"}[len(fc.code)]
        assert fc.edition == 2024
        if fc.level != "类":
            assert fc.parent == fc.code[: len(fc.code) - 2]
    assert len([fc for fc in TABLE if fc.level == "款"]) > 200


def test_codes_are_unique_and_sorted() -> None:
    assert len(ALL_CODES) == len(set(ALL_CODES)) == len(TABLE)
    assert sorted(ALL_CODES) == ALL_CODES


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ALL_CODES))
def test_parent_chain_resolves_to_a_class(code: str) -> None:
    fc = TABLE.lookup(code)
    chain = TABLE.ancestors(code)
    assert len(chain) == {"类": 0, "款": 1, "项": 2}[fc.level]
    top = chain[0] if chain else fc
    assert top.level == "类" and top.parent is None
    for above, below in zip([*chain, fc], [*chain, fc][1:], strict=False):
        assert below.parent == above.code
        assert below in TABLE.children(above.code)
    assert TABLE.validate(code) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=9))
def test_get_never_raises_and_lookup_raises_only_our_error(text: str) -> None:
    fc = TABLE.get(text)
    assert fc is None or isinstance(fc, FunctionCode)
    try:
        TABLE.lookup(text)
    except CatalogLookupError as err:
        assert err.diagnostics
        assert isinstance(err, LookupError)


def _realdata_codes() -> list[tuple[str, str]]:
    text = (DATA / "22_shizhu_mzj_2022_budget_functional_codes.txt").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        m = re.match(r"^(\d{3}|\d{5}|\d{7}) \| ([^|…]+?) \|", line)
        if m:
            pairs.append((m.group(1), m.group(2).strip()))
    return pairs


def test_every_code_of_the_real_2022_budget_table_resolves() -> None:
    pairs = _realdata_codes()
    assert len(pairs) == 8
    for code, name in pairs:
        fc = TABLE.lookup(code)
        assert fc.name == name
        assert fc.verified
    assert TABLE.lookup("2080207").name.startswith("行政")  # printed truncated as 行政…


def test_real_class_names_from_the_summary_table_resolve_by_name() -> None:
    for name in ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "城乡社区支出",
                 "住房保障支出", "其他支出"]:  # fmt: skip
        assert TABLE.lookup(name).level == "类"


@pytest.mark.parametrize(
    ("code", "old", "new"),
    [
        ("207", "文化体育与传媒支出", "文化旅游体育与传媒支出"),
        ("210", "医疗卫生与计划生育支出", "卫生健康支出"),
        ("220", "国土海洋气象等支出", "自然资源海洋气象等支出"),
    ],
)
def test_2019_renames_resolve(code: str, old: str, new: str) -> None:
    current = function_codes()
    assert current.lookup(code).rename_note is None
    old_year = function_codes(year=2018).lookup(code)
    assert old_year.name == new
    assert old_year.rename_note is not None and old in old_year.rename_note
    assert old_year.rename_note_en and "2019" in old_year.rename_note_en
    by_old_name = current.lookup(old)
    assert by_old_name.code == code and by_old_name.rename_note
    assert old in by_old_name.former_names
    assert function_codes(year=2019).lookup(code).rename_note is None
    warn = function_codes(year=2018).validate(code)
    assert [d.code for d in warn] == ["code-renamed"] and warn[0].severity == "warning"


def test_224_added_in_2019() -> None:
    fc = function_codes(year=2018).lookup("224")
    assert fc.name == "灾害防治及应急管理支出"
    assert fc.rename_note and "2019" in fc.rename_note
    assert [d.code for d in function_codes(2018).validate("224")] == ["code-not-in-edition"]


@pytest.mark.parametrize(
    ("code", "slug"),
    [
        ("", "code-empty"),
        ("20a", "code-not-digits"),
        ("2050", "code-length"),
        ("20502031", "code-length"),
        ("299", "code-unknown-class"),
        ("20598", "code-not-under-class"),
        ("2059801", "code-not-under-class"),
        ("2050208", "code-unknown"),
    ],
)
def test_validate_reports_each_kind_of_bad_code(code: str, slug: str) -> None:
    diags = TABLE.validate(code, field="function_code")
    assert [d.code for d in diags] == [slug]
    assert diags[0].message and diags[0].message_en and diags[0].field == "function_code"


def test_lookup_unknown_code_suggests_siblings() -> None:
    with pytest.raises(CatalogLookupError) as info:
        TABLE.lookup("2050208")
    assert "2050203" in str(info.value) or "2050205" in str(info.value)
    assert isinstance(info.value, IndicatorLibError)


def test_ambiguous_name_is_refused_with_the_codes() -> None:
    assert TABLE.get("行政运行") is None
    with pytest.raises(CatalogLookupError) as info:
        TABLE.lookup("行政运行")
    assert info.value.code == "ambiguous-name" and "2010101" in str(info.value)


def test_get_accepts_real_world_code_spellings() -> None:
    spellings: list[str | int] = [2050203, " 2050203 ", "２０５０２０３", "205 02 03", "2050203.0"]
    for spelling in spellings:
        fc = TABLE.get(spelling)
        assert fc is not None and fc.code == "2050203"
    assert "2050203" in TABLE and "9999999" not in TABLE and 205 not in TABLE


def test_search_by_substring_prefix_and_near_spelling() -> None:
    assert [fc.code for fc in TABLE.search("学前")] == ["2050201"]
    assert TABLE.search("初中教肓")[0].code == "2050203"
    assert all(fc.code.startswith("20502") for fc in TABLE.search("20502"))
    assert TABLE.search("医疗卫生与计划生育")[0].code == "210"
    assert TABLE.search("") == []
    assert len(TABLE.search("行政运行", limit=5)) == 5


def test_children_ancestors_and_paths() -> None:
    assert [c.code for c in TABLE.children("20502")] == [
        "2050201", "2050202", "2050203", "2050204", "2050205", "2050299",
    ]  # fmt: skip
    assert [a.code for a in TABLE.ancestors("2050203")] == ["205", "20502"]
    assert TABLE.path_name("2050203") == "教育支出 › 普通教育 › 初中教育"
    assert TABLE.children("999") == [] and TABLE.ancestors("999") == []


def test_verified_rows_cite_a_source_and_unverified_rows_say_so() -> None:
    verified = [fc for fc in TABLE if fc.verified]
    assert 20 <= len(verified) < len(TABLE)
    assert all(fc.source and "not confirmed" not in fc.source for fc in verified)
    assert all("not confirmed" in fc.source for fc in TABLE if not fc.verified)


def test_shipped_table_loads_once_under_concurrency() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(function_codes())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s is seen[0] for s in seen)
