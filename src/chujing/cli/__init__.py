"""The `chujing` command line: one thin module per command group."""
