"""Import / export: round-trips through every format, and bad input reported with file, row, column."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.catalog import Catalog, Indicator, load_catalog
from indicator_lib.catalog._frameworks import FRAMEWORKS, levels_of
from indicator_lib.catalog._propose import _is_placeholder
from indicator_lib.errors import CatalogLoadError, MissingDependencyError

FORMATS = ("json", "yaml", "csv", "xlsx")


def _write(catalog: Catalog, path: Path) -> None:
    suffix = path.suffix
    if suffix == ".json":
        catalog.to_json(path)
    elif suffix == ".yaml":
        catalog.to_yaml(path)
    elif suffix == ".csv":
        catalog.to_csv(path)
    else:
        catalog.to_excel(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_shipped_catalog_round_trips(shipped: Catalog, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"library.{fmt}"
    _write(shipped, path)
    assert load_catalog(path) == shipped


def test_text_exports_return_the_text(shipped: Catalog, tmp_path: Path) -> None:
    text = shipped.to_json()
    assert json.loads(text)["format"] == "indicator_lib.catalog"
    csv_text = shipped.to_csv(tmp_path / "x.csv")
    assert csv_text.splitlines()[0].startswith("指标编码,指标名称,指标体系,一级指标,二级指标")
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "定量" in csv_text and "正向" in csv_text and "已入库" in csv_text


_TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=";；\r\x85\u2028\u2029"),
    max_size=12,
)
_ITEM = _TEXT.map(str.strip).filter(bool)
_LEVELS = [(fw, l1, l2) for fw in FRAMEWORKS for l1, l2s in levels_of(fw).items() for l2 in l2s]
_CODE = st.one_of(
    st.from_regex(r"\A2[0-3][0-9]\Z"),
    st.from_regex(r"\A2[0-3][0-9]{3}\Z"),
    st.from_regex(r"\A2[0-3][0-9]{5}\Z"),
)


@st.composite
def indicators(draw: st.DrawFn, index: int) -> Indicator:
    framework, level1, level2 = draw(st.sampled_from(_LEVELS))
    multiline = st.lists(_TEXT, max_size=3).map(lambda parts: "\n".join(parts))
    return Indicator(
        id=f"X-{index}",
        name=draw(_TEXT.map(str.strip).filter(lambda s: bool(s) and not _is_placeholder(s))),
        framework=framework,
        level1=level1,
        level2=level2,
        kind=draw(st.sampled_from(["quantitative", "qualitative"])),
        direction=draw(st.sampled_from(["positive", "reverse", "equal"])),
        unit=draw(_TEXT),
        definition=draw(multiline),
        formula=draw(st.sampled_from(["", "=100%", "a=b/c×100%", "-1", "+x", "@x"])),
        function_codes=tuple(dict.fromkeys(draw(st.lists(_CODE, max_size=3)))),
        fund_uses=tuple(dict.fromkeys(draw(st.lists(_ITEM, max_size=2)))),
        tags=tuple(dict.fromkeys(draw(st.lists(_ITEM, max_size=3)))),
        source={
            "document": draw(_TEXT),
            "province": draw(_TEXT),
            "year": draw(st.none() | st.integers(1949, 2100)),
        },
        status=draw(st.sampled_from(["draft", "approved", "retired"])),
        version=draw(st.integers(1, 99)),
        note=draw(_TEXT),
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    size = draw(st.integers(0, 4))
    items = [draw(indicators(i)) for i in range(size)]
    # the model strips text: a catalog must hold what the model produced
    return Catalog(Indicator.model_validate(i.model_dump()) for i in items)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=catalogs())
def test_any_catalog_round_trips_through_every_format(tmp_path: Path, catalog: Catalog) -> None:
    for fmt in FORMATS:
        path = tmp_path / f"prop.{fmt}"
        _write(catalog, path)
        assert load_catalog(path) == catalog, fmt


def test_bad_csv_rows_are_all_reported_and_nothing_loads(data_dir: Path) -> None:
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(data_dir / "bad_rows.csv")
    diags = info.value.diagnostics
    where = {(d.code, d.line, d.column, d.field) for d in diags}
    assert ("bad-value", 3, 6, "指标方向") in where
    assert ("bad-levels", 4, 4, "二级指标") in where
    assert ("bad-function-code", 5, 8, "功能分类") in where
    assert ("placeholder-name", 6, 2, "指标名称") in where
    assert any(d.code == "duplicate-id" and d.line == 7 for d in diags)
    assert all(d.file and d.file.endswith("bad_rows.csv") for d in diags)
    text = str(info.value)
    assert "bad_rows.csv:3:6 [指标方向]" in text
    assert "指标方向「大于」无效" in text and "invalid direction" in text


def test_bad_excel_row_names_file_row_and_column(tmp_path: Path, shipped: Catalog) -> None:
    path = tmp_path / "lib.xlsx"
    Catalog(shipped.indicators[:3]).to_excel(path)
    book = openpyxl.load_workbook(path)
    sheet = book["指标库"]
    sheet["K3"] = "9999x"  # 功能分类 of the second indicator
    sheet["F4"] = "半定量"  # 指标类型 of the third
    book.save(path)
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    where = {(d.line, d.column, d.field) for d in info.value.diagnostics}
    assert where == {(3, 11, "功能分类"), (4, 6, "指标类型")}


def test_excel_text_that_looks_like_a_formula_stays_text(tmp_path: Path, make: object) -> None:
    ind = Indicator(
        id="F-1", name="=SUM(A1)", level1="产出指标", level2="数量指标", unit="%", formula="=100%"
    )
    path = tmp_path / "f.xlsx"
    Catalog([ind]).to_excel(path)
    assert load_catalog(path).lookup("F-1") == ind


def test_title_rows_and_serial_column_and_star_headings(tmp_path: Path) -> None:
    path = tmp_path / "省级指标库.csv"
    path.write_text(
        "安徽省项目支出绩效指标库（2023年版）,,,,\n"
        "序号,*三级指标,一级指标,二级指标,*计量单位,指标编码\n"
        "1,农村低保标准,项目产出,产出质量,元/人·月,AH-1\n",
        encoding="utf-8",
    )
    ind = load_catalog(path).lookup("AH-1")
    assert (ind.name, ind.level1, ind.level2, ind.unit) == (
        "农村低保标准",
        "产出指标",
        "质量指标",
        "元/人·月",
    )


def test_gb18030_csv_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "指标编码,指标名称,一级指标,二级指标\nG-1,资助学生人数,产出指标,数量指标\n".encode("gb18030")
    )
    assert load_catalog(path).lookup("G-1").name == "资助学生人数"


def test_unknown_column_is_an_error_with_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "指标编码,指标名称,一级指标,二级指标,计量单元\nA,甲,产出指标,数量指标,个\n", encoding="utf-8"
    )
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.line, diag.column, diag.field) == ("unknown-column", 1, 5, "计量单元")
    assert "计量单位" in diag.message


def test_cell_without_heading_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "指标编码,指标名称,一级指标,二级指标\nA,甲,产出指标,数量指标,多出来的\n", encoding="utf-8"
    )
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    assert [(d.code, d.line, d.column) for d in info.value.diagnostics] == [("cell-without-column", 2, 5)]


def test_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    assert info.value.code == "no-header"


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"indicators": [\n  {"id": "A",}\n]}', encoding="utf-8")
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.line) == ("bad-json", 2)


def test_bad_json_record_names_its_path(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    records = [{"id": "A", "name": "甲", "level1": "产出指标", "level2": "数量指标", "version": 0}, "oops"]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    fields = [d.field for d in info.value.diagnostics]
    assert fields == ["indicators[0].version", "indicators[1]"]


def test_malformed_yaml_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("indicators:\n  - id: A\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(path)
    assert info.value.code == "bad-yaml" and info.value.diagnostics[0].line is not None


def test_folder_loads_every_file_and_reports_ids_across_files(tmp_path: Path, data_dir: Path) -> None:
    shutil.copy(data_dir / "province_anhui.csv", tmp_path / "a.csv")
    Catalog([load_catalog(data_dir / "province_anhui.csv").lookup("AH-208-002")]).to_json(tmp_path / "b.json")
    (tmp_path / "README.md").write_text("not data", encoding="utf-8")
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(tmp_path)
    (diag,) = info.value.diagnostics
    assert diag.code == "duplicate-id" and "a.csv" in diag.message and diag.file.endswith("b.json")
    (tmp_path / "b.json").unlink()
    assert len(load_catalog(tmp_path)) == 4


@pytest.mark.parametrize("name", ["missing.csv", "x.txt"])
def test_missing_or_unsupported_file(tmp_path: Path, name: str) -> None:
    if name.endswith(".txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(CatalogLoadError):
        load_catalog(tmp_path / name)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogLoadError) as info:
        load_catalog(tmp_path)
    assert info.value.code == "empty-folder"


def test_catalog_constructor_refuses_duplicates_and_placeholders(make: object) -> None:
    a = Indicator(id="A", name="甲", level1="产出指标", level2="数量指标")
    with pytest.raises(CatalogLoadError) as info:
        Catalog([a, a.model_copy(update={"name": "-"})])
    assert {d.code for d in info.value.diagnostics} == {"duplicate-id", "placeholder-name"}


def test_yaml_without_pyyaml_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, shipped: Catalog, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"indicator-lib\[yaml\]"):
        shipped.to_yaml()
    with pytest.raises(MissingDependencyError):
        (tmp_path / "a.yaml").write_text("indicators: []", encoding="utf-8")
        load_catalog(tmp_path / "a.yaml")
