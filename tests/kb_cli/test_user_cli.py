"""`kb user`, `kb token`, `kb audit` on a real store; passwords come from standard input."""

from __future__ import annotations

import json

PASSWORT = "geheim-und-lang-genug"


def test_user_lifecycle_and_audit(cli):
    added = cli("user", "add", "bernd", "--district", "st wendel", "--role", "admin", stdin=f"{PASSWORT}\n{PASSWORT}\n")
    assert added.exit_code == 0 and "St. Wendel" in added.output
    users = json.loads(cli("user", "list", "--json").output)
    assert [(u["login"], u["role"], u["active"]) for u in users] == [("bernd", "admin", True)]
    assert cli("user", "role", "bernd", "leser").exit_code == 0
    assert cli("user", "disable", "bernd").exit_code == 0
    assert json.loads(cli("user", "list", "--json").output)[0]["active"] is False
    log = json.loads(cli("audit", "--user", "system", "--json").output)
    assert [e["action"] for e in log["entries"]] == ["user_change", "user_change", "user_create"]


def test_mismatched_or_short_passwords_are_refused(cli):
    differ = cli("user", "add", "x", "--district", "Kusel", stdin=f"{PASSWORT}\nanderes-passwort\n")
    assert differ.exit_code == 2 and "stimmen nicht überein" in differ.output
    short = cli("user", "add", "x", "--district", "Kusel", stdin="kurz\nkurz\n")
    assert short.exit_code == 2 and "mindestens" in short.output


def test_token_is_printed_once_on_the_last_line_and_can_be_revoked(cli):
    cli("user", "add", "anna", "--district", "Kusel", stdin=f"{PASSWORT}\n{PASSWORT}\n")
    created = cli("token", "create", "anna", "--name", "Skript")
    token = created.output.strip().splitlines()[-1]
    assert created.exit_code == 0 and token.startswith("kbt_") and len(token) > 40
    assert token not in cli("token", "list", "anna").output
    assert cli("token", "revoke", "1").exit_code == 0
    assert cli("token", "revoke", "1").exit_code == 1
