"""The deployment files (deploy/, docs/deploy.md) against the code: the units run commands
and options that exist, the environment file names settings the platform reads, and the
nginx site passes what the platform relies on."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.platform.settings import Settings
from chujing.web.bodylimit import LIMITS

DEPLOY = Path(__file__).parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _commands(unit: Path) -> list[list[str]]:
    """The chujing argument lists of a unit's ExecStart lines (through `sh -c` too)."""
    found = []
    for line in unit.read_text().splitlines():
        if not line.startswith("ExecStart="):
            continue
        words = shlex.split(line.removeprefix("ExecStart=").replace("%%", "%"))
        if words[0] == "/bin/sh":
            words = shlex.split(words[2].removeprefix("exec "))
        assert words[0] == "/opt/chujing/venv/bin/chujing", line
        found.append(words[1:])
    return found


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_command_that_parses(unit: Path) -> None:
    commands = _commands(unit)
    assert commands
    for argv in commands:
        # `--help` exits before running, but only once every option parsed
        result = CliRunner().invoke(app, [*argv, "--help"])
        assert result.exit_code == 0, (argv, result.output)


def test_the_environment_file_names_only_settings_the_platform_reads() -> None:
    names = re.findall(r"^CHUJING_([A-Z_]+)=", (DEPLOY / "chujing.env.example").read_text(), re.M)
    assert names
    known = {name.upper() for name in Settings.model_fields}
    assert set(names) <= known, set(names) - known


def test_nginx_passes_what_the_platform_relies_on() -> None:
    site = (DEPLOY / "nginx" / "chujing.conf").read_text()
    body = re.search(r"client_max_body_size (\d+)m;", site)
    assert body is not None
    assert int(body.group(1)) * 1024 * 1024 > LIMITS["/enterprise/scan"]
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID $request_id"):
        assert f"proxy_set_header {header}" in site
    assert "ssl_certificate " in site
    assert "return 301 https://" in site
    assert re.search(r"location = /metrics \{\s*return 404;", site)
    server = (DEPLOY / "systemd" / "chujing-server.service").read_text()
    assert "--host 127.0.0.1 --port 8000" in server
    assert "server 127.0.0.1:8000;" in site


def test_the_guide_installs_the_files_that_exist() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "deploy.md").read_text()
    for path in re.findall(r"deploy/[\w./*-]+", guide):
        pattern = path.rstrip(".")
        assert list(DEPLOY.parent.glob(pattern)), pattern
