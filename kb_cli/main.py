"""Entry point of the `kb` command."""

from __future__ import annotations

from typing import Annotated

import typer

from kb_cli import (
    admin_cmd,
    backup_cmd,
    check_cmd,
    eval_cmd,
    feedback_cmd,
    ingest_cmd,
    jobs_cmd,
    law_changes_cmd,
    radar_cmd,
    search_cmd,
    serve_cmd,
    user_cmd,
)
from kb_cli.context import ACTING_AS

app = typer.Typer(
    help="Wissensdatenbank der Südwestoption: Dokumente einlesen, durchsuchen, bereitstellen.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


@app.callback()
def main(acting_as: Annotated[str | None, typer.Option(
        "--as", help="als dieser Benutzer handeln (sieht und darf nur, was er im Web dürfte)")] = None) -> None:
    """Lokal mit vollen Rechten; mit --as BENUTZER nur mit dessen Rechten."""
    ACTING_AS["login"] = acting_as


app.command("ingest")(ingest_cmd.ingest)
app.command("search")(search_cmd.search)
app.command("serve")(serve_cmd.serve)
app.command("stats")(admin_cmd.stats)
app.command("delete")(admin_cmd.delete)
app.command("reindex")(admin_cmd.reindex)
app.command("check")(check_cmd.check)
app.command("eval")(eval_cmd.eval_command)
app.command("backup")(backup_cmd.backup)
app.command("restore")(backup_cmd.restore)
app.command("law-changes")(law_changes_cmd.law_changes)
app.add_typer(admin_cmd.model_app, name="model")
app.add_typer(jobs_cmd.jobs_app, name="jobs")
app.add_typer(radar_cmd.radar_app, name="radar")
app.add_typer(feedback_cmd.feedback_app, name="feedback")
app.add_typer(user_cmd.user_app, name="user")
app.add_typer(user_cmd.token_app, name="token")
app.command("audit")(user_cmd.audit)

if __name__ == "__main__":
    app()
