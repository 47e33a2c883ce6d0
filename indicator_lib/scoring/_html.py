"""Render score reports as one self-contained HTML file a re-checker (复核) can read and send on.

Decides the layout: a summary table (one line per self-evaluation: declared vs computed total and
grade, error and warning counts), then per self-evaluation the 预算执行率 line, the indicator rows
with declared and computed scores side by side (flagged rows first, highlighted), and the findings
with their Chinese and English messages and explanations. The page shell, base CSS and finding
items are shared with the other reports (:mod:`indicator_lib._html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from indicator_lib._html import finding_item, num, render_document, section_head
from indicator_lib.scoring._report import ScoreReport, ScoreRow

__all__ = ["render_html"]

_CSS = """
td.n{text-align:right}
tr.flag-error td{background:#ffebe9}tr.flag-warning td{background:#fff8c5}
"""


def _band(row: ScoreRow) -> str:
    return "" if row.band is None else f"{num(row.band[0])}～{num(row.band[1])}"


def _summary(reports: Sequence[ScoreReport]) -> str:
    lines = [
        "<table><tr><th>#</th><th>文件 / source</th><th>项目 / project</th><th>申报总分</th>"
        "<th>计算总分</th><th>申报等级</th><th>计算等级</th><th>错误</th><th>警告</th></tr>"
    ]
    for position, report in enumerate(reports):
        lines.append(
            f'<tr><td><a href="#s{position}">{position + 1}</a></td><td>{escape(report.source)}</td>'
            f"<td>{escape(report.project or '')}</td><td class=n>{num(report.declared_total)}</td>"
            f"<td class=n>{num(report.total)}</td><td>{escape(report.declared_grade or '')}</td>"
            f"<td>{escape(report.grade or ('无法评分' if not report.loaded else ''))}</td>"
            f"<td class=n>{len(report.by_severity('error'))}</td>"
            f"<td class=n>{len(report.by_severity('warning'))}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _rows(report: ScoreReport) -> str:
    worst: dict[int, str] = {}
    for finding in report.findings:
        row = report.row_of(finding)
        if row is not None and worst.get(row.index) != "error":
            worst[row.index] = finding.severity
    out = [
        "<table><tr><th>行</th><th>一级指标</th><th>三级指标</th><th>指标值</th><th>实际完成值</th>"
        "<th>分值</th><th>申报得分</th><th>计算得分</th><th>定性区间</th><th>计入</th><th>问题</th></tr>",
        f"<tr><td></td><td colspan=4>预算执行率 / budget execution"
        f"（执行率 {num(report.execution_rate)}）</td><td></td>"
        f"<td class=n>{num(report.budget_declared)}</td><td class=n>{num(report.budget_points)}</td>"
        f"<td></td><td class=n>{num(report.budget_points)}</td><td></td></tr>",
    ]
    for row in report.flagged_first():
        css = f' class="flag-{worst[row.index]}"' if row.index in worst else ""
        out.append(
            f"<tr{css}><td>{row.index + 1}</td><td>{escape(row.level1)}</td><td>{escape(row.name)}</td>"
            f"<td>{escape(row.target)}</td><td>{escape(row.actual)}</td><td class=n>{num(row.weight)}</td>"
            f"<td class=n>{num(row.declared)}</td><td class=n>{num(row.computed)}</td>"
            f"<td>{_band(row)}</td><td class=n>{num(row.points)}</td>"
            f"<td>{escape(', '.join(row.rules))}</td></tr>"
        )
    out.append(
        f"<tr><th colspan=6>总分 / total</th><td class=n>{num(report.declared_total)}</td>"
        f"<td class=n>{num(report.total)}</td><td></td><td class=n>{num(report.total)}</td><td></td></tr>"
    )
    out.append("</table>")
    return "\n".join(out)


def _report(position: int, report: ScoreReport) -> str:
    meta = [f"来源 / source: {escape(report.source)}"]
    if report.fiscal_year is not None:
        meta.append(f"年度 / year: {report.fiscal_year}")
    if report.ruleset:
        meta.append(f"评分规则 / ruleset: {escape(report.ruleset)}")
    if report.loaded:
        meta.append(
            f"计算总分 {num(report.total)}（{escape(report.grade or '—')}）　"
            f"申报总分 {num(report.declared_total)}（{escape(report.declared_grade or '—')}）"
        )
    title = report.project or report.source or f"#{position + 1}"
    out = [section_head(f"s{position}", position, title, meta)]
    if report.loaded:
        out.append(_rows(report))
    if not report.findings:
        out.append("<p>未发现问题 / no findings.</p>")
        return "\n".join(out)
    out.append('<ul class="findings">')
    out.extend(finding_item(finding) for finding in report.findings)
    out.append("</ul>")
    return "\n".join(out)


def render_html(reports: ScoreReport | Sequence[ScoreReport], *, title: str = "绩效自评复核报告") -> str:
    """Render one or many score reports as a self-contained HTML document.

    Args:
        reports: One report, or the reports of a batch (a summary table is printed first).
        title: The document title.

    Returns:
        The HTML text (UTF-8, inline CSS, no scripts, no external references).

    """
    items = [reports] if isinstance(reports, ScoreReport) else list(reports)
    return render_document(
        items,
        title=title,
        subtitle="Self-evaluation scoring and audit report",
        css=_CSS,
        summary=_summary,
        section=_report,
    )
