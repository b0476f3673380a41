"""borgerraadgiver import_registrations: output, messages and exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from borgerraadgiver.inquiries.models import Inquiry

from .helpers import csv_file, snapshot

pytestmark = pytest.mark.django_db

GOOD = (
    "inquiry;received;org_unit;point;theme",
    "A-1;2024-01-02;Jobcenter;1;begrundelse",
    "A-1;2024-01-02;Jobcenter;2;vejledning",
    "A-2;2024-01-03;Jobcenter;1;begrundelse",
)
BAD = (
    "inquiry;received;org_unit;point;theme",
    "A-1;2024-01-02;Jobcenter;1;begrundelse",
    "A-2;02-01-2024;Jobcenter;1;begrundelse",
    "A-3;2024-01-02;Ukendt;1;Telefon",
)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_registrations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_prints_the_counts(office, tmp_path):
    out, err = run(str(csv_file(tmp_path, *GOOD)), "--office", office.slug)

    assert out == "Importerede 2 henvendelser med 3 klagepunkter.\n"
    assert err == ""
    assert Inquiry.objects.filter(office=office).count() == 2


def test_one_inquiry_is_counted_in_the_singular(office, tmp_path):
    out, _err = run(str(csv_file(tmp_path, *GOOD[:2])), "--office", office.slug)
    assert out == "Importerede 1 henvendelse med 1 klagepunkt.\n"


def test_errors_go_to_stderr_line_by_line_and_the_exit_status_is_1(office, tmp_path):
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_registrations",
            str(csv_file(tmp_path, *BAD)),
            "--office",
            office.slug,
            stdout=StringIO(),
            stderr=err,
        )

    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "række 3, kolonne received: '02-01-2024' er ikke en dato på formen ÅÅÅÅ-MM-DD",
        "række 4, kolonne org_unit: enheden 'Ukendt' findes ikke hos kontoret; slå 'opret "
        "manglende enheder' (--create-org-units) til for at oprette den",
        "række 4, kolonne theme: 'Telefon' hører til 'Henvendelsesform', ikke til 'Tema og emne "
        "(juridisk tema)'",
    ]
    assert str(raised.value) == "Intet er importeret: 3 fejl i filen."
    assert snapshot() == before


def test_create_org_units_option_creates_the_missing_unit(office, tmp_path):
    path = csv_file(tmp_path, "inquiry;received;org_unit", "A-1;2024-01-02;Jobcenter / Team Nord")

    with pytest.raises(CommandError):
        run(str(path), "--office", office.slug)
    out, _err = run(str(path), "--office", office.slug, "--create-org-units")

    assert out.splitlines() == [
        "Importerede 1 henvendelse med 0 klagepunkter.",
        "Oprettede 1 enhed: Borger, Arbejdsmarked & Erhverv / Jobcenter / Team Nord",
    ]


def test_an_unknown_office_or_file_is_exit_status_1_with_a_message(office, tmp_path):
    with pytest.raises(CommandError, match="Ukendt kontor: ingensteds") as raised:
        run(str(csv_file(tmp_path, *GOOD)), "--office", "ingensteds")
    assert raised.value.returncode == 1
    with pytest.raises(CommandError, match="Filen findes ikke") as raised:
        run(str(tmp_path / "mangler.csv"), "--office", office.slug)
    assert raised.value.returncode == 1


def test_the_installed_command_really_exits_with_status_1_on_errors(tmp_path):
    """One run of the real executable, on its own SQLite file (not the test database)."""
    executable = Path(sys.executable).with_name("borgerraadgiver")
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        VAR_DIR=str(tmp_path),
        TESTING="1",
    )

    def cli(*args):
        return subprocess.run(
            [str(executable), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert cli("migrate", "--no-input", "-v", "0").returncode == 0
    assert (
        cli("create_office", "cli", "--name", "CLI Kommune", "--preset", "albertslund").returncode
        == 0
    )

    unknown = cli("import_registrations", str(csv_file(tmp_path, *GOOD)), "--office", "nej")
    bad = cli(
        "import_registrations", str(csv_file(tmp_path, *BAD, name="bad.csv")), "--office", "cli"
    )
    good = cli(
        "import_registrations", str(csv_file(tmp_path, *GOOD, name="good.csv")), "--office", "cli"
    )

    assert unknown.returncode == 1 and "Ukendt kontor: nej" in unknown.stderr
    assert bad.returncode == 1
    # Other lines may precede (library logging goes to stderr too).
    assert (
        "række 3, kolonne received: '02-01-2024' er ikke en dato på formen ÅÅÅÅ-MM-DD"
        in bad.stderr.splitlines()
    )
    assert bad.stdout == ""
    assert good.returncode == 0, good.stderr
    assert good.stdout == "Importerede 2 henvendelser med 3 klagepunkter.\n"
