"""指标值: targets and actuals as typed values, with units and comparison.

    >>> from indicator_lib.targets import parse_target
    >>> v = parse_target("≤100万元")
    >>> (v.kind, v.op, v.value, v.unit, v.base_value)
    ('quantitative', '<=', Decimal('100'), '万元', Decimal('1000000'))
    >>> v.compare("899740元").met
    True

See ``docs/targets.md`` for every accepted form and warning code.
"""

from __future__ import annotations

from indicator_lib.targets._compare import Comparison, Direction, Outcome
from indicator_lib.targets._model import Grade, Kind, Op, TargetValue, TargetWarning
from indicator_lib.targets._parse import parse_target
from indicator_lib.targets._units import Unit, UnitTable, unit_table
from indicator_lib.targets._warnings import WARNING_CODES

__all__ = [
    "WARNING_CODES",
    "Comparison",
    "Direction",
    "Grade",
    "Kind",
    "Op",
    "Outcome",
    "TargetValue",
    "TargetWarning",
    "Unit",
    "UnitTable",
    "parse_target",
    "unit_table",
]
