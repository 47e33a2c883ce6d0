"""The parts every self-contained HTML report shares: page shell, base CSS, numbers and findings.

Decides what the review and scoring reports (and any later one) have in common: one HTML
document with inline CSS (a ``<style>`` element, no scripts, no external assets), a title and an
English subtitle, a summary table first when there is more than one report, then one section per
report with a numbered, anchored heading and a block of facts; Decimals printed without exponent
or trailing zeros (``—`` for none); a finding as a list item with its severity in Chinese, rule,
path, Chinese and English messages and explanation. Every text is escaped here or by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape
from typing import TypeVar

from indicator_lib.findings import Finding

__all__ = ["BASE_CSS", "SEVERITY_ZH", "finding_item", "num", "render_document", "section_head"]

#: The CSS every report starts from; a report appends its own rules.
BASE_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.sev-error{color:#cf222e;font-weight:bold}.sev-warning{color:#9a6700}.sev-info{color:#57606a}
.en{color:#57606a;font-size:.9em}
.expl{font-family:monospace;font-size:.85em;color:#57606a}
ul.findings{list-style:none;padding-left:0}ul.findings>li{margin:.6em 0}
"""

#: Severity words shown in reports.
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

_T = TypeVar("_T")


def num(value: Decimal | None) -> str:
    """Return a Decimal as plain text (no exponent, no trailing zeros), ``—`` for None."""
    return "—" if value is None else format(value.normalize(), "f")


def finding_item(finding: Finding, *, label: bool = False, detail: str = "") -> str:
    """Return one finding as an ``<li>`` of a ``ul.findings`` list.

    Args:
        finding: The finding.
        label: Show the finding's label after its rule.
        detail: HTML (already escaped) placed after the messages and before the explanation.

    """
    sev = finding.severity
    parts = [
        f'<li><span class="sev-{sev}">{SEVERITY_ZH.get(sev, sev)}</span> <code>{escape(finding.rule)}</code>'
        + (f" {escape(finding.label)}" if label else "")
        + (f" · <code>{escape(finding.path)}</code>" if finding.path else "")
        + f"<br>{escape(finding.message)}"
    ]
    if finding.message_en:
        parts.append(f'<br><span class="en">{escape(finding.message_en)}</span>')
    parts.append(detail)
    if finding.explanation:
        parts.append(f'<div class="expl">{escape(finding.explanation)}</div>')
    parts.append("</li>")
    return "".join(parts)


def section_head(anchor: str, position: int, title: str, facts: Sequence[str]) -> str:
    """Return a report section's numbered heading (with its anchor) and its block of facts.

    Args:
        anchor: The heading's ``id`` (the summary table links to it).
        position: The report's position in the batch, from 0.
        title: The heading text (escaped here).
        facts: Lines of already escaped HTML, shown one a line under the heading.

    """
    return f'<h2 id="{anchor}">{position + 1}. {escape(title)}</h2>\n<p>' + "<br>".join(facts) + "</p>"


def render_document(
    items: Sequence[_T],
    *,
    title: str,
    subtitle: str,
    css: str,
    summary: Callable[[Sequence[_T]], str],
    section: Callable[[int, _T], str],
) -> str:
    """Return the whole HTML document: title, summary (more than one item only) and sections.

    Args:
        items: The reports.
        title: The document title (escaped here).
        subtitle: The English line under the title (escaped here).
        css: CSS rules appended to :data:`BASE_CSS`.
        summary: Renders the summary table of all items.
        section: Renders one item's section from its position and the item.

    """
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(subtitle)}</p>"]
    if len(items) > 1:
        body.append(summary(items))
    body.extend(section(position, item) for position, item in enumerate(items))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{BASE_CSS}{css.lstrip()}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
