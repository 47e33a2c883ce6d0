"""Exports: JSON, GraphML, DOT, and the SVG picture — parsed, counted and rendered with cairosvg."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from indicator_lib.graph import build_graph
from tests.graph.graph_support import DATA, build

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def problems() -> Any:
    return build_graph(DATA / "problems.yaml")


def test_json_has_nodes_edges_findings_and_coverage(problems: Any) -> None:
    data = json.loads(problems.to_json())
    assert len(data["nodes"]) == problems.graph.number_of_nodes()
    assert len(data["edges"]) == problems.graph.number_of_edges()
    assert len(data["findings"]) == len(problems.check())
    assert data["coverage"]["ratio"] == "0.9426"
    flagged = {n["node"]: n["severity"] for n in data["nodes"] if "severity" in n}
    assert flagged["project:P2024-105"] == "error" and flagged["task:T4"] == "warning"
    budget = next(n["budget"] for n in data["nodes"] if n["node"] == "project:P2024-102")
    assert budget == "10000"


def test_graphml_round_trips_through_networkx(problems: Any) -> None:
    back = nx.read_graphml(io.BytesIO(problems.to_graphml().encode("utf-8")))
    assert back.number_of_nodes() == problems.graph.number_of_nodes()
    assert back.number_of_edges() == problems.graph.number_of_edges()
    assert back.nodes["project:P2024-105"]["severity"] == "error"
    assert back.nodes["task:T1"]["budget"] == "216"


def test_dot_lists_every_node_and_edge(problems: Any) -> None:
    dot = problems.to_dot()
    assert dot.startswith("digraph department_plan {") and "rankdir=LR" in dot
    assert dot.count(" -> ") == problems.graph.number_of_edges()
    line = next(x for x in dot.splitlines() if x.strip().startswith('"project:P2024-105"'))
    assert 'color="#d62728"' in line


def _svg_tree(graph: Any) -> ET.Element:
    return ET.fromstring(graph.to_svg())


def test_svg_counts_nodes_edges_and_colours_problems(problems: Any) -> None:
    root = _svg_tree(problems)
    groups = [g for g in root.iter(f"{SVG}g") if "data-node" in g.attrib]
    drawn = {g.attrib["data-node"] for g in groups}
    real = {n for n in problems.graph if n != "department"}
    ghosts = {"duty:D5", "task:T06"}
    assert drawn == real | ghosts
    paths = [p for p in root.iter(f"{SVG}path") if p.attrib.get("class") == "edge"]
    department_edges = problems.graph.out_degree("department")
    dangling_edges = 2
    assert len(paths) == problems.graph.number_of_edges() - department_edges + dangling_edges
    by_node = {g.attrib["data-node"]: g for g in groups}
    for node, colour in (("project:P2024-105", "#d62728"), ("task:T4", "#ff7f0e"), ("duty:D5", "#d62728")):
        rect = by_node[node].find(f"{SVG}rect")
        assert rect is not None and rect.attrib["stroke"] == colour, node
    clean_rect = by_node["project:P2024-101"].find(f"{SVG}rect")
    assert clean_rect is not None and clean_rect.attrib["stroke"] not in ("#d62728", "#ff7f0e")


def test_svg_of_clean_plan_has_no_highlight(plan: dict[str, Any]) -> None:
    root = _svg_tree(build(plan))
    classes = [g.attrib.get("class", "") for g in root.iter(f"{SVG}g") if "data-node" in g.attrib]
    assert classes and all(c.endswith(" ok") for c in classes)


def test_svg_renders_to_a_non_trivial_picture(problems: Any) -> None:
    cairosvg = pytest.importorskip("cairosvg")
    from PIL import Image

    png = cairosvg.svg2png(bytestring=problems.to_svg().encode("utf-8"))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert width >= 1000 and height >= 400
    raw = image.tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    non_white = sum(1 for p in pixels if p != (255, 255, 255))
    assert non_white / len(pixels) > 0.05
    red = sum(1 for r, g, b in pixels if r > 190 and g < 80 and b < 80)
    orange = sum(1 for r, g, b in pixels if r > 230 and 100 < g < 160 and b < 60)
    assert red > 200 and orange > 100


def test_html_page_embeds_picture_and_findings(problems: Any) -> None:
    html = problems.to_html()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert html.count("<tr") == len(problems.check()) + 1
    assert "budget_mismatch_department" in html
