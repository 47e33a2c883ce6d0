"""Item paths: where in the input a loop item came from (``indicators[3]``).

Decides: a loop over a plain path (``self.indicators``) numbers its items from that path; an item of
a derived list (a ``let``, a ``list(…)``, a table) keeps the path it had in the input, found through an
identity map of the input's records built at most once per evaluation; a value that is not a record
of the input (a number in a derived list) gets the path ``""``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules import ast as a

__all__ = ["PathFinder", "identity_paths", "static_path"]


def static_path(e: a.Expr) -> str | None:
    """Return ``"a.b"`` for ``self.a.b``, or None when ``e`` is not a plain path from ``self``."""
    parts: list[str] = []
    while isinstance(e, a.Field):
        parts.append(e.name)
        e = e.obj
    if isinstance(e, a.Name) and e.name == "self" and parts:
        return ".".join(reversed(parts))
    return None


def identity_paths(record: Any) -> dict[int, str]:
    """Map ``id()`` of every record and list inside ``record`` to its 0-based path."""
    out: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(record, "")]
    while stack:
        _visit(stack, out)
    return out


_SCALARS = (str, int, float, Decimal, bool, _dt.date, type(None), enum.Enum)
_NESTING: dict[type[BaseModel], tuple[str, ...]] = {}


def _scalar(annotation: Any) -> bool:
    """Return True when a field so annotated can only hold scalars (never a record or a list)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        args = typing.get_args(annotation)
        return all(_scalar(x) for x in (args[:1] if origin is typing.Annotated else args))
    return isinstance(annotation, type) and issubclass(annotation, _SCALARS)


def _nesting_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Return the fields of ``cls`` that may hold a record or a list, in declaration order (cached)."""
    names = _NESTING.get(cls)
    if names is None:
        names = _NESTING[cls] = tuple(
            name for name, info in cls.__pydantic_fields__.items() if not _scalar(info.annotation)
        )
    return names


def _visit(stack: list[tuple[Any, str]], out: dict[int, str]) -> None:
    obj, path = stack.pop()
    if isinstance(obj, BaseModel):
        if path:
            out.setdefault(id(obj), path)
        for name in _nesting_fields(type(obj)):
            value = getattr(obj, name, None)
            if isinstance(value, (BaseModel, list, tuple)):
                stack.append((value, f"{path}.{name}" if path else name))
    elif isinstance(obj, (list, tuple)):
        for k, item in enumerate(obj):
            if isinstance(item, (BaseModel, list, tuple)):
                stack.append((item, f"{path}[{k}]"))


class PathFinder:
    """The paths of :func:`identity_paths`, found lazily: the walk goes only as far as a lookup needs.

    The walk visits records in the same order as :func:`identity_paths`, so every path is the same.
    """

    __slots__ = ("_out", "_stack")

    def __init__(self, record: Any) -> None:
        self._out: dict[int, str] = {}
        self._stack: list[tuple[Any, str]] = [(record, "")]

    def path(self, item: Any) -> str:
        """Return the path of ``item`` in the record, or ``""`` if it is not in it."""
        key = id(item)
        out, stack = self._out, self._stack
        while key not in out and stack:
            _visit(stack, out)
        return out.get(key, "")
