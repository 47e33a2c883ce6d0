"""Reading and writing indicator libraries: JSON, YAML, CSV and Excel, files and folders.

Decides the exchange shapes and how bad input is reported:

* JSON / YAML: ``{"format": "indicator_lib.catalog", "version": 1, "indicators": [...]}`` with the
  English field names (a bare list of entries, or Chinese keys, are accepted too);
* CSV / Excel: one row per indicator under the Chinese headings of :data:`COLUMNS` (指标编码,
  指标名称, 指标体系, 一级指标 …); values in Chinese words (定量, 正向, 已入库); lists joined with
  ``;``. Title rows above the heading row are skipped; a ``*`` before a heading (required-column
  mark) and the columns 序号 are ignored; any other unknown heading is an error, so no column is
  silently lost. CSV is read as UTF-8 (with or without BOM), falling back to GB18030, the
  encoding Excel uses for Chinese CSV;
* every problem of every row is collected and raised at once as :class:`CatalogLoadError`, each
  diagnostic naming the file, the row (``line``), the column number and heading (``field``) —
  nothing is loaded half-way.

Writing then reading any catalog in any of the four formats gives an equal catalog.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from indicator_lib._optional import require
from indicator_lib._suggest import suggestion_text
from indicator_lib._tabular import read_csv_rows, sheet_rows
from indicator_lib.catalog._catalog import Catalog
from indicator_lib.catalog._frameworks import FRAMEWORK_LABELS
from indicator_lib.catalog._model import (
    DIRECTION_LABELS,
    FIELD_ALIASES,
    KIND_LABELS,
    STATUS_LABELS,
    Indicator,
)
from indicator_lib.catalog._propose import hard_problems
from indicator_lib.errors import CatalogLoadError, Diagnostic

__all__ = [
    "COLUMNS",
    "FORMAT_TAG",
    "SUFFIXES",
    "dump_csv",
    "dump_excel",
    "dump_json",
    "dump_yaml",
    "load_path",
]

FORMAT_TAG = "indicator_lib.catalog"
SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".xlsx", ".xlsm")
MAX_DIAGNOSTICS = 100
SHEET_NAME = "指标库"

#: (key, Chinese heading) of every CSV / Excel column, in order. ``source.*`` keys are nested.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "指标编码"),
    ("name", "指标名称"),
    ("framework", "指标体系"),
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("kind", "指标类型"),
    ("direction", "指标方向"),
    ("unit", "计量单位"),
    ("definition", "指标解释"),
    ("formula", "计算公式"),
    ("function_codes", "功能分类"),
    ("fund_uses", "资金使用类别"),
    ("tags", "标签"),
    ("source.document", "来源文件"),
    ("source.province", "来源地区"),
    ("source.year", "来源年份"),
    ("status", "状态"),
    ("version", "版本"),
    ("note", "备注"),
)

_SOURCE_HEADINGS: dict[str, str] = {
    "来源文件": "source.document",
    "来源依据": "source.document",
    "source_document": "source.document",
    "source.document": "source.document",
    "来源地区": "source.province",
    "来源省份": "source.province",
    "source_province": "source.province",
    "source.province": "source.province",
    "来源年份": "source.year",
    "来源年度": "source.year",
    "source_year": "source.year",
    "source.year": "source.year",
}
_HEADINGS: dict[str, str] = {
    **{alias: key for key, aliases in FIELD_ALIASES.items() for alias in aliases if key != "source"},
    **_SOURCE_HEADINGS,
}
_IGNORED_HEADINGS = frozenset({"序号", "行号", "no", "no."})
_LABEL_OF: dict[str, Mapping[str, str]] = {
    "framework": FRAMEWORK_LABELS,
    "kind": KIND_LABELS,
    "direction": DIRECTION_LABELS,
    "status": STATUS_LABELS,
}


# -- writing ------------------------------------------------------------------------------------


def _document(catalog: Catalog) -> dict[str, Any]:
    return {"format": FORMAT_TAG, "version": 1, "indicators": catalog.to_records()}


def _write_text(text: str, path: str | Path | None, *, bom: bool = False) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
    return text


def dump_json(catalog: Catalog, path: str | Path | None = None) -> str:
    """Return ``catalog`` as JSON text; also write it to ``path`` when given."""
    return _write_text(json.dumps(_document(catalog), ensure_ascii=False, indent=2) + "\n", path)


def dump_yaml(catalog: Catalog, path: str | Path | None = None) -> str:
    """Return ``catalog`` as YAML text (needs PyYAML); also write it to ``path`` when given."""
    yaml = require("yaml", purpose="YAML 指标库 / YAML indicator libraries")
    text: str = yaml.safe_dump(_document(catalog), allow_unicode=True, sort_keys=False, width=1000)
    return _write_text(text, path)


def _row(indicator: Indicator) -> list[str | int]:
    data = indicator.model_dump(mode="json")
    out: list[str | int] = []
    for key, _heading in COLUMNS:
        if key.startswith("source."):
            value: Any = data["source"][key.split(".", 1)[1]]
        else:
            value = data[key]
        if key in _LABEL_OF:
            value = _LABEL_OF[key][value]
        elif isinstance(value, list):
            value = ";".join(value)
        out.append("" if value is None else value)
    return out


def dump_csv(catalog: Catalog, path: str | Path | None = None) -> str:
    """Return ``catalog`` as CSV text with Chinese headings; write it to ``path`` (UTF-8, BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for _key, heading in COLUMNS])
    for indicator in catalog:
        writer.writerow(_row(indicator))
    return _write_text(buffer.getvalue(), path, bom=True)


def dump_excel(catalog: Catalog, path: str | Path | BinaryIO) -> None:
    """Write ``catalog`` as an Excel workbook (sheet 指标库, Chinese headings); needs openpyxl."""
    openpyxl = require("openpyxl", purpose="Excel 指标库 / Excel indicator libraries")
    styles = require("openpyxl.styles", purpose="Excel 指标库 / Excel indicator libraries")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([heading for _key, heading in COLUMNS])
    for cell in sheet[1]:
        cell.font = styles.Font(bold=True)
    for indicator in catalog:
        sheet.append(_row(indicator))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text such as "=100%" must stay text, not become a formula
    sheet.freeze_panes = "C2"
    widths = {"指标名称": 28, "指标解释": 40, "计算公式": 30, "来源文件": 24}
    for index, (_key, heading) in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(heading, 12)
    workbook.save(path)


# -- reading ------------------------------------------------------------------------------------


def load_path(path: str | Path) -> Catalog:
    """Load a library file, or every library file in a folder (sorted by name).

    Args:
        path: A ``.json``, ``.yaml``/``.yml``, ``.csv`` or ``.xlsx`` file, or a folder of them.

    Returns:
        The catalog (named after the file or folder).

    Raises:
        CatalogLoadError: When a file is missing, of an unknown kind or malformed, or an id is
            used twice; every problem found is reported.

    """
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
        )
        if not files:
            raise CatalogLoadError(
                f"文件夹中没有指标库文件（{'、'.join(SUFFIXES)}）",
                f"the folder holds no indicator library file ({', '.join(SUFFIXES)})",
                code="empty-folder",
                file=str(path),
            )
    elif path.is_file():
        files = [path]
    else:
        raise CatalogLoadError("文件不存在", "no such file or folder", code="not-found", file=str(path))
    entries: list[tuple[Indicator, str, int | None, str]] = []
    diagnostics: list[Diagnostic] = []
    for file in files:
        file_entries, file_diags = _read_file(file)
        entries.extend(file_entries)
        diagnostics.extend(file_diags)
    diagnostics.extend(_duplicate_ids(entries))
    if diagnostics:
        raise CatalogLoadError(_capped(diagnostics))
    return Catalog((entry[0] for entry in entries), name=str(path))


def _capped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    if len(diagnostics) <= MAX_DIAGNOSTICS:
        return diagnostics
    more = len(diagnostics) - MAX_DIAGNOSTICS
    return [
        *diagnostics[:MAX_DIAGNOSTICS],
        Diagnostic(
            code="too-many-errors", message=f"另有 {more} 个问题未列出", message_en=f"{more} more problems"
        ),
    ]


def _read_file(file: Path) -> tuple[list[tuple[Indicator, str, int | None, str]], list[Diagnostic]]:
    suffix = file.suffix.lower()
    name = str(file)
    if suffix == ".json":
        return _read_records(name, *_parse_json(file))
    if suffix in (".yaml", ".yml"):
        return _read_records(name, *_parse_yaml(file))
    if suffix == ".csv":
        return _read_table(name, (cells for _, cells in read_csv_rows(file, CatalogLoadError)))
    if suffix in (".xlsx", ".xlsm"):
        rows = sheet_rows(
            file,
            sheet=None,
            preferred=SHEET_NAME,
            purpose="Excel 指标库 / Excel indicator libraries",
            error=CatalogLoadError,
        )
        return _read_table(name, (cells for _, cells in rows))
    raise CatalogLoadError(
        f"不支持的文件类型「{file.suffix}」，应为 {'、'.join(SUFFIXES)}",
        f"unsupported file type {file.suffix!r}; expected one of {', '.join(SUFFIXES)}",
        code="unsupported-format",
        file=name,
    )


def _parse_json(file: Path) -> tuple[Any, list[Diagnostic]]:
    try:
        return json.loads(file.read_text(encoding="utf-8-sig")), []
    except json.JSONDecodeError as exc:
        return None, [
            Diagnostic(
                code="bad-json",
                message=f"JSON 格式错误：{exc.msg}",
                message_en=f"malformed JSON: {exc.msg}",
                file=str(file),
                line=exc.lineno,
                column=exc.colno,
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [_unreadable(file, exc)]


def _parse_yaml(file: Path) -> tuple[Any, list[Diagnostic]]:
    yaml = require("yaml", purpose="YAML 指标库 / YAML indicator libraries")
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8-sig")), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [
            Diagnostic(
                code="bad-yaml",
                message=f"YAML 格式错误：{problem}",
                message_en=f"malformed YAML: {problem}",
                file=str(file),
                line=mark.line + 1 if mark is not None else None,
                column=mark.column + 1 if mark is not None else None,
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [_unreadable(file, exc)]


def _unreadable(file: Path, exc: Exception) -> Diagnostic:
    return Diagnostic(
        code="unreadable",
        message=f"无法读取文件：{exc}",
        message_en=f"cannot read the file: {exc}",
        file=str(file),
    )


def _read_records(
    name: str, data: Any, diagnostics: list[Diagnostic]
) -> tuple[list[tuple[Indicator, str, int | None, str]], list[Diagnostic]]:
    if diagnostics:
        return [], diagnostics
    records: Any = data.get("indicators") if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("format", FORMAT_TAG) != FORMAT_TAG:
        return [], [
            Diagnostic(
                code="bad-format-tag",
                message=f"format 应为「{FORMAT_TAG}」，而不是「{data.get('format')}」",
                message_en=f"format must be {FORMAT_TAG!r}, not {data.get('format')!r}",
                file=name,
                field="format",
            )
        ]
    if not isinstance(records, list):
        return [], [
            Diagnostic(
                code="bad-structure",
                message="应为指标列表，或含 indicators 列表的对象",
                message_en="expected a list of indicators, or an object with an 'indicators' list",
                file=name,
                field="indicators",
            )
        ]
    entries: list[tuple[Indicator, str, int | None, str]] = []
    out: list[Diagnostic] = []
    for i, record in enumerate(records):
        where = f"indicators[{i}]"
        if not isinstance(record, dict):
            out.append(
                Diagnostic(
                    code="bad-structure",
                    message="每个指标应为一个对象（键值对）",
                    message_en="each indicator must be an object (mapping)",
                    file=name,
                    field=where,
                )
            )
            continue
        try:
            indicator = Indicator.model_validate(record)
        except ValidationError as exc:
            out.extend(_validation_diagnostics(exc, name, None, lambda key, w=where: (f"{w}.{key}", None)))
            continue
        for rule, field, zh, en in hard_problems(indicator):
            out.append(
                Diagnostic(
                    code=rule.replace("_", "-"),
                    message=zh,
                    message_en=en,
                    file=name,
                    field=f"{where}.{field}",
                )
            )
        entries.append((indicator, name, None, where))
    return entries, out


# -- tables (CSV / Excel) -------------------------------------------------------------------------


def _heading_text(cell: Any) -> str:
    text = unicodedata.normalize("NFKC", "" if cell is None else str(cell)).strip()
    return text.lstrip("*").strip()


def _find_header(rows: list[Sequence[Any]]) -> int | None:
    for index, row in enumerate(rows[:10]):
        keys = {_HEADINGS.get(_heading_text(cell)) for cell in row}
        if "name" in keys and len(keys - {None}) >= 2:
            return index
    return None


def _read_table(
    name: str, row_iter: Iterable[Sequence[Any]]
) -> tuple[list[tuple[Indicator, str, int | None, str]], list[Diagnostic]]:
    rows = list(row_iter)
    header_index = _find_header(rows)
    if header_index is None:
        return [], [
            Diagnostic(
                code="no-header",
                message="前 10 行中找不到表头（至少需要「指标名称」和另一已知列）",
                message_en="no heading row in the first 10 rows (need 指标名称 and one more known column)",
                file=name,
                line=1,
            )
        ]
    header = rows[header_index]
    columns: dict[int, str] = {}
    headings: dict[str, tuple[str, int]] = {}
    diagnostics: list[Diagnostic] = []
    header_line = header_index + 1
    for col, cell in enumerate(header, start=1):
        heading = _heading_text(cell)
        if not heading or heading.lower() in _IGNORED_HEADINGS:
            continue
        key = _HEADINGS.get(heading)
        if key is None:
            zh_hint, en_hint = suggestion_text(heading, _HEADINGS)
            diagnostics.append(
                Diagnostic(
                    code="unknown-column",
                    message=f"未知列「{heading}」{zh_hint or _known_columns_zh()}",
                    message_en=f"unknown column {heading!r}{en_hint}",
                    file=name,
                    line=header_line,
                    column=col,
                    field=heading,
                )
            )
            continue
        if key in headings:
            diagnostics.append(
                Diagnostic(
                    code="duplicate-column",
                    message=f"列「{heading}」与第 {headings[key][1]} 列「{headings[key][0]}」是同一字段",
                    message_en=f"column {heading!r} repeats column {headings[key][1]} ({headings[key][0]!r})",
                    file=name,
                    line=header_line,
                    column=col,
                    field=heading,
                )
            )
            continue
        columns[col] = key
        headings[key] = (heading, col)
    if diagnostics:
        return [], diagnostics
    entries: list[tuple[Indicator, str, int | None, str]] = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        record: dict[str, Any] = {}
        source: dict[str, Any] = {}
        extra = [
            col for col, cell in enumerate(row, start=1) if col not in columns and cell not in (None, "")
        ]
        for col in extra:
            if col > len(header) or not _heading_text(header[col - 1]):
                diagnostics.append(
                    Diagnostic(
                        code="cell-without-column",
                        message="单元格没有对应的列标题，内容会丢失",
                        message_en="a cell has no column heading; its content would be lost",
                        file=name,
                        line=offset,
                        column=col,
                    )
                )
        for col, key in columns.items():
            value = row[col - 1] if col - 1 < len(row) else None
            if key.startswith("source."):
                source[key.split(".", 1)[1]] = value
            else:
                record[key] = value
        if source:
            record["source"] = source

        def locate(key: str) -> tuple[str, int | None]:
            found = headings.get(key) or headings.get(f"source.{key.rsplit('.', 1)[-1]}")
            if found is None:
                return key, None
            return found[0], found[1]

        try:
            indicator = Indicator.model_validate(record)
        except ValidationError as exc:
            diagnostics.extend(_validation_diagnostics(exc, name, offset, locate))
            continue
        for rule, field, zh, en in hard_problems(indicator):
            heading, col_no = locate(field)
            diagnostics.append(
                Diagnostic(
                    code=rule.replace("_", "-"),
                    message=zh,
                    message_en=en,
                    file=name,
                    line=offset,
                    column=col_no,
                    field=heading,
                )
            )
        entries.append((indicator, name, offset, f"row {offset}"))
    return entries, diagnostics


def _known_columns_zh() -> str:
    return "（可用列：" + "、".join(heading for _key, heading in COLUMNS) + "）"


# -- diagnostics --------------------------------------------------------------------------------

_ZH_BY_TYPE: dict[str, str] = {
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "literal_error": "取值无效",
    "extra_forbidden": "未知字段",
    "model_type": "应为对象",
    "tuple_type": "应为列表",
}


def _validation_diagnostics(
    exc: ValidationError,
    name: str,
    line: int | None,
    locate: Any,
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "indicator"
        ctx = error.get("ctx") or {}
        field, column = locate(loc)
        zh = ctx.get("zh") or f"{_ZH_BY_TYPE.get(error['type'], '取值无效')}（{error['msg']}）"
        en = ctx.get("en") or error["msg"]
        if "input" in error and error["type"] not in ("missing", "extra_forbidden") and not ctx:
            zh += f"：「{error['input']}」"
            en += f": {error['input']!r}"
        out.append(
            Diagnostic(
                code=error["type"].replace("_", "-"),
                message=zh,
                message_en=en,
                file=name,
                line=line,
                column=column,
                field=field,
            )
        )
    return out


def _duplicate_ids(entries: list[tuple[Indicator, str, int | None, str]]) -> list[Diagnostic]:
    first: dict[str, tuple[str, str]] = {}
    out: list[Diagnostic] = []
    for indicator, file, line, where in entries:
        if indicator.id in first:
            other_file, other_where = first[indicator.id]
            other = other_where if other_file == file else f"{other_file} {other_where}"
            out.append(
                Diagnostic(
                    code="duplicate-id",
                    message=f"指标编码 {indicator.id} 重复（已在 {other} 使用）",
                    message_en=f"duplicate indicator id {indicator.id} (already used at {other})",
                    file=file,
                    line=line,
                    field=where if line is None else "指标编码",
                )
            )
        else:
            first[indicator.id] = (file, where)
    return out
