"""Entry point of the `chujing` command.

Each command group lives in its own module and imports its heavy dependencies
inside the command functions, so that `chujing assess` starts fast.
"""

import typer

from chujing.cli import assess, catalog, jurisdictions, lists, lists_xlsx, rules
from chujing.cli import audit as audit_cli
from chujing.cli import db as db_cli
from chujing.cli import draws as draws_cli
from chujing.cli import filing as filing_cli
from chujing.cli import lists_cycle as lists_cycle_cli
from chujing.cli import scan as scan_cli
from chujing.cli import serve as serve_cli
from chujing.cli import supervision as supervision_cli
from chujing.cli import synth as synth_cli
from chujing.cli import tokens as tokens_cli
from chujing.cli import users as users_cli

app = typer.Typer(
    name="chujing",
    help="出境 — 自贸试验区数据出境负面清单合规平台 (cross-border data export compliance).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("assess")(assess.assess)
app.command("catalog")(catalog.catalog)
app.command("jurisdictions")(jurisdictions.jurisdictions)
app.command("rules")(rules.rules)
lists_xlsx.register(lists.app)
app.add_typer(lists.app, name="lists")
app.command("synth")(synth_cli.synth)
app.command("scan")(scan_cli.scan)
app.command("merge-sketches")(scan_cli.merge_sketches)
app.command("serve")(serve_cli.serve)
app.add_typer(db_cli.app, name="db")
app.add_typer(users_cli.app, name="users")
app.add_typer(tokens_cli.app, name="tokens")
app.add_typer(audit_cli.app, name="audit")
app.add_typer(draws_cli.app, name="draws")
app.add_typer(lists_cycle_cli.app, name="listcycle")
app.add_typer(supervision_cli.app, name="inspections")
app.add_typer(supervision_cli.clocks_app, name="clocks")
app.add_typer(filing_cli.app, name="filing")
