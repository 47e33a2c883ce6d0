"""The shipped library: size, completeness, honesty of sources, and look-ups of real codes."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from indicator_lib.catalog import Catalog, load_catalog
from indicator_lib.codes import function_codes
from indicator_lib.errors import CatalogLookupError


def test_at_least_150_indicators_with_unique_ids(shipped: Catalog) -> None:
    assert len(shipped) >= 150
    assert len({i.id for i in shipped}) == len(shipped)


def test_every_entry_is_complete(shipped: Catalog) -> None:
    for ind in shipped:
        assert ind.definition, ind.id
        assert ind.source.document, ind.id
        assert ind.status == "approved", ind.id
        if ind.kind == "quantitative":
            assert ind.unit, ind.id
        if ind.formula:
            assert "=" in ind.formula, ind.id


def test_sectors_are_covered_with_codes(shipped: Catalog) -> None:
    by_class = Counter(code[:3] for ind in shipped for code in {c[:3] for c in ind.function_codes})
    for cls in ("205", "208", "210", "212", "213", "214"):
        assert by_class[cls] >= 10, cls


def test_every_shipped_function_code_is_in_the_code_table(shipped: Catalog) -> None:
    table = function_codes()
    bad = [(i.id, c, table.validate(c)) for i in shipped for c in i.function_codes if table.validate(c)]
    assert bad == []


def test_frameworks_hold_the_standard_common_indicators(shipped: Catalog) -> None:
    names = {(i.framework, i.name) for i in shipped}
    for name in ("资金到位率", "预算执行率", "实际完成率", "质量达标率", "完成及时性", "成本节约率"):
        assert ("evaluation", name) in names
    for name in (
        "在职人员控制率",
        "“三公经费”变动率",
        "重点支出安排率",
        "预算完成率",
        "预算调整率",
        "支付进度率",
        "结转结余率",
        "重点工作办结率",
    ):
        assert ("department", name) in names
    assert ("self_evaluation", "预算执行率") in names


def test_real_table_indicators_are_shipped_with_honest_sources(shipped: Catalog) -> None:
    for name, file_no in (
        ("雾炮车风炮射程", "04"),
        ("农村低保发放人数（按月平均）", "21"),
        ("安装坡面水标尺", "13"),
        ("受益脱贫（含监测对象）户人口数", "13"),
    ):
        (ind,) = [i for i in shipped if i.name == name]
        assert ind.source.document.startswith(f"realdata file {file_no} "), name
        assert ind.source.year is not None
    assert shipped.lookup("EDU-001").source.document.startswith("common practice")


def test_formulas_match_the_2020_framework(shipped: Catalog) -> None:
    assert shipped.lookup("FW-007").formula == "资金到位率=（实际到位资金/预算资金）×100%"
    assert shipped.lookup("FW-008").formula == "预算执行率=（实际支出资金/实际到位资金）×100%"
    assert shipped.lookup("FW-015").formula == "成本节约率=[（计划成本-实际成本）/计划成本]×100%"
    assert shipped.lookup("DEP-003").direction == "reverse"


def test_for_code_junior_school(shipped: Catalog) -> None:
    found = shipped.for_code("2050203")
    ids = [i.id for i in found]
    edu = [i for i in shipped if any(c.startswith("205") for c in i.function_codes)]
    applicable = [i.id for i in edu if i.applies_to("2050203")]
    assert set(applicable) <= set(ids)
    assert "EDU-014" not in ids  # 学前教育毛入园率 is keyed to 2050201 only
    assert {"FW-007", "GEN-020", "DEP-003", "SE-001"} <= set(ids)
    assert not any(i.function_codes and not i.applies_to("2050203") for i in found)
    # order: keyed to the 项, then inherited from 款 / 类, then common
    rank = [
        0
        if "2050203" in i.function_codes
        else 1
        if "20502" in i.function_codes
        else 2
        if i.function_codes
        else 3
        for i in found
    ]
    assert rank == sorted(rank)


def test_for_code_real_codes_from_budget_table(shipped: Catalog) -> None:
    # realdata 22 (石柱县民政局 2022) prints 208 / 20802 / 2080201 and 2081902-style codes.
    rural = [i.id for i in shipped.for_code("2081902", include_common=False)]
    assert rural[:2] == ["SOC-001", "SOC-002"]
    assert "SOC-015" in rural  # 20819 inherited
    assert shipped.for_code("2080201", include_common=False) == []
    assert len(shipped.for_code("2080201")) == len(shipped.for_code("201"))
    assert {i.id for i in shipped.for_code("21205", include_common=False)} >= {"URB-001", "URB-002"}


@pytest.mark.parametrize("code", ["20x", "2050", "", "20502031"])
def test_for_code_rejects_malformed_codes(shipped: Catalog, code: str) -> None:
    with pytest.raises(CatalogLookupError) as info:
        shipped.for_code(code)
    assert info.value.code == "bad-function-code"


def test_get_and_lookup(shipped: Catalog) -> None:
    assert shipped.get("FW-007") is shipped.lookup("FW-007")
    assert shipped.get("NOPE") is None
    with pytest.raises(CatalogLookupError) as info:
        shipped.lookup("FW-07")
    assert "FW-007" in str(info.value)
    with pytest.raises(LookupError, match="FW-007"):
        shipped.lookup("资金到位率")


def test_search_finds_partial_names_and_near_spellings(shipped: Catalog) -> None:
    hits = shipped.search("满意度", limit=0)
    assert len(hits) >= 10
    assert all("满意" in i.name for i in hits[:10])
    assert shipped.search("资金道位率")[0].id == "FW-007"
    assert shipped.search("三公经费")[0].name.endswith("率")
    assert shipped.search("雾炮车")[0].id in {"URB-001", "URB-002"}
    assert shipped.search("FW-012")[0].id == "FW-012"
    assert shipped.search("低保", limit=3) == shipped.search("低保")[:3]
    assert shipped.search("") == []
    assert shipped.search("量子计算机") == []


def test_search_single_character(shipped: Catalog) -> None:
    assert all("率" in i.name for i in shipped.search("率", limit=5))


def test_shipped_catalog_is_loaded_once_across_threads() -> None:
    results: list[Catalog] = []
    threads = [threading.Thread(target=lambda: results.append(load_catalog())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is results[0] for r in results)


def test_search_index_builds_once_across_threads(data_dir: object) -> None:
    fresh = Catalog(load_catalog())
    results: list[list[str]] = []

    def run() -> None:
        results.append([i.id for i in fresh.search("及时率")])

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results) and results[0]


def test_catalog_import_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, indicator_lib; assert 'indicator_lib.catalog' not in sys.modules;"
        "import indicator_lib.catalog;"
        "heavy = {'openpyxl', 'yaml', 'networkx', 'lark'} & set(sys.modules); assert not heavy, heavy;"
        "indicator_lib.load_catalog().for_code('205');"
        "heavy = {'openpyxl', 'yaml', 'networkx'} & set(sys.modules); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
