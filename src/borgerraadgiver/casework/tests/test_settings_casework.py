"""The office's casework settings page: deadlines, reminders and the optional closed days."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgerraadgiver.casework.calendar import ClosedDays
from borgerraadgiver.casework.models import CaseworkSettings
from borgerraadgiver.casework.selectors import casework_settings, office_closed_days
from borgerraadgiver.offices.models import User
from tests.factories import make_user

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

URL = reverse("casework_settings:rules")


def test_an_office_gets_its_rules_with_the_defaults_the_first_time_it_is_asked_for(office):
    assert not CaseworkSettings.objects.filter(office=office).exists()
    rules = casework_settings(office)
    assert (
        rules.reply_working_days,
        rules.referral_working_days,
        rules.limitation_months,
        rules.remind_days_before,
    ) == (10, 10, 12, 2)
    assert casework_settings(office).pk == rules.pk


def test_the_administrator_changes_the_deadlines_and_closed_days(office, client):
    client.force_login(make_user("admin", office, role=User.Role.OFFICE_ADMIN))
    page = client.get(URL)
    assert page.status_code == 200
    assert 'value="10"' in page.content.decode()

    answer = client.post(
        URL,
        {
            "reply_working_days": "8",
            "referral_working_days": "15",
            "statement_deadline_days": "14",
            "limitation_months": "12",
            "remind_days_before": "3",
            "closed_may_day": "on",
            "closed_christmas_eve": "on",
        },
    )
    assert answer.status_code == 302
    rules = casework_settings(office)
    office.refresh_from_db()
    assert (rules.reply_working_days, rules.referral_working_days, rules.remind_days_before) == (
        8,
        15,
        3,
    )
    assert office.statement_deadline_days == 14
    assert office_closed_days(office) == ClosedDays(
        grundlovsdag=False, christmas_eve=True, new_years_eve=False, may_day=True
    )


def test_a_bad_number_is_shown_not_saved(office, advisor_client):
    answer = advisor_client.post(URL, {"reply_working_days": "0"})
    assert answer.status_code == 200
    assert "Der er fejl i formularen" in answer.content.decode()
    assert casework_settings(office).reply_working_days == 10


@pytest.mark.parametrize("role", [User.Role.SECRETARY, User.Role.READER])
def test_only_who_manages_settings(office, client, role):
    client.force_login(make_user("bruger", office, role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
