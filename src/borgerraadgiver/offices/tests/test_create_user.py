"""borgerraadgiver create_user USERNAME --office SLUG [--role] [--password-from-env VAR]."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from borgerraadgiver.offices.management.commands import create_user as command
from borgerraadgiver.offices.models import User

PASSWORD = "lang-nok-adgangskode-2025"  # noqa: S105


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_a_user_is_created_in_the_office_with_a_password_from_the_environment(office, monkeypatch):
    monkeypatch.setenv("NY_ADGANGSKODE", PASSWORD)

    out = _run(
        "carla",
        "--office",
        "albertslund",
        "--role",
        "secretary",
        "--password-from-env",
        "NY_ADGANGSKODE",
        "--first-name",
        "Carla",
    )

    user = User.objects.get(username="carla")
    assert (user.office, user.role, user.first_name) == (office, "secretary", "Carla")
    assert authenticate(username="carla", password=PASSWORD) == user
    assert "Oprettede brugeren carla (Sekretær) i Albertslund Kommune." in out
    assert PASSWORD not in out


def test_the_role_defaults_to_advisor(office, monkeypatch):
    monkeypatch.setenv("PW", PASSWORD)

    _run("dorte", "--office", "albertslund", "--password-from-env", "PW")

    assert User.objects.get(username="dorte").role == User.Role.ADVISOR


def test_a_system_operator_is_created_without_an_office(office, monkeypatch):
    monkeypatch.setenv("PW", PASSWORD)

    out = _run("drift", "--role", "operator", "--password-from-env", "PW")

    user = User.objects.get(username="drift")
    assert (user.office, user.role) == (None, User.Role.OPERATOR)
    assert "Oprettede brugeren drift (Systemoperatør)." in out
    with pytest.raises(CommandError, match="udelad --office"):
        _run("drift2", "--office", "albertslund", "--role", "operator", "--password-from-env", "PW")
    with pytest.raises(CommandError, match="Angiv kontoret med --office"):
        _run("raadgiver", "--role", "advisor", "--password-from-env", "PW")


def test_an_unknown_office_is_refused(db, monkeypatch):
    monkeypatch.setenv("PW", PASSWORD)

    with pytest.raises(CommandError, match="Der findes intet kontor med kortnavnet nowhere"):
        _run("erik", "--office", "nowhere", "--password-from-env", "PW")
    assert not User.objects.filter(username="erik").exists()


def test_an_unset_password_variable_is_refused(office, monkeypatch):
    monkeypatch.delenv("TOM", raising=False)

    with pytest.raises(CommandError, match="Miljøvariablen TOM er ikke sat"):
        _run("erik", "--office", "albertslund", "--password-from-env", "TOM")


def test_a_weak_password_is_refused_with_the_validators_message(office, monkeypatch):
    monkeypatch.setenv("PW", "kort")

    with pytest.raises(CommandError, match="kort"):
        _run("erik", "--office", "albertslund", "--password-from-env", "PW")
    assert not User.objects.filter(username="erik").exists()


def test_a_taken_username_is_refused(office, advisor, monkeypatch):
    monkeypatch.setenv("PW", PASSWORD)

    with pytest.raises(CommandError, match="Brugernavnet er allerede i brug"):
        _run("ALICE", "--office", "albertslund", "--password-from-env", "PW")


def test_without_a_terminal_and_without_a_variable_it_fails_clearly(office, monkeypatch):
    monkeypatch.setattr(command, "_interactive", lambda: False)

    with pytest.raises(CommandError, match="--password-from-env"):
        _run("frede", "--office", "albertslund")
    assert not User.objects.filter(username="frede").exists()


def test_interactively_the_password_is_asked_twice(office, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    prompts = []
    monkeypatch.setattr(command, "_interactive", lambda: True)
    monkeypatch.setattr(command.getpass, "getpass", lambda p: prompts.append(p) or next(answers))

    _run("gitte", "--office", "albertslund")

    assert len(prompts) == 2
    assert authenticate(username="gitte", password=PASSWORD) is not None


def test_interactively_two_different_passwords_are_refused(office, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(command, "_interactive", lambda: True)
    monkeypatch.setattr(command.getpass, "getpass", lambda _p: next(answers))

    with pytest.raises(CommandError, match="ikke ens"):
        _run("gitte", "--office", "albertslund")
    assert not User.objects.filter(username="gitte").exists()


def test_the_real_command_exits_non_zero_without_a_terminal(tmp_path):
    """Run as an operator would (own SQLite file, stdin not a terminal): message and exit 1."""
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "VAR_DIR": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "borgerraadgiver", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    assert run("migrate", "-v0").returncode == 0
    assert run("create_office", "testkontor", "--name", "Testkontor").returncode == 0

    result = run("create_user", "hanne", "--office", "testkontor")

    assert result.returncode == 1
    assert "Ingen adgangskode" in result.stderr
    assert "--password-from-env" in result.stderr
