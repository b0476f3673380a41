from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from borgerraadgiver.casework.models import OfficeCalendar

pytestmark = [pytest.mark.casework, pytest.mark.django_db]


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_working_days_print_the_iso_date_and_nothing_else(office):
    assert run("--office", "albertslund", "--from", "2025-04-16", "--working-days", "1") == (
        "2025-04-22\n"
    )


def test_calendar_days_ending_on_a_holiday_print_the_next_working_day(office):
    assert run("--office", "albertslund", "--from", "2025-04-10", "--days", "7") == "2025-04-22\n"


def test_weeks_ending_on_christmas_eve_print_the_next_working_day(office):
    assert run("--office", "albertslund", "--from", "2025-12-17", "--weeks", "1") == "2025-12-29\n"


def test_the_command_uses_the_offices_own_closed_days(office):
    OfficeCalendar.objects.create(office=office, closed_may_day=True)
    assert run("--office", "albertslund", "--from", "2025-04-24", "--days", "7") == "2025-05-02\n"


@time_machine.travel(datetime(2025, 3, 4, 23, 30, tzinfo=UTC), tick=False)
def test_without_from_the_deadline_runs_from_today_in_copenhagen(office):
    # 23:30 UTC on Tuesday 4 March is already Wednesday 5 March in Copenhagen.
    assert run("--office", "albertslund", "--days", "1") == "2025-03-06\n"


def test_an_unknown_office_is_refused_in_danish_with_status_1(office):
    with pytest.raises(CommandError, match="Der findes intet kontor") as raised:
        run("--office", "nej", "--from", "2025-04-16", "--days", "1")
    assert raised.value.returncode == 1


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-13-01", "16-04-2025", "20250416", "i går"])
def test_a_bad_date_is_refused_in_danish_with_status_1(office, bad):
    with pytest.raises(CommandError, match="Ugyldig dato") as raised:
        run("--office", "albertslund", "--from", bad, "--days", "1")
    assert raised.value.returncode == 1


@pytest.mark.parametrize("bad", ["0", "-3", "tre", "1001", "2.5"])
def test_a_bad_count_is_refused_in_danish_with_status_1(office, bad):
    with pytest.raises(CommandError, match="Ugyldigt antal") as raised:
        run("--office", "albertslund", "--from", "2025-04-16", f"--weeks={bad}")
    assert raised.value.returncode == 1


def test_two_units_at_once_are_refused(office):
    with pytest.raises(CommandError):
        run("--office", "albertslund", "--from", "2025-04-16", "--days", "1", "--weeks", "1")


def test_the_installed_command_prints_only_the_date_and_exits_1_on_errors(tmp_path):
    """One run of the real executable, on its own SQLite file (not the test database)."""
    executable = Path(sys.executable).with_name("borgerraadgiver")
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        VAR_DIR=str(tmp_path),
        TESTING="1",
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(executable), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert cli("migrate", "--no-input", "-v", "0").returncode == 0
    assert cli("create_office", "lejre", "--name", "Lejre Kommune").returncode == 0

    good = cli("deadline", "--office", "lejre", "--from", "2025-12-22", "--working-days", "4")
    unknown = cli("deadline", "--office", "nej", "--from", "2025-12-22", "--days", "1")

    assert good.returncode == 0, good.stderr
    assert good.stdout == "2026-01-02\n"
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "Der findes intet kontor med kortnavnet 'nej'." in unknown.stderr
