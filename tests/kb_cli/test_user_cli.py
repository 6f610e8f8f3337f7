"""`kb user`, `kb token`, `kb audit` on a real store; passwords come from standard input."""

from __future__ import annotations

import json

from kb.access import SYSTEM

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


def test_acting_as_a_user_limits_what_the_cli_sees(cli, fake_kb, tmp_path):
    note = tmp_path / "intern.md"
    note.write_text("---\ndistrict: Kusel\nvisibility: intern\n---\n# Vertretung\n\nDie Vertretungsampel gilt.\n",
                    encoding="utf-8")
    assert cli("ingest", str(note)).exit_code == 0
    cli("user", "add", "sara", "--district", "Saarlouis", stdin=f"{PASSWORT}\n{PASSWORT}\n")
    cli("user", "add", "kurt", "--district", "Kusel", stdin=f"{PASSWORT}\n{PASSWORT}\n")
    assert json.loads(cli("stats", "--json").output)["documents"] == 1  # the local CLI sees everything
    assert json.loads(cli("--as", "sara", "stats", "--json").output)["documents"] == 0
    assert json.loads(cli("--as", "kurt", "stats", "--json").output)["documents"] == 1
    assert cli("--as", "niemand", "stats").exit_code == 2


def test_the_demo_creates_its_accounts_once_and_resets_their_password(fake_kb):
    from kb_cli.serve_cmd import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts

    ensure_demo_accounts(fake_kb).join()
    fake_kb.accounts.set_password(SYSTEM, "demo.kusel", "anderes-passwort-1")
    ensure_demo_accounts(fake_kb).join()
    assert {u.login for u in fake_kb.accounts.users()} >= {login for login, _d, _r in DEMO_ACCOUNTS}
    assert fake_kb.accounts.authenticate("demo.kusel", DEMO_PASSWORD).district == "Kusel"
