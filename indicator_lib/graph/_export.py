"""Text exports of a department graph: JSON (with findings and coverage), GraphML and DOT.

Decided here: the JSON shape (``nodes``/``edges`` lists plus ``findings`` and ``coverage``, every
Decimal as a string so no money passes through a float), how Decimals and missing values appear in
GraphML (text; a missing value is left out), and the colours that mark a node's worst finding in
every picture (``error`` red, ``warning`` orange), shared with the SVG module.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import networkx as nx

from indicator_lib.findings import SEVERITY_ORDER

if TYPE_CHECKING:
    from indicator_lib.graph._department import DepartmentGraph

__all__ = ["COLOURS", "node_severity", "to_dict", "to_dot", "to_graphml", "to_json"]

#: severity → (fill, stroke) of a flagged node.
COLOURS: dict[str, tuple[str, str]] = {
    "error": ("#fde0dd", "#d62728"),
    "warning": ("#fff1dc", "#ff7f0e"),
    "info": ("#e8f1fb", "#1f77b4"),
}

_NODE_KEYS = ("kind", "id", "name", "budget", "path", "level1", "level2", "target")


def node_severity(graph: DepartmentGraph) -> dict[str, str]:
    """Return each flagged node's worst severity (``error`` before ``warning`` before ``info``)."""
    out: dict[str, str] = {}
    for node, findings in graph.findings_by_node().items():
        worst = min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__)
        out[node] = worst
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def to_dict(graph: DepartmentGraph) -> dict[str, Any]:
    """Return the graph, its findings and its coverage as JSON-ready data."""
    g = graph.graph
    severity = node_severity(graph)
    nodes = []
    for node, attrs in g.nodes(data=True):
        item = {"node": node, **{k: _plain(attrs[k]) for k in _NODE_KEYS if k in attrs}}
        if node in severity:
            item["severity"] = severity[node]
        nodes.append(item)
    edges = [
        {"source": u, "target": v, **{k: _plain(val) for k, val in attrs.items()}}
        for u, v, attrs in g.edges(data=True)
    ]
    return {
        "department": {"code": g.graph.get("code", ""), "name": g.graph.get("department", "")},
        "fiscal_year": g.graph.get("fiscal_year"),
        "nodes": nodes,
        "edges": edges,
        "findings": [f.model_dump(mode="json") for f in graph.check()],
        "coverage": graph.coverage().model_dump(mode="json"),
    }


def to_json(graph: DepartmentGraph, *, indent: int | None = 2) -> str:
    """Return :func:`to_dict` as JSON text."""
    return json.dumps(to_dict(graph), ensure_ascii=False, indent=indent)


def to_graphml(graph: DepartmentGraph) -> str:
    """Return the graph as GraphML text (attributes as text, flagged nodes with ``severity``)."""
    g = graph.graph
    severity = node_severity(graph)
    out: nx.DiGraph[str] = nx.DiGraph()
    out.graph.update({k: _plain(v) for k, v in g.graph.items() if v is not None})
    for node, attrs in g.nodes(data=True):
        clean = {k: _plain(v) for k, v in attrs.items() if v is not None}
        if node in severity:
            clean["severity"] = severity[node]
        out.add_node(node, **clean)
    for u, v, attrs in g.edges(data=True):
        out.add_edge(u, v, **{k: _plain(val) for k, val in attrs.items() if val is not None})
    return "\n".join(nx.generate_graphml(out)) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _money(value: Any) -> str:
    if not isinstance(value, Decimal):
        return ""
    from indicator_lib.graph._checks import fmt_money

    return fmt_money(value)


def to_dot(graph: DepartmentGraph) -> str:
    """Return Graphviz DOT text: left to right, one rank per kind, flagged nodes filled."""
    g = graph.graph
    severity = node_severity(graph)
    title = f"{g.graph.get('department') or ''} {g.graph.get('fiscal_year') or ''}".strip()
    lines = [
        "digraph department_plan {",
        "  rankdir=LR;",
        f"  label={_quote(title)};",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="sans-serif"];',
        '  edge [color="#777777"];',
    ]
    for kind in ("department", "duty", "task", "project", "indicator"):
        members = [n for n, a in g.nodes(data=True) if a.get("kind") == kind]
        if not members:
            continue
        lines.append(f"  subgraph {_quote('rank_' + kind)} {{ rank=same;")
        for node in members:
            attrs = g.nodes[node]
            label = attrs.get("name") or attrs.get("id") or node
            if kind != "indicator" and attrs.get("id") and attrs.get("id") != label:
                label = f"{attrs['id']} {label}"
            if attrs.get("budget") is not None:
                label += f"\n{_money(attrs['budget'])} 万元"
            style = ""
            if node in severity:
                fill, stroke = COLOURS[severity[node]]
                style = f", fillcolor={_quote(fill)}, color={_quote(stroke)}, penwidth=2"
            lines.append(f"    {_quote(node)} [label={_quote(label)}{style}];")
        lines.append("  }")
    for u, v, attrs in g.edges(data=True):
        share = attrs.get("share")
        label = ""
        if isinstance(share, Decimal) and share != 1:
            label = f"{_money(share * 100)}%"
        extra = f" [label={_quote(label)}]" if label else ""
        lines.append(f"  {_quote(u)} -> {_quote(v)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"
