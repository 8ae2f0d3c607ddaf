"""`python -m chujing` runs the command line."""

from chujing.cli.main import app

app(prog_name="chujing")
