"""支出功能分类科目 (functional classification of expenditure): the code table and the COFOG crosswalk.

Decides which table answers a code everywhere in the library: the shipped table
(``catalogs/function_codes/function_codes.csv``, loaded lazily once, under a lock), unless a user's
official edition has been made active with :func:`use_function_codes`. Everything that needs the
table (the indicator catalog, validators) calls :func:`function_codes`, so activating an edition
once is enough::

    from indicator_lib.codes import function_codes, load_function_codes, use_function_codes

    table = function_codes()
    table.lookup("2050203").name                 # '初中教育'
    [a.code for a in table.ancestors("2050203")]  # ['205', '20502']
    function_codes(year=2018).get("210").rename_note
    use_function_codes(load_function_codes("2025年政府收支分类科目.xlsx"))
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indicator_lib._resources import catalogs_dir
from indicator_lib.codes._cofog import Crosswalk, read_crosswalk
from indicator_lib.codes._load import read_function_code_rows, read_renames, write_function_codes
from indicator_lib.codes._model import CofogShare, FunctionCode, Level, Rename
from indicator_lib.codes._table import FunctionCodeTable

__all__ = [
    "CofogShare",
    "FunctionCode",
    "FunctionCodeTable",
    "Level",
    "Rename",
    "cofog_for",
    "function_codes",
    "load_function_codes",
    "shipped_function_codes",
    "use_function_codes",
    "using_function_codes",
    "write_function_codes",
]

_LOCK = threading.Lock()
_shipped: FunctionCodeTable | None = None
_active: FunctionCodeTable | None = None
_crosswalk: Crosswalk | None = None


def _data_dir() -> Path:
    return catalogs_dir() / "function_codes"


def _renames() -> tuple[Rename, ...]:
    return read_renames(_data_dir() / "renames.csv")


def shipped_function_codes() -> FunctionCodeTable:
    """Return the table shipped with the library (loaded on first use, then cached)."""
    global _shipped
    with _LOCK:
        if _shipped is None:
            path = _data_dir() / "function_codes.csv"
            rows = read_function_code_rows(path)
            editions = {fc.edition for fc in rows.codes if fc.edition is not None}
            _shipped = FunctionCodeTable(
                rows.codes,
                edition=max(editions) if editions else None,
                renames=_renames(),
                source="shipped",
            )
        return _shipped


def function_codes(year: int | None = None) -> FunctionCodeTable:
    """Return the code table in use: the active user edition, else the shipped one.

    Args:
        year: The year to answer for. A code or old name looked up for a year before a rename
            (2019: 207, 210, 220; 224 created) answers with the current entry and a
            ``rename_note``. None answers for the table's own edition.

    Returns:
        The table (a cheap view sharing the cached indexes).

    """
    with _LOCK:
        active = _active
    table = active if active is not None else shipped_function_codes()
    return table if year is None else table.for_year(year)


def load_function_codes(
    path: str | Path, *, year: int | None = None, sheet: str | None = None
) -> FunctionCodeTable:
    """Load an official edition from a CSV or Excel file with columns 科目编码 / 科目名称.

    Title rows above the header, extra columns, codes as numbers or with spaces, indented names
    and GBK-encoded CSV are accepted. Level and parent come from the code length. Every 款 must
    have its 类 in the file and every 项 its 款. The library's known renames attach to the codes
    whose names match, so older names still resolve.

    Args:
        path: The ``.csv`` or ``.xlsx`` file.
        year: The edition year; by default taken from a title row such as ``2025年政府收支分类科目``
            or from an edition column.
        sheet: The Excel sheet (the first by default).

    Returns:
        The table; pass it to :func:`use_function_codes` to use it everywhere.

    Raises:
        CatalogLoadError: With every bad row, naming file, row and column; nothing is loaded.
        MissingDependencyError: For an Excel file without the ``excel`` extra.

    """
    rows = read_function_code_rows(path, sheet=sheet, edition=year)
    edition = year if year is not None else rows.title_year
    if edition is None:
        editions = {fc.edition for fc in rows.codes if fc.edition is not None}
        edition = max(editions) if editions else None
    return FunctionCodeTable(rows.codes, edition=edition, renames=_renames(), source=str(path))


def use_function_codes(table: FunctionCodeTable | None) -> FunctionCodeTable | None:
    """Make ``table`` the one :func:`function_codes` returns everywhere (None: the shipped one).

    Returns:
        The previously active table (None when the shipped one was in use), to restore later.

    """
    global _active
    with _LOCK:
        previous, _active = _active, table
    return previous


@contextmanager
def using_function_codes(table: FunctionCodeTable) -> Iterator[FunctionCodeTable]:
    """Use ``table`` everywhere inside a ``with`` block, then restore the previous one."""
    previous = use_function_codes(table)
    try:
        yield table
    finally:
        use_function_codes(previous)


def _get_crosswalk() -> Crosswalk:
    global _crosswalk
    with _LOCK:
        if _crosswalk is None:
            folder = _data_dir()
            _crosswalk = read_crosswalk(folder / "cofog_crosswalk.csv", folder / "cofog_classification.csv")
        return _crosswalk


def cofog_for(code: str | int) -> list[CofogShare]:
    """Return the UN COFOG shares of a code; the weights sum to 1.

    The crosswalk is the library's judgement (see ``docs/codes.md``). A 项 without its own
    mapping falls back to its 款, a 款 to its 类; ``mapped_from`` says which code answered.

    Raises:
        CatalogLookupError: For a malformed code or one whose 类 is not mapped.

    """
    return _get_crosswalk().shares(code)
