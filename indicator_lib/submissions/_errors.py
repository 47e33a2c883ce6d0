"""Turning pydantic validation errors into located, bilingual diagnostics.

Decides how a :class:`pydantic.ValidationError` is reported to a person: one
:class:`~indicator_lib.errors.Diagnostic` per problem, its ``field`` a 0-based path in
exchange-format names (``indicators[3].weight``, never pydantic's union tags), its message in
Chinese naming the heading (``分值``) and what was expected, the English beside it, and, when
the caller can locate the path in the source (a YAML/JSON line, an Excel row), the line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from indicator_lib.errors import Diagnostic
from indicator_lib.submissions._aliases import FIELD_ALIASES, KIND_VALUES

__all__ = ["Locator", "diagnostics_from_validation", "format_path"]

#: Maps a field path to ``(line, column, where)``: where is a human place such as ``工作表「Sheet1」``.
Locator = Callable[[str], tuple[int | None, int | None, str | None]]

_SKIP = frozenset({"str", "int", "bool", "none", "decimal", "date", "list[str]", "dict", "list"})

# The record a list or object field holds, for the Chinese label of its fields.
_RECORD_OF = {
    "project": "Project",
    "department": "OrgRef",
    "unit": "OrgRef",
    "period": "Period",
    "funds": "Funds",
    "budget": "BudgetRow",
    "duties": "Duty",
    "tasks": "Task",
    "projects": "ProjectRef",
}

_DOC_RECORD = {
    "project_goal": "ProjectGoal",
    "self_evaluation": "SelfEvaluation",
    "department_plan": "DepartmentPlan",
}


def format_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic ``loc`` as an exchange-format path, dropping union tags."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        if i == 0 and part in KIND_VALUES:
            continue
        if part in ("goal", "ref") and i > 0 and isinstance(loc[i - 1], int):
            continue
        if part in _SKIP or "[" in part or "(" in part:
            continue
        out += f".{part}" if out else part
    return out


def _label(loc: tuple[int | str, ...]) -> str:
    """Return the Chinese heading of the last field in ``loc`` (``分值`` for a weight), or ``""``."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    record = _DOC_RECORD.get(str(names[0]), "ProjectGoal")
    for parent in names[:-1]:
        if parent == "indicators":
            record = {"SelfEvaluation": "EvaluationIndicator", "DepartmentPlan": "PlanIndicator"}.get(
                record, "Indicator"
            )
        elif parent == "goals":
            record = {"SelfEvaluation": "EvaluationGoals", "DepartmentPlan": "PlanGoals"}.get(
                record, "ProjectGoals"
            )
        elif parent in _RECORD_OF:
            record = _RECORD_OF[parent]
    table = FIELD_ALIASES.get(record)
    aliases = table.get(names[-1], ()) if table is not None else ()
    return aliases[0] if aliases else ""


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _messages(error: Any) -> tuple[str, str, str]:
    """Return ``(code, zh, en)`` for one pydantic error dict."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got_zh = f"，得到「{_shown(value)}」" if value is not None and not isinstance(value, dict | list) else ""
    got_en = f", got {_shown(value)!r}" if got_zh else ""
    if "zh" in ctx and "en" in ctx:
        return kind.replace("_", "-"), str(ctx["zh"]), str(ctx["en"])
    if kind == "missing":
        return "missing-field", "缺少必填字段", "missing required field"
    if kind in ("unknown_kind", "union_tag_invalid", "union_tag_not_found"):
        return (
            "unknown-kind",
            f"kind 应为 project_goal、self_evaluation 或 department_plan{got_zh}",
            f"kind must be project_goal, self_evaluation or department_plan{got_en}",
        )
    if kind.startswith(("decimal", "int", "float")):
        return "not-a-number", f"应为数字{got_zh}", f"expected a number{got_en}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return "bad-value", f"应为 {expected} 之一{got_zh}", f"expected one of {expected}{got_en}"
    if kind.startswith(("date", "datetime")):
        return "not-a-date", f"应为日期（YYYY-MM 或 YYYY-MM-DD）{got_zh}", f"expected a date{got_en}"
    if kind.startswith("bool"):
        return "not-a-boolean", f"应为是/否（true/false）{got_zh}", f"expected true or false{got_en}"
    if kind.startswith("string"):
        return "not-text", f"应为文本{got_zh}", f"expected text{got_en}"
    if kind in ("model_type", "model_attributes_type", "dict_type", "mapping_type"):
        return "not-an-object", f"应为一个对象（键值表）{got_zh}", f"expected an object (a mapping){got_en}"
    if kind in ("list_type", "tuple_type"):
        return "not-a-list", f"应为列表{got_zh}", f"expected a list{got_en}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "out-of-range", f"超出允许范围{got_zh}（{error['msg']}）", f"{error['msg']}{got_en}"
    return (
        kind.replace("_", "-"),
        f"取值无效{got_zh}（{error['msg']}）",
        f"invalid value: {error['msg']}{got_en}",
    )


def diagnostics_from_validation(
    err: ValidationError,
    *,
    file: str | None,
    locate: Locator | None = None,
    limit: int = 50,
) -> list[Diagnostic]:
    """Convert a ValidationError into diagnostics (at most ``limit``, plus a "more" note).

    Args:
        err: The pydantic error.
        file: The source name for the diagnostics.
        locate: Finds the line (and column) of a field path in the source, when possible.
        limit: At most this many diagnostics; the rest are counted in a last one.

    Returns:
        The diagnostics, in pydantic's order (document order).

    """
    out: list[Diagnostic] = []
    errors = err.errors(include_url=False)
    for error in errors[:limit]:
        loc = tuple(error["loc"])
        path = format_path(loc)
        code, zh, en = _messages(error)
        label = _label(loc)
        where_zh = f"字段 {path}" + (f"（{label}）" if label else "") if path else "文档"
        where_en = f"field {path}" if path else "document"
        line = column = None
        place = None
        if locate is not None and path:
            line, column, place = locate(path)
        prefix = f"{place}，" if place else ""
        out.append(
            Diagnostic(
                code=code,
                message=f"{prefix}{where_zh}：{zh}",
                message_en=f"{where_en}: {en}",
                file=file,
                line=line,
                column=column,
                field=path or None,
            )
        )
    if len(errors) > limit:
        more = len(errors) - limit
        out.append(
            Diagnostic(
                code="more-errors",
                message=f"另有 {more} 个错误未列出",
                message_en=f"{more} more errors not shown",
                file=file,
            )
        )
    return out
