"""The records of the code table: one 科目 (:class:`FunctionCode`), a rename, a COFOG share.

It also decides what a well-formed code is: three, five or seven ASCII digits (类 / 款 / 项), the
level and the parent following from the length alone, as the 政府收支分类科目 prints them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = [
    "LEVEL_OF_LENGTH",
    "CofogShare",
    "FunctionCode",
    "Level",
    "Rename",
    "clean_code",
    "level_of",
    "parent_of",
]

Level = Literal["类", "款", "项"]

#: Code length -> level.
LEVEL_OF_LENGTH: dict[int, Level] = {3: "类", 5: "款", 7: "项"}

_SPACES = " \t\r\n\u3000\u00a0\ufeff"


def clean_code(raw: object) -> str:
    """Return the code text of a cell: numbers as digits, spaces and full-width digits folded.

    ``2050203``, ``2050203.0``, ``" 201 "``, ``"２０１"`` and ``"205 02 03"`` all give the digit string;
    anything else is returned stripped, for the caller to reject with a located error.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, Decimal):
        return str(int(raw)) if raw == raw.to_integral_value() else str(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip(_SPACES)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    squeezed = "".join(text.split())
    if squeezed.isascii() and squeezed.isdigit():
        return squeezed
    return text


def level_of(code: str) -> Level | None:
    """Return the level of a well-formed code (``"类"``, ``"款"``, ``"项"``), or None."""
    if not (code.isascii() and code.isdigit()):
        return None
    return LEVEL_OF_LENGTH.get(len(code))


def parent_of(code: str) -> str | None:
    """Return the parent code (``"20502"`` for ``"2050203"``), or None for a 类."""
    if len(code) == 7:
        return code[:5]
    if len(code) == 5:
        return code[:3]
    return None


@dataclass(frozen=True, slots=True)
class FunctionCode:
    """One 支出功能分类科目.

    Attributes:
        code: The code, 3 (类), 5 (款) or 7 (项) digits.
        name: The name exactly as the edition prints it.
        level: ``"类"``, ``"款"`` or ``"项"``, from the code length.
        parent: The parent code, None for a 类.
        edition: The edition year of the table the entry comes from, if known.
        verified: True only where the code and name were confirmed together in a cited source.
        former_names: Earlier names of this code (the 2019 renames and others), oldest first.
        source: Where the entry comes from (a document, or the library's own compilation).
        note: A remark from the data (budget kind, uncertain wording, …).
        rename_note: Set only on an answer for an older year or an old name: what changed, in Chinese.
        rename_note_en: The same in English.

    """

    code: str
    name: str
    level: Level
    parent: str | None
    edition: int | None = None
    verified: bool = False
    former_names: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    rename_note: str | None = None
    rename_note_en: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the entry as a JSON-ready dict."""
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "edition": self.edition,
            "verified": self.verified,
            "former_names": list(self.former_names),
            "source": self.source,
            "note": self.note,
            "rename_note": self.rename_note,
            "rename_note_en": self.rename_note_en,
        }


@dataclass(frozen=True, slots=True)
class Rename:
    """A change of name (or the creation) of one code in a given edition year.

    Attributes:
        code: The code concerned.
        former_name: The name before ``changed_in``; empty when the code was created then.
        current_name: The name from ``changed_in`` on.
        changed_in: The first edition year carrying ``current_name``.
        verified: Whether the change was confirmed in a source.
        note: Where the fact comes from.

    """

    code: str
    former_name: str
    current_name: str
    changed_in: int
    verified: bool = False
    note: str = ""

    def message(self, year: int | None = None) -> tuple[str, str]:
        """Return the Chinese and English note shown with an answer for an older year or name."""
        if not self.former_name:
            zh = f"科目 {self.code}「{self.current_name}」自{self.changed_in}年起设立"
            en = f"code {self.code} ({self.current_name}) was created in the {self.changed_in} edition"
            if year is not None:
                zh += f"，{year}年版本中尚无此科目"
                en += f"; it does not exist in the {year} edition"
            return zh, en
        zh = f"{self.changed_in}年起「{self.former_name}」更名为「{self.current_name}」"
        en = f"renamed in the {self.changed_in} edition: '{self.former_name}' is now '{self.current_name}'"
        return zh, en


@dataclass(frozen=True, slots=True)
class CofogShare:
    """The share of one code's spending that falls under one UN COFOG division or group.

    Attributes:
        cofog: The COFOG code, a division (``"07"``) or a group (``"10.2"``).
        name_en: The COFOG name in English.
        weight: The share, a Decimal in (0, 1]; the shares of one code sum to 1.
        mapped_from: The code the crosswalk row belongs to (the code asked, or its 款 or 类 when
            the crosswalk falls back to a parent).
        note: Why this share, where the crosswalk explains it.

    """

    cofog: str
    name_en: str
    weight: Decimal
    mapped_from: str
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        """Return the share as a JSON-ready dict (the weight as a string, to stay exact)."""
        return {
            "cofog": self.cofog,
            "name_en": self.name_en,
            "weight": str(self.weight),
            "mapped_from": self.mapped_from,
            "note": self.note,
        }
