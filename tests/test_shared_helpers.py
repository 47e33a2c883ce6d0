"""The private helpers the areas share: file reading, ruleset resolution, HTML and CLI tables."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_lib._html import finding_item, num, render_document
from indicator_lib._rulesets import RulesetCache
from indicator_lib._tabular import decode_text, read_csv_rows, sheet_rows
from indicator_lib.cli._common import cut, table, width
from indicator_lib.errors import CatalogLoadError, SubmissionLoadError
from indicator_lib.findings import Finding


def test_gb18030_csv_is_read_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("科目编码,科目名称\n205,教育支出\n".encode("gb18030"))
    assert read_csv_rows(path, CatalogLoadError) == [(1, ["科目编码", "科目名称"]), (2, ["205", "教育支出"])]


def test_undecodable_bytes_name_the_offset() -> None:
    with pytest.raises(SubmissionLoadError) as info:
        decode_text(b"ok\x80\x80", "x.json", SubmissionLoadError)
    assert info.value.code == "bad-encoding" and "2" in info.value.diagnostics[0].message


def test_malformed_csv_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n"x\x00y",1\n', encoding="utf-8")
    monkeypatch.setattr(csv, "field_size_limit", csv.field_size_limit)
    csv.field_size_limit(2)
    with pytest.raises(CatalogLoadError) as info:
        read_csv_rows(path, CatalogLoadError)
    assert info.value.code == "csv-malformed" and info.value.diagnostics[0].line == 2


def test_workbook_errors(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    import openpyxl

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CatalogLoadError) as info:
        sheet_rows(bad, sheet=None, purpose="test", error=CatalogLoadError)
    assert info.value.code == "bad-excel"
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "其他"
    book.create_sheet("指标库").append(["指标名称"])
    book.save(good)
    assert sheet_rows(good, sheet=None, preferred="指标库", purpose="t", error=CatalogLoadError) == [
        (1, ["指标名称"])
    ]
    with pytest.raises(CatalogLoadError) as info:
        sheet_rows(good, sheet="无", purpose="t", error=CatalogLoadError)
    assert info.value.code == "no-such-sheet" and "指标库" in info.value.diagnostics[0].message


def test_ruleset_cache_names_paths_and_text(tmp_path: Path) -> None:
    from indicator_lib.submissions import SelfEvaluation

    cache = RulesetCache(lambda: SelfEvaluation)
    shipped = cache.get("self_evaluation")
    assert cache.get("self_evaluation") is shipped
    assert cache.resolve(None, "self_evaluation") is shipped and cache.resolve(shipped, "x") is shipped
    path = tmp_path / "my rules.rules"
    path.write_text('ruleset "mine"\nextends "self_evaluation"\n', encoding="utf-8")
    assert cache.get(str(path)).name == "mine"  # a path with a space is still a path
    assert cache.get(path.read_text(encoding="utf-8")) is not shipped


def test_html_parts_escape_and_format() -> None:
    finding = Finding(rule="r", label="<b>", severity="error", message="<x>", message_en="y", path="a[0]")
    item = finding_item(finding, label=True, detail="<hr>")
    assert "&lt;b&gt;" in item and "&lt;x&gt;" in item and "<hr>" in item and "错误" in item
    assert num(Decimal("1.500")) == "1.5" and num(Decimal("1E+2")) == "100" and num(None) == "—"
    page = render_document(
        ["a", "b"],
        title="<t>",
        subtitle="s",
        css="p{}",
        summary=lambda xs: f"S{len(xs)}",
        section=lambda i, x: x,
    )
    assert page.startswith("<!DOCTYPE html>") and "&lt;t&gt;" in page and "S2" in page and "p{}" in page


def test_cli_table_pads_by_display_width() -> None:
    assert width("预算ab") == 6
    lines = table([("结论", "x"), ("优", "yy")])
    assert lines == ["结论  x", "优    yy"]
    assert cut("绩效目标审核报告", 7) == "绩效目…"
