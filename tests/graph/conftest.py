"""Fixtures of the graph tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graph.graph_support import clean_plan


@pytest.fixture
def plan() -> dict[str, Any]:
    """A fresh deep copy of the clean plan (money in 万元)."""
    return clean_plan()
