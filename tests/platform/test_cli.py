"""The platform's commands of contract §4: db upgrade, users add, tokens issue, audit verify."""

from pathlib import Path

from typer.testing import CliRunner

from chujing.cli.main import app

runner = CliRunner()


def test_admin_commands_end_to_end(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    upgraded = runner.invoke(app, ["db", "upgrade", "--database", url])
    assert upgraded.exit_code == 0, upgraded.output
    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "zone1",
            "--role",
            "zone_officer",
            "--zone",
            "liangjiang",
            "--password-stdin",
            "--database",
            url,
        ],
        input="Zone-Officer-2026!\n",
    )
    assert added.exit_code == 0, added.output
    issued = runner.invoke(app, ["tokens", "issue", "zone1", "--database", url])
    assert issued.exit_code == 0
    assert issued.stdout.strip().startswith("cjt_")
    assert len(issued.stdout.strip().splitlines()) == 1
    verified = runner.invoke(app, ["audit", "verify", "--database", url])
    assert verified.exit_code == 0, verified.output


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner.invoke(app, ["db", "upgrade", "--database", url])
    unknown_zone = runner.invoke(
        app,
        ["users", "add", "x1", "--role", "zone_officer", "--zone", "nowhere", "--database", url],
    )
    assert unknown_zone.exit_code == 2
    assert "nowhere" in unknown_zone.output
    weak = runner.invoke(
        app,
        ["users", "add", "x2", "--role", "auditor", "--password-stdin", "--database", url],
        input="short\n",
    )
    assert weak.exit_code == 2
    assert "密码" in weak.output
    assert "password" not in weak.output
    nobody = runner.invoke(app, ["tokens", "issue", "nobody", "--database", url])
    assert nobody.exit_code == 2
    assert "Traceback" not in nobody.output


def test_missing_binding_names_the_option(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner.invoke(app, ["db", "upgrade", "--database", url])
    result = runner.invoke(
        app, ["users", "add", "clerk", "--role", "processor_user", "--database", url]
    )
    assert result.exit_code == 2
    assert "--org" in result.output
