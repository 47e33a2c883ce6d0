"""The unit table: each unit's dimension, its base unit and the exact factor to that base.

Decides how a unit written in a 指标值 is spelled canonically and converted: ``万元`` is 10000 元,
``%`` is 0.01 of the ratio 1, ``公里`` is 1000 米. The table is shipped data
(``catalogs/units.csv``), read once on first use under a lock and indexed by every alias.
Factors are Decimals and chosen so that every conversion is exact: durations are based on 秒 and
areas on 亩 (1 平方米 = 0.0015 亩), because 1/24 or 1/666.67 have no finite decimal.

Units not in the table are composed when possible, never guessed:

* a counting word before a known unit (``个批次`` = 批次);
* a multiplier prefix (``万人次`` = 10000 人次, ``亿株``), the spelling kept as written;
* a compound rate ``A/B`` (``元/人·月``, ``万元/公里``): the numerator converts to its base and the
  denominator is kept (``万元/公里`` → base ``元/公里``, factor 10000); ``*`` and ``.`` in the
  denominator are spelled ``·``.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import lru_cache

from indicator_lib._resources import catalogs_dir
from indicator_lib._suggest import suggestion_text
from indicator_lib.errors import CatalogLoadError, CatalogLookupError

__all__ = [
    "MULTIPLIERS",
    "Unit",
    "UnitTable",
    "exact_mul",
    "find_unit",
    "reduce_decimal",
    "to_base",
    "unit_table",
]

#: Multiplier prefixes that may stand before a unit (``万人``) or alone after a number (``250万``).
MULTIPLIERS: dict[str, Decimal] = {
    "亿": Decimal(100000000),
    "千万": Decimal(10000000),
    "百万": Decimal(1000000),
    "万": Decimal(10000),
    "千": Decimal(1000),
}


_EXACT = Context(prec=1000)


def exact_mul(a: Decimal, b: Decimal) -> Decimal:
    """Return ``a * b`` without rounding (a 1000-digit context; the default 28 digits could round)."""
    return _EXACT.multiply(a, b)


def reduce_decimal(d: Decimal) -> Decimal:
    """Return ``d`` without trailing zeros, integers without an exponent (``899740.000`` → ``899740``)."""
    text = str(d)
    if "E" not in text and not ("." in text and text[-1] == "0"):
        return d  # already reduced: the common case, decided without arithmetic
    if d == d.to_integral_value(context=_EXACT):
        return d.quantize(Decimal(1), context=_EXACT)
    return d.normalize(_EXACT)


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of measure.

    Attributes:
        name: The canonical spelling (``万元``, ``%``, ``元/人·月``).
        dimension: ``money``, ``ratio``, ``count``, ``time``, ``calendar-time``, ``working-time``,
            ``length``, ``area``, ``weight``, ``volume``, ``rate`` …
        base: The base unit values convert to (``元``, ``ratio``, ``人`` …).
        factor: How many base units one of this unit is (exact).

    """

    name: str
    dimension: str
    base: str
    factor: Decimal


class UnitTable:
    """The shipped unit table, indexed by canonical name and every alias (read-only)."""

    def __init__(self, units: tuple[Unit, ...], index: dict[str, Unit]) -> None:
        self._units = units
        self._index = index

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._units)

    def __len__(self) -> int:
        return len(self._units)

    @property
    def names(self) -> tuple[str, ...]:
        """Every accepted spelling (canonical names and aliases)."""
        return tuple(self._index)

    def get(self, name: str) -> Unit | None:
        """Return the unit spelled ``name`` exactly as in the table, or None."""
        return self._index.get(name)

    def lookup(self, name: str) -> Unit:
        """Return the unit spelled ``name``, composing prefixes and rates as :func:`find_unit` does.

        Raises:
            CatalogLookupError: The unit is unknown; the message suggests near spellings.

        """
        unit = find_unit(name)
        if unit is None:
            zh, en = suggestion_text(name, self._index)
            raise CatalogLookupError(
                f"未知计量单位「{name}」{zh}", f"unknown unit {name!r}{en}", code="unit-unknown"
            )
        return unit


_lock = threading.Lock()
_table: UnitTable | None = None


def _load() -> UnitTable:
    path = catalogs_dir() / "units.csv"
    units: list[Unit] = []
    index: dict[str, Unit] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            try:
                unit = Unit(row["unit"], row["dimension"], row["base"], Decimal(row["factor"]))
            except (KeyError, ArithmeticError, TypeError) as exc:
                raise CatalogLoadError(
                    f"计量单位表第 {row_no} 行无法读取：{exc}",
                    f"units table row {row_no} cannot be read: {exc}",
                    file=str(path),
                ) from None
            units.append(unit)
            for spelling in (unit.name, *filter(None, (row.get("aliases") or "").split("|"))):
                if spelling in index:
                    raise CatalogLoadError(
                        f"计量单位表第 {row_no} 行：「{spelling}」重复",
                        f"units table row {row_no}: spelling {spelling!r} is defined twice",
                        file=str(path),
                    )
                index[spelling] = unit
    return UnitTable(tuple(units), index)


def unit_table() -> UnitTable:
    """Return the shipped unit table, loading it on first call (thread-safe)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _load()
    return _table


_DENOM_SEP = str.maketrans({"*": "·", ".": "·", "×": "·", "•": "·", "・": "·", "/": "·"})


@lru_cache(maxsize=4096)
def find_unit(name: str) -> Unit | None:
    """Return the unit for a spelling, composing multiplier prefixes and rates; None if unknown.

    Args:
        name: The unit as written after normalisation (``万元``, ``元/人*月``, ``万人次``).

    Returns:
        The :class:`Unit`; its ``name`` is the canonical spelling.

    """
    table = unit_table()
    unit = table.get(name)
    if unit is not None:
        return unit
    if "/" in name:
        num, _, den = name.partition("/")
        num_unit = find_unit(num) if num else None
        den = den.translate(_DENOM_SEP).strip("·")
        if num_unit is None or not den:
            return None
        canon_num = num_unit.name
        return Unit(
            f"{canon_num}/{den}",
            "rate",
            f"{num_unit.base}/{den}",
            num_unit.factor,
        )
    if name.startswith("个") and len(name) > 1:
        return find_unit(name[1:])
    for prefix, mult in MULTIPLIERS.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            rest = find_unit(name[len(prefix) :])
            if rest is not None and rest.dimension not in ("ratio", "rate"):
                return Unit(prefix + rest.name, rest.dimension, rest.base, exact_mul(mult, rest.factor))
    return None


def to_base(value: Decimal, unit: str | None) -> Decimal | None:
    """Convert ``value`` written in ``unit`` to the unit's base, exactly; None if the unit is unknown.

    A value without a unit is its own base.
    """
    if unit is None:
        return value
    found = find_unit(unit)
    if found is None:
        return None
    return reduce_decimal(exact_mul(value, found.factor))
