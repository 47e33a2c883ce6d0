"""Helpers for the graph tests: the clean example plan as a dict, build and list rules."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from indicator_lib.graph import DepartmentGraph, build_graph

DATA = Path(__file__).parent / "data"


def load_yaml(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


_CLEAN = load_yaml("clean.yaml")


def clean_plan() -> dict[str, Any]:
    """Return a fresh deep copy of the clean plan (money in 万元)."""
    return copy.deepcopy(_CLEAN)


def rules_of(graph: DepartmentGraph) -> list[str]:
    return [f.rule for f in graph.check()]


def build(plan: dict[str, Any]) -> DepartmentGraph:
    return build_graph(plan)
