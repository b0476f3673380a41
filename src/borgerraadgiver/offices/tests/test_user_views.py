"""The office's user pages (office administrator) and the offices page (system operator)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgerraadgiver.offices.models import Office, User
from tests.factories import PASSWORD, make_user

USERS = reverse("offices:users")
OFFICES = reverse("offices:office_list")
NEW_PASSWORD = "skriveborde-i-lange-raekker-7"  # noqa: S105


@pytest.fixture
def admin_client(client, office):
    client.force_login(make_user("admin", office, role=User.Role.OFFICE_ADMIN))
    return client


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_user("drift", None, role=User.Role.OPERATOR))
    return client


def _new_user(username: str, role: str, **extra: str) -> dict[str, str]:
    return {
        "new-username": username,
        "new-first_name": "Nina",
        "new-last_name": "Ny",
        "new-role": role,
        "new-password": NEW_PASSWORD,
        "new-password_again": NEW_PASSWORD,
        **extra,
    }


def test_the_administrator_creates_a_user_with_a_role_who_can_log_in(admin_client, office, client):
    response = admin_client.post(USERS, _new_user("nina", "secretary"))

    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert (nina.office, nina.role) == (office, User.Role.SECRETARY)
    assert "nina" in admin_client.get(USERS).content.decode()
    assert client.login(username="nina", password=NEW_PASSWORD)


def test_a_weak_or_mistyped_password_is_shown_at_the_field(admin_client):
    weak = admin_client.post(USERS, _new_user("nina", "reader", **{"new-password": "kort"}))
    assert weak.status_code == 200
    assert "De to adgangskoder er ikke ens." in weak.content.decode()

    both = {"new-password": "kort", "new-password_again": "kort"}
    too_short = admin_client.post(USERS, _new_user("nina", "reader", **both))
    assert too_short.status_code == 200
    assert 'id="id_new-password-error"' in too_short.content.decode()
    assert not User.objects.filter(username="nina").exists()


def test_the_operator_role_cannot_be_given_on_the_users_page(admin_client):
    response = admin_client.post(USERS, _new_user("nina", "operator"))

    assert response.status_code == 200
    assert not User.objects.filter(username="nina").exists()


def test_the_administrator_changes_a_role_and_deactivates_without_deleting(
    admin_client, office, client
):
    carl = make_user("carl", office, role=User.Role.SECRETARY)

    response = admin_client.post(reverse("offices:user_role", args=[carl.pk]), {"role": "reader"})
    assert response.status_code == 302
    carl.refresh_from_db()
    assert carl.role == User.Role.READER

    admin_client.post(reverse("offices:user_deactivate", args=[carl.pk]))
    carl.refresh_from_db()
    assert not carl.is_active
    assert not client.login(username="carl", password=PASSWORD)
    assert "Deaktiveret" in admin_client.get(USERS).content.decode()

    admin_client.post(reverse("offices:user_reactivate", args=[carl.pk]))
    assert client.login(username="carl", password=PASSWORD)


def test_the_page_explains_why_the_last_administrator_stays(admin_client, office):
    admin = User.objects.get(username="admin")

    response = admin_client.post(reverse("offices:user_role", args=[admin.pk]), {"role": "reader"})

    assert response.status_code == 200
    assert "mindst én aktiv borgerrådgiver eller kontoradministrator" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == User.Role.OFFICE_ADMIN


def test_the_settings_page_offers_the_secretaries_statements_and_saves_the_choice(
    advisor_client, office
):
    form = {
        "start_day": "1",
        "start_month": "4",
        "end_day": "31",
        "end_month": "3",
        "statement_deadline_days": "21",
        "secretary_statement_write": "on",
    }
    html = advisor_client.get(reverse("offices:settings")).content.decode()
    assert 'name="secretary_statement_write"' in html
    assert USERS in html

    assert advisor_client.post(reverse("offices:settings"), form).status_code == 302
    office.refresh_from_db()
    assert office.secretary_capabilities == ["statement.write"]

    del form["secretary_statement_write"]
    advisor_client.post(reverse("offices:settings"), form)
    office.refresh_from_db()
    assert office.secretary_capabilities == []


def test_the_operator_creates_an_office_from_a_preset_and_its_first_administrator(
    operator_client, client
):
    response = operator_client.post(
        OFFICES, {"slug": "ballerup", "name": "Ballerup Kommune", "preset": "ballerup"}
    )
    office = Office.objects.get(slug="ballerup")
    assert response.status_code == 302
    assert response["Location"] == reverse("offices:office_detail", args=[office.pk])
    assert office.org_units.exists()

    detail = reverse("offices:office_detail", args=[office.pk])
    operator_client.post(
        detail,
        {
            "admin-username": "bente",
            "admin-password": NEW_PASSWORD,
            "admin-password_again": NEW_PASSWORD,
        },
    )
    bente = User.objects.get(username="bente")
    assert (bente.office, bente.role) == (office, User.Role.OFFICE_ADMIN)
    assert "bente" in operator_client.get(detail).content.decode()

    client.login(username="bente", password=NEW_PASSWORD)
    assert client.get(reverse("offices:settings")).status_code == 200
    assert client.get(reverse("inquiries:worklist")).status_code == 403


def test_the_operator_is_told_when_an_office_slug_is_taken(operator_client, office):
    response = operator_client.post(OFFICES, {"slug": office.slug, "name": "Endnu en"})

    assert response.status_code == 200
    assert "Der findes allerede et kontor med kortnavnet" in response.content.decode()


def test_the_offices_page_lists_offices_and_their_users_but_no_cases(operator_client, office):
    make_user("alice", office)

    html = operator_client.get(OFFICES).content.decode()

    assert "Albertslund Kommune" in html
    assert reverse("offices:office_detail", args=[office.pk]) in html
    assert "/henvendelser/" not in html
