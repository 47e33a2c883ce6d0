"""Reading the raw text and cells of user files: one behaviour for every loader.

Decides how the catalog, code-table and submission loaders read what users hand them:

* text is UTF-8 (with or without BOM), falling back to GB18030 — the encoding Excel and
  Chinese Windows use for CSV; bytes that are neither give ``bad-encoding`` with the byte offset;
* CSV rows keep the file line number of each record; a malformed file gives
  ``csv-malformed`` at its line;
* a workbook that openpyxl cannot open gives ``bad-excel``, a sheet asked for that does not exist
  ``no-such-sheet`` listing the sheets; openpyxl (the ``excel`` extra) is imported only here and
  only when a workbook is read, and the workbook is always closed.

Each loader passes its own error class (:class:`~indicator_lib.errors.CatalogLoadError`,
:class:`~indicator_lib.errors.SubmissionLoadError`), so callers catch what they always caught.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from indicator_lib._optional import require
from indicator_lib.errors import DataLoadError, Diagnostic

__all__ = ["decode_text", "no_such_sheet", "open_workbook", "read_csv_rows", "sheet_rows"]

_E = TypeVar("_E", bound=DataLoadError)


def decode_text(raw: bytes, file: str, error: type[DataLoadError]) -> str:
    """Decode a file's bytes as UTF-8 (BOM optional) or else GB18030.

    Raises:
        DataLoadError: (of class ``error``) code ``bad-encoding``, naming the first bad byte.

    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise error(
                f"无法解码文件（既不是 UTF-8 也不是 GB18030），第 {exc.start} 字节处",
                f"cannot decode the file (neither UTF-8 nor GB18030) at byte {exc.start}",
                code="bad-encoding",
                file=file,
            ) from None


def read_csv_rows(path: Path, error: type[DataLoadError]) -> list[tuple[int, list[object]]]:
    """Read a CSV file into ``(line, cells)`` pairs (``line``: the file line the record ends on).

    Raises:
        DataLoadError: (of class ``error``) ``bad-encoding`` or ``csv-malformed`` with its line.

    """
    file = str(path)
    reader = csv.reader(io.StringIO(decode_text(path.read_bytes(), file, error), newline=""))
    rows: list[tuple[int, list[object]]] = []
    try:
        for record in reader:
            rows.append((reader.line_num, list(record)))
    except csv.Error as exc:
        raise error(
            Diagnostic(
                code="csv-malformed",
                message=f"CSV 格式错误：{exc}",
                message_en=f"malformed CSV: {exc}",
                file=file,
                line=reader.line_num,
            )
        ) from None
    return rows


@contextmanager
def open_workbook(path: Path, *, purpose: str, error: type[DataLoadError], read_only: bool) -> Iterator[Any]:
    """Open a workbook (cell values, not formulas) for the ``with`` block, and close it after.

    Args:
        path: The ``.xlsx`` / ``.xlsm`` file.
        purpose: What it is read for, in the missing-dependency message (Chinese / English).
        error: The error class to raise.
        read_only: Open in openpyxl's streaming mode (no merged-cell ranges).

    Raises:
        DataLoadError: (of class ``error``) code ``bad-excel`` when openpyxl cannot open it.
        MissingDependencyError: openpyxl (the ``excel`` extra) is not installed.

    """
    openpyxl = require("openpyxl", purpose=purpose)
    try:
        book = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException …
        raise error(
            f"无法读取 Excel 文件：{exc}",
            f"cannot read the Excel file: {exc}",
            code="bad-excel",
            file=str(path),
        ) from None
    try:
        yield book
    finally:
        book.close()


def no_such_sheet(sheet: str, names: list[str], file: str, error: type[_E]) -> _E:
    """Return the ``no-such-sheet`` error for ``sheet``, listing the workbook's sheets ``names``."""
    return error(
        f"没有名为「{sheet}」的工作表（有：{'、'.join(names)}）",
        f"no sheet named {sheet!r} (there are: {', '.join(names)})",
        code="no-such-sheet",
        file=file,
    )


def sheet_rows(
    path: Path,
    *,
    sheet: str | None,
    purpose: str,
    error: type[DataLoadError],
    preferred: str | None = None,
) -> list[tuple[int, list[object]]]:
    """Read one sheet's cell values into ``(row, cells)`` pairs (rows from 1).

    Args:
        path: The workbook.
        sheet: The sheet to read; it must exist. None: ``preferred`` when the workbook has it,
            else the first sheet.
        purpose: As for :func:`open_workbook`.
        error: The error class to raise.
        preferred: The sheet read by default when present.

    Raises:
        DataLoadError: (of class ``error``) ``bad-excel``, or ``no-such-sheet`` listing the sheets.

    """
    with open_workbook(path, purpose=purpose, error=error, read_only=True) as book:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise no_such_sheet(sheet, names, str(path), error)
        name = sheet if sheet is not None else preferred if preferred in names else None
        ws = book[name] if name is not None else book.worksheets[0]
        return [(i, list(row)) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
