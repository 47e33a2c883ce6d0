"""Render goal reviews as one self-contained HTML file a reviewer can send to the spending unit.

Decides the report's layout: a summary table (one line per submission), then per submission its
conclusion and budget consequence, the score of each dimension, and the findings grouped by
dimension, each finding showing the cells of the indicator row it points at. The page shell, base
CSS and finding items are shared with the other reports (:mod:`indicator_lib._html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from indicator_lib._html import finding_item, num, render_document, section_head
from indicator_lib.findings import Finding
from indicator_lib.review._report import ReviewReport

__all__ = ["render_html"]

_CSS = """
h3{font-size:1.05em;margin-bottom:.3em}
.c-优{color:#1a7f37}.c-良{color:#0969da}.c-中{color:#9a6700}.c-差{color:#cf222e}
.conclusion{font-size:1.2em;font-weight:bold}
.row td{background:#fafafa;font-size:.9em}
"""


def _conclusion(report: ReviewReport) -> str:
    if report.conclusion is None:
        return '<span class="c-差">无法审核</span>'
    return f'<span class="c-{report.conclusion}">{escape(report.conclusion)}</span>'


def _anchor(position: int) -> str:
    return f"r{position}"


def _summary(reports: Sequence[ReviewReport]) -> str:
    lines = [
        "<table><tr><th>#</th><th>文件 / source</th><th>项目 / project</th><th>得分 / score</th>"
        "<th>结论 / conclusion</th><th>处理 / consequence</th><th>错误</th><th>警告</th></tr>"
    ]
    for position, report in enumerate(reports):
        lines.append(
            f'<tr><td><a href="#{_anchor(position)}">{position + 1}</a></td>'
            f"<td>{escape(report.source)}</td><td>{escape(report.project or '')}</td>"
            f"<td>{num(report.score)}</td><td>{_conclusion(report)}</td>"
            f"<td>{escape(report.consequence)}</td>"
            f"<td>{len(report.by_severity('error'))}</td><td>{len(report.by_severity('warning'))}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _finding(report: ReviewReport, finding: Finding) -> str:
    row = report.row_of(finding)
    detail = ""
    if row is not None:
        detail = (
            '<table class="row"><tr><th>行</th><th>一级指标</th><th>二级指标</th><th>三级指标</th>'
            "<th>指标值</th></tr>"
            f"<tr><td>{row.index + 1}</td><td>{escape(row.level1)}</td><td>{escape(row.level2)}</td>"
            f"<td>{escape(row.name)}</td><td>{escape(row.target)}</td></tr></table>"
        )
    return finding_item(finding, label=True, detail=detail)


def _report(position: int, report: ReviewReport) -> str:
    meta = [f"来源 / source: {escape(report.source)}"]
    if report.fiscal_year is not None:
        meta.append(f"预算年度 / fiscal year: {report.fiscal_year}")
    if report.ruleset:
        meta.append(f"审核规则 / ruleset: {escape(report.ruleset)}")
    title = report.project or report.source or f"#{position + 1}"
    out = [section_head(_anchor(position), position, title, meta)]
    out.append(
        f'<p class="conclusion">审核结论：{_conclusion(report)}　得分 {num(report.score)}　'
        f"{escape(report.consequence)}"
        + (f' <span class="en">({escape(report.consequence_en)})</span>' if report.consequence_en else "")
        + "</p>"
    )
    if report.dimensions:
        out.append("<table><tr><th>维度 / dimension</th><th>得分</th><th>满分</th></tr>")
        for name, dim in report.dimensions.items():
            out.append(f"<tr><td>{escape(name)}</td><td>{num(dim.score)}</td><td>{num(dim.max)}</td></tr>")
        out.append("</table>")
    groups = report.by_dimension()
    if not groups:
        out.append("<p>未发现问题 / no findings.</p>")
    for dimension, findings in groups.items():
        out.append(f"<h3>{escape(dimension)}（{len(findings)}）</h3>")
        out.append('<ul class="findings">')
        out.extend(_finding(report, f) for f in findings)
        out.append("</ul>")
    return "\n".join(out)


def render_html(reports: ReviewReport | Sequence[ReviewReport], *, title: str = "绩效目标审核报告") -> str:
    """Render one or many reviews as a self-contained HTML document.

    Args:
        reports: One review, or the reviews of a batch (a summary table is printed first).
        title: The document title.

    Returns:
        The HTML text (UTF-8, inline CSS, no scripts, no external references).

    """
    items = [reports] if isinstance(reports, ReviewReport) else list(reports)
    return render_document(
        items,
        title=title,
        subtitle="Performance goal review report",
        css=_CSS,
        summary=_summary,
        section=_report,
    )
