"""Cell-level value parsing shared by the submission models and the Excel importer.

Decides how the scalar cells of real tables become typed values: amounts and scores as
:class:`~decimal.Decimal` (never float: a float from JSON, YAML or Excel goes through its
shortest ``repr`` so ``89.974`` stays ``89.974``), placeholders (``-``, ``/``, ``—``, ``*``) as
"no value", money written with a unit (``250万``, ``72890元``) converted into the document's
money unit, years written ``2023年度``, months and dates written ``2023.07`` / ``202001`` /
``2024-01-31``, and organisation cells such as ``[155]濉溪县民政局`` or ``219-池州市…`` split
into code and name.

Errors are raised as :class:`pydantic_core.PydanticCustomError` carrying ``zh`` and ``en`` in
their context, so the loader can turn them into bilingual diagnostics.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic_core import PydanticCustomError

__all__ = [
    "PLACEHOLDERS",
    "bilingual_error",
    "convert_money",
    "is_blank",
    "parse_month_or_date",
    "split_coded_name",
    "to_decimal",
    "to_year",
]

#: Cell texts that mean "nothing written here".
PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "/", "\\", "*", "_", "无", "不适用", "N/A", "n/a"})

_MONEY_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "万": Decimal(10000)}
_MONEY_RE = re.compile(r"^([+-]?[\d,]*\.?\d+)\s*(万元|千元|万|元)$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


def bilingual_error(code: str, zh: str, en: str) -> PydanticCustomError:
    """Build a pydantic error whose context carries the Chinese and English messages."""
    return PydanticCustomError(code, "{zh} / {en}", {"zh": zh, "en": en})


def is_blank(value: object) -> bool:
    """Return True for None and for placeholder texts (``""``, ``-``, ``/``, ``—``, ``*`` …)."""
    if value is None:
        return True
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip() in PLACEHOLDERS
    return False


def to_decimal(value: Any, *, what: str = "数值", what_en: str = "a number") -> Decimal | None:
    """Turn a number or numeric text into a Decimal; placeholders become None.

    Accepts ints, Decimals, floats (through ``repr``), and texts with thousands separators,
    full-width digits, a trailing ``%`` is NOT accepted (a percentage is not an amount).

    Raises:
        PydanticCustomError: ``not_a_number`` when the text is not a number.

    """
    if isinstance(value, bool):
        raise bilingual_error("not_a_number", f"应为{what}，得到布尔值", f"expected {what_en}, got a boolean")
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise bilingual_error("not_a_number", f"应为有限的{what}", f"expected a finite {what_en}")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise bilingual_error("not_a_number", f"应为有限的{what}", f"expected a finite {what_en}")
        return Decimal(repr(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text in PLACEHOLDERS:
            return None
        text = text.replace(",", "").replace(" ", "")
        if _NUMBER_RE.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
                pass
        raise bilingual_error(
            "not_a_number",
            f"应为{what}，得到「{value}」",
            f"expected {what_en}, got {value!r}",
        )
    raise bilingual_error(
        "not_a_number",
        f"应为{what}，得到 {type(value).__name__} 类型的值",
        f"expected {what_en}, got a value of type {type(value).__name__}",
    )


def convert_money(value: Any, money_unit: str) -> Any:
    """Convert a money text with a unit (``250万``, ``72890元``) into ``money_unit``.

    Values without a unit, and anything that is not such a text, are returned unchanged (the
    field validator then checks them).
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    match = _MONEY_RE.match(text)
    if match is None:
        return value
    number = Decimal(match.group(1).replace(",", ""))
    factor = _MONEY_FACTOR[match.group(2)] / _MONEY_FACTOR[money_unit]
    result = number * factor
    return Decimal(int(result)) if result == result.to_integral() else result.normalize()


def to_year(value: Any) -> Any:
    """Turn ``2023``, ``"2023"``, ``"2023年"`` or ``"2023年度"`` into an int; other values pass."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = re.fullmatch(r"(\d{4})\s*(?:年度?)?", text)
        if match:
            return int(match.group(1))
    return value


_MONTH_RE = re.compile(r"^(\d{4})\s*(?:[.\-/年]\s*(\d{1,2})|(\d{2}))\s*月?(?:\s*[.\-/]?\s*(\d{1,2})\s*日?)?$")


def parse_month_or_date(value: Any, *, end: bool) -> Any:
    """Turn ``2023-07``, ``2023.07``, ``202307``, ``2023年7月`` or a full date into a date.

    A month alone means its first day (``end=False``) or its last day (``end=True``). Dates and
    unrecognised values are returned unchanged for pydantic's own date validation.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    match = _MONTH_RE.match(text)
    if match is None:
        return value
    year = int(match.group(1))
    month = int(match.group(2) or match.group(3))
    if not 1 <= month <= 12:
        return value
    last = calendar.monthrange(year, month)[1] if end else 1
    day = int(match.group(4)) if match.group(4) else last
    try:
        return dt.date(year, month, day)
    except ValueError:
        return value


_BRACKET_CODE = re.compile(r"^[\[【(]\s*([0-9A-Za-z]+)\s*[\]】)]\s*(.+)$")
_DASH_CODE = re.compile(r"^([0-9A-Za-z]*\d[0-9A-Za-z]*)\s*[-—－_]\s*(.+)$")


def split_coded_name(text: str, *, min_code: int = 1) -> tuple[str | None, str]:
    """Split ``[155]濉溪县民政局`` or ``219-池州市贵池区…`` into ``(code, name)``.

    Args:
        text: The cell text.
        min_code: Minimum length of a dash-separated code (a bracketed code may be any length).

    Returns:
        ``(code, name)``; ``code`` is None when the text carries no code.

    """
    clean = unicodedata.normalize("NFKC", text).strip()
    match = _BRACKET_CODE.match(clean)
    if match:
        return match.group(1), match.group(2).strip()
    match = _DASH_CODE.match(clean)
    if match and len(match.group(1)) >= min_code:
        return match.group(1), match.group(2).strip()
    return None, text.strip()
