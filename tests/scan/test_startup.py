"""The scan path never imports pandas (a second of start-up it does not use), nor another
command's module, nor rich when its output is JSON to a pipe."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("fmt", "encoding"),
    [("csv", "utf-8"), ("csv", "gbk"), ("parquet", "utf-8"), ("xlsx", "utf-8"), ("jsonl", "utf-8")],
)
def test_scan_imports_only_what_it_uses(
    dataset: Callable[..., Path], fmt: str, encoding: str
) -> None:
    path = dataset(rows=300, seed=81, fmt=fmt, encoding=encoding)
    code = (
        "import sys\n"
        "from chujing.cli.main import app\n"
        f"try:\n    app(['scan', {str(path)!r}, '--format', 'json'])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
        "assert 'rich' not in sys.modules, 'rich was imported'\n"
        "others = [m for m in sys.modules if m.startswith('chujing.cli.')]\n"
        "assert sorted(others) == ['chujing.cli.io', 'chujing.cli.main', 'chujing.cli.scan'], "
        "others\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
