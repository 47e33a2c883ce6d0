"""Render goal reviews as one self-contained HTML file a reviewer can send to the spending unit.

Decides the report's layout: a summary table (one line per submission), then per submission its
conclusion and budget consequence, the score of each dimension, and the findings grouped by
dimension, each finding showing the cells of the indicator row it points at. Everything is inline
(CSS in a ``<style>`` element, no scripts, no external assets) and every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from indicator_lib.findings import Finding
from indicator_lib.review._report import ReviewReport

__all__ = ["render_html"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ccc}
h3{font-size:1.05em;margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.c-优{color:#1a7f37}.c-良{color:#0969da}.c-中{color:#9a6700}.c-差{color:#cf222e}
.conclusion{font-size:1.2em;font-weight:bold}
.sev-error{color:#cf222e;font-weight:bold}.sev-warning{color:#9a6700}.sev-info{color:#57606a}
.en{color:#57606a;font-size:.9em}
.row td{background:#fafafa;font-size:.9em}
.expl{font-family:monospace;font-size:.85em;color:#57606a}
ul.findings{list-style:none;padding-left:0}ul.findings>li{margin:.6em 0}
"""

_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


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
            f"<td>{_num(report.score)}</td><td>{_conclusion(report)}</td>"
            f"<td>{escape(report.consequence)}</td>"
            f"<td>{len(report.by_severity('error'))}</td><td>{len(report.by_severity('warning'))}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _finding(report: ReviewReport, finding: Finding) -> str:
    sev = finding.severity
    parts = [
        f'<li><span class="sev-{sev}">{_SEVERITY_ZH.get(sev, sev)}</span> '
        f"<code>{escape(finding.rule)}</code> {escape(finding.label)}"
        + (f" · <code>{escape(finding.path)}</code>" if finding.path else "")
        + f"<br>{escape(finding.message)}"
    ]
    if finding.message_en:
        parts.append(f'<br><span class="en">{escape(finding.message_en)}</span>')
    row = report.row_of(finding)
    if row is not None:
        parts.append(
            '<table class="row"><tr><th>行</th><th>一级指标</th><th>二级指标</th><th>三级指标</th>'
            "<th>指标值</th></tr>"
            f"<tr><td>{row.index + 1}</td><td>{escape(row.level1)}</td><td>{escape(row.level2)}</td>"
            f"<td>{escape(row.name)}</td><td>{escape(row.target)}</td></tr></table>"
        )
    if finding.explanation:
        parts.append(f'<div class="expl">{escape(finding.explanation)}</div>')
    parts.append("</li>")
    return "".join(parts)


def _report(position: int, report: ReviewReport) -> str:
    title = report.project or report.source or f"#{position + 1}"
    out = [f'<h2 id="{_anchor(position)}">{position + 1}. {escape(title)}</h2>']
    meta = [f"来源 / source: {escape(report.source)}"]
    if report.fiscal_year is not None:
        meta.append(f"预算年度 / fiscal year: {report.fiscal_year}")
    if report.ruleset:
        meta.append(f"审核规则 / ruleset: {escape(report.ruleset)}")
    out.append("<p>" + "<br>".join(meta) + "</p>")
    out.append(
        f'<p class="conclusion">审核结论：{_conclusion(report)}　得分 {_num(report.score)}　'
        f"{escape(report.consequence)}"
        + (f' <span class="en">({escape(report.consequence_en)})</span>' if report.consequence_en else "")
        + "</p>"
    )
    if report.dimensions:
        out.append("<table><tr><th>维度 / dimension</th><th>得分</th><th>满分</th></tr>")
        for name, dim in report.dimensions.items():
            out.append(f"<tr><td>{escape(name)}</td><td>{_num(dim.score)}</td><td>{_num(dim.max)}</td></tr>")
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
    body = [f"<h1>{escape(title)}</h1>", "<p>Performance goal review report</p>"]
    if len(items) > 1:
        body.append(_summary(items))
    body.extend(_report(position, report) for position, report in enumerate(items))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
