"""The base of every submission record: alias renaming and the ``extra`` bag.

Decides what happens to the keys of an incoming mapping before pydantic sees it: a key that
is a field name or one of its Chinese aliases (:mod:`._aliases`) is renamed to the field; a key
that is neither is kept, as written, in ``extra`` (exchange-format.md: unknown keys are kept
and reported, never dropped); a field given twice with different values (``name`` and
``项目名称``) is an error, not a silent choice. Subclasses adjust the renamed mapping in
``_prepare`` (parse targets, split codes, convert money) before field validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from indicator_lib.submissions._aliases import FIELD_ALIASES, norm_key
from indicator_lib.submissions._values import bilingual_error

__all__ = ["Record"]

# Built once per record class on first use; a race only builds the same table twice.
_ALIAS_TABLES: dict[type, dict[str, str]] = {}


class Record(BaseModel):
    """A record of the exchange format: fields by name or Chinese alias, unknown keys in ``extra``.

    Attributes:
        extra: Keys the exchange format does not define, kept exactly as given.

    """

    model_config = ConfigDict(extra="forbid", validate_default=False, str_strip_whitespace=True)

    extra: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        table = _ALIAS_TABLES.get(cls)
        if table is None:
            table = {}
            for alias_field, aliases in FIELD_ALIASES.get(cls.__name__, {}).items():
                table[alias_field] = alias_field
                for alias in aliases:
                    table[norm_key(alias)] = alias_field
            for name in cls.model_fields:
                if name != "extra":
                    table[name] = name
                    table.setdefault(norm_key(name), name)
            _ALIAS_TABLES[cls] = table
        return table

    @model_validator(mode="before")
    @classmethod
    def _rename_keys(cls, data: Any) -> Any:
        if isinstance(data, BaseModel) or not isinstance(data, Mapping):
            return data
        table = cls._aliases()
        out: dict[str, Any] = {}
        seen_as: dict[str, str] = {}
        extra_in = data.get("extra")
        extra: dict[str, Any] = dict(extra_in) if isinstance(extra_in, Mapping) else {}
        for raw_key, value in data.items():
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            if key == "extra" and isinstance(extra_in, Mapping):
                continue
            field = table.get(key) or table.get(norm_key(key))
            if field is None:
                extra[key] = value
                continue
            if field in out and out[field] != value:
                raise bilingual_error(
                    "duplicate_field",
                    f"字段「{field}」出现两次（「{seen_as[field]}」与「{key}」），取值不同",
                    f"field {field!r} is given twice ({seen_as[field]!r} and {key!r}) with different values",
                )
            out[field] = value
            seen_as[field] = key
        if extra:
            out["extra"] = extra
        return cls._prepare(out)

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Adjust the renamed mapping before field validation (subclasses override)."""
        return data

    def unknown_fields(self, prefix: str = "") -> list[str]:
        """Return the paths of every key kept in ``extra``, here and in nested records.

        Args:
            prefix: Path of this record inside its document (used in recursion).

        Returns:
            Paths such as ``["project.联系人", "indicators[2].指标解释2"]``, in document order.

        """
        found = [f"{prefix}.{key}" if prefix else key for key in self.extra]
        for name in type(self).model_fields:
            if name == "extra":
                continue
            value = getattr(self, name)
            path = f"{prefix}.{name}" if prefix else name
            if isinstance(value, Record):
                found.extend(value.unknown_fields(path))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Record):
                        found.extend(item.unknown_fields(f"{path}[{i}]"))
        return found
