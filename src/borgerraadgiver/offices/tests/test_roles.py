"""The capability table (offices.roles) and the services that give and take roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import (
    ROLE_CAPABILITIES,
    Capability,
    capabilities_for,
)
from borgerraadgiver.offices.services import (
    office_settings_update,
    user_active_set,
    user_create,
    user_role_set,
)
from tests.factories import PASSWORD, make_user

C = Capability


def _grant_statements(office, granted: bool) -> None:
    office_settings_update(
        office=office,
        report_period_start=office.report_period_start,
        report_period_end=office.report_period_end,
        statement_deadline_days=office.statement_deadline_days,
        secretary_capabilities=[C.STATEMENT_WRITE] if granted else [],
    )


def test_every_role_that_writes_cases_can_also_read_them():
    for role, granted in ROLE_CAPABILITIES.items():
        if C.CASE_WRITE in granted or C.STATEMENT_WRITE in granted:
            assert C.CASE_READ in granted, role


def test_no_role_but_the_operator_manages_offices_and_the_operator_sees_no_cases():
    for role, granted in ROLE_CAPABILITIES.items():
        assert (C.OFFICES_MANAGE in granted) == (role == User.Role.OPERATOR)
    assert ROLE_CAPABILITIES[User.Role.OPERATOR] == {C.OFFICES_MANAGE}


def test_a_secretary_writes_statements_only_where_the_office_allows_it(office):
    secretary = make_user("sekretaer", office, role=User.Role.SECRETARY)
    assert C.STATEMENT_WRITE not in capabilities_for(secretary)

    _grant_statements(office, True)
    secretary = User.objects.get(pk=secretary.pk)
    assert C.STATEMENT_WRITE in capabilities_for(secretary)
    # The office setting is for secretaries: a reader gains nothing by it.
    reader = make_user("laeser", office, role=User.Role.READER)
    assert capabilities_for(reader) == {C.REPORT_READ}


def test_an_unknown_capability_for_secretaries_is_refused(office):
    with pytest.raises(ValidationError) as exc:
        office_settings_update(
            office=office,
            report_period_start="01-01",
            report_period_end="12-31",
            statement_deadline_days=21,
            secretary_capabilities=["settings.manage"],
        )
    assert "secretary_capabilities" in exc.value.message_dict


def test_a_user_without_an_office_an_inactive_user_and_a_misplaced_operator_get_nothing(office):
    assert capabilities_for(make_user("hjemloes", None)) == set()
    inactive = make_user("tidligere", office)
    inactive.is_active = False
    assert capabilities_for(inactive) == set()
    misplaced = make_user("drift", office, role=User.Role.OPERATOR)
    assert capabilities_for(misplaced) == set()


def test_an_operator_is_created_without_an_office_and_refused_with_one(office):
    operator = user_create(
        office=None, username="drift", password=PASSWORD, role=User.Role.OPERATOR
    )
    assert capabilities_for(operator) == {C.OFFICES_MANAGE}
    with pytest.raises(ValidationError):
        user_create(office=office, username="drift2", password=PASSWORD, role=User.Role.OPERATOR)
    with pytest.raises(ValidationError):
        user_create(office=None, username="raadgiver", password=PASSWORD)


def test_the_last_user_who_can_manage_the_office_cannot_be_demoted_or_deactivated(office, advisor):
    secretary = make_user("sekretaer", office, role=User.Role.SECRETARY)
    with pytest.raises(ValidationError):
        user_role_set(user=advisor, role=User.Role.READER)
    with pytest.raises(ValidationError):
        user_active_set(user=advisor, active=False, by=secretary)

    # With a second manager the first may go; then the second is the last.
    admin = make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    user_role_set(user=advisor, role=User.Role.READER)
    with pytest.raises(ValidationError):
        user_active_set(user=admin, active=False, by=advisor)
    assert User.objects.get(pk=admin.pk).is_active


def test_nobody_deactivates_themselves(office, advisor):
    make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    with pytest.raises(ValidationError) as exc:
        user_active_set(user=advisor, active=False, by=advisor)
    assert "is_active" in exc.value.message_dict


def test_the_operator_role_is_not_given_or_taken_through_an_office(office, advisor):
    with pytest.raises(ValidationError):
        user_role_set(user=make_user("ny", office), role=User.Role.OPERATOR)


def test_a_deactivated_users_open_session_ends_at_the_next_request(client, office, advisor):
    secretary = make_user("sekretaer", office, role=User.Role.SECRETARY)
    client.force_login(secretary)
    assert client.get(reverse("inquiries:worklist")).status_code == 200

    user_active_set(user=secretary, active=False, by=advisor)

    response = client.get(reverse("inquiries:worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not client.login(username="sekretaer", password=PASSWORD)
