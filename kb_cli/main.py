"""Entry point of the `kb` command."""

from __future__ import annotations

from typing import Annotated

import typer

from kb_cli.context import ACTING_AS
from kb_cli.lazy_group import LazyGroup

app = typer.Typer(
    help="Wissensdatenbank der Südwestoption: Dokumente einlesen, durchsuchen, bereitstellen.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    cls=LazyGroup,  # every command's module is imported only when that command runs
)


@app.callback()
def main(acting_as: Annotated[str | None, typer.Option(
        "--as", help="als dieser Benutzer handeln (sieht und darf nur, was er im Web dürfte)")] = None) -> None:
    """Lokal mit vollen Rechten; mit --as BENUTZER nur mit dessen Rechten."""
    ACTING_AS["login"] = acting_as


if __name__ == "__main__":
    app()
