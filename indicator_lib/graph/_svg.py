"""Draw a department graph as SVG (and a standalone HTML page) with no graphviz binary.

Decided here: the picture a reviewer reads. Four columns left to right — duties, tasks, projects,
indicators — each node a rounded box with its id, name and money; sub-duties and sub-tasks sit
under their parent, indented. Rows are ordered by the barycentre of what they serve (so edges
cross little), then parents are re-centred on what serves them. A node's worst finding colours it
(error red, warning orange); a reference to an id that does not exist is drawn as a dashed red
ghost box; the department's own findings appear under the title. Every box carries a tooltip with
the full name and its findings, and ``data-node`` / ``class`` attributes so tests and scripts can
find it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from indicator_lib.graph._build import duty_node, task_node
from indicator_lib.graph._checks import fmt_money
from indicator_lib.graph._export import COLOURS, node_severity

if TYPE_CHECKING:
    from indicator_lib.findings import Finding
    from indicator_lib.graph._department import DepartmentGraph

__all__ = ["to_html", "to_svg"]

_COLUMNS = ("duty", "task", "project", "indicator")
_HEADINGS = {"duty": "部门职责", "task": "工作任务", "project": "支出项目", "indicator": "绩效指标"}
_BOX_W, _BOX_H, _GAP, _COL_GAP, _INDENT = 230.0, 40.0, 10.0, 90.0, 14.0
_LEFT, _TOP = 20.0, 110.0
_CHARS = 15


@dataclass(slots=True)
class _Box:
    node: str
    kind: str
    title: str
    subtitle: str
    tooltip: str
    parents: list[str] = field(default_factory=list)
    ghost: bool = False
    depth: int = 0
    y: float = 0.0


def _clip(text: str, limit: int = _CHARS) -> str:
    width, out = 0.0, list[str]()
    for ch in text:
        width += 1.0 if ord(ch) > 0x2E7F else 0.55
        if width > limit:
            return "".join(out) + "…"
        out.append(ch)
    return text


def _boxes(graph: DepartmentGraph) -> dict[str, _Box]:
    g = graph.graph
    boxes: dict[str, _Box] = {}
    for node, attrs in g.nodes(data=True):
        kind = attrs["kind"]
        if kind == "department":
            continue
        ident, name = str(attrs.get("id") or ""), str(attrs.get("name") or "")
        if kind == "indicator":
            title = name
            subtitle = str(attrs.get("target") or "")
        else:
            title = f"{ident} {name}" if name and name != ident else ident
            budget = attrs.get("budget")
            subtitle = f"{fmt_money(budget)} 万元" if isinstance(budget, Decimal) else ""
        boxes[node] = _Box(node, kind, title, subtitle, f"{title}\n{subtitle}".strip())
    for u, v in g.edges():
        if u in boxes and v in boxes:
            boxes[v].parents.append(u)
    for d in graph.index.dangling:
        ghost = (duty_node if d.kind == "duty" else task_node)(d.ref.target)
        if d.owner.startswith("indicator:"):
            continue  # the indicator itself is flagged; a ghost column box would mislead
        if ghost not in boxes:
            boxes[ghost] = _Box(
                ghost, d.kind, f"{d.ref.target} ？", "不存在 / missing", f"{d.ref.target}: 不存在", ghost=True
            )
        if d.owner in boxes and boxes[d.owner].kind != "indicator":
            boxes[d.owner].parents.append(ghost)
    return boxes


def _same_column_parent(box: _Box, boxes: dict[str, _Box]) -> str | None:
    for parent in box.parents:
        if boxes[parent].kind == box.kind:
            return parent
    return None


def _sort_key(
    box: _Box, boxes: dict[str, _Box], base: dict[str, float], seen: frozenset[str]
) -> tuple[float, ...]:
    parent = _same_column_parent(box, boxes)
    if parent is None or parent in seen or parent not in base:
        return (base[box.node],)
    return (*_sort_key(boxes[parent], boxes, base, seen | {box.node}), base[box.node])


def _order(columns: dict[str, list[_Box]], boxes: dict[str, _Box]) -> None:
    """Sort each column: by barycentre of what it serves; a sub-item right under its parent."""
    rank: dict[str, float] = {}
    for kind in _COLUMNS:
        col = columns[kind]
        base: dict[str, float] = {}
        for i, box in enumerate(col):
            ranks = [rank[p] for p in box.parents if p in rank and boxes[p].kind != kind]
            base[box.node] = sum(ranks) / len(ranks) if ranks else 1e9 + i

        keys = {b.node: _sort_key(b, boxes, base, frozenset()) for b in col}
        col.sort(key=lambda b: keys[b.node])
        for i, box in enumerate(col):
            rank[box.node] = float(i)
            depth, parent = 0, _same_column_parent(box, boxes)
            while parent is not None and depth < 3:
                depth += 1
                parent = _same_column_parent(boxes[parent], boxes) if parent != box.node else None
            box.depth = depth


def _pack(column: list[_Box], desired: dict[str, float]) -> None:
    """Place ``column`` in its order, without overlaps, as near its desired y as possible.

    Least squares under the no-overlap constraint is an isotonic regression on
    ``y_i - i * step`` (pool adjacent violators); a box with no desired y follows the one above.
    """
    step = _BOX_H + _GAP
    blocks: list[list[float]] = []  # [value, weight, count]
    previous = _TOP - step
    for i, box in enumerate(column):
        want = desired.get(box.node)
        weight = 1.0
        if want is None:
            want, weight = previous + step, 0.01
        previous = want
        blocks.append([want - i * step, weight, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    i = 0
    for value, _, count in blocks:
        for _ in range(int(count)):
            column[i].y = max(value, _TOP) + i * step
            i += 1


def _layout(boxes: dict[str, _Box]) -> dict[str, list[_Box]]:
    columns: dict[str, list[_Box]] = {kind: [] for kind in _COLUMNS}
    for box in boxes.values():
        columns[box.kind].append(box)
    _order(columns, boxes)
    children: dict[str, list[str]] = {}
    for box in boxes.values():
        for parent in box.parents:
            if boxes[parent].kind != box.kind:
                children.setdefault(parent, []).append(box.node)

    def place(kind: str, links: dict[str, list[str]]) -> None:
        desired: dict[str, float] = {}
        for box in columns[kind]:
            ys = [boxes[n].y for n in links.get(box.node, ()) if boxes[n].kind != kind]
            if ys:
                desired[box.node] = sum(ys) / len(ys)
        _pack(columns[kind], desired)

    parents = {node: box.parents for node, box in boxes.items()}
    _pack(columns["duty"], {})
    for _ in range(2):
        for kind in ("task", "project", "indicator"):
            place(kind, parents)
        for kind in ("task", "duty"):
            place(kind, children)
    for kind in ("task", "project", "indicator"):
        place(kind, parents)
    return columns


def _findings_text(findings: list[Finding]) -> str:
    return "\n".join(f"[{f.severity}] {f.rule}: {f.message}" for f in findings)


def to_svg(graph: DepartmentGraph) -> str:
    """Return the SVG picture of ``graph`` (a complete ``<svg>`` document)."""
    boxes = _boxes(graph)
    columns = _layout(boxes)
    severity = node_severity(graph)
    by_node = graph.findings_by_node()
    x_of = {kind: _LEFT + i * (_BOX_W + _COL_GAP) for i, kind in enumerate(_COLUMNS)}
    width = _LEFT * 2 + len(_COLUMNS) * _BOX_W + (len(_COLUMNS) - 1) * _COL_GAP
    bottom = max((b.y + _BOX_H for col in columns.values() for b in col), default=_TOP)
    height = bottom + 30
    g = graph.graph
    title = f"{g.graph.get('department') or '部门'} {g.graph.get('fiscal_year') or ''} 部门整体绩效关系图"
    coverage = graph.coverage()
    ratio = f"{fmt_money(coverage.ratio * 100)}%" if coverage.ratio is not None else "—"
    counts = {s: sum(1 for f in graph.check() if f.severity == s) for s in ("error", "warning")}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Noto Sans CJK SC, Microsoft YaHei, '
        f'PingFang SC, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{_LEFT}" y="28" font-size="18" font-weight="bold">{escape(title)}</text>',
        f'<text x="{_LEFT}" y="50" fill="#444">资金追溯到职责 / budget traced to duties: {ratio}　'
        f"错误 / errors: {counts['error']}　警告 / warnings: {counts['warning']}</text>",
    ]
    legend_x = width - 300
    for i, sev in enumerate(("error", "warning")):
        fill, stroke = COLOURS[sev]
        x = legend_x + i * 140
        out.append(f'<rect x="{x}" y="16" width="16" height="16" rx="3" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{x + 22}" y="29">{"错误 error" if sev == "error" else "警告 warning"}</text>')
    for line, finding in enumerate(by_node.get("department", [])[:3]):
        _, stroke = COLOURS[finding.severity]
        out.append(
            f'<text class="department-finding" x="{_LEFT}" y="{70 + line * 16}" fill="{stroke}">'
            f"{escape(finding.message)}</text>"
        )
    for kind in _COLUMNS:
        out.append(
            f'<text x="{x_of[kind] + _BOX_W / 2}" y="{_TOP - 14}" text-anchor="middle" '
            f'font-weight="bold" fill="#333">{_HEADINGS[kind]}</text>'
        )
    out.append('<g class="edges" fill="none">')
    for u, v, attrs in g.edges(data=True):
        if u in boxes and v in boxes:
            out.append(_edge(boxes[u], boxes[v], x_of, attrs.get("share"), dangling=False))
    for box in boxes.values():
        for parent in box.parents:
            if boxes[parent].ghost:
                out.append(_edge(boxes[parent], box, x_of, None, dangling=True))
    out.append("</g>")
    out.append('<g class="nodes">')
    for box in boxes.values():
        out.append(_node(box, x_of[box.kind], severity.get(box.node), by_node.get(box.node, [])))
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def _edge(src: _Box, dst: _Box, x_of: dict[str, float], share: object, *, dangling: bool) -> str:
    if src.kind == dst.kind:  # a sub-duty or sub-task: an elbow inside the column
        x = x_of[src.kind] + _INDENT * src.depth + 6
        y1, y2 = src.y + _BOX_H, dst.y + _BOX_H / 2
        x2 = x_of[dst.kind] + _INDENT * dst.depth
        d = f"M{x:.1f},{y1:.1f} V{y2:.1f} H{x2:.1f}"
    else:
        x1 = x_of[src.kind] + _BOX_W
        y1 = src.y + _BOX_H / 2
        x2 = x_of[dst.kind] + _INDENT * dst.depth
        y2 = dst.y + _BOX_H / 2
        mid = (x1 + x2) / 2
        d = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    if dangling:
        stroke = f'stroke="{COLOURS["error"][1]}" stroke-dasharray="5,4" stroke-width="1.5"'
    else:
        weight = 1.0 + 2.0 * float(share) if isinstance(share, Decimal) else 1.0
        stroke = f'stroke="#8a8a8a" stroke-width="{weight:.1f}"'
    path = (
        f'<path class="edge" data-source="{escape(src.node)}" '
        f'data-target="{escape(dst.node)}" d="{d}" {stroke}/>'
    )
    if isinstance(share, Decimal) and share != 1 and src.kind != dst.kind:
        label = f"{fmt_money((share * 100).quantize(Decimal('0.1')))}%"
        # a point three quarters along the curve, where edges into one box have fanned apart
        t = 0.75
        lx = (1 - t) ** 3 * x1 + 3 * (1 - t) * t * (1 - t + t) * mid + t**3 * x2
        ly = (1 - t) ** 3 * y1 + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t**2 * y2 + t**3 * y2
        path += (
            f'\n<text x="{lx:.1f}" y="{ly - 3:.1f}" font-size="10" fill="#555" '
            f'text-anchor="middle">{label}</text>'
        )
    return path


def _node(box: _Box, column_x: float, severity: str | None, findings: list[Finding]) -> str:
    x = column_x + _INDENT * box.depth
    w = _BOX_W - _INDENT * box.depth
    if box.ghost:
        fill, stroke = "#ffffff", COLOURS["error"][1]
        extra = ' stroke-dasharray="5,4"'
        cls = "ghost error"
    elif severity is not None:
        fill, stroke = COLOURS[severity]
        extra = ' stroke-width="2"'
        cls = severity
    else:
        fill, stroke, extra, cls = "#f7f9fc", "#9aa7b8", "", "ok"
    tooltip = box.tooltip + ("\n" + _findings_text(findings) if findings else "")
    chars = int(_CHARS * w / _BOX_W)
    lines = [
        f'<g class="node {box.kind} {cls}" data-node="{escape(box.node)}">',
        f"<title>{escape(tooltip)}</title>",
        f'<rect x="{x:.1f}" y="{box.y:.1f}" width="{w:.1f}" height="{_BOX_H:.0f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}"{extra}/>',
        f'<text x="{x + 8:.1f}" y="{box.y + 17:.1f}">{escape(_clip(box.title, chars))}</text>',
    ]
    if box.subtitle:
        lines.append(
            f'<text x="{x + 8:.1f}" y="{box.y + 33:.1f}" font-size="11" fill="#555">'
            f"{escape(_clip(box.subtitle, chars + 4))}</text>"
        )
    lines.append("</g>")
    return "\n".join(lines)


def to_html(graph: DepartmentGraph) -> str:
    """Return a standalone HTML page: title, coverage, the SVG picture and the findings table."""
    g = graph.graph
    title = f"{g.graph.get('department') or '部门'} {g.graph.get('fiscal_year') or ''} 部门整体绩效关系图"
    coverage = graph.coverage()
    ratio = f"{fmt_money(coverage.ratio * 100)}%" if coverage.ratio is not None else "—"
    rows = []
    for f in graph.check():
        fill, stroke = COLOURS[f.severity]
        rows.append(
            f'<tr style="background:{fill}"><td style="color:{stroke}">{escape(f.severity)}</td>'
            f"<td><code>{escape(f.rule)}</code></td><td><code>{escape(f.path)}</code></td>"
            f"<td>{escape(f.message)}<br><small>{escape(f.message_en)}</small></td>"
            f"<td><small>{escape(f.explanation)}</small></td></tr>"
        )
    table = (
        "<table><thead><tr><th>级别</th><th>检查</th><th>位置</th><th>问题</th><th>依据</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>未发现问题 / no findings.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;color:#222}"
        ".picture{overflow:auto;border:1px solid #ddd}"
        "table{border-collapse:collapse;margin-top:16px}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left;vertical-align:top}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>项目资金合计 {fmt_money(coverage.total)} 万元，追溯到部门职责 {fmt_money(coverage.traced)} 万元"
        f"（{ratio}）。/ Project money traced to duties: {ratio}.</p>"
        f'<div class="picture">{to_svg(graph)}</div>'
        f"<h2>检查结果 / Findings ({len(rows)})</h2>{table}</body></html>\n"
    )
