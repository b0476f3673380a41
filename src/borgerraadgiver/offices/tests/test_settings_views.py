"""The settings start page, and the office boundary of every settings page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgerraadgiver.offices.models import OrgUnit, User
from borgerraadgiver.vocabularies.models import OfficeValueSetting, OfficeVocabulary, Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add
from tests.factories import make_user, unit, value

SETTINGS = reverse("offices:settings")


def test_settings_page_shows_the_office_its_period_links_and_users(advisor_client, office):
    make_user("sekretaer", office, role=User.Role.SECRETARY)
    response = advisor_client.get(SETTINGS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Albertslund Kommune" in html
    assert "1. april – 31. marts" in html
    assert reverse("offices:org_units") in html
    assert reverse("offices:vocabularies") in html
    assert "Alice" in html and "alice" in html and "Borgerrådgiver" in html
    assert "Sekretær" in html


def test_settings_page_lists_no_user_of_another_office(advisor_client, advisor_other):
    html = advisor_client.get(SETTINGS).content.decode()

    assert advisor_other.username not in html


def test_report_period_and_deadline_are_saved(advisor_client, office):
    response = advisor_client.post(
        SETTINGS,
        {
            "start_day": "1",
            "start_month": "11",
            "end_day": "31",
            "end_month": "10",
            "statement_deadline_days": "14",
        },
    )

    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.report_period_start, office.report_period_end) == ("11-01", "10-31")
    assert office.statement_deadline_days == 14
    assert "1. november – 31. oktober" in advisor_client.get(SETTINGS).content.decode()


def test_a_day_that_does_not_exist_is_refused_at_the_field(advisor_client, office):
    response = advisor_client.post(
        SETTINGS,
        {
            "start_day": "31",
            "start_month": "4",
            "end_day": "30",
            "end_month": "3",
            "statement_deadline_days": "21",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["start_day"] == [
        "Angiv en dato, der findes (måned og dag)."
    ]
    office.refresh_from_db()
    assert office.report_period_start == "04-01"


def test_a_deadline_out_of_range_is_refused(advisor_client, office):
    response = advisor_client.post(
        SETTINGS,
        {
            "start_day": "1",
            "start_month": "1",
            "end_day": "31",
            "end_month": "12",
            "statement_deadline_days": "0",
        },
    )

    assert response.status_code == 200
    assert "statement_deadline_days" in response.context["form"].errors
    office.refresh_from_db()
    assert office.statement_deadline_days == 21


def _settings_routes(office, local_value_id: int) -> list[tuple[str, str, str, dict]]:
    """(kind, method, url, data) for every settings route, with ids of `office`.

    kind: "page" (no id), "unit" (an org unit id in the URL), "value" (a value id posted).
    """
    jobcenter = unit(office, "Jobcenter")
    routes = [
        ("page", "get", reverse("offices:settings"), {}),
        ("page", "get", reverse("offices:org_units"), {}),
        ("page", "post", reverse("offices:org_unit_add"), {"new-name": "Indsmuglet"}),
        ("page", "get", reverse("offices:vocabularies"), {}),
        ("page", "get", reverse("offices:vocabulary", args=["channel"]), {}),
    ]
    for name, data in [
        ("org_unit", {}),
        ("org_unit_rename", {"rename-name": "Omdøbt"}),
        ("org_unit_add_child", {"child-name": "Indsmuglet"}),
        ("org_unit_move", {"move-parent": ""}),
        ("org_unit_retire", {"retire-retired_at": "2024-01-01"}),
        ("org_unit_reactivate", {}),
    ]:
        url = reverse(f"offices:{name}", args=[jobcenter.pk])
        routes += [("unit", "post", url, data), ("unit", "get", url, {})]
    for name, data in [
        ("value_rename", {"value": local_value_id, "label": "Kapret"}),
        ("value_visibility", {"value": local_value_id, "hidden": "1"}),
    ]:
        routes.append(("value", "post", reverse(f"offices:{name}", args=["channel"]), data))
    return routes


@pytest.fixture
def owned_local(office):
    return local_value_add(
        office=office, vocabulary=Vocabulary.objects.get(code="channel"), label="Borgermøde"
    )


@pytest.mark.security
def test_a_user_without_an_office_is_refused_every_settings_page(client, office, owned_local):
    client.force_login(make_user("uden", None))

    for _kind, method, url, data in _settings_routes(office, owned_local.pk):
        response = getattr(client, method)(url, data)
        # No office, no capability: refused before any id is looked up (core.access).
        assert response.status_code == 403, f"{method} {url}"
    assert not OrgUnit.objects.filter(name__in=["Indsmuglet", "Omdøbt"]).exists()


@pytest.mark.security
def test_another_offices_unit_and_value_ids_give_404_and_change_nothing(
    client, office, advisor_other, owned_local
):
    client.force_login(advisor_other)
    jobcenter = unit(office, "Jobcenter")

    for kind, method, url, data in _settings_routes(office, owned_local.pk):
        if kind == "page":
            continue
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{method} {url}"

    jobcenter.refresh_from_db()
    assert (jobcenter.name, jobcenter.retired_at) == ("Jobcenter", None)
    owned_local.refresh_from_db()
    assert owned_local.label == "Borgermøde"
    assert not OfficeValueSetting.objects.filter(value=owned_local).exists()


@pytest.mark.security
def test_pages_without_ids_show_only_the_users_own_office(client, office, advisor_other):
    client.force_login(advisor_other)

    tree = client.get(reverse("offices:org_units")).content.decode()
    channel = client.get(reverse("offices:vocabulary", args=["channel"])).content.decode()

    assert "Jobcenter" not in tree  # an Albertslund unit; Lejre has none by that name
    assert "Center for Job og Ydelser" in tree
    local_value_add(
        office=office, vocabulary=Vocabulary.objects.get(code="channel"), label="Borgermøde"
    )
    assert (
        "Borgermøde"
        not in client.get(reverse("offices:vocabulary", args=["channel"])).content.decode()
    )
    assert "Telefon" in channel


@pytest.mark.security
def test_a_value_of_another_vocabulary_in_the_url_gives_404(advisor_client):
    telefon = value("channel", "telefon")

    response = advisor_client.post(
        reverse("offices:value_rename", args=["theme"]), {"value": telefon.pk, "label": "Ring"}
    )

    assert response.status_code == 404


def test_vocabularies_outside_the_registration_cannot_be_opened(advisor_client):
    for code in ("activity_kind", "department_answer", "findes-ikke"):
        assert advisor_client.get(reverse("offices:vocabulary", args=[code])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, office):
    response = client.get(reverse("offices:org_units"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_registered_dimensions_of_another_office_are_untouched(advisor_client, other_office):
    before = list(
        OfficeVocabulary.objects.filter(office=other_office).values_list(
            "vocabulary_id", "registered"
        )
    )

    advisor_client.post(reverse("offices:vocabularies"), {"theme": "on"})

    after = list(
        OfficeVocabulary.objects.filter(office=other_office).values_list(
            "vocabulary_id", "registered"
        )
    )
    assert after == before
