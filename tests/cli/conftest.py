"""The command line as integrators call it: `python -m chujing` in a subprocess."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "plans" / "icv-after-sales.yaml"


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `chujing *args` (reading `stdin`, in `cwd`) to its end, exit status unchecked."""
    return subprocess.run(
        [sys.executable, "-m", "chujing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
