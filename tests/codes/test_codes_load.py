"""Loading a user's official edition: messy real-world files, located errors, round-trips."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.codes import (
    FunctionCode,
    function_codes,
    load_function_codes,
    shipped_function_codes,
    use_function_codes,
    using_function_codes,
    write_function_codes,
)
from indicator_lib.errors import CatalogLoadError

MESSY_ROWS: list[list[object]] = [
    ["2025年政府收支分类科目（支出功能分类）", None, None],
    ["单位：万元", None, None],
    [],
    ["序号", " 科目编码 ", "科目名称", "说明"],
    [1, 205, "教育支出", "x"],
    [2, "20502", "　普通教育", None],
    [3, 2050203.0, "　　初中教育  ", None],
    [4, "2050201 ", "  学前教育", None],
    [None, None, None, None],
    [5, "205 02 99", "其他普通教育支出", None],
    [6, 210, "卫生健康支出", None],
    [None, None, "合计", None],
]


def _write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    text = "\n".join(",".join("" if c is None else str(c) for c in row) for row in rows) + "\n"
    path.write_text(text, encoding=encoding)
    return path


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _check_messy(table_codes: dict[str, FunctionCode]) -> None:
    assert sorted(table_codes) == ["205", "20502", "2050201", "2050203", "2050299", "210"]
    assert table_codes["2050203"].name == "初中教育"
    assert table_codes["20502"].name == "普通教育"
    assert table_codes["2050203"].parent == "20502" and table_codes["2050203"].level == "项"
    assert table_codes["205"].edition == 2025


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_messy_csv_with_title_rows_numbers_spaces_and_indents(tmp_path: Path, encoding: str) -> None:
    table = load_function_codes(_write_csv(tmp_path / "ed.csv", MESSY_ROWS, encoding))
    assert table.edition == 2025
    _check_messy({fc.code: fc for fc in table})


def test_messy_excel(tmp_path: Path) -> None:
    table = load_function_codes(_write_xlsx(tmp_path / "ed.xlsx", MESSY_ROWS))
    _check_messy({fc.code: fc for fc in table})


def test_year_argument_overrides_the_title(tmp_path: Path) -> None:
    table = load_function_codes(_write_csv(tmp_path / "ed.csv", MESSY_ROWS), year=2026)
    assert table.edition == 2026 and table.lookup("205").edition == 2026


def test_renames_attach_to_a_user_edition(tmp_path: Path) -> None:
    table = load_function_codes(_write_csv(tmp_path / "ed.csv", MESSY_ROWS))
    assert table.lookup("医疗卫生与计划生育支出").code == "210"
    assert table.for_year(2018).lookup("210").rename_note


BAD_CASES = [
    (["科目编码", "科目名称"], ["205", "教育支出"], ["2O502", "普通教育"], "code-not-digits", 3, 1),
    (["名称", "x", "编码"], ["教育支出", "", "205"], ["普通教育", "", "2050"], "code-length", 3, 3),
    (["科目编码", "科目名称"], ["205", "教育支出"], ["20502", ""], "name-empty", 3, 2),
    (["科目编码", "科目名称"], ["205", "教育支出"], ["205", "教育"], "code-duplicate", 3, 1),
    (["科目编码", "科目名称"], ["205", "教育支出"], ["2050203", "初中教育"], "parent-missing", 3, 1),
    (["科目编码", "科目名称"], ["205", "教育支出"], ["", "普通教育"], "code-empty", 3, 1),
]


@pytest.mark.parametrize(("header", "ok", "bad", "slug", "line", "col"), BAD_CASES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bad_row_names_file_row_and_column(
    tmp_path: Path, header: list[object], ok: list[object], bad: list[object], slug: str,
    line: int, col: int, fmt: str,
) -> None:  # fmt: skip
    rows = [header, ok, bad]
    path = tmp_path / f"bad.{fmt}"
    (_write_csv if fmt == "csv" else _write_xlsx)(path, rows)
    before = function_codes()
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(path)
    diag = info.value.diagnostics[0]
    assert (diag.code, diag.file, diag.line, diag.column) == (slug, str(path), line, col)
    assert diag.field and diag.message and diag.message_en
    assert str(path) in str(info.value)
    assert function_codes() is before


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["科目编码", "科目名称"],
        ["205", "教育支出"],
        ["20x", "a"],
        ["2050", "b"],
        ["20502", ""],
    ]
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(_write_csv(tmp_path / "bad.csv", rows))
    assert [d.line for d in info.value.diagnostics] == [3, 4, 5]


def test_missing_header_and_missing_file_and_format(tmp_path: Path) -> None:
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(_write_csv(tmp_path / "x.csv", [["a", "b"], ["205", "教育支出"]]))
    assert info.value.code == "no-header"
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(tmp_path / "none.csv")
    assert info.value.code == "file-not-found"
    (tmp_path / "t.json").write_text("{}")
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(tmp_path / "t.json")
    assert info.value.code == "unsupported-format"
    with pytest.raises(CatalogLoadError) as info:
        load_function_codes(_write_csv(tmp_path / "e.csv", [["科目编码", "科目名称"]]))
    assert info.value.code == "empty-table"


def test_use_function_codes_makes_an_edition_active_everywhere(tmp_path: Path) -> None:
    mine = load_function_codes(_write_csv(tmp_path / "ed.csv", MESSY_ROWS))
    shipped = shipped_function_codes()
    with using_function_codes(mine):
        assert function_codes() is mine
        assert function_codes(2018).get("201") is None
    assert function_codes() is shipped
    assert use_function_codes(mine) is None
    assert use_function_codes(None) is mine
    assert function_codes() is shipped


_names = st.text(alphabet="教育卫生健康支出其他普通管理事务（）、", min_size=1, max_size=12)


@st.composite
def editions(draw: st.DrawFn) -> list[FunctionCode]:
    out: list[FunctionCode] = []
    for cls in draw(st.lists(st.integers(200, 299), min_size=1, max_size=4, unique=True)):
        c = str(cls)
        out.append(FunctionCode(c, draw(_names), "类", None, 2025, draw(st.booleans())))
        for k in draw(st.lists(st.integers(1, 99), max_size=3, unique=True)):
            kc = f"{c}{k:02d}"
            out.append(FunctionCode(kc, draw(_names), "款", c, 2025, draw(st.booleans())))
            for x in draw(st.lists(st.integers(1, 99), max_size=3, unique=True)):
                out.append(FunctionCode(f"{kc}{x:02d}", draw(_names), "项", kc, 2025, False,
                                        note=draw(st.sampled_from(["", "备注"]))))  # fmt: skip
    return sorted(out, key=lambda fc: fc.code)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(editions())
def test_load_write_load_round_trip(tmp_path: Path, codes: list[FunctionCode]) -> None:
    path = write_function_codes(codes, tmp_path / "round.csv")
    first = load_function_codes(path)
    again = load_function_codes(write_function_codes(first, tmp_path / "again.csv"))
    assert list(again) == list(first)
    assert [(fc.code, fc.name, fc.level, fc.parent, fc.edition, fc.verified, fc.note) for fc in first] == [
        (fc.code, fc.name, fc.level, fc.parent, fc.edition, fc.verified, fc.note) for fc in codes
    ]


def test_shipped_table_round_trips_through_excel(tmp_path: Path) -> None:
    shipped = shipped_function_codes()
    back = load_function_codes(write_function_codes(shipped, tmp_path / "all.xlsx"))
    assert list(back) == list(shipped)
