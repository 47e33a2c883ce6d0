"""The Excel importer: real goal and self-evaluation tables into exchange-format mappings.

Decides how a worksheet in one of the real template families (realdata README: central/Anhui
自评表, Sichuan split-column 自评表, Yunnan, Hunan 申报表, Hubei goal tables, 单位整体 目标表,
Anhui goal tables) is read, without assuming a column order:

- merged cells are filled with their top-left value, so a 一级 cell spanning five rows labels
  all five; blank level cells are also filled down from the row above;
- the indicator header is the row holding ``一级指标`` and ``二级指标`` (or ``三级指标``); a
  sub-heading row below it (``指标性质 | 指标值 | 度量单位``) or a heading row above it refines
  the columns; each column's role comes from its heading (:mod:`._aliases`), columns marked
  ``(长期)`` or not recognised are kept in the row's ``extra``;
- indicator rows run until ``合计`` / ``总分`` / a footnote; rows that only repeat a level
  (template rows the unit left empty) and section rows (``(产出指标)(50分)``) carry no
  indicator; the ``总分`` row's 得分 becomes ``declared_total``;
- header fields above the table are label → value pairs (``项目名称 | 委托业务项目``), or
  label over value (``预期目标`` above its text); money rows are found by their labels
  (``年度资金总额``, ``其中:本年财政拨款`` …), with or without the number in the same cell;
- the kind is ``self_evaluation`` when the table has actuals, scores or a budget-execution
  block, ``department_plan`` for 部门（单位）整体 tables, else ``project_goal``; the fiscal year
  comes from the title (``(2022年度)``) unless given.

The result is a plain mapping validated by the models like any JSON document, plus a locator
that maps field paths back to sheet rows for the diagnostics.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from indicator_lib.errors import Diagnostic, SubmissionLoadError
from indicator_lib.levels import normalize_level1
from indicator_lib.submissions._aliases import BUDGET_SOURCE_ALIASES, FIELD_ALIASES, norm_key
from indicator_lib.submissions._errors import Locator
from indicator_lib.submissions._values import is_blank, split_coded_name

__all__ = ["SheetResult", "read_workbook"]

#: Worksheets with more rows than this are refused (a goal table has tens of rows).
MAX_ROWS = 5000


@dataclass(frozen=True, slots=True)
class SheetResult:
    """One worksheet read: the mapping, or the error that stopped it.

    Attributes:
        source: ``path`` (single-sheet workbook) or ``path#sheet``.
        data: The exchange-format mapping, or None on error.
        locate: Maps a field path to its sheet row and column.
        error: The error, or None.

    """

    source: str
    data: dict[str, Any] | None
    locate: Locator | None
    error: SubmissionLoadError | None


def _heading(text: str) -> str:
    return norm_key(text)


_INDICATOR_ROLES: dict[str, str] = {
    norm_key(alias): field
    for record in ("PlanIndicator", "EvaluationIndicator")
    for field, aliases in FIELD_ALIASES[record].items()
    for alias in aliases
}
_INDICATOR_ROLES.pop(norm_key("单位"), None)  # too generic for a heading search
_INDICATOR_ROLES.pop(norm_key("实际完成"), None)
_INDICATOR_ROLES.update({"计量单位": "unit", "度量单位": "unit", "预期指标值": "target"})

_BUDGET_ROLES: dict[str, str] = {
    norm_key(alias): field
    for field, aliases in FIELD_ALIASES["BudgetRow"].items()
    if field != "source"
    for alias in aliases
}
_BUDGET_KEYS = {"initial", "adjusted", "executed"}

_FUNDS_LABELS: dict[str, str] = {
    norm_key(alias): field for field, aliases in FIELD_ALIASES["Funds"].items() for alias in aliases
}
_FUNDS_LABELS.update(
    {
        "年度本级预算金额": "fiscal",
        "本级预算金额": "fiscal",
        "预算金额": "total",
        "年度预算金额": "total",
        "该项目支出上级资金": "superior",
        "项目支出上级资金": "superior",
    }
)

# Header label → where its value goes (dotted path in the mapping).
_HEADER_LABELS: dict[str, str] = {
    "项目名称": "project.name",
    "项目支出名称": "project.name",
    "项目编码": "project.code",
    "项目代码": "project.code",
    "主管部门": "project.department",
    "主管部门及代码": "project.department",
    "主管部门及编码": "project.department",
    "项目主管部门": "project.department",
    "预算部门": "project.department",
    "实施单位": "project.unit",
    "项目执行单位": "project.unit",
    "执行单位": "project.unit",
    "项目属性": "project.category",
    "项目类别": "project.category",
    "项目起止时间": "project.period",
    "项目支出实施期": "project.period",
    "项目实施期": "project.period",
    "起止时间": "project.period",
    "支出功能分类科目": "project.function_code",
    "功能科目": "project.function_code",
    "资金使用类别": "project.fund_use",
    "项目期": "project.extra.项目期",
    "项目来源": "project.extra.项目来源",
    "项目负责人及电话": "project.extra.项目负责人及电话",
    "部门(单位)名称": "department",
    "部门名称": "department",
    "单位名称": "department",
    "部门(单位)职责": "duties",
    "部门职责": "duties",
    "年度总体绩效目标": "goals.annual",
    "整体绩效目标": "goals.annual",
    "年度目标": "goals.annual",
    "本年度绩效目标": "goals.annual",
    "年度绩效目标": "goals.annual",
    "年度总体目标": "goals.annual",
    "实施期绩效目标": "goals.long_term",
    "实施期目标": "goals.long_term",
    "中期目标": "goals.long_term",
    "长期目标": "goals.long_term",
}

# Label above its value (column-below layout) → field of ``goals``.
_GOALS_BELOW: dict[str, str] = {
    "预期目标": "expected",
    "年初设定目标": "expected",
    "项目年度目标": "expected",
    "实际完成情况": "achieved",
    "年度总体目标完成情况综述": "achieved",
    "年度目标完成情况": "achieved",
}

_SECTION_LABELS = {"绩效指标", "年度绩效指标", "本年度绩效指标", "年度绩效指标完成情况", "绩效项目指标表"}
_STOP_EXACT = {"合计", "总分", "评价结论", "存在问题", "改进措施", "财政部门审核意见", "审核意见"}
_STOP_PREFIX = ("注", "填表人", "项目负责人", "单位负责人", "联系电话", "填报日期", "财务负责人")
_YEAR_RE = re.compile(r"(\d{4})\s*年度")
_YEAR_LOOSE_RE = re.compile(r"(\d{4})\s*年")
_LABEL_VALUE_RE = re.compile(r"^(.*?)[:：]?\s*(-?[\d,]+(?:\.\d+)?\s*(?:万元|万|元)?)$")
_DEPT_TITLE_RE = re.compile(r"整体绩效目标|部门\(单位\)|部门（单位）")


def _cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        if "%" in str(cell.number_format or ""):
            number = number * 100
        text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
        return text + ("%" if "%" in str(cell.number_format or "") else "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _grid(ws: Any) -> list[list[str]]:
    """Return the sheet as text rows, merged ranges filled with their top-left value."""
    rows = [[_cell_text(cell) for cell in row] for row in ws.iter_rows()]
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    for merged in ws.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, min(merged.max_col, width)):
                rows[r][c] = top
    return rows


def _role(text: str) -> tuple[str | None, bool]:
    """Return ``(role, long_term)`` for an indicator-table heading."""
    flat = unicodedata.normalize("NFKC", text).replace(" ", "")
    long_term = bool(re.search(r"\((?:长期|中期|实施期)\)", flat))
    return _INDICATOR_ROLES.get(_heading(text)), long_term


def _is_header(row: list[str]) -> bool:
    roles = {_role(t)[0] for t in row if t}
    return "level1" in roles and bool(roles & {"level2", "name"})


def _columns(grid: list[list[str]], r: int) -> tuple[dict[int, str], dict[int, str], int]:
    """Map columns to roles using the header row ``r`` and its neighbours.

    Returns:
        ``(roles, headings, first_data_row)``: column → role, column → heading of the columns
        kept in ``extra``.

    """
    rows = [r]
    above = grid[r - 1] if r > 0 else []
    if any(_role(t)[0] in ("target", "actual", "weight", "declared_score") for t in above) and not any(
        normalize_level1(t) for t in above
    ):
        rows.insert(0, r - 1)
    if r + 1 < len(grid) and any(_role(t)[0] in ("op", "unit") for t in grid[r + 1]):
        rows.append(r + 1)
    roles: dict[int, str] = {}
    headings: dict[int, str] = {}
    taken: set[str] = set()
    width = len(grid[r])
    for c in range(width):
        chosen: tuple[str | None, str] = (None, "")
        for hr in reversed(rows):
            text = grid[hr][c]
            role, long_term = _role(text) if text else (None, False)
            if role and not long_term:
                chosen = (role, text)
                break
            if text and not chosen[1]:
                chosen = (None, text)
        role, text = chosen
        if role and role not in taken:
            roles[c] = role
            taken.add(role)
        elif text and _heading(text) not in _SECTION_LABELS:
            headings[c] = text
    return roles, headings, rows[-1] + 1


def _stops(row: list[str]) -> bool:
    first = next((t for t in row if t), "")
    key = _heading(first)
    return key in _STOP_EXACT or key.startswith(_STOP_PREFIX)


@dataclass
class _Sheet:
    """Reading state for one worksheet."""

    name: str
    grid: list[list[str]]
    locs: dict[str, tuple[int, int | None]]


def _indicators(sheet: _Sheet, header: int) -> tuple[list[dict[str, Any]], str | None, int]:
    """Read the indicator rows; return them, the declared total and the row after the table."""
    grid = sheet.grid
    roles, headings, start = _columns(grid, header)
    col_of = {role: c for c, role in roles.items()}
    rows: list[dict[str, Any]] = []
    declared_total: str | None = None
    cur1 = cur2 = ""
    r = start
    for r in range(start, len(grid)):
        row = grid[r]
        if not any(row):
            continue
        if _stops(row):
            if _heading(next(t for t in row if t)) == "总分":
                score_col = col_of.get("declared_score")
                values = [t for t in row[1:] if t and t != row[0]]
                if score_col is not None and row[score_col] and row[score_col] != row[0]:
                    declared_total = row[score_col]
                elif values:
                    declared_total = values[-1]
            break
        if _is_header(row):
            break
        texts = {t for t in row if t}
        if len(texts) == 1 and normalize_level1(next(iter(texts))):
            cur1, cur2 = next(iter(texts)), ""
            continue
        l1 = row[col_of["level1"]] if "level1" in col_of else ""
        l2 = row[col_of["level2"]] if "level2" in col_of else ""
        if l1 and l1 != cur1:
            cur1, cur2 = l1, ""
        if l2:
            cur2 = l2
        item: dict[str, Any] = {}
        if cur1:
            item["level1"] = cur1
        if cur2:
            item["level2"] = cur2
        content = False
        for role, c in col_of.items():
            if role in ("level1", "level2"):
                continue
            text = row[c]
            if text:
                item[role] = text
                content = content or role in ("name", "target", "actual", "weight", "declared_score")
        extra = {
            headings[c]: row[c]
            for c in sorted(headings)
            if row[c] and row[c] != headings[c] and _heading(row[c]) not in _SECTION_LABELS
        }
        # a 长期 column repeating the row's own (年度) value adds nothing
        extra = {k: v for k, v in extra.items() if v not in (item.get("level2"), item.get("name"))}
        if not content:
            continue
        if extra:
            item["extra"] = extra
        index = len(rows)
        sheet.locs[f"indicators[{index}]"] = (r + 1, None)
        for role, c in col_of.items():
            sheet.locs[f"indicators[{index}].{role}"] = (r + 1, c + 1)
        rows.append(item)
    return rows, declared_total, r


def _next_value(row: list[str], c: int, labels: set[str]) -> tuple[str, int] | None:
    label = row[c]
    for j in range(c + 1, len(row)):
        text = row[j]
        if not text or text == label:
            continue
        if _heading(text) in labels:
            return None
        return text, j
    return None


def _set(data: dict[str, Any], path: str, value: Any) -> bool:
    """Set a dotted path; return False when it is already set (first value wins)."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if parts[-1] in node:
        return False
    node[parts[-1]] = value
    return True


def _header_fields(sheet: _Sheet, end: int, data: dict[str, Any], kind: str) -> None:
    """Read label → value pairs and label-over-value goal texts from rows before ``end``."""
    grid = sheet.grid
    labels = set(_HEADER_LABELS) | set(_GOALS_BELOW) | set(_FUNDS_LABELS) | _SECTION_LABELS
    for r in range(end):
        row = grid[r]
        for c, text in enumerate(row):
            if not text or (c > 0 and row[c - 1] == text):
                continue
            key = _heading(text)
            if key in _GOALS_BELOW and kind == "self_evaluation":
                below = grid[r + 1][c] if r + 1 < end else ""
                fresh = below and below != text and _heading(below) not in labels
                if fresh and _set(data, f"goals.{_GOALS_BELOW[key]}", below):
                    sheet.locs[f"goals.{_GOALS_BELOW[key]}"] = (r + 2, c + 1)
                continue
            target = _HEADER_LABELS.get(key)
            if target is None or (target.startswith("goals.") and kind == "self_evaluation"):
                continue
            if kind == "department_plan" and target.startswith("project."):
                continue
            found = _next_value(row, c, labels)
            if found is None:
                continue
            value, col = found
            if target == "duties":
                data.setdefault("duties", []).append(
                    {"id": f"D{len(data.get('duties', [])) + 1}", "name": value}
                )
                continue
            if target == "project.name":
                code, name = split_coded_name(value, min_code=6)
                if code is not None:
                    _set(data, "project.code", code)
                    value = name
            if _set(data, target, value):
                sheet.locs[target] = (r + 1, col + 1)


def _money_cell(text: str) -> bool:
    clean = text.replace(",", "").replace(" ", "")
    return is_blank(text) or bool(re.fullmatch(r"-?\d+(?:\.\d+)?(?:万元|万|元)?", clean))


def _funds(sheet: _Sheet, end: int) -> dict[str, Any]:
    """Read a goal table's money labels (年度资金总额, 其中:财政拨款 …) before row ``end``."""
    chosen: dict[str, tuple[bool, str, str]] = {}
    extra: dict[str, str] = {}
    for r in range(end):
        row = sheet.grid[r]
        for c, text in enumerate(row):
            if not text or (c > 0 and row[c - 1] == text):
                continue
            key, value = _heading(text), None
            field = _FUNDS_LABELS.get(key)
            if field is None:
                match = _LABEL_VALUE_RE.match(unicodedata.normalize("NFKC", text).strip())
                if match and _FUNDS_LABELS.get(_heading(match.group(1))):
                    key, value = _heading(match.group(1)), match.group(2)
                    field = _FUNDS_LABELS[key]
            if field is None:
                continue
            if value is None:
                nxt = next((t for t in row[c + 1 :] if t != text), "")
                if nxt and not _money_cell(nxt):
                    continue
                value = nxt
            value = "" if is_blank(value) else value
            this_year = key.startswith(("当年", "本年", "年度"))
            previous = chosen.get(field)
            if previous is None or (this_year and not previous[0]):
                if previous is not None and previous[1]:
                    extra[previous[2]] = previous[1]
                chosen[field] = (this_year, value, key)
                sheet.locs[f"funds.{field}"] = (r + 1, c + 1)
            elif value:
                extra[key] = value
    funds: dict[str, Any] = {field: value for field, (_, value, _) in chosen.items() if value}
    if extra:
        funds["extra"] = extra
    return funds


def _budget(sheet: _Sheet, end: int) -> tuple[list[dict[str, Any]], str | None]:
    """Read a self-evaluation's budget block; return its rows and the money unit if stated."""
    grid = sheet.grid
    for r in range(end):
        roles = {
            c: _BUDGET_ROLES[_heading(t)] for c, t in enumerate(grid[r]) if t and _heading(t) in _BUDGET_ROLES
        }
        if len(set(roles.values()) & _BUDGET_KEYS) < 2:
            continue
        seen: set[str] = set()
        col_of: dict[str, int] = {}
        for c, role in roles.items():
            if role not in seen:
                col_of[role] = c
                seen.add(role)
        unit = _money_unit_of(grid[r])
        rows: list[dict[str, Any]] = []
        for rr in range(r + 1, end):
            row = grid[rr]
            label_col = next(
                (c for c, t in enumerate(row) if t and _heading(t).rstrip(":") in BUDGET_SOURCE_ALIASES),
                None,
            )
            if label_col is None:
                break
            item: dict[str, Any] = {"source": row[label_col]}
            for role, c in col_of.items():
                if c != label_col and row[c] and row[c] != row[label_col]:
                    item[role] = row[c]
            sheet.locs[f"budget[{len(rows)}]"] = (rr + 1, None)
            for role, c in col_of.items():
                sheet.locs[f"budget[{len(rows)}].{role}"] = (rr + 1, c + 1)
            rows.append(item)
        return rows, unit
    return [], None


def _money_unit_of(row: list[str]) -> str | None:
    for text in row:
        flat = unicodedata.normalize("NFKC", text)
        match = re.search(r"(?:单位[:：]?\s*|\()(万元|元)\)?", flat)
        if match:
            return match.group(1)
    return None


def _fiscal_year(grid: list[list[str]], end: int) -> int | None:
    for pattern in (_YEAR_RE, _YEAR_LOOSE_RE):
        for row in grid[:end]:
            for text in row:
                match = pattern.search(text)
                if match and 1990 <= int(match.group(1)) <= 2100:
                    return int(match.group(1))
    return None


def _sheet_error(code: str, zh: str, en: str, source: str, sheet: str) -> SubmissionLoadError:
    return SubmissionLoadError(
        Diagnostic(
            code=code, message=f"工作表「{sheet}」：{zh}", message_en=f"sheet {sheet!r}: {en}", file=source
        )
    )


def read_sheet(
    ws: Any, source: str, *, fiscal_year: int | None = None, kind: str | None = None
) -> SheetResult:
    """Read one worksheet into an exchange-format mapping (see the module docstring)."""
    name = ws.title
    if ws.max_row > MAX_ROWS:
        error = _sheet_error(
            "sheet-too-large",
            f"有 {ws.max_row} 行，超过上限 {MAX_ROWS} 行",
            f"has {ws.max_row} rows, over the limit of {MAX_ROWS}",
            source,
            name,
        )
        return SheetResult(source, None, None, error)
    sheet = _Sheet(name, _grid(ws), {})
    grid = sheet.grid
    header = next((r for r, row in enumerate(grid) if _is_header(row)), None)
    if header is None:
        error = _sheet_error(
            "no-header",
            "找不到指标表的表头行（应有「一级指标」和「二级指标」或「三级指标」列）",
            "no indicator header row found (expected columns 一级指标 and 二级指标 or 三级指标)",
            source,
            name,
        )
        return SheetResult(source, None, None, error)
    roles, _, _ = _columns(grid, header)
    budget_rows, budget_unit = _budget(sheet, header)
    if kind is None:
        if budget_rows or {"actual", "declared_score"} & set(roles.values()):
            kind = "self_evaluation"
        elif any(
            _DEPT_TITLE_RE.search(unicodedata.normalize("NFKC", t)) for row in grid[:header] for t in row
        ):
            kind = "department_plan"
        else:
            kind = "project_goal"
    year = fiscal_year if fiscal_year is not None else _fiscal_year(grid, header)
    data: dict[str, Any] = {"kind": kind}
    if year is not None:
        data["fiscal_year"] = year
    _header_fields(sheet, header, data, kind)
    unit = budget_unit or next((u for row in grid[:header] if (u := _money_unit_of(row))), None)
    if unit is not None:
        data["money_unit"] = unit
    if kind == "self_evaluation":
        data["budget"] = budget_rows
    elif kind == "project_goal":
        funds = _funds(sheet, header)
        if funds:
            data["funds"] = funds
    indicators, declared_total, _ = _indicators(sheet, header)
    data["indicators"] = indicators
    if declared_total is not None and kind == "self_evaluation":
        data["declared_total"] = declared_total
    if kind == "department_plan":
        data.pop("project", None)
    return SheetResult(source, data, _locator(sheet), None)


def _locator(sheet: _Sheet) -> Locator:
    locs = sheet.locs

    def locate(path: str) -> tuple[int | None, int | None, str | None]:
        probe = path
        while probe:
            if probe in locs:
                row, col = locs[probe]
                return row, col, f"工作表「{sheet.name}」第 {row} 行"
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None, None, f"工作表「{sheet.name}」"

    return locate


def read_workbook(
    path: Path,
    *,
    sheet: str | None = None,
    fiscal_year: int | None = None,
    kind: str | None = None,
) -> list[SheetResult]:
    """Read every non-empty sheet of a workbook (or only ``sheet``).

    Args:
        path: The .xlsx / .xlsm file.
        sheet: Read only this sheet.
        fiscal_year: The year, for tables whose title does not state it.
        kind: Force the document kind instead of guessing it from the headings.

    Returns:
        One :class:`SheetResult` per sheet, in workbook order.

    Raises:
        SubmissionLoadError: The file is not a readable workbook, or ``sheet`` does not exist.
        MissingDependencyError: openpyxl (the ``excel`` extra) is not installed.

    """
    from indicator_lib._tabular import no_such_sheet, open_workbook

    name = str(path)
    with open_workbook(
        path, purpose="读取 Excel / reading Excel", error=SubmissionLoadError, read_only=False
    ) as wb:
        sheets = list(wb.worksheets)
        if sheet is not None:
            sheets = [ws for ws in sheets if ws.title == sheet]
            if not sheets:
                raise no_such_sheet(sheet, [ws.title for ws in wb.worksheets], name, SubmissionLoadError)
        many = len(wb.worksheets) > 1
        results = []
        for ws in sheets:
            empty = ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None
            if empty and sheet is None and many:
                continue
            source = f"{name}#{ws.title}" if many else name
            results.append(read_sheet(ws, source, fiscal_year=fiscal_year, kind=kind))
        if not results:
            results.append(
                SheetResult(
                    name,
                    None,
                    None,
                    SubmissionLoadError(
                        Diagnostic(
                            code="empty-file",
                            message="工作簿是空的",
                            message_en="the workbook is empty",
                            file=name,
                        )
                    ),
                )
            )
        return results
