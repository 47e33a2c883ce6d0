from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from indicator_lib.catalog import Catalog, Indicator, load_catalog

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_catalog()


@pytest.fixture
def data_dir() -> Path:
    return DATA


def _make(**fields: object) -> Indicator:
    base: dict[str, object] = {
        "id": "T-001",
        "name": "测试指标",
        "level1": "产出指标",
        "level2": "数量指标",
        "unit": "个",
        "definition": "用于测试的指标。",
    }
    base.update(fields)
    return Indicator.model_validate(base)


@pytest.fixture
def make() -> Callable[..., Indicator]:
    """Return a factory for valid indicators; keyword arguments override fields."""
    return _make
