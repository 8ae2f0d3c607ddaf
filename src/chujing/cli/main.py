"""Entry point of the `chujing` command.

``COMMANDS`` names each command's module; a module (and all it imports) is loaded only when
its command runs or help lists it, so that `chujing scan` pays for no other command's
imports. A new command or command group is one line of the table: ``"module:attribute"``
naming a command function or a ``typer.Typer`` group (or a function returning one).
"""

import importlib
from collections.abc import Callable

import typer
import typer.main
from typer._click import Command, Context
from typer.core import TyperGroup


def _lists() -> typer.Typer:
    """The list commands with their Excel import and export."""
    from chujing.cli import lists, lists_xlsx

    lists_xlsx.register(lists.app)
    return lists.app


COMMANDS: dict[str, str | Callable[[], typer.Typer]] = {
    "assess": "chujing.cli.assess:assess",
    "catalog": "chujing.cli.catalog:catalog",
    "jurisdictions": "chujing.cli.jurisdictions:jurisdictions",
    "rules": "chujing.cli.rules:rules",
    "lists": _lists,
    "synth": "chujing.cli.synth:synth",
    "scan": "chujing.cli.scan:scan",
    "merge-sketches": "chujing.cli.scan:merge_sketches",
    "serve": "chujing.cli.serve:serve",
    "worker": "chujing.cli.worker:worker",
    "db": "chujing.cli.db:app",
    "users": "chujing.cli.users:app",
    "tokens": "chujing.cli.tokens:app",
    "audit": "chujing.cli.audit:app",
    "draws": "chujing.cli.draws:app",
    "listcycle": "chujing.cli.lists_cycle:app",
    "inspections": "chujing.cli.supervision:app",
    "clocks": "chujing.cli.supervision:clocks_app",
    "filing": "chujing.cli.filing:app",
}


def _load(name: str) -> Command:
    """The click command of a table entry, its module imported now."""
    target = COMMANDS[name]
    if callable(target):
        found: object = target()
    else:
        module, attribute = target.split(":")
        found = getattr(importlib.import_module(module), attribute)
    if isinstance(found, typer.Typer):
        group = typer.main.get_group(found)
        group.name = name  # as add_typer(name=...) would
        return group
    assert callable(found), target
    single = typer.Typer()
    single.command(name)(found)
    return typer.main.get_group(single).commands[name]


class _LazyGroup(TyperGroup):
    """The top-level group: commands come from ``COMMANDS`` when first asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = _load(cmd_name)
        return self.commands.get(cmd_name)


app = typer.Typer(
    name="chujing",
    cls=_LazyGroup,
    help="出境 — 自贸试验区数据出境负面清单合规平台 (cross-border data export compliance).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """The group's own step: nothing (every command is a table entry)."""
