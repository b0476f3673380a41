from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import OFFICE_WALL_QUERIES, make_user

from ._builders import person, register

D = datetime.date
URL = reverse("inquiries:worklist")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


def rows_of(response) -> list:
    return response.context["rows"]


def test_the_worklist_is_the_start_page(advisor_client):
    response = advisor_client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert response.status_code == 200


def test_the_worklist_leads_to_the_recommendations_and_their_follow_up(advisor_client):
    page = advisor_client.get(URL).content.decode()
    assert f'href="{reverse("casework:recommendations")}"' in page


def test_the_worklist_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_my_open_inquiries_are_listed_oldest_first_with_their_age(office, advisor, advisor_client):
    newer = register(office, received=D(2025, 2, 20), assigned_to=advisor)
    older = register(office, received=D(2025, 1, 30), assigned_to=advisor)
    register(office, received=D(2025, 1, 2), assigned_to=advisor, closed=D(2025, 1, 3))
    response = advisor_client.get(URL)
    assert [r.inquiry.pk for r in rows_of(response)] == [older.pk, newer.pk]
    assert [r.age for r in rows_of(response)] == [30, 9]
    html = response.content.decode()
    assert reverse("inquiries:detail", args=[older.uid]) in html
    assert "<strong>2</strong> åbne henvendelser er dine eller ikke fordelt" in html
    assert html.index(older.reference) < html.index(newer.reference)


def test_a_row_shows_unit_path_main_theme_and_person(office, advisor, advisor_client):
    register(
        office,
        assigned_to=advisor,
        person=person(office, "Birthe Holm"),
        themes=("partshoering", "begrundelse"),
    )
    html = advisor_client.get(URL).content.decode()
    assert "Borger, Arbejdsmarked &amp; Erhverv / Jobcenter" in html
    assert "Partshøring" in html
    assert "Birthe Holm" in html


def test_an_anonymous_inquiry_shows_anonym_not_the_name(office, advisor, advisor_client):
    register(office, assigned_to=advisor, anonymous=True, person=person(office, "Hemmelig Person"))
    response = advisor_client.get(URL)
    assert rows_of(response)[0].person == "Anonym"
    assert "Hemmelig Person" not in response.content.decode()


def test_colleagues_inquiries_appear_only_with_the_office_toggle(office, advisor, advisor_client):
    colleague = make_user("carl", office)
    mine = register(office, assigned_to=advisor)
    theirs = register(office, assigned_to=colleague)
    assert [r.inquiry.pk for r in rows_of(advisor_client.get(URL))] == [mine.pk]
    response = advisor_client.get(URL, {"alle": "1"})
    assert {r.inquiry.pk for r in rows_of(response)} == {mine.pk, theirs.pk}
    assert "Kontoret har <strong>2</strong>" in response.content.decode()
    assert "Carl" in response.content.decode()


def test_another_offices_inquiries_never_appear(other_office, advisor, advisor_client):
    register(other_office, org_unit=other_office.org_units.first(), assigned_to=advisor)
    assert rows_of(advisor_client.get(URL)) == []
    assert rows_of(advisor_client.get(URL, {"alle": "1"})) == []


def test_a_user_without_an_office_is_refused(client, db):
    client.force_login(make_user("nomad", None))
    assert client.get(URL).status_code == 403


def test_htmx_gets_only_the_fragment(office, advisor, advisor_client):
    register(office, assigned_to=advisor)
    response = advisor_client.get(URL, {"alle": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Alle åbne på kontoret" in html
    history = advisor_client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in history.content.decode()


def test_the_worklist_is_paginated_by_fifty(office, advisor, advisor_client):
    for _ in range(51):
        register(office, assigned_to=advisor)
    first = advisor_client.get(URL)
    assert len(rows_of(first)) == 50
    assert 'href="?page=2"' in first.content.decode()
    assert len(rows_of(advisor_client.get(URL, {"page": "2"}))) == 1


@pytest.mark.parametrize("n", [3, 30])
def test_the_query_count_does_not_grow_with_the_rows(
    n, office, advisor, advisor_client, django_assert_max_num_queries
):
    for i in range(n):
        register(
            office,
            assigned_to=advisor,
            person=person(office, f"Borger {i}"),
            themes=("begrundelse", "vejledning"),
        )
    # 3 of them: the audit record, and the savepoint of the view's transaction in a test;
    # 1 the open erasure requests (privacy) shown above the list.
    with django_assert_max_num_queries(12 + OFFICE_WALL_QUERIES):
        response = advisor_client.get(URL, {"alle": "1"})
    assert len(rows_of(response)) == n
