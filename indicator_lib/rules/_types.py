"""The type model of the rules language, built from pydantic models.

Decides: ``int``, ``float`` and ``Decimal`` fields are ``number``; ``date`` and ``datetime`` are ``date``
(a datetime is read as its date); ``str`` is ``text``; ``Literal[...]`` and ``Enum`` fields are
enumerations (their admitted values are checked at compile time); ``list``/``tuple``/``Sequence``
fields are ``list[T]``; nested models are records known by their class name (two different models
with one name are an error). Nullability is not part of a type: every value may be null and the null
rules of the language apply at run time. One fact is kept beside the types, for the compiler to skip
null tests: a model field whose annotation does not admit None, whose default is not None and whose
value needs no converter is never null in a validated input (``FieldT.nonnull``), and neither are the
items of such a list field (``ListT.elem_nonnull``; ignored by comparisons). Each record field
carries the converter that turns the attribute's Python value into a language value (float →
``Decimal(str(x))``, Enum → its value …), chosen once here so evaluation does no type dispatch.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from indicator_lib.rules._values import to_value

__all__ = [
    "ANY",
    "BOOL",
    "DATE",
    "NULL",
    "NUMBER",
    "TEXT",
    "EnumT",
    "FieldT",
    "ListT",
    "Prim",
    "RecordT",
    "Type",
    "TypeRegistry",
    "describe",
    "join",
]


class Type:
    """Base of language types."""


@dataclass(frozen=True, slots=True)
class Prim(Type):
    """``number``, ``text``, ``bool``, ``date``; ``null`` (the literal) and ``any`` (unknown)."""

    name: str


NUMBER = Prim("number")
TEXT = Prim("text")
BOOL = Prim("bool")
DATE = Prim("date")
NULL = Prim("null")
ANY = Prim("any")


@dataclass(frozen=True, slots=True)
class ListT(Type):
    """``list[T]``."""

    elem: Type
    elem_nonnull: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class EnumT(Type):
    """An enumeration: the admitted values and the primitive they are (text or number)."""

    name: str
    values: tuple[Any, ...]
    base: Prim


@dataclass(frozen=True, slots=True)
class FieldT:
    """A record field: its type and the converter from the Python attribute (None: identity)."""

    type: Type
    conv: Callable[[Any], Any] | None
    nonnull: bool = False


@dataclass(eq=False, slots=True)
class RecordT(Type):
    """A record: a pydantic model (``model``) or a table's multi-output row (``is_dict``)."""

    name: str
    fields: dict[str, FieldT] = field(default_factory=dict)
    model: type[BaseModel] | None = None
    is_dict: bool = False


def describe(t: Type) -> str:
    """Return the type as written in rules (``list[number]``, ``Indicator``, ``enum(产出指标, …)``)."""
    if isinstance(t, Prim):
        return t.name
    if isinstance(t, ListT):
        return f"list[{describe(t.elem)}]"
    if isinstance(t, EnumT):
        shown = ", ".join(str(v) for v in t.values[:4]) + (", …" if len(t.values) > 4 else "")
        return f"{t.name}({shown})"
    assert isinstance(t, RecordT)
    return t.name


def base_of(t: Type) -> Type:
    """Return the primitive an enumeration stands for, else ``t``."""
    return t.base if isinstance(t, EnumT) else t


def join(x: Type, y: Type) -> Type | None:
    """Return the common type of two values that may meet (branches, ``==``), or None if none."""
    if x is ANY or x is NULL:
        return y
    if y is ANY or y is NULL:
        return x
    if x == y:
        return x
    if isinstance(x, EnumT) or isinstance(y, EnumT):
        bx, by = base_of(x), base_of(y)
        return bx if bx == by else None
    if isinstance(x, ListT) and isinstance(y, ListT):
        elem = join(x.elem, y.elem)
        return ListT(elem) if elem is not None else None
    if isinstance(x, RecordT) and isinstance(y, RecordT) and x.name == y.name:
        return x
    return None


def _float(v: Any) -> Any:
    return to_value(v)


def _int(v: Any) -> Decimal | None:
    return None if v is None else Decimal(v)


def _datetime(v: Any) -> Any:
    return v.date() if isinstance(v, _dt.datetime) else v


def _enum_value(v: Any) -> Any:
    if v is None:
        return None
    return to_value(v.value if isinstance(v, enum.Enum) else v)


def _list_of(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(v: Any) -> Any:
        if v is None:
            return None
        return [conv(x) for x in v]

    return convert


def _admits_none(ann: Any) -> bool:
    """Return True if a value validated against ``ann`` may be None (unknown forms: True)."""
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _admits_none(typing.get_args(ann)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_admits_none(x) for x in typing.get_args(ann))
    if origin is typing.Literal:
        return None in typing.get_args(ann)
    if origin is not None:
        return not (isinstance(origin, type) and issubclass(origin, (list, tuple, set, frozenset)))
    return not (isinstance(ann, type) and ann is not type(None) and ann is not object)


class TypeRegistry:
    """Builds and remembers record types for pydantic models; finds them by class name."""

    def __init__(self) -> None:
        self._by_model: dict[type[BaseModel], RecordT] = {}
        self.by_name: dict[str, RecordT] = {}
        self.conflicts: dict[str, tuple[type[BaseModel], type[BaseModel]]] = {}

    def record(self, model: type[BaseModel]) -> RecordT:
        """Return the record type of ``model`` (and of every model it reaches)."""
        known = self._by_model.get(model)
        if known is not None:
            return known
        rec = RecordT(model.__name__, {}, model)
        self._by_model[model] = rec
        other = self.by_name.get(rec.name)
        if other is not None and other.model is not model and other.model is not None:
            self.conflicts[rec.name] = (other.model, model)
        else:
            self.by_name[rec.name] = rec
        for fname, finfo in model.model_fields.items():
            t, conv = self._convert(finfo.annotation, f"{model.__name__}.{fname}")
            defaulted = not finfo.is_required() and (
                finfo.default is None or finfo.default_factory is not None
            )
            nonnull = conv is None and not defaulted and not _admits_none(finfo.annotation)
            rec.fields[fname] = FieldT(t, conv, nonnull)
        return rec

    def _convert(self, ann: Any, where: str) -> tuple[Type, Callable[[Any], Any] | None]:
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        if origin is typing.Annotated:
            return self._convert(args[0], where)
        if origin in (typing.Union, types.UnionType):
            inner = [x for x in args if x is not type(None)]
            if len(inner) == 1:
                return self._convert(inner[0], where)
            converted = [self._convert(x, where) for x in inner]
            kinds = {c[0] for c in converted}
            if kinds == {NUMBER}:
                return NUMBER, to_value
            return ANY, to_value
        if origin is typing.Literal:
            values = tuple(v.value if isinstance(v, enum.Enum) else v for v in args)
            if all(isinstance(v, str) for v in values):
                return EnumT(where.rsplit(".", 1)[-1], values, TEXT), _enum_value if any(
                    isinstance(v, enum.Enum) for v in args
                ) else None
            if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
                nums = tuple(to_value(v) for v in values)
                return EnumT(where.rsplit(".", 1)[-1], nums, NUMBER), to_value
            return ANY, to_value
        if origin in (list, tuple, set, frozenset, Sequence, typing.Sequence) or (
            isinstance(origin, type) and origin is not None and issubclass(origin, (list, tuple))
        ):
            elem_ann = args[0] if args else Any
            elem, conv = self._convert(elem_ann, where)
            return ListT(elem, conv is None and not _admits_none(elem_ann)), _list_of(
                conv
            ) if conv is not None else (None if origin is list else _list_of(lambda x: x))
        if isinstance(ann, type):
            if issubclass(ann, bool):
                return BOOL, None
            if issubclass(ann, enum.Enum):
                values = tuple(to_value(m.value) for m in ann)
                base = TEXT if all(isinstance(v, str) for v in values) else NUMBER
                if not all(isinstance(v, (str, Decimal)) for v in values):
                    return ANY, _enum_value
                return EnumT(ann.__name__, values, base), _enum_value
            if issubclass(ann, Decimal):
                return NUMBER, None
            if issubclass(ann, int):
                return NUMBER, _int
            if issubclass(ann, float):
                return NUMBER, _float
            if issubclass(ann, str):
                return TEXT, None
            if issubclass(ann, _dt.datetime):
                return DATE, _datetime
            if issubclass(ann, _dt.date):
                return DATE, None
            if issubclass(ann, BaseModel):
                return self.record(ann), None
        return ANY, to_value
