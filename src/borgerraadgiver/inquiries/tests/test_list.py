from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from borgerraadgiver.offices.services import orgunit_create
from borgerraadgiver.vocabularies.services import office_vocabularies_set
from tests.factories import OFFICE_WALL_QUERIES, make_user, unit, value

from ._builders import person, register, searched_address

D = datetime.date
URL = reverse("inquiries:list")
HTMX = {"HX-Request": "true"}


def found(response) -> list[str]:
    return sorted(r.inquiry.reference for r in response.context["rows"])


def refs(*inquiries) -> list[str]:
    return sorted(i.reference for i in inquiries)


def test_without_filters_every_inquiry_of_the_office_is_listed_newest_first(
    office, other_office, advisor_client
):
    old = register(office, received=D(2025, 1, 1))
    new = register(office, received=D(2025, 1, 9))
    register(other_office, org_unit=other_office.org_units.first())
    response = advisor_client.get(URL)
    assert response.status_code == 200
    assert [r.inquiry.pk for r in response.context["rows"]] == [new.pk, old.pk]
    assert "<strong>2</strong> henvendelser fundet" in response.content.decode()


def test_the_period_filter_works_with_iso_and_danish_dates(office, advisor_client):
    register(office, received=D(2025, 1, 1))
    inside = register(office, received=D(2025, 2, 10))
    for start, end in (("2025-02-01", "2025-02-28"), ("01-02-2025", "28.02.2025")):
        response = advisor_client.get(URL, {"received_from": start, "received_to": end})
        assert found(response) == refs(inside)


def test_an_end_date_before_the_start_is_an_error_at_the_field(office, advisor_client):
    register(office)
    response = advisor_client.get(URL, {"received_from": "2025-02-01", "received_to": "2025-01-01"})
    html = response.content.decode()
    assert response.context["rows"] == []
    assert "Slutdatoen ligger før startdatoen." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_received_to-error"' in html
    assert 'id="id_received_to-error"' in html


def test_the_org_unit_filter_includes_sub_units(office, advisor_client):
    area = unit(office, "Borger, Arbejdsmarked & Erhverv")
    team = orgunit_create(office=office, name="Team Syd", parent=unit(office, "Jobcenter"))
    a = register(office, org_unit="Jobcenter")
    b = register(office, org_unit=team)
    register(office, org_unit="Familieafsnittet")
    assert found(advisor_client.get(URL, {"org_unit": area.pk})) == refs(a, b)


def test_the_theme_filter_takes_a_group_or_a_leaf(office, advisor_client):
    a = register(office, themes=("vejledning", "partshoering"))
    b = register(office, themes=("begrundelse",))
    register(office, themes=("aktindsigt",))
    group = value("theme", "forvaltningsloven").pk
    assert found(advisor_client.get(URL, {"theme": group})) == refs(a, b)
    leaf = value("theme", "partshoering").pk
    assert found(advisor_client.get(URL, {"theme": leaf})) == refs(a)


def test_status_kind_and_other_registered_vocabularies_filter(office, advisor_client):
    a = register(office, inquiry_kind="klage", outcome="afvist", closed=D(2025, 1, 20))
    b = register(office, inquiry_kind="klage")
    register(office, inquiry_kind="vejledning", outcome="afvist", closed=D(2025, 1, 20))
    klage = value("inquiry_kind", "klage").pk
    assert found(advisor_client.get(URL, {"inquiry_kind": klage})) == refs(a, b)
    assert found(advisor_client.get(URL, {"inquiry_kind": klage, "status": "open"})) == refs(b)
    afvist = value("outcome", "afvist").pk
    assert found(advisor_client.get(URL, {"outcome": afvist, "inquiry_kind": klage})) == refs(a)


def test_the_form_offers_only_the_vocabularies_the_office_registers(office, advisor_client):
    office_vocabularies_set(office=office, registered=["theme", "channel"])
    form = advisor_client.get(URL).context["form"]
    assert "channel" in form.fields
    assert "inquiry_kind" not in form.fields
    assert "primary_reason" not in form.fields


def test_choices_of_another_office_are_refused(office, other_office, advisor_client):
    register(office)
    response = advisor_client.get(URL, {"org_unit": other_office.org_units.first().pk})
    assert response.context["rows"] == []
    assert "org_unit" in response.context["form"].errors


def test_free_text_search_finds_account_and_names(office, advisor_client):
    by_account = register(office, account="Borgeren har søgt om en bolig i januar.")
    by_name = register(office, person=person(office, "Jonas Bolig-Madsen"), account="Andet")
    by_requester = register(office, requester=person(office, "Ida Bolig"), account="Andet")
    register(office, account="Klage over hjemmeplejen.", person=person(office, "Ole Holm"))
    address = searched_address(advisor_client, {"q": "bolig", "status": "open"})
    response = advisor_client.get(address)
    assert found(response) == refs(by_account, by_name, by_requester)
    assert "bolig" not in address
    assert "status=open" in address
    assert 'value="bolig"' in response.content.decode()


def test_htmx_search_answers_with_the_results_and_an_address_without_the_text(
    office, advisor_client
):
    hit = register(office, account="Borgeren har søgt om en bolig i januar.")
    register(office, account="Klage over hjemmeplejen.")
    response = advisor_client.post(URL, {"q": "bolig", "sort": "received"}, headers=HTMX)
    assert found(response) == refs(hit)
    address = response["HX-Push-Url"]
    assert address.startswith(URL + "?") and "bolig" not in address
    assert "sort=received" in address
    # Paging and sorting links repeat the address's token, not the text.
    token = address.split("s=")[1]
    html = response.content.decode()
    assert f"s={token}" in html and "bolig" not in html.split('id="results"')[-1].split("<table")[0]


def test_a_search_text_in_the_address_is_moved_out_of_it(office, advisor_client):
    hit = register(office, account="bolig")
    response = advisor_client.get(URL, {"q": "bolig", "page": "1"})
    assert response.status_code == 302
    assert "bolig" not in response["Location"]
    assert found(advisor_client.get(response["Location"])) == refs(hit)


def test_a_search_token_works_only_in_the_session_that_made_it(office, advisor, client):
    register(office, account="bolig")
    client.force_login(advisor)
    address = searched_address(client, {"q": "bolig"})
    colleague = make_user("dora", office)
    client.force_login(colleague)
    response = client.get(address)
    assert response.status_code == 302
    assert "s=" not in response["Location"]
    [message] = list(get_messages(response.wsgi_request))
    assert "udløbet" in str(message)


def test_a_search_for_a_cpr_number_is_refused_at_the_field(office, advisor_client):
    register(office, account="0101901234")
    response = advisor_client.post(URL, {"q": "010190-1234"})
    assert response.status_code == 200
    assert "personopslaget" in response.content.decode()
    assert response.context["rows"] == []


def test_a_cpr_number_is_refused_and_taken_out_of_the_address(office, advisor_client):
    register(office, account="0101901234")
    response = advisor_client.get(URL, {"q": "010190-1234", "status": "open"})
    assert response.status_code == 302
    assert "0101" not in response["Location"]
    assert "status=open" in response["Location"]
    [message] = list(get_messages(response.wsgi_request))
    assert "CPR" in str(message)
    assert "010190" not in str(message)


def test_a_cpr_number_is_refused_under_htmx_too(office, advisor_client):
    register(office, account="0101901234")
    response = advisor_client.get(URL, {"q": "0101901234"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "0101901234" not in html
    assert "personopslaget" in html
    assert response["HX-Retarget"] == "#inquiry-search"
    assert response["HX-Push-Url"] == URL


def test_results_are_paginated_by_fifty(office, advisor_client):
    inquiries = [
        register(office, received=D(2025, 1, 1) + datetime.timedelta(days=i)) for i in range(51)
    ]
    first = advisor_client.get(URL, {"status": "open"})
    assert len(first.context["rows"]) == 50
    assert "viser 1–50" in first.content.decode()
    assert 'href="?status=open&amp;page=2"' in first.content.decode()
    second = advisor_client.get(URL, {"status": "open", "page": "2"})
    assert [r.inquiry.pk for r in second.context["rows"]] == [inquiries[0].pk]


def test_a_page_out_of_range_shows_the_last_page(office, advisor_client):
    register(office)
    assert len(advisor_client.get(URL, {"page": "99"}).context["rows"]) == 1


def test_sorting_oldest_first_and_the_sort_survives_filtering(office, advisor_client):
    early = register(office, received=D(2025, 1, 1))
    late = register(office, received=D(2025, 1, 2))
    response = advisor_client.get(URL, {"sort": "received"})
    assert [r.inquiry.pk for r in response.context["rows"]] == [early.pk, late.pk]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    assert '<input type="hidden" name="sort" value="received" form="filter-form">' in html


def test_a_row_shows_path_kind_status_and_points_count(office, advisor_client):
    register(
        office,
        org_unit="Jobcenter",
        inquiry_kind="klage",
        themes=("begrundelse", "vejledning", "aktindsigt"),
    )
    response = advisor_client.get(URL)
    [row] = response.context["rows"]
    assert row.inquiry.points_count == 3
    assert row.kind == "Klage over sagsbehandling"
    html = response.content.decode()
    assert "Borger, Arbejdsmarked &amp; Erhverv / Jobcenter" in html
    assert "Åben" in html


def test_htmx_gets_the_results_fragment(office, advisor_client):
    register(office)
    response = advisor_client.get(URL, {"status": "open"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "henvendelse fundet" in html


def test_the_page_works_without_javascript(advisor_client, office):
    html = advisor_client.get(URL).content.decode()
    assert 'method="post" action="/henvendelser/soeg/"' in html
    assert 'type="submit"' in html


def test_the_export_links_carry_the_filters_but_not_the_page(office, advisor_client):
    register(office)
    html = advisor_client.get(URL, {"status": "open", "page": "1"}).content.decode()
    assert reverse("inquiries:export", args=["xlsx"]) + '?status=open"' in html


def test_another_user_of_the_office_sees_the_same_results(office, advisor, client):
    register(office)
    client.force_login(make_user("dora", office))
    assert len(client.get(URL).context["rows"]) == 1


@pytest.mark.parametrize("n", [3, 30])
def test_the_query_count_does_not_grow_with_the_rows(
    n, office, advisor_client, django_assert_max_num_queries
):
    for _ in range(n):
        register(office, inquiry_kind="klage", themes=("begrundelse", "vejledning"))
    # The form's choices cost two queries per registered vocabulary, keeping
    # the search text in the session three, the audit record and the savepoint of
    # the view's transaction three; rows cost none.
    with django_assert_max_num_queries(32 + OFFICE_WALL_QUERIES):
        response = advisor_client.post(
            URL, {"q": "afdelingen", "theme": value("theme", "forvaltningsloven").pk}, headers=HTMX
        )
    assert len(response.context["rows"]) == n
