"""The lazy command table: every entry loads, under its own name, and help lists them all."""

import pytest
from typer.testing import CliRunner

from chujing.cli.main import COMMANDS, _load, app


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_entry_loads_under_its_name(name: str) -> None:
    assert _load(name).name == name


def test_help_lists_every_command() -> None:
    done = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert done.exit_code == 0, done.output
    for name in COMMANDS:
        assert f" {name} " in done.output, name


def test_an_unknown_command_is_refused() -> None:
    done = CliRunner().invoke(app, ["no-such-command"])
    assert done.exit_code == 2
