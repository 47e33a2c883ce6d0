"""Monitor one project at one month: :func:`monitor` and the shipped ``monitoring`` ruleset.

Decides the monitoring input and how a document becomes the rules' :class:`MonitorInput`. A
monitoring snapshot is a self-evaluation-shaped document (``kind: monitoring`` or
``self_evaluation``): each indicator row's ``actual`` is the value reached *to date*, the budget
rows' ``executed`` the amount executed *to date*, ``adjusted`` the year's budget. Extra keys a
monitoring table adds are read here: ``month`` / ``监控月份`` on the document; ``cause`` /
``偏差原因类别``, ``status`` / ``完成情况`` and ``prorate`` / ``按进度折算`` on a row.

Quantitative rows are compared in base units through the 指标值 comparison (so ``≥1200万元`` and
``650`` read as 万元 compare); a qualitative row's status is its actual read as 达成 / 部分达成 /
未达成 (the standard grades, 完成/是 → 达成, 否/未完成 → 未达成). The lights, bands and the worst-light
rule are in ``catalogs/rules/monitoring.rules``; this module only prepares, runs and reports.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indicator_lib._rulesets import RulesetCache
from indicator_lib.errors import IndicatorLibError, SubmissionLoadError
from indicator_lib.findings import Finding
from indicator_lib.monitoring._causes import classify_cause, declared_cause
from indicator_lib.monitoring._model import (
    LIGHT_EN,
    BudgetLight,
    Cause,
    IndicatorLight,
    Light,
    MonitorInput,
    MonitorReport,
    MonitorRow,
)

if TYPE_CHECKING:
    from indicator_lib.rules import RuleResult, Ruleset
    from indicator_lib.submissions import EvaluationIndicator, SelfEvaluation
    from indicator_lib.targets import TargetValue

__all__ = ["DEFAULT_RULESET", "MONITORING_KINDS", "InvalidMonthError", "monitor", "monitoring_ruleset"]

#: The shipped ruleset (``catalogs/rules/monitoring.rules``).
DEFAULT_RULESET = "monitoring"

#: ``kind`` values read as a monitoring snapshot (besides ``self_evaluation``).
MONITORING_KINDS = ("monitoring", "绩效运行监控", "绩效运行监控表", "绩效监控", "绩效监控表", "双监控")

_MONTH_KEYS = ("month", "监控月份", "截止月份", "监控月")
_CAUSE_KEYS = ("cause", "偏差原因类别", "偏差原因类型", "偏差原因分类", "原因类别")
_STATUS_KEYS = ("status", "完成情况", "监控状态", "执行情况")
_PRORATE_KEYS = ("prorate", "按进度折算")
_CONSUMED = {*_MONTH_KEYS, *_CAUSE_KEYS, *_STATUS_KEYS, *_PRORATE_KEYS}
_TWO = Decimal("0.01")
_FOUR = Decimal("0.0001")

_RULESETS = RulesetCache(lambda: MonitorInput)


class InvalidMonthError(IndicatorLibError, ValueError):
    """The monitoring month is missing or not a whole number from 1 to 12."""


def monitoring_ruleset(name_or_text: str = DEFAULT_RULESET) -> Ruleset:
    """Return a compiled monitoring ruleset (cached).

    Args:
        name_or_text: A shipped or registered ruleset name, a path to a ``.rules`` file, or rules
            text (typically a province's ``extends "monitoring"``).

    Returns:
        The compiled ruleset, input type :class:`MonitorInput`.

    Raises:
        RuleSyntaxError: The text does not parse.
        RuleCheckError: The text does not check against ``MonitorInput``.

    """
    return _RULESETS.get(name_or_text)


# ---- reading the document ------------------------------------------------------------------------


def _as_snapshot_data(data: Any) -> Any:
    if isinstance(data, Mapping):
        kind = data.get("kind", data.get("类型"))
        if kind is None or (isinstance(kind, str) and kind.strip() in MONITORING_KINDS):
            data = {k: v for k, v in data.items() if k not in ("kind", "类型")}
            data["kind"] = "self_evaluation"
    return data


def _load(doc: Any) -> tuple[SelfEvaluation, str]:
    from indicator_lib.submissions import SelfEvaluation
    from indicator_lib.submissions._load import DEFAULT_MAX_BYTES, _read_parts, validate_document

    if isinstance(doc, SelfEvaluation):
        return doc, "<model>"
    if isinstance(doc, Mapping):
        loaded = validate_document(_as_snapshot_data(doc), file="<dict>")
        source = "<dict>"
    elif isinstance(doc, str | os.PathLike):
        path = Path(doc)
        parts = _read_parts(
            path, max_bytes=DEFAULT_MAX_BYTES, sheet=None, fiscal_year=None, kind="self_evaluation"
        )
        good = [p for p in parts if p.error is None]
        if not good:
            raise parts[0].error or SubmissionLoadError(
                "文件中没有文档", "no document", code="empty-file", file=str(path)
            )
        part = good[0]
        loaded = validate_document(_as_snapshot_data(part.data), file=part.source, locate=part.locate)
        source = part.source
    else:
        raise SubmissionLoadError(
            f"无法读取 {type(doc).__name__}：应为监控表的路径、字典或 SelfEvaluation",
            f"cannot read a {type(doc).__name__}: expected a path, a mapping or a SelfEvaluation",
            code="not-a-document",
        )
    if not isinstance(loaded, SelfEvaluation):
        kind = getattr(loaded, "kind", type(loaded).__name__)
        raise SubmissionLoadError(
            f"「{source}」是 {kind}，不是监控表（kind: monitoring，含截至本月的实际完成值和执行数）",
            f"{source!r} is a {kind}, not a monitoring snapshot (kind: monitoring, with actuals and "
            "execution to date)",
            code="not-a-monitoring-snapshot",
            file=source,
        )
    return loaded, source


def _extra(extra: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((extra[k] for k in keys if extra.get(k) not in (None, "")), None)


def _month(month: Any, doc: SelfEvaluation, source: str) -> int:
    given = month if month is not None else _extra(doc.extra, _MONTH_KEYS)
    if given is None:
        raise InvalidMonthError(
            "缺少监控月份：请给出 month（1–12），或在监控表中填写「监控月份」",
            "the monitoring month is missing: pass month (1–12) or fill in 监控月份 in the table",
            code="missing-month",
            file=source,
            field="month",
        )
    value: int | None = None
    if isinstance(given, int) and not isinstance(given, bool):
        value = given
    elif isinstance(given, str) and given.strip().removesuffix("月").strip().isdigit():
        value = int(given.strip().removesuffix("月"))
    elif isinstance(given, Decimal) and given == given.to_integral_value():
        value = int(given)
    if value is None or not 1 <= value <= 12:
        raise InvalidMonthError(
            f"监控月份应为 1 到 12 的整数，得到「{given}」",
            f"the monitoring month must be a whole number from 1 to 12, got {given!r}",
            code="bad-month",
            file=source,
            field="month",
        )
    return value


# ---- preparing the rules' input ------------------------------------------------------------------

_STATUS_GRADE = {"achieved": "达成", "partial": "部分达成", "not-achieved": "未达成"}


def _status_of(actual: TargetValue | None, declared: Any) -> str | None:
    text: str | None = None
    if isinstance(declared, str) and declared.strip():
        text = declared.strip()
    elif actual is not None and actual.kind != "empty":
        if actual.grade is not None:
            return _STATUS_GRADE[actual.grade]
        if actual.flag is not None:
            return "达成" if actual.flag else "未达成"
        text = actual.text or actual.raw
    if text is None:
        return None
    if "部分" in text:
        return "部分达成"
    if any(word in text for word in ("未达成", "未完成", "未达到", "滞后", "未实现")):
        return "未达成"
    if any(word in text for word in ("达成", "完成", "达到", "正常", "按计划", "实现")):
        return "达成"
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("是", "true", "yes", "y", "1"):
            return True
        if word in ("否", "false", "no", "n", "0"):
            return False
    return None


def _cause(ind: EvaluationIndicator) -> tuple[Cause | None, bool]:
    declared_text = _extra(ind.extra, _CAUSE_KEYS)
    declared = declared_cause(str(declared_text)) if declared_text is not None else None
    if declared is not None:
        return declared, False
    inferred = classify_cause(str(declared_text)) if declared_text is not None else None
    if inferred is None:
        inferred = classify_cause(ind.deviation)
    return inferred, inferred is not None


_DIRECTION = {">=": "正向", ">": "正向", "<=": "反向", "<": "反向", "=": "等于"}


def _row(ind: EvaluationIndicator) -> MonitorRow:
    target, actual = ind.target, ind.actual
    cause, _ = _cause(ind)
    prorate = _bool(_extra(ind.extra, _PRORATE_KEYS))
    base = {"name": ind.name, "level1": ind.level1, "prorate": prorate, "cause": cause}
    if target is None or target.kind == "empty":
        return MonitorRow(**base, problem="年度指标值为空")
    if target.kind != "quantitative":
        status = _status_of(actual, _extra(ind.extra, _STATUS_KEYS))
        return MonitorRow(**base, kind="定性", status=status)
    direction = _DIRECTION.get(target.op or ">=", "正向")
    if actual is None or actual.kind == "empty":
        return MonitorRow(
            **base, direction=direction, dimension=target.dimension, target=target.base_value or target.value
        )
    comparison = target.compare(actual)
    if comparison.outcome == "incompatible-units":
        problem = f"实际完成值「{actual.raw}」与年度指标值「{target.raw}」的计量单位不一致"
        return MonitorRow(**base, direction=direction, dimension=target.dimension, problem=problem)
    if comparison.target_base is None or comparison.actual_base is None:
        problem = f"实际完成值「{actual.raw}」不是可与年度指标值「{target.raw}」比较的数值"
        return MonitorRow(**base, direction=direction, dimension=target.dimension, problem=problem)
    return MonitorRow(
        **base,
        direction=direction,
        dimension=target.dimension or comparison.actual.dimension,
        target=comparison.target_base,
        actual=comparison.actual_base,
    )


def _budget(doc: SelfEvaluation) -> tuple[Decimal | None, Decimal | None, str | None]:
    total = doc.budget_row("total")
    rows = [total] if total is not None else [r for r in doc.budget if r.source != "total"]

    def pick(field: str) -> Decimal | None:
        values = [getattr(r, field) for r in rows if getattr(r, field) is not None]
        return sum(values, Decimal(0)) if values else None

    adjusted = pick("adjusted")
    if adjusted is None:
        adjusted = pick("initial")
    reason = next((r.reason for r in doc.budget if r.reason), None)
    return adjusted, pick("executed"), reason


# ---- reporting -----------------------------------------------------------------------------------


def _q(value: Any, places: Decimal) -> Decimal | None:
    if isinstance(value, Decimal):
        return value.quantize(places, rounding=ROUND_HALF_UP)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    return None


def _num(value: Decimal | None) -> str:
    if value is None:
        return "空"
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _light(value: Any) -> Light | None:
    return value if value in LIGHT_EN else None


def _explain(row: MonitorRow, month: int, expected: Any, value: Decimal | None, light: Light | None) -> str:
    verdict = f" → {light}灯" if light else " → 无法判定灯色"
    if row.problem is not None:
        return row.problem + verdict
    if row.kind == "定性":
        if row.status is None:
            return "完成情况不是达成、部分达成或未达成" + verdict
        return f"完成情况「{row.status}」" + verdict
    if row.actual is None:
        return "缺少截至本月的实际完成值" + verdict
    shown = _pct if row.dimension == "ratio" else _num
    exp = shown(_q(expected, Decimal("0.000001")))
    year = shown(row.target)
    target = f"年度指标 {year} × {month}/12 = {exp}" if exp != year else f"年度指标 {year}"
    actual = shown(row.actual)
    if row.direction == "反向":
        return f"v = 应控制在 ({target}) / 实际 {actual} × 100 = {_num(value)}（反向指标）" + verdict
    return f"v = 实际 {actual} / ({target}) × 100 = {_num(value)}" + verdict


def _pct(value: Decimal | None) -> str:
    return "空" if value is None else _num(value * 100) + "%"


_EN = {
    "red_light": "indicator {name!r} is red: analyse the deviation and correct it",
    "yellow_light": "indicator {name!r} is yellow: needs attention",
    "blue_light": "indicator {name!r} is blue: far ahead of time progress; the target may be set too low",
    "deviation_unexplained": "indicator {name!r} is red or yellow and gives no deviation cause",
    "actual_missing": "indicator {name!r} has no actual to date; its light cannot be decided",
    "not_comparable": "indicator {name!r}: target and actual cannot be compared",
    "status_unknown": "qualitative indicator {name!r}: the status must be 达成, 部分达成 or 未达成",
    "budget_missing": "no year budget or execution to date: the budget light cannot be decided",
    "budget_red_light": "budget execution is red",
    "budget_yellow_light": "budget execution is yellow",
}


def _findings(result: RuleResult, doc: SelfEvaluation) -> list[Finding]:
    out: list[Finding] = []
    for f in result.findings:
        name = ""
        if f.path.startswith("indicators["):
            index = int(f.path[len("indicators[") :].split("]", 1)[0])
            name = doc.indicators[index].name or "" if index < len(doc.indicators) else ""
        template = _EN.get(f.rule)
        english = f.message_en or (template.format(name=name) if template else "")
        out.append(f.model_copy(update={"message_en": english}))
    for path in doc.unknown_fields():
        key = path.rsplit(".", 1)[-1]
        if key in _CONSUMED:
            continue
        out.append(
            Finding(
                rule="unknown_field",
                label="未知字段",
                severity="info",
                message=f"字段「{key}」不是交换格式中的字段，已保留但未参与监控",
                message_en=f"field {key!r} is not part of the exchange format; kept but not monitored",
                path=path,
            )
        )
    return out


def monitor(doc: Any, *, month: int | None = None, ruleset: str | None = None) -> MonitorReport:
    """Give the lights of one project at a monitoring month (绩效运行监控, 双监控).

    Args:
        doc: A monitoring snapshot: a path (JSON/YAML/Excel), a mapping (``kind: monitoring`` or
            ``self_evaluation``) or a :class:`~indicator_lib.submissions.SelfEvaluation` whose
            actuals and executed amounts are those to date.
        month: The monitoring month, 1–12 (data up to its end); None reads ``month`` /
            ``监控月份`` from the document.
        ruleset: A ruleset name, path or text (default ``monitoring``).

    Returns:
        The :class:`MonitorReport`.

    Raises:
        InvalidMonthError: The month is missing or not 1–12 (code ``missing-month`` / ``bad-month``).
        SubmissionLoadError: The document cannot be read or is not a monitoring snapshot.
        RuleError: A custom ruleset does not compile, or evaluation failed.

    """
    snapshot, source = _load(doc)
    the_month = _month(month, snapshot, source)
    rows = [_row(ind) for ind in snapshot.indicators]
    adjusted, executed, reason = _budget(snapshot)
    facts = MonitorInput(month=the_month, indicators=rows, budget_adjusted=adjusted, budget_executed=executed)
    compiled = monitoring_ruleset(ruleset or DEFAULT_RULESET)
    result = compiled.evaluate(facts)
    values = result.values
    lights, progress = values.get("指标灯列表") or [], values.get("进度值列表") or []
    expected, prorated = values.get("应完成列表") or [], values.get("折算列表") or []
    indicators: list[IndicatorLight] = []
    counts: dict[str, int] = {"红": 0, "黄": 0, "绿": 0, "蓝": 0, "无": 0}
    causes: dict[str, int] = {}
    for i, (ind, row) in enumerate(zip(snapshot.indicators, rows, strict=True)):
        light = _light(lights[i] if i < len(lights) else None)
        value = _q(progress[i] if i < len(progress) else None, _TWO)
        exp = expected[i] if i < len(expected) else None
        _, inferred = _cause(ind)
        counts[light or "无"] += 1
        if light in ("红", "黄") and row.cause is not None:
            causes[row.cause] = causes.get(row.cause, 0) + 1
        indicators.append(
            IndicatorLight(
                path=f"indicators[{i}]",
                name=ind.name,
                level1=ind.level1,
                kind=row.kind,
                direction=row.direction,
                target=ind.target.raw if ind.target is not None else None,
                actual=ind.actual.raw if ind.actual is not None else None,
                prorated=bool(prorated[i]) if i < len(prorated) and row.kind == "定量" else False,
                expected=exp if isinstance(exp, Decimal) else None,
                value=value,
                status=row.status,
                light=light,
                light_en=LIGHT_EN.get(light) if light else None,
                cause=row.cause,
                cause_inferred=inferred,
                deviation=ind.deviation,
                explanation=_explain(row, the_month, exp, value, light),
            )
        )
    budget_light = _light(values.get("预算监控灯"))
    rate = _q(values.get("预算执行率"), _FOUR)
    time_progress = Decimal(the_month) / Decimal(12)
    budget_value = _q(values.get("预算进度值"), _TWO)
    if budget_light is None:
        budget_text = "缺少全年预算数或截至本月的执行数 → 无法判定灯色"
    else:
        budget_text = f"v = 执行率 {_pct(rate)} / 时间进度 {the_month}/12 × 100 = {_num(budget_value)}"
        budget_text += f" → {budget_light}灯"
    budget = BudgetLight(
        adjusted=adjusted,
        executed=executed,
        execution_rate=rate,
        time_progress=time_progress.quantize(_FOUR, rounding=ROUND_HALF_UP),
        value=budget_value,
        light=budget_light,
        light_en=LIGHT_EN.get(budget_light) if budget_light else None,
        reason=reason,
        cause=classify_cause(reason),
        explanation=budget_text,
    )
    project_light = _light(values.get("项目灯"))
    project = snapshot.project
    return MonitorReport(
        source=source,
        project=project.name,
        code=project.code,
        department=(project.department.name or project.department.code) if project.department else None,
        fiscal_year=snapshot.fiscal_year,
        month=the_month,
        money_unit=snapshot.money_unit,
        indicators=indicators,
        budget=budget,
        indicator_light=_light(values.get("指标总灯")),
        project_light=project_light,
        project_light_en=LIGHT_EN.get(project_light) if project_light else None,
        counts=counts,
        causes=causes,
        findings=_findings(result, snapshot),
        ruleset=result.ruleset,
    )
