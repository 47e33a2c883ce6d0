"""Read and write code tables: the shipped CSV and a user's official edition (CSV or Excel).

Official tables arrive messy: title rows above the header, extra columns, codes typed as numbers
(``2050203.0``) or with spaces (``"201 "``, ``"205 02 03"``), names indented with full-width
spaces, GBK-encoded CSV. The reader finds the header row by its headings (科目编码 / 科目名称 or
their variants), reads every row, and collects every problem with its file, row and column; it
raises :class:`~indicator_lib.errors.CatalogLoadError` with all of them, so nothing is loaded
half-way. Excel needs the ``excel`` extra (openpyxl), imported only when an Excel file is read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from indicator_lib._optional import require
from indicator_lib._tabular import read_csv_rows, sheet_rows
from indicator_lib.codes._model import FunctionCode, Rename, clean_code, level_of, parent_of
from indicator_lib.errors import CatalogLoadError, Diagnostic

__all__ = ["read_function_code_rows", "read_renames", "write_function_codes"]

_MAX_ERRORS = 50
_HEADER_SCAN = 30

# canonical field -> accepted headings (compared after removing spaces and a trailing colon).
_HEADINGS: dict[str, tuple[str, ...]] = {
    "code": (
        "科目编码",
        "科目代码",
        "功能科目编码",
        "功能分类科目编码",
        "支出功能分类科目编码",
        "编码",
        "代码",
        "code",
    ),
    "name": ("科目名称", "功能科目名称", "功能分类科目名称", "支出功能分类科目名称", "名称", "name"),
    "level": ("级次", "科目级次", "层级", "level"),
    "parent": ("上级科目", "上级编码", "parent"),
    "edition": ("版本年度", "年度", "edition"),
    "verified": ("已核实", "verified"),
    "source": ("来源", "source"),
    "note": ("备注", "说明", "note"),
    "former_names": ("曾用名", "former_names"),
}
_HEADING_TO_FIELD = {h.lower(): f for f, hs in _HEADINGS.items() for h in hs}
# written headings, in order
_WRITE = (
    ("code", "科目编码"),
    ("name", "科目名称"),
    ("level", "级次"),
    ("parent", "上级科目"),
    ("edition", "版本年度"),
    ("verified", "已核实"),
    ("source", "来源"),
    ("note", "备注"),
    ("former_names", "曾用名"),
)
_TOTAL_ROWS = {"合计", "总计", "小计", "支出合计", "本年支出合计"}
_TRUE = {"true", "1", "yes", "y", "是", "已核实", "√"}
_FALSE = {"false", "0", "no", "n", "否", "未核实", ""}
_LEVEL_WORDS = {"类": "类", "款": "款", "项": "项", "1": "类", "2": "款", "3": "项"}
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_SPACES = " \t\r\n\u3000\u00a0\ufeff"


@dataclass(frozen=True, slots=True)
class LoadedRows:
    """The outcome of reading one file: entries, and the edition year found in a title row."""

    codes: tuple[FunctionCode, ...]
    title_year: int | None


def _norm_heading(cell: object) -> str:
    text = "" if cell is None else str(cell)
    text = "".join(text.split()).strip("：:*").lower()
    return text


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip(_SPACES)


def _find_header(
    rows: Sequence[tuple[int, list[object]]], file: str
) -> tuple[int, dict[str, int], int | None]:
    title_year: int | None = None
    for pos, (_, cells) in enumerate(rows[:_HEADER_SCAN]):
        fields: dict[str, int] = {}
        for col, cell in enumerate(cells):
            field = _HEADING_TO_FIELD.get(_norm_heading(cell))
            if field is not None and field not in fields:
                fields[field] = col
        if "code" in fields and "name" in fields:
            return pos, fields, title_year
        if title_year is None:
            for cell in cells:
                found = _YEAR_RE.search("" if cell is None else str(cell))
                if found:
                    title_year = int(found.group(1))
                    break
    raise CatalogLoadError(
        Diagnostic(
            code="no-header",
            message=f"前 {_HEADER_SCAN} 行中未找到含「科目编码」和「科目名称」的表头行",
            message_en=f"no header row with 科目编码 (code) and 科目名称 (name) in the first "
            f"{_HEADER_SCAN} rows",
            file=file,
        )
    )


def read_function_code_rows(
    path: str | Path, *, sheet: str | None = None, edition: int | None = None
) -> LoadedRows:
    """Read a code table file into entries, checking every row; raise with all problems.

    Args:
        path: A ``.csv`` (UTF-8 or GBK) or ``.xlsx`` / ``.xlsm`` file.
        sheet: The Excel sheet to read (the first by default).
        edition: The edition year to record on entries that carry none.

    Returns:
        The entries, in file order, and the year found in a title row above the header.

    Raises:
        CatalogLoadError: On an unreadable file, no header, or any bad row (all reported).
        MissingDependencyError: For an Excel file without the ``excel`` extra.

    """
    p = Path(path)
    file = str(p)
    if not p.is_file():
        raise CatalogLoadError(
            f"文件不存在：{file}", f"no such file: {file}", code="file-not-found", file=file
        )
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = sheet_rows(
            p, sheet=sheet, purpose="读取 Excel 科目表 / reading an Excel code table", error=CatalogLoadError
        )
    elif suffix in (".csv", ".txt"):
        rows = read_csv_rows(p, CatalogLoadError)
    else:
        raise CatalogLoadError(
            f"不支持的文件类型「{suffix}」，应为 .csv 或 .xlsx",
            f"unsupported file type {suffix!r}; expected .csv or .xlsx",
            code="unsupported-format",
            file=file,
        )
    pos, fields, title_year = _find_header(rows, file)
    header = rows[pos][1]
    errors: list[Diagnostic] = []

    def err(line: int, field: str, slug: str, zh: str, en: str) -> None:
        col = fields[field]
        heading = _text(header[col]) if col < len(header) else field
        errors.append(
            Diagnostic(
                code=slug, message=zh, message_en=en, file=file, line=line, column=col + 1, field=heading
            )
        )

    def cell(cells: list[object], field: str) -> object:
        col = fields.get(field)
        return cells[col] if col is not None and col < len(cells) else None

    entries: list[FunctionCode] = []
    first_row: dict[str, int] = {}
    for line, cells in rows[pos + 1 :]:
        if len(errors) >= _MAX_ERRORS:
            break
        if all(_text(c) == "" for c in cells):
            continue
        code = clean_code(cell(cells, "code"))
        name = _text(cell(cells, "name"))
        if not code:
            if not name or "".join(name.split()) in _TOTAL_ROWS:
                continue
            err(
                line,
                "code",
                "code-empty",
                f"第 {line} 行：科目「{name}」缺少科目编码",
                f"row {line}: {name!r} has no code",
            )
            continue
        if not (code.isascii() and code.isdigit()):
            err(
                line,
                "code",
                "code-not-digits",
                f"第 {line} 行：科目编码「{code}」含非数字字符，应为 3、5 或 7 位数字",
                f"row {line}: code {code!r} has non-digit characters; expected 3, 5 or 7 digits",
            )
            continue
        level = level_of(code)
        if level is None:
            err(
                line,
                "code",
                "code-length",
                f"第 {line} 行：科目编码「{code}」为 {len(code)} 位，应为 3、5 或 7 位",
                f"row {line}: code {code!r} has {len(code)} digits; expected 3, 5 or 7",
            )
            continue
        if not name:
            err(
                line,
                "name",
                "name-empty",
                f"第 {line} 行：科目 {code} 缺少科目名称",
                f"row {line}: code {code} has no name",
            )
            continue
        if code in first_row:
            err(
                line,
                "code",
                "code-duplicate",
                f"第 {line} 行：科目编码 {code} 与第 {first_row[code]} 行重复",
                f"row {line}: code {code} repeats row {first_row[code]}",
            )
            continue
        first_row[code] = line
        given_level = _text(cell(cells, "level"))
        if "level" in fields and given_level and _LEVEL_WORDS.get(given_level) != level:
            err(
                line,
                "level",
                "level-mismatch",
                f"第 {line} 行：级次「{given_level}」与 {len(code)} 位编码（{level}）不符",
                f"row {line}: level {given_level!r} does not match a {len(code)}-digit code ({level})",
            )
            continue
        given_parent = clean_code(cell(cells, "parent"))
        if "parent" in fields and given_parent and given_parent != (parent_of(code) or ""):
            err(
                line,
                "parent",
                "parent-mismatch",
                f"第 {line} 行：上级科目「{given_parent}」与编码 {code} 不符（应为 {parent_of(code)}）",
                f"row {line}: parent {given_parent!r} does not match code {code} "
                f"(expected {parent_of(code)})",
            )
            continue
        verified_text = _text(cell(cells, "verified")).lower()
        if verified_text not in _TRUE and verified_text not in _FALSE:
            err(
                line,
                "verified",
                "bad-boolean",
                f"第 {line} 行：「已核实」应为 true/false 或 是/否，而非「{verified_text}」",
                f"row {line}: verified must be true/false, not {verified_text!r}",
            )
            continue
        row_edition = edition
        edition_text = _text(cell(cells, "edition"))
        if edition_text:
            if not (edition_text.isdigit() and len(edition_text) == 4):
                err(
                    line,
                    "edition",
                    "bad-edition",
                    f"第 {line} 行：版本年度「{edition_text}」应为四位年份",
                    f"row {line}: edition {edition_text!r} must be a four-digit year",
                )
                continue
            row_edition = int(edition_text)
        former = tuple(n for n in re.split(r"[;；|]", _text(cell(cells, "former_names"))) if n)
        entries.append(
            FunctionCode(
                code=code,
                name=name,
                level=level,
                parent=parent_of(code),
                edition=row_edition if row_edition is not None else title_year,
                verified=verified_text in _TRUE,
                former_names=former,
                source=_text(cell(cells, "source")) or file,
                note=_text(cell(cells, "note")),
            )
        )
    if len(errors) < _MAX_ERRORS:
        for fc in entries:
            if fc.parent is not None and fc.parent not in first_row:
                line = first_row[fc.code]
                what = "类" if fc.level == "款" else "款"
                err(
                    line,
                    "code",
                    "parent-missing",
                    f"第 {line} 行：科目 {fc.code} 的上级{what} {fc.parent} 不在表中",
                    f"row {line}: the parent {what} {fc.parent} of {fc.code} is not in the table",
                )
    if errors:
        raise CatalogLoadError(errors[:_MAX_ERRORS])
    if not entries:
        raise CatalogLoadError(
            "表头下没有任何科目行", "no code rows under the header", code="empty-table", file=file
        )
    return LoadedRows(tuple(entries), title_year)


def read_renames(path: Path) -> tuple[Rename, ...]:
    """Read the shipped renames CSV (code, former_name, current_name, changed_in, verified, note)."""
    out: list[Rename] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                Rename(
                    code=row["code"].strip(),
                    former_name=row["former_name"].strip(),
                    current_name=row["current_name"].strip(),
                    changed_in=int(row["changed_in"]),
                    verified=row["verified"].strip().lower() in _TRUE,
                    note=row.get("note", "").strip(),
                )
            )
    return tuple(out)


def _row(fc: FunctionCode) -> list[object]:
    return [
        fc.code,
        fc.name,
        fc.level,
        fc.parent or "",
        "" if fc.edition is None else fc.edition,
        "true" if fc.verified else "false",
        fc.source,
        fc.note,
        "；".join(fc.former_names),
    ]


def write_function_codes(codes: Iterable[FunctionCode], path: str | Path) -> Path:
    """Write entries to ``.csv`` (UTF-8, Chinese headings) or ``.xlsx``; readable by the loader.

    Args:
        codes: The entries (a :class:`FunctionCodeTable` works).
        path: The file to write; the suffix chooses the format.

    Returns:
        The path written.

    Raises:
        CatalogLoadError: For an unsupported suffix.
        MissingDependencyError: For ``.xlsx`` without the ``excel`` extra.

    """
    p = Path(path)
    headings = [h for _, h in _WRITE]
    suffix = p.suffix.lower()
    if suffix == ".csv":
        with p.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(headings)
            writer.writerows(_row(fc) for fc in codes)
        return p
    if suffix == ".xlsx":
        openpyxl = require("openpyxl", purpose="写入 Excel 科目表 / writing an Excel code table")
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "支出功能分类科目"
        ws.append(headings)
        for fc in codes:
            ws.append([str(v) for v in _row(fc)])
        book.save(p)
        return p
    raise CatalogLoadError(
        f"不支持的文件类型「{suffix}」，应为 .csv 或 .xlsx",
        f"unsupported file type {suffix!r}; expected .csv or .xlsx",
        code="unsupported-format",
        file=str(p),
    )
