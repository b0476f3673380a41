from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from borgerraadgiver.reports.models import ReportSettings
from borgerraadgiver.reports.services import report_settings_for, report_settings_update
from tests.factories import make_office


@pytest.mark.parametrize(
    ("preset", "help_out", "external_shown"),
    [
        ("albertslund", True, True),
        ("lyngby-taarbaek", False, False),
        ("ballerup", False, True),
        ("lejre", False, True),
        (None, False, True),
    ],
)
def test_settings_start_from_the_rules_of_the_offices_preset(db, preset, help_out, external_shown):
    office = make_office(preset or "nyt-kontor", preset=preset)
    settings = report_settings_for(office)
    assert settings.exclude_help_with_complaint is help_out
    assert settings.external_in_department_tables is external_shown
    assert settings.external_in_totals
    assert settings.rounding == "half_up"


def test_settings_are_created_once_and_then_kept(office):
    report_settings_update(office=office, rounding="largest_remainder", development_periods=10)
    assert report_settings_for(office).rounding == "largest_remainder"
    assert ReportSettings.objects.filter(office=office).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"rounding": "bankers"},
        {"development_periods": 11},
        {"focus_theme_group": "begrundelse"},
        {"no_such_rule": True},
    ],
)
def test_invalid_settings_are_refused_and_nothing_is_saved(office, changes):
    report_settings_for(office)
    with pytest.raises(ValidationError):
        report_settings_update(office=office, **changes)
    settings = ReportSettings.objects.get(office=office)
    assert (settings.rounding, settings.development_periods) == ("half_up", 5)
    assert settings.focus_theme_group == "forvaltningsskik"


def test_the_command_exits_1_with_a_danish_message_on_bad_input(tmp_path):
    # A fresh, empty database directory: the dates are checked before anything is read.
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "borgerraadgiver",
            "report",
            "--office",
            "x",
            "--from",
            "2024-02-30",
            "--to",
            "2024-12-31",
            "--format",
            "json",
            "--out",
            str(tmp_path / "x"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Ugyldig dato" in result.stderr
    assert not (tmp_path / "x").exists()
