"""Run-time values and their semantics, shared by the interpreter and the compiler.

Decides: values are ``Decimal`` (28 significant digits, ROUND_HALF_UP, set once per evaluation with
:data:`CONTEXT`), ``str``, ``bool``, ``datetime.date``, ``list``, records (pydantic instances or
dicts for multi-output tables) and ``None`` (null). Arithmetic and comparison with null give null;
``x / 0`` gives null; ``and``/``or`` are three-valued; ``date + n`` adds whole days (a fractional part
is dropped toward zero). Messages render numbers as plain decimals without exponent or trailing
zeros, null as ``空``, booleans as ``是``/``否`` and dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

__all__ = [
    "CONTEXT",
    "MAX_STEPS",
    "EvalFailure",
    "add",
    "compare",
    "div",
    "equal",
    "mul",
    "render",
    "sub",
    "to_value",
    "truthy",
]

CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)
MAX_STEPS = 1_000_000

_ZERO = Decimal(0)


class EvalFailure(Exception):
    """An evaluation problem; the backend adds the location and raises RuleEvaluationError."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en
        self.node: object | None = None


def step_limit() -> EvalFailure:
    """Return the error for an evaluation that exceeded :data:`MAX_STEPS`."""
    return EvalFailure(
        "step-limit",
        f"计算量超过上限（{MAX_STEPS} 步）：请检查嵌套的 for 与函数调用",
        f"evaluation exceeded the work limit ({MAX_STEPS} steps): check nested 'for's and calls",
    )


def to_value(v: Any) -> Any:
    """Convert any Python value read from input into a language value (generic, slow path)."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, Decimal):
        return v if v.is_finite() else None
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(str(v)) if math.isfinite(v) else None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, enum.Enum):
        return to_value(v.value)
    if isinstance(v, (list, tuple)):
        return [to_value(x) for x in v]
    if isinstance(v, dict):
        return v
    if hasattr(type(v), "model_fields"):
        return v
    return str(v)


def truthy(v: Any) -> bool:
    """Where ``where``, ``if`` and ``when`` test a condition: only ``true`` is true."""
    return v is True


def add(x: Any, y: Any) -> Any:
    """``x + y`` for numbers, texts, and a date plus days."""
    if x is None or y is None:
        return None
    if isinstance(x, _dt.date):
        return _shift_date(x, y, 1)
    return x + y


def sub(x: Any, y: Any) -> Any:
    """``x - y`` for numbers, a date minus days, and date minus date (days)."""
    if x is None or y is None:
        return None
    if isinstance(x, _dt.date):
        if isinstance(y, _dt.date):
            return Decimal((x - y).days)
        return _shift_date(x, y, -1)
    return x - y


def _shift_date(d: _dt.date, days: Decimal, sign: int) -> _dt.date:
    try:
        return d + _dt.timedelta(days=sign * int(days))
    except (OverflowError, ValueError):
        raise EvalFailure(
            "date-out-of-range", "日期超出可表示的范围", "date out of the representable range"
        ) from None


def mul(x: Any, y: Any) -> Any:
    """``x * y``."""
    if x is None or y is None:
        return None
    return x * y


def div(x: Any, y: Any) -> Any:
    """``x / y``; null where ``y`` is 0."""
    if x is None or y is None or not y:
        return None
    return x / y


def equal(x: Any, y: Any) -> bool | None:
    """``x == y``; null if either is null."""
    if x is None or y is None:
        return None
    if type(x) is bool or type(y) is bool:
        return type(x) is type(y) and x == y
    return bool(x == y)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}


def compare(op: str, x: Any, y: Any) -> bool | None:
    """One comparison; null if either side is null or the two cannot be ordered."""
    if x is None or y is None:
        return None
    if op == "==":
        return equal(x, y)
    if op == "!=":
        r = equal(x, y)
        return None if r is None else not r
    if type(x) is bool or type(y) is bool:
        return None
    try:
        return _ORDER[op](x, y)
    except TypeError:
        return None


def member(item: Any, container: Any) -> bool | None:
    """``item in container``: null if either is null."""
    if item is None or container is None:
        return None
    return any(equal(item, v) for v in container)


def render(v: Any) -> str:
    """Render a value the way messages and explanations show it."""
    if v is None:
        return "空"
    if v is True:
        return "是"
    if v is False:
        return "否"
    if isinstance(v, Decimal):
        return render_number(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(render(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {render(x)}" for k, x in v.items()) + "}"
    if isinstance(v, str):
        return v
    return type(v).__name__


def render_number(v: Decimal) -> str:
    """Plain decimal, no exponent, no trailing zeros (``2.50`` → ``2.5``, ``1E+2`` → ``100``)."""
    if not v.is_finite():
        return str(v)
    text = format(v, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text


def round_half_up(x: Decimal, n: int) -> Decimal:
    """Round ``x`` to ``n`` decimal places, half away from zero (四舍五入)."""
    try:
        return x.quantize(Decimal(1).scaleb(-n), ROUND_HALF_UP, CONTEXT)
    except InvalidOperation:
        return x


def is_zero(v: Any) -> bool:
    """Return True for a number equal to 0."""
    return isinstance(v, Decimal) and v == _ZERO
