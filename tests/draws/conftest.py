"""Shared fixtures: the shipped example receipt and its synthetic directories."""

import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLES / "draw-receipt-example.json"


@pytest.fixture
def example_receipt(example_path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example_path.read_text(encoding="utf-8"))
    return document


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES
