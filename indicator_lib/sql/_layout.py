"""The relational layout of a document kind: which tables and columns hold its fields.

Decides, from the input model's language types (the same ones the rules checker uses), one root
table ``projects`` (one row per document) and one child table per top-level list of records
(``indicators``, ``budget``), each child keyed by ``project_id`` and ``idx`` (the 0-based position
in the document, so item paths such as ``indicators[3]`` survive the trip); a list of records inside
a child row (``target.warnings``) is one more table (``indicators_target_warnings``) keyed by
``project_id``, ``parent_idx`` (the child row's ``idx``) and ``idx``. Nested records are
flattened with ``_`` (``project.department.name`` → ``project_department_name``,
``target.base_value`` → ``target_base_value``). Numbers are ``DECIMAL(38, 10)``, enumerations and
texts ``VARCHAR``. Fields the layout cannot hold (the ``extra`` bag, lists of plain values, lists
deeper than that, fields of mixed type) are left out; a rule that reads one gets a compile error
naming it. A nested record is null when its first required field's column is null (all of its
columns are null, if it has no required field). The key column ``project_id`` has whatever type
the caller's data uses (the loaders number documents 0, 1, 2 … when no ids are given).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

from indicator_lib.rules._types import BOOL, DATE, NUMBER, TEXT, EnumT, ListT, Prim, RecordT, Type

__all__ = [
    "KEY",
    "NUMERIC",
    "PARENT",
    "POSITION",
    "ROOT",
    "Column",
    "Layout",
    "TableSpec",
    "layout_of",
]

ROOT = "projects"
KEY = "project_id"
POSITION = "idx"
PARENT = "parent_idx"
#: The SQL type of every number: 38 digits, 10 after the point (see docs/sql.md, «Numbers»).
NUMERIC = "DECIMAL(38, 10)"
SCALE = 10


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, the field path it holds and its language type (number/text/bool/date)."""

    name: str
    path: tuple[str, ...]
    kind: str


@dataclass(slots=True)
class TableSpec:
    """One table of the layout: its name, the list field it comes from (None for the root), columns."""

    name: str
    field: str | None
    parent: str | None = None
    path: tuple[str, ...] = ()
    columns: list[Column] = dataclasses.field(default_factory=list)
    by_path: dict[tuple[str, ...], Column] = dataclasses.field(default_factory=dict)
    records: dict[tuple[str, ...], list[str]] = dataclasses.field(default_factory=dict)
    skipped: dict[tuple[str, ...], str] = dataclasses.field(default_factory=dict)

    def add(self, column: Column) -> None:
        """Add a column (first one wins on a name clash)."""
        if column.name in {c.name for c in self.columns}:
            self.skipped[column.path] = "name-clash"
            return
        self.columns.append(column)
        self.by_path[column.path] = column


@dataclass(slots=True)
class Layout:
    """The tables of one input type: ``projects`` first, then one per list field (and nested list)."""

    input_name: str
    tables: dict[str, TableSpec]

    @property
    def root(self) -> TableSpec:
        """The ``projects`` table."""
        return self.tables[ROOT]

    def child(self, list_field: str) -> TableSpec | None:
        """Return the table holding the items of the top-level list ``list_field``, or None."""
        for t in self.tables.values():
            if t.field == list_field and t.parent is None:
                return t
        return None

    def nested(self, parent: str, path: tuple[str, ...]) -> TableSpec | None:
        """Return the table of the list at ``path`` inside the rows of table ``parent``, or None."""
        for t in self.tables.values():
            if t.parent == parent and t.path == path:
                return t
        return None


def _kind(t: Type) -> str | None:
    if isinstance(t, EnumT):
        return "number" if t.base is NUMBER else "text"
    if isinstance(t, Prim):
        return {NUMBER: "number", TEXT: "text", BOOL: "bool", DATE: "date"}.get(t)
    return None


def _fill(
    spec: TableSpec,
    rec: RecordT,
    prefix: tuple[str, ...],
    children: list[tuple[str, RecordT]],
    nested: list[tuple[tuple[str, ...], RecordT]] | None = None,
) -> None:
    for name, f in rec.fields.items():
        path = (*prefix, name)
        t = f.type
        kind = _kind(t)
        if kind is not None:
            spec.add(Column("_".join(path), path, kind))
        elif isinstance(t, RecordT) and not t.is_dict:
            if t.name in {r.name for _, r in children} and prefix:
                spec.skipped[path] = "recursive"
                continue
            before = len(spec.columns)
            _fill(spec, t, path, children, nested)
            spec.records[path] = _presence(t, path, spec.columns[before:])
        elif isinstance(t, ListT) and isinstance(t.elem, RecordT) and not prefix and spec.field is None:
            children.append((name, t.elem))
        elif isinstance(t, ListT) and isinstance(t.elem, RecordT) and nested is not None:
            nested.append((path, t.elem))
        else:
            spec.skipped[path] = "unsupported"


def _presence(rec: RecordT, path: tuple[str, ...], columns: list[Column]) -> list[str]:
    """Return the columns telling whether a nested record is there (a required field's, else all)."""
    if rec.model is not None:
        for name, info in rec.model.model_fields.items():
            if info.is_required():
                for c in columns:
                    if c.path == (*path, name):
                        return [c.name]
    return [c.name for c in columns]


_CACHE: dict[object, Layout] = {}
_LOCK = threading.Lock()


def layout_of(rec: RecordT) -> Layout:
    """Return the relational layout of an input record type (cached per type)."""
    key: object = rec.model if rec.model is not None else rec.name
    with _LOCK:
        known = _CACHE.get(key)
        if known is not None:
            return known
    children: list[tuple[str, RecordT]] = []
    root = TableSpec(ROOT, None)
    _fill(root, rec, (), children)
    tables = {ROOT: root}
    for list_field, elem in children:
        spec = TableSpec(list_field, list_field)
        inner: list[tuple[tuple[str, ...], RecordT]] = []
        _fill(spec, elem, (), [], inner)
        tables[list_field] = spec
        for path, grand_elem in inner:
            name = "_".join((list_field, *path))
            grand = TableSpec(name, path[-1], parent=list_field, path=path)
            _fill(grand, grand_elem, (), [])
            tables[name] = grand
    layout = Layout(rec.name, tables)
    with _LOCK:
        _CACHE[key] = layout
    return layout
