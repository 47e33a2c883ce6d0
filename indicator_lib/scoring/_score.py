"""Score self-evaluations with a compiled ruleset: :func:`score_self_evaluation`, :func:`score_many`.

Decides the scoring pipeline: a document (model, dict or path) is loaded into a
:class:`~indicator_lib.submissions.SelfEvaluation`; the shipped ``self_evaluation`` ruleset (财预
〔2020〕10号) or the caller's is evaluated; the result becomes a :class:`ScoreReport` that keeps the
declared and the computed scores side by side. All scoring and every audit decision is in the
ruleset; this module only maps its score lines and ``let`` values onto the report's rows (the
contract is listed at the top of ``catalogs/rules/self_evaluation.rules``) and adds English
messages. Rulesets are compiled once per name, path or text and cached, so scoring may run in
threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from indicator_lib._rulesets import RulesetCache
from indicator_lib.errors import IndicatorLibError, SubmissionLoadError
from indicator_lib.findings import SEVERITY_ORDER, Finding
from indicator_lib.scoring._english import english_message
from indicator_lib.scoring._report import RowKind, ScoreReport, ScoreRow, row_index

if TYPE_CHECKING:
    from indicator_lib.rules import RuleResult, Ruleset, ScoreLine
    from indicator_lib.submissions import SelfEvaluation
    from indicator_lib.targets import TargetValue

__all__ = ["DEFAULT_RULESET", "score_many", "score_self_evaluation", "scoring_ruleset"]

#: The shipped ruleset (``catalogs/rules/self_evaluation.rules``).
DEFAULT_RULESET = "self_evaluation"

# Names the report reads from a ruleset's results (see the contract in self_evaluation.rules).
QUANTITATIVE_SCORE = "quantitative"
QUALITATIVE_SCORE = "qualitative"
BUDGET_SCORE = "budget_execution"
ROW_KINDS_LET = "各行类型"
BAND_LOW_LET = "各行下限"
BAND_HIGH_LET = "各行上限"
BUDGET_DECLARED_LET = "申报执行率得分"
RATE_LET = "执行率"

_KINDS: frozenset[str] = frozenset({"定量", "定性", "单位不符", "无法计分"})


def _self_evaluation() -> type[SelfEvaluation]:
    from indicator_lib.submissions import SelfEvaluation

    return SelfEvaluation


_RULESETS = RulesetCache(_self_evaluation)


def scoring_ruleset(name_or_text: str = DEFAULT_RULESET) -> Ruleset:
    """Return a compiled self-evaluation ruleset (cached).

    Args:
        name_or_text: A shipped or registered ruleset name (``self_evaluation``,
            ``self_evaluation_sichuan`` …), a path to a ``.rules`` file, or the rules text itself
            (typically a province's ruleset that ``extends "self_evaluation"``).

    Returns:
        The compiled ruleset, input type ``SelfEvaluation``.

    Raises:
        RuleSyntaxError: The text does not parse.
        RuleCheckError: The name is unknown, or the text does not check against ``SelfEvaluation``.

    """
    return _RULESETS.get(name_or_text)


def _resolve(ruleset: Ruleset | str | None) -> Ruleset:
    return _RULESETS.resolve(ruleset, DEFAULT_RULESET)


def _as_evaluation(doc: Any, source: str | None = None) -> tuple[SelfEvaluation, str]:
    """Load ``doc`` and return it as a SelfEvaluation with its source name."""
    from indicator_lib.submissions import SelfEvaluation, load_submission

    if isinstance(doc, str | os.PathLike):
        name = source or str(doc)
        loaded = load_submission(doc)
    elif isinstance(doc, Mapping):
        name = source or "<dict>"
        loaded = load_submission(doc, kind=None if ("kind" in doc or "类型" in doc) else "self_evaluation")
    else:
        name = source or "<model>"
        loaded = doc
    if isinstance(loaded, SelfEvaluation):
        return loaded, name
    kind = getattr(loaded, "kind", type(loaded).__name__)
    raise SubmissionLoadError(
        f"「{name}」是 {kind}，不是绩效自评表（self_evaluation），无法评分",
        f"{name!r} is a {kind}, not a self-evaluation; it cannot be scored",
        code="not-a-self-evaluation",
        file=name,
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def _text(value: TargetValue | None) -> str:
    if value is None:
        return ""
    if value.kind == "quantitative":
        return value.format()
    return value.raw


def _at(values: Mapping[str, Any], name: str, index: int) -> Any:
    seq = values.get(name)
    if isinstance(seq, list | tuple) and index < len(seq):
        return seq[index]
    return None


def _rows(
    doc: SelfEvaluation, result: RuleResult, rules_at: Mapping[int, tuple[str, ...]]
) -> tuple[ScoreRow, ...]:
    lines: dict[int, ScoreLine] = {}
    for score_line in result.scores:
        if score_line.id in (QUANTITATIVE_SCORE, QUALITATIVE_SCORE):
            index = row_index(score_line.path)
            if index is not None:
                lines[index] = score_line
    values = result.values
    rows = []
    for index, ind in enumerate(doc.indicators):
        line = lines.get(index)
        kind_value = _at(values, ROW_KINDS_LET, index)
        kind: RowKind
        if ind.weight is None:
            kind = "未计分"
        elif isinstance(kind_value, str) and kind_value in _KINDS:
            kind = kind_value  # type: ignore[assignment]
        elif line is not None:
            kind = "定量" if line.id == QUANTITATIVE_SCORE else "定性"
        else:
            kind = "无法计分"
        low, high = _decimal(_at(values, BAND_LOW_LET, index)), _decimal(_at(values, BAND_HIGH_LET, index))
        value = _decimal(line.value) if line is not None else None
        rows.append(
            ScoreRow(
                index=index,
                path=f"indicators[{index}]",
                level1=ind.level1 or "",
                level2=ind.level2 or "",
                name=ind.name or "",
                target=_text(ind.target),
                actual=_text(ind.actual),
                kind=kind,
                weight=ind.weight,
                declared=ind.declared_score,
                computed=value if line is not None and line.id == QUANTITATIVE_SCORE else None,
                band=(low, high) if kind == "定性" and low is not None and high is not None else None,
                points=value if value is not None else Decimal(0),
                explanation=line.explanation if line is not None else "",
                rules=rules_at.get(index, ()),
            )
        )
    return tuple(rows)


def _context(
    finding: Finding, doc: SelfEvaluation, result: RuleResult, row: ScoreRow | None
) -> dict[str, Any]:
    values = result.values
    full = _decimal(values.get("满分"))
    budget_full = _decimal(values.get("执行率分值"))
    budget_line = result.score(BUDGET_SCORE)
    declared_sum = _decimal(values.get("申报合计"))
    context: dict[str, Any] = {
        "path": finding.path,
        "full": full,
        "budget_full": budget_full,
        "indicators_full": full - budget_full if full is not None and budget_full is not None else None,
        "budget_weight": _decimal(values.get("执行率行分值")),
        "indicator_weights": _decimal(values.get("指标分值合计")),
        "output_full": _decimal(values.get("产出分值")),
        "benefit_full": _decimal(values.get("应效益分值")),
        "satisfaction_full": _decimal(values.get("应满意度分值")),
        "output": _decimal(values.get("产出合计")),
        "benefit": _decimal(values.get("效益合计")),
        "satisfaction": _decimal(values.get("满意度合计")),
        "source_budget": _decimal(values.get("来源预算")),
        "source_executed": _decimal(values.get("来源执行")),
        "budget": _decimal(values.get("预算数")),
        "executed": _decimal(values.get("执行数")),
        "budget_declared": _decimal(values.get(BUDGET_DECLARED_LET)),
        "budget_points": _decimal(budget_line.value) if budget_line is not None else None,
        "declared_total": doc.declared_total,
        "declared_sum": declared_sum,
        "total": result.total,
        "declared_grade": doc.declared_grade,
        "grade": result.grade,
    }
    if row is not None:
        context.update(
            name=row.name,
            target=row.target,
            actual=row.actual,
            declared=row.declared,
            computed=row.computed,
            low=row.band[0] if row.band else None,
            high=row.band[1] if row.band else None,
        )
    return context


def _sort(findings: list[Finding]) -> tuple[Finding, ...]:
    def key(item: tuple[int, Finding]) -> tuple[int, int, int]:
        position, finding = item
        index = row_index(finding.path)
        return (SEVERITY_ORDER.get(finding.severity, 9), -1 if index is None else index, position)

    return tuple(f for _, f in sorted(enumerate(findings), key=key))


def _report(doc: SelfEvaluation, source: str, compiled: Ruleset, explain: bool) -> ScoreReport:
    result = compiled.evaluate(doc, explain=explain)
    ordered = _sort(list(result.findings))
    rules_at: dict[int, list[str]] = {}
    for finding in ordered:
        index = row_index(finding.path)
        if index is not None and finding.rule not in (QUANTITATIVE_SCORE, QUALITATIVE_SCORE):
            rules_at.setdefault(index, []).append(finding.rule)
    rows = _rows(doc, result, {k: tuple(v) for k, v in rules_at.items()})
    findings = []
    for finding in ordered:
        if finding.message_en:
            findings.append(finding)
            continue
        index = row_index(finding.path)
        row = rows[index] if index is not None and index < len(rows) else None
        message_en = english_message(finding.rule, _context(finding, doc, result, row))
        findings.append(finding.model_copy(update={"message_en": message_en}))
    budget_line = result.score(BUDGET_SCORE)
    return ScoreReport(
        source=source,
        project=doc.project.name,
        fiscal_year=doc.fiscal_year,
        ruleset=compiled.name,
        rows=rows,
        budget_points=_decimal(budget_line.value) if budget_line is not None else None,
        budget_declared=_decimal(result.values.get(BUDGET_DECLARED_LET)),
        execution_rate=_decimal(result.values.get(RATE_LET)),
        total=result.total,
        grade=result.grade,
        declared_total=doc.declared_total,
        declared_grade=doc.declared_grade,
        findings=tuple(findings),
    )


def score_self_evaluation(
    doc: Any, *, ruleset: Ruleset | str | None = None, explain: bool = True
) -> ScoreReport:
    """Score one self-evaluation (绩效自评) under the rules and audit what the unit declared.

    Args:
        doc: A :class:`~indicator_lib.submissions.SelfEvaluation`, a dict in the exchange format
            (``kind`` may be left out), or a path to a JSON, YAML or Excel file.
        ruleset: A compiled ruleset, the name of a shipped or registered one
            (``self_evaluation_sichuan`` …), a ``.rules`` path, or rules text (a province's
            ruleset that ``extends "self_evaluation"``). Default: the shipped ``self_evaluation``
            (财预〔2020〕10号).
        explain: Fill each row's ``explanation`` and each finding's (set False for bulk runs).

    Returns:
        The :class:`ScoreReport`: ``rows`` (declared vs computed), ``budget_points``, ``total``,
        ``grade`` and the audit ``findings`` (``declared_above_rule``, ``total_mismatch`` …).

    Raises:
        SubmissionLoadError: ``doc`` cannot be read or is not a self-evaluation.
        RuleError: The ruleset given does not compile or fails to evaluate.

    """
    evaluation, source = _as_evaluation(doc)
    return _report(evaluation, source, _resolve(ruleset), explain)


def _load_error_report(source: str, err: IndicatorLibError) -> ScoreReport:
    findings = tuple(
        Finding(
            rule="load_error",
            label="无法读取",
            severity="error",
            message=diag.message,
            message_en=diag.message_en,
            path=diag.field or "",
            explanation=diag.location(),
        )
        for diag in err.diagnostics
    )
    return ScoreReport(source=source, findings=findings, loaded=False)


def score_many(
    items: Iterable[Any] | str | os.PathLike[str],
    *,
    ruleset: Ruleset | str | None = None,
    explain: bool = False,
) -> list[ScoreReport]:
    """Score many self-evaluations: files, folders, dicts or models; a bad one does not stop the rest.

    Each folder is searched (recursively) for ``.json``, ``.yaml``/``.yml`` and ``.xlsx`` files; a
    file holding several documents gives one report each. A source that cannot be read, or is not
    a self-evaluation, gives a report with ``loaded=False`` and one ``load_error`` finding per
    diagnostic.

    Args:
        items: Paths, folders, dicts or models (or one path or folder).
        ruleset: As for :func:`score_self_evaluation`.
        explain: As for :func:`score_self_evaluation` (off by default, for speed).

    Returns:
        One report per document, in the order given (files of a folder sorted by name).

    Raises:
        RuleError: The ruleset given does not compile or fails to evaluate.

    """
    from indicator_lib.submissions import load_submissions

    compiled = _resolve(ruleset)
    entries = [items] if isinstance(items, str | os.PathLike) else list(items)
    reports: list[ScoreReport] = []
    for entry in entries:
        if isinstance(entry, str | os.PathLike):
            batch = load_submissions(entry)
            found: list[tuple[str, Any, SubmissionLoadError | None]] = [
                (item.source, item.document, None) for item in batch.documents
            ]
            found.extend((name, None, error) for name, error in batch.errors.items())
            for name, document, error in sorted(found, key=lambda item: _source_key(item[0])):
                if error is not None:
                    reports.append(_load_error_report(name, error))
                else:
                    reports.append(_one(document, name, compiled, explain))
        else:
            reports.append(_one(entry, None, compiled, explain))
    return reports


def _source_key(source: str) -> tuple[str, int, str]:
    """Order ``a.yaml`` < ``a.yaml#2`` < ``a.yaml#10`` < ``b.json`` (file, then part number)."""
    path, _, part = source.partition("#")
    return (path, int(part) if part.isdigit() else -1 if not part else 0, part)


def _one(doc: Any, source: str | None, compiled: Ruleset, explain: bool) -> ScoreReport:
    try:
        evaluation, name = _as_evaluation(doc, source)
    except SubmissionLoadError as err:
        return _load_error_report(source or "<dict>", err)
    return _report(evaluation, name, compiled, explain)
