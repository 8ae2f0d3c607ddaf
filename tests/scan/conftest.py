from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chujing import synth

SCAN_DATE = date(2026, 3, 1)


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Generate (once per session and arguments) a synthetic file; returns its path."""
    made: dict[tuple[object, ...], Path] = {}

    def make(rows: int = 2000, seed: int = 11, fmt: str = "csv", encoding: str = "utf-8") -> Path:
        key = (rows, seed, fmt, encoding)
        if key not in made:
            out = tmp_path_factory.mktemp("data") / f"d_{seed}_{encoding}.{fmt}"
            synth.write(out, rows=rows, seed=seed, fmt=fmt, encoding=encoding, as_of=SCAN_DATE)
            made[key] = out
        return made[key]

    return make
