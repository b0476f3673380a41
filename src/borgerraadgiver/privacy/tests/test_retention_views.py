"""The retention setting, the deletion log and the legal hold on the inquiry page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from borgerraadgiver.offices.models import User
from borgerraadgiver.privacy.models import LegalHold, RetentionPolicy
from borgerraadgiver.privacy.services import legal_hold_set, retention_run
from borgerraadgiver.privacy.tests.test_retention import ACCOUNT, register
from tests.factories import make_inquiry, make_user

pytestmark = pytest.mark.security

URL = "/databeskyttelse/opbevaring/"


@pytest.fixture
def admin_client(client, office):
    client.force_login(make_user("admin", office, role=User.Role.OFFICE_ADMIN))
    return client


def test_the_office_administrator_sets_the_years_after_closing(admin_client, office):
    assert 'value="5"' in admin_client.get(URL).content.decode()

    response = admin_client.post(URL, {"years_after_closing": "10"})

    assert response.status_code == 302
    assert RetentionPolicy.objects.get(office=office).years_after_closing == 10


def test_a_retention_of_zero_years_is_refused(admin_client, office):
    response = admin_client.post(URL, {"years_after_closing": "0"})
    assert response.status_code == 200
    assert not RetentionPolicy.objects.filter(office=office).exists()


def test_a_secretary_may_not_change_the_retention(client, office):
    client.force_login(make_user("sekretaer", office, role=User.Role.SECRETARY))
    assert client.post(URL, {"years_after_closing": "1"}).status_code == 403
    assert not RetentionPolicy.objects.exists()


def test_the_deletion_log_shows_references_and_counts_only(admin_client, office):
    inquiry = register(office, received=datetime.date(2019, 6, 1), closed=datetime.date(2020, 1, 1))
    retention_run(today=datetime.date(2026, 1, 1), office=office)

    content = admin_client.get(URL).content.decode()

    assert inquiry.reference in content
    assert "beretning: 1" in content
    assert ACCOUNT not in content
    assert 'href="/henvendelser/' not in content


def test_an_advisor_puts_an_inquiry_on_legal_hold_from_its_page(advisor_client, office):
    inquiry = make_inquiry(office)
    page = reverse("inquiries:detail", kwargs={"uid": inquiry.uid})
    assert "Tilbagehold (undtag fra sletning)" in advisor_client.get(page).content.decode()

    response = advisor_client.post(
        reverse("privacy:hold_add", kwargs={"uid": inquiry.uid}), {"reason": "Retssag"}
    )

    assert response.status_code == 302
    hold = LegalHold.objects.get(inquiry=inquiry)
    assert hold.reason == "Retssag" and hold.is_active
    content = advisor_client.get(page).content.decode()
    assert "Tilbageholdt" in content and "Retssag" in content


def test_a_hold_without_a_reason_is_refused(advisor_client, office):
    inquiry = make_inquiry(office)
    response = advisor_client.post(reverse("privacy:hold_add", kwargs={"uid": inquiry.uid}), {})
    assert response.status_code == 200
    assert not LegalHold.objects.exists()


def test_releasing_a_hold_keeps_its_record(advisor_client, office, advisor):
    inquiry = make_inquiry(office)
    legal_hold_set(inquiry=inquiry, reason="Klagesag", by=advisor)

    response = advisor_client.post(reverse("privacy:hold_release", kwargs={"uid": inquiry.uid}))

    assert response.status_code == 302
    hold = LegalHold.objects.get(inquiry=inquiry)
    assert hold.released_at is not None and hold.released_by == advisor


def test_another_offices_inquiry_cannot_be_held(advisor_client, other_office):
    theirs = make_inquiry(other_office)
    response = advisor_client.post(
        reverse("privacy:hold_add", kwargs={"uid": theirs.uid}), {"reason": "x"}
    )
    assert response.status_code == 404
    assert not LegalHold.objects.exists()


def test_an_anonymised_inquiry_says_so_on_its_page(advisor_client, office):
    inquiry = register(office, received=datetime.date(2019, 6, 1), closed=datetime.date(2020, 1, 1))
    retention_run(today=datetime.date(2026, 1, 1), office=office)

    content = advisor_client.get(
        reverse("inquiries:detail", kwargs={"uid": inquiry.uid})
    ).content.decode()

    assert "Anonymiseret 1. januar 2026" in content
