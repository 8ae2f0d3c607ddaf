"""The deployment files (deploy/, docs/deploy.md) against the code: the units run commands
and options that exist, the environment file names settings the platform reads, and the
nginx site passes what the platform relies on."""

import re
import secrets
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.platform.audit.keys import load_key
from chujing.platform.settings import AuditSettings, Settings
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


def _site_on_loopback(tmp_path: Path) -> Path:
    """deploy/nginx/chujing.conf as an operator installs it, moved to loopback high ports,
    a throwaway certificate and an nginx.conf of its own (nothing is installed or started)."""
    site = (DEPLOY / "nginx" / "chujing.conf").read_text()
    site = site.replace("listen 80;", "listen 127.0.0.1:18080;")
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:18443 ssl http2;")
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.M)
    site = site.replace("/etc/nginx/tls/", f"{tmp_path}/")
    (tmp_path / "chujing.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/chujing.conf;\n}}\n"
    )
    return main


def test_the_nginx_site_parses(tmp_path: Path) -> None:
    """`nginx -t -c` on the site where nginx and openssl are installed; without them the
    same file is checked statically (balanced braces, every directive ended), never skipped."""
    site = (DEPLOY / "nginx" / "chujing.conf").read_text()
    sbin = Path("/usr/sbin/nginx")  # root's PATH has it, a plain user's may not
    nginx = shutil.which("nginx") or (str(sbin) if sbin.exists() else None)
    openssl = shutil.which("openssl")
    if nginx is None or openssl is None:
        body = "\n".join(line.split("#", 1)[0].strip() for line in site.splitlines())
        assert body.count("{") == body.count("}")
        for line in filter(None, body.splitlines()):
            assert line.endswith(("{", "}", ";")), line
        return
    main = _site_on_loopback(tmp_path)
    files = ["-keyout", str(tmp_path / "chujing.key"), "-out", str(tmp_path / "chujing.crt")]
    made = subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=x", *files],
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [nginx, "-t", "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_guide_makes_an_audit_key_the_platform_reads(tmp_path: Path) -> None:
    """Step 3's two commands, run into a temporary directory (Python's own random hex
    where openssl is missing, the same 64 digits)."""
    guide = (Path(__file__).parents[2] / "docs" / "deploy.md").read_text()
    assert "install -o root -g chujing -m 0640 /dev/null /etc/chujing/audit.key" in guide
    assert "openssl rand -hex 32 > /etc/chujing/audit.key" in guide
    env = (DEPLOY / "chujing.env.example").read_text()
    assert "CHUJING_AUDIT_KEY_FILE=/etc/chujing/audit.key" in env
    path = tmp_path / "audit.key"
    path.touch(mode=0o640)
    path.chmod(0o640)
    openssl = shutil.which("openssl")
    if openssl:
        made = subprocess.run([openssl, "rand", "-hex", "32"], capture_output=True, check=True)
        path.write_bytes(made.stdout)
    else:
        path.write_text(secrets.token_hex(32) + "\n")
    key = load_key(AuditSettings(audit_key_file=path))
    assert len(key.secret) == 64
