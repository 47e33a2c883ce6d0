"""Loaders: documents (pydantic models), Arrow, Parquet and CSV into the relational layout.

Decides: tables travel as a ``dict`` of table name → ``pyarrow.Table`` with the layout's columns in
layout order; numbers become ``decimal128(38, 10)`` (a value with more than 10 decimals is rounded
half up, the one rounding the layout imposes); a table read from a file may omit columns (they are
added as nulls) but an unknown column is kept, and a missing key column is an error naming the file.
Documents without ids are numbered 0, 1, 2 … in the order given. In CSV an empty cell is null
(CSV cannot tell an empty text from a missing one).
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from pydantic import BaseModel

from indicator_lib.errors import DataLoadError
from indicator_lib.sql._layout import KEY, PARENT, POSITION, ROOT, SCALE, Column, Layout, TableSpec

__all__ = ["arrow_schema", "read_tables", "tables_from_records", "to_duckdb"]

Tables = dict[str, pa.Table]
_QUANTUM = Decimal(1).scaleb(-SCALE)
_ARROW: dict[str, pa.DataType] = {
    "number": pa.decimal128(38, SCALE),
    "text": pa.string(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


def arrow_schema(spec: TableSpec, key_type: pa.DataType | None = None) -> pa.Schema:
    """Return the Arrow schema of one layout table (key columns first)."""
    fields = [pa.field(KEY, key_type if key_type is not None else pa.int64())]
    if spec.parent is not None:
        fields.append(pa.field(PARENT, pa.int32()))
    if spec.field is not None:
        fields.append(pa.field(POSITION, pa.int32()))
    fields.extend(pa.field(c.name, _ARROW[c.kind]) for c in spec.columns)
    return pa.schema(fields)


def _number(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, enum.Enum):
        v = v.value
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        v = Decimal(str(v))
    try:
        d = v if isinstance(v, Decimal) else Decimal(v)
        return d.quantize(_QUANTUM, rounding=ROUND_HALF_UP) if d.is_finite() else None
    except (InvalidOperation, TypeError, ValueError):
        return None


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, enum.Enum):
        v = v.value
    return v if isinstance(v, str) else str(v)


def _date(v: Any) -> _dt.date | None:
    if isinstance(v, _dt.datetime):
        return v.date()
    return v if isinstance(v, _dt.date) else None


def _bool(v: Any) -> bool | None:
    return v if isinstance(v, bool) else None


_CONVERT = {"number": _number, "text": _text, "bool": _bool, "date": _date}


def _read(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return obj


def _columns(spec: TableSpec) -> list[tuple[Column, Any]]:
    return [(c, _CONVERT[c.kind]) for c in spec.columns]


def tables_from_records(
    records: Iterable[BaseModel],
    layout: Layout,
    *,
    ids: Sequence[Any] | None = None,
) -> Tables:
    """Flatten documents into the layout's tables.

    Args:
        records: Validated documents of the layout's input model.
        layout: The layout (from :func:`indicator_lib.sql.layout_for`).
        ids: One key per document (default: 0, 1, 2 …).

    Returns:
        Table name → Arrow table.

    """
    data: dict[str, dict[str, list[Any]]] = {
        name: {
            c.name: []
            for c in [Column(KEY, (), ""), Column(PARENT, (), ""), Column(POSITION, (), ""), *spec.columns]
        }
        for name, spec in layout.tables.items()
    }
    cols = {name: _columns(spec) for name, spec in layout.tables.items()}
    key_values: list[Any] = []
    for n, record in enumerate(records):
        key = ids[n] if ids is not None else n
        key_values.append(key)
        root = data[ROOT]
        root[KEY].append(key)
        for c, conv in cols[ROOT]:
            root[c.name].append(conv(_read(record, c.path)))
        for name, spec in layout.tables.items():
            if spec.field is None or spec.parent is not None:
                continue
            items = getattr(record, spec.field, None) or []
            table = data[name]
            nested = [(g, data[g.name], cols[g.name]) for g in layout.tables.values() if g.parent == name]
            for k, item in enumerate(items):
                table[KEY].append(key)
                table[POSITION].append(k)
                for c, conv in cols[name]:
                    table[c.name].append(conv(_read(item, c.path)))
                for grand, gdata, gcols in nested:
                    for j, sub in enumerate(_read(item, grand.path) or []):
                        gdata[KEY].append(key)
                        gdata[PARENT].append(k)
                        gdata[POSITION].append(j)
                        for c, conv in gcols:
                            gdata[c.name].append(conv(_read(sub, c.path)))
    key_type = pa.array(key_values).type if key_values else pa.int64()
    out: Tables = {}
    for name, spec in layout.tables.items():
        schema = arrow_schema(spec, key_type)
        columns = data[name]
        if spec.field is None:
            del columns[POSITION]
        if spec.parent is None:
            del columns[PARENT]
        out[name] = pa.table({f.name: pa.array(columns[f.name], f.type) for f in schema}, schema=schema)
    return out


def conform(table: pa.Table, spec: TableSpec, where: str) -> pa.Table:
    """Cast a table read from elsewhere to the layout: add missing columns as nulls, cast the rest.

    Raises:
        DataLoadError: The key column (or ``idx`` of a child table) is missing, or a column cannot
            be cast; the diagnostic names the file and the column.

    """
    names = set(table.column_names)
    needed = [KEY] if spec.field is None else ([KEY, PARENT, POSITION] if spec.parent else [KEY, POSITION])
    for key in needed:
        if key not in names:
            raise DataLoadError(
                f"{where}：缺少键列「{key}」（表 {spec.name}）",
                f"{where}: the key column {key!r} of table {spec.name} is missing",
                code="missing-key-column",
                file=where,
                field=key,
            )
    key_type = table.schema.field(KEY).type
    schema = arrow_schema(spec, key_type)
    arrays: dict[str, pa.Array | pa.ChunkedArray] = {}
    for f in schema:
        if f.name in names:
            col = table.column(f.name)
            if col.type != f.type:
                try:
                    col = col.cast(f.type)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                    raise DataLoadError(
                        f"{where}：列「{f.name}」无法转换为 {f.type}：{exc}",
                        f"{where}: column {f.name!r} cannot be read as {f.type}: {exc}",
                        code="bad-column",
                        file=where,
                        field=f.name,
                    ) from None
            arrays[f.name] = col
        else:
            arrays[f.name] = pa.nulls(table.num_rows, f.type)
    for extra in table.column_names:
        if extra not in arrays:
            arrays[extra] = table.column(extra)
    return pa.table(arrays)


def read_tables(source: str | Path | Mapping[str, Any], layout: Layout) -> Tables:
    """Read the layout's tables from a folder or from named files / Arrow tables.

    Args:
        source: A folder holding ``projects.parquet`` (or ``.csv``), ``indicators.parquet`` …; or a
            mapping of table name → file path or ``pyarrow.Table``.
        layout: The layout to conform to.

    Returns:
        Table name → Arrow table (a table with no file is empty).

    Raises:
        DataLoadError: The folder or a file does not exist or cannot be read, or a key column is missing.

    """
    import pyarrow.csv as pacsv  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    entries: dict[str, Any] = {}
    if isinstance(source, Mapping):
        entries = dict(source)
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise DataLoadError(
                f"找不到数据文件夹 {folder}",
                f"no such data folder: {folder}",
                code="no-data",
                file=str(folder),
            )
        for name in layout.tables:
            for suffix in (".parquet", ".csv"):
                if (folder / f"{name}{suffix}").is_file():
                    entries[name] = folder / f"{name}{suffix}"
                    break
    out: Tables = {}
    for name, spec in layout.tables.items():
        entry = entries.get(name)
        if entry is None:
            out[name] = arrow_schema(spec).empty_table()
            continue
        if isinstance(entry, pa.Table):
            out[name] = conform(entry, spec, name)
            continue
        path = Path(entry)
        try:
            if path.suffix.lower() == ".csv":
                types = {c.name: _ARROW[c.kind] for c in spec.columns}
                table = pacsv.read_csv(
                    path, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
                )
            else:
                table = pq.read_table(path)
        except (OSError, pa.ArrowInvalid) as exc:
            raise DataLoadError(
                f"无法读取 {path}：{exc}", f"cannot read {path}: {exc}", code="bad-data-file", file=str(path)
            ) from None
        out[name] = conform(table, spec, str(path))
    return out


def to_duckdb(tables: Mapping[str, pa.Table], con: Any, *, names: Mapping[str, str] | None = None) -> None:
    """Create (or replace) the tables in a DuckDB connection from Arrow tables."""
    for name, table in tables.items():
        target = (names or {}).get(name, name)
        con.register("__il_arrow", table)
        try:
            con.execute(f'CREATE OR REPLACE TABLE "{target}" AS SELECT * FROM __il_arrow')
        finally:
            con.unregister("__il_arrow")
