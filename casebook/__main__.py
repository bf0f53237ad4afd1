"""`python -m casebook` is the `casebook` command."""

from casebook.cli import cli

cli()
