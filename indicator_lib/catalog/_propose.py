"""The 先入库、后使用 gate: what is checked before an indicator enters a library.

Decides the checks, their stable rule ids and severities (production systems and domain.md):

* ``empty_name`` (error): the name is empty;
* ``placeholder_name`` (error): the name is only a placeholder (``-``, ``*``, ``_``, ``无`` …);
* ``name_too_long`` (error): the name is longer than 100 characters;
* ``duplicate_id`` (error): the id is taken (a higher ``version`` is a revision instead);
* ``revision`` (info): same id, higher version: the entry will be replaced;
* ``duplicate_name`` (error): the same name in the same framework with overlapping function codes;
* ``near_duplicate_name`` (warning): a very similar name (similarity ≥ 0.8), or the same name
  for other codes;
* ``missing_unit`` (error): a quantitative indicator without 计量单位;
* ``unknown_function_code`` (error): a function code the code table does not know;
* ``missing_definition`` (warning): no 指标解释.

:func:`hard_problems` is the subset that makes a library file unloadable (an empty or
placeholder name): those rows are reported with their file, row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from indicator_lib.catalog._model import Indicator
from indicator_lib.catalog._text import name_similarity, normal_form
from indicator_lib.errors import Diagnostic
from indicator_lib.findings import Finding

__all__ = [
    "MAX_NAME_LENGTH",
    "NEAR_DUPLICATE_THRESHOLD",
    "CodeValidator",
    "codes_overlap",
    "hard_problems",
    "propose_findings",
]

MAX_NAME_LENGTH = 100
NEAR_DUPLICATE_THRESHOLD = 0.8
_PLACEHOLDER_CHARS = frozenset("-*_/\\.·…—–－＊＿／、，,。？?＼~～ ")
_PLACEHOLDER_WORDS = frozenset({"无", "空", "略", "暂无", "n/a", "na", "none", "null", "tbd", "xx", "xxx"})


class CodeValidator(Protocol):
    """What the gate needs of a function-code table: ``validate(code) -> list[Diagnostic]``."""

    def validate(self, code: str) -> list[Diagnostic]:
        """Return the problems with ``code`` (empty when it is a known code)."""
        ...


def _is_placeholder(name: str) -> bool:
    stripped = name.strip()
    if not stripped:
        return False
    return all(ch in _PLACEHOLDER_CHARS for ch in stripped) or stripped.lower() in _PLACEHOLDER_WORDS


def hard_problems(indicator: Indicator) -> list[tuple[str, str, str, str]]:
    """Return the problems that make an entry unloadable, as ``(rule, field, zh, en)``."""
    name = indicator.name.strip()
    if not name:
        return [("empty_name", "name", "指标名称不能为空", "the indicator name is empty")]
    if _is_placeholder(name):
        return [
            (
                "placeholder_name",
                "name",
                f"指标名称「{name}」是占位符，不是指标",
                f"the indicator name {name!r} is a placeholder, not an indicator",
            )
        ]
    return []


def codes_overlap(a: Sequence[str], b: Sequence[str]) -> bool:
    """Return True when two code lists apply to a common code (an empty list applies to all)."""
    if not a or not b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def propose_findings(
    existing: Iterable[Indicator],
    candidate: Indicator,
    codes: CodeValidator | None,
) -> list[Finding]:
    """Return the gate's findings for adding ``candidate`` to a library holding ``existing``.

    Args:
        existing: The indicators already in the library.
        candidate: The proposed indicator.
        codes: The function-code table to check codes against, or None to skip that check.

    Returns:
        The findings, errors first, in the order of the table in this module's docstring.

    """
    findings: list[Finding] = []
    for rule, field, zh, en in hard_problems(candidate):
        findings.append(Finding(rule=rule, label=_LABELS[rule], message=zh, message_en=en, path=field))
    name = candidate.name.strip()
    if len(name) > MAX_NAME_LENGTH:
        findings.append(
            Finding(
                rule="name_too_long",
                label=_LABELS["name_too_long"],
                message=f"指标名称长 {len(name)} 字，超过 {MAX_NAME_LENGTH} 字上限",
                message_en=f"the name is {len(name)} characters long, over the limit of {MAX_NAME_LENGTH}",
                path="name",
                explanation=f"len(name) = {len(name)} > {MAX_NAME_LENGTH}",
            )
        )
    others = list(existing)
    findings.extend(_id_findings(others, candidate))
    if name and not _is_placeholder(name):
        findings.extend(_name_findings(others, candidate))
    if candidate.kind == "quantitative" and not candidate.unit:
        findings.append(
            Finding(
                rule="missing_unit",
                label=_LABELS["missing_unit"],
                message=f"定量指标「{name}」缺少计量单位",
                message_en=f"quantitative indicator {name!r} has no unit (计量单位)",
                path="unit",
            )
        )
    if codes is not None:
        for i, code in enumerate(candidate.function_codes):
            for diag in codes.validate(code):
                if diag.severity != "error":
                    continue
                findings.append(
                    Finding(
                        rule="unknown_function_code",
                        label=_LABELS["unknown_function_code"],
                        message=f"功能分类科目「{code}」：{diag.message}",
                        message_en=f"function code {code!r}: {diag.message_en or diag.message}",
                        path=f"function_codes[{i}]",
                    )
                )
    if not candidate.definition:
        findings.append(
            Finding(
                rule="missing_definition",
                label=_LABELS["missing_definition"],
                severity="warning",
                message=f"指标「{name}」缺少指标解释",
                message_en=f"indicator {name!r} has no definition (指标解释)",
                path="definition",
            )
        )
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])


def _id_findings(others: list[Indicator], candidate: Indicator) -> list[Finding]:
    for other in others:
        if other.id != candidate.id:
            continue
        if candidate.version > other.version:
            return [
                Finding(
                    rule="revision",
                    label=_LABELS["revision"],
                    severity="info",
                    message=f"指标 {other.id} 将由第 {other.version} 版修订为第 {candidate.version} 版",
                    message_en=f"indicator {other.id} is revised from version {other.version} "
                    f"to {candidate.version}",
                    path="id",
                )
            ]
        return [
            Finding(
                rule="duplicate_id",
                label=_LABELS["duplicate_id"],
                message=f"指标编码 {candidate.id} 已被「{other.name}」使用（修订请提高版本号）",
                message_en=f"id {candidate.id} is already used by {other.name!r} "
                "(raise the version to revise it)",
                path="id",
            )
        ]
    return []


def _name_findings(others: list[Indicator], candidate: Indicator) -> list[Finding]:
    norm = normal_form(candidate.name)
    exact: list[Finding] = []
    near: list[tuple[float, Indicator]] = []
    for other in others:
        if other.id == candidate.id or other.status == "retired":
            continue
        overlap = codes_overlap(candidate.function_codes, other.function_codes)
        if normal_form(other.name) == norm and overlap and other.framework == candidate.framework:
            exact.append(
                Finding(
                    rule="duplicate_name",
                    label=_LABELS["duplicate_name"],
                    message=f"指标库已有同名指标「{other.name}」（{other.id}），请直接选用",
                    message_en=f"the library already has {other.name!r} ({other.id}); choose it instead",
                    path="name",
                    explanation=_where(other),
                )
            )
            continue
        score = name_similarity(candidate.name, other.name)
        if score >= NEAR_DUPLICATE_THRESHOLD and (overlap or score == 1.0):
            near.append((score, other))
    near.sort(key=lambda pair: -pair[0])
    for score, other in near[:3]:
        exact.append(
            Finding(
                rule="near_duplicate_name",
                label=_LABELS["near_duplicate_name"],
                severity="warning",
                message=f"与已有指标「{other.name}」（{other.id}）非常相近，请确认不是同一指标",
                message_en=f"very close to existing indicator {other.name!r} ({other.id}); "
                "check it is not the same indicator",
                path="name",
                explanation=f"similarity = {score:.2f} ≥ {NEAR_DUPLICATE_THRESHOLD}; {_where(other)}",
            )
        )
    return exact


def _where(other: Indicator) -> str:
    codes = ",".join(other.function_codes) or "通用 / common"
    return f"{other.id}: {other.level1}/{other.level2}, function_codes = {codes}"


_LABELS: dict[str, str] = {
    "empty_name": "指标名称为空",
    "placeholder_name": "指标名称为占位符",
    "name_too_long": "指标名称超长",
    "duplicate_id": "指标编码重复",
    "revision": "指标修订",
    "duplicate_name": "指标重复",
    "near_duplicate_name": "指标名称相近",
    "missing_unit": "缺少计量单位",
    "unknown_function_code": "功能分类科目不存在",
    "missing_definition": "缺少指标解释",
}
