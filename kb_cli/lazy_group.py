"""A command group that imports a command's module only when that command runs.

Each command module pulls in its own stack (evaluation: schemas and numpy; law changes: feed
writers; ingest: parsers). Importing all of them at start made `kb stats` pay ~1 s for code it
never uses, so the top-level group knows its commands by dotted path and loads one on demand.
`kb --help` still lists every command (it has to load them all to show their help lines).
"""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

# name -> "module:attribute"; a function becomes a command, a Typer app a sub-group.
LAZY_COMMANDS: dict[str, str] = {
    "ingest": "kb_cli.ingest_cmd:ingest",
    "search": "kb_cli.search_cmd:search",
    "serve": "kb_cli.serve_cmd:serve",
    "stats": "kb_cli.admin_cmd:stats",
    "delete": "kb_cli.admin_cmd:delete",
    "reindex": "kb_cli.admin_cmd:reindex",
    "check": "kb_cli.check_cmd:check",
    "eval": "kb_cli.eval_cmd:eval_command",
    "backup": "kb_cli.backup_cmd:backup",
    "restore": "kb_cli.backup_cmd:restore",
    "law-changes": "kb_cli.law_changes_cmd:law_changes",
    "model": "kb_cli.admin_cmd:model_app",
    "jobs": "kb_cli.jobs_cmd:jobs_app",
    "radar": "kb_cli.radar_cmd:radar_app",
    "feedback": "kb_cli.feedback_cmd:feedback_app",
    "user": "kb_cli.user_cmd:user_app",
    "token": "kb_cli.user_cmd:token_app",
    "audit": "kb_cli.user_cmd:audit",
}


def load_command(name: str) -> click.Command:
    """The click command behind `name`, built the way Typer would have built it eagerly."""
    module_name, attribute = LAZY_COMMANDS[name].split(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer()
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """Top-level `kb` group: commands registered eagerly plus those of LAZY_COMMANDS, loaded on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Registration order, as the eager group listed them."""
        eager = super().list_commands(ctx)
        return eager + [name for name in LAZY_COMMANDS if name not in eager]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Load the command's module the first time the command is asked for."""
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)
