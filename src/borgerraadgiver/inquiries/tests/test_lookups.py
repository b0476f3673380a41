"""Type-ahead reads: org units, themes and known persons, always within one office."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from borgerraadgiver.inquiries.lookups import (
    options_matching,
    org_unit_options,
    person_search,
    vocabulary_options,
)
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.services import orgunit_retire
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add, value_setting_update
from tests.factories import unit, value


def test_org_units_are_labelled_with_their_path_in_tree_order(office):
    labels = [o.label for o in org_unit_options(office)]
    assert labels[:2] == [
        "Borger, Arbejdsmarked & Erhverv",
        "Borger, Arbejdsmarked & Erhverv / Jobcenter",
    ]
    assert labels.index("Børn & Familie / Familieafsnittet") == labels.index("Børn & Familie") + 1


def test_retired_units_are_left_out_unless_an_old_registration_needs_them(office):
    retired = unit(office, "Jobcenter")
    orgunit_retire(unit=retired, on=datetime.date(2024, 12, 31))
    assert retired.pk not in [o.id for o in org_unit_options(office)]
    kept = [o for o in org_unit_options(office, include=[retired.pk]) if o.id == retired.pk]
    assert kept[0].label.endswith("(nedlagt)")


def test_the_type_ahead_matches_every_word_anywhere_in_the_path(office):
    hits = options_matching(org_unit_options(office), "arbejd jobc")
    assert [o.label for o in hits] == ["Borger, Arbejdsmarked & Erhverv / Jobcenter"]
    assert options_matching(org_unit_options(office), "findes ikke") == []


def test_themes_come_grouped_and_a_hidden_theme_is_not_offered(office):
    value_setting_update(office=office, value=value("theme", "journalisering"), hidden=True)
    options = vocabulary_options(office, "theme")
    by_label = {o.label: o for o in options}
    assert by_label["Partshøring"].group == "Forvaltningsloven"
    assert "Journalisering" not in by_label
    assert all(o.group for o in options)  # groups are not pickable themselves
    hits = options_matching(options, "forvaltningsloven")
    assert "Partshøring" in [o.label for o in hits]


def test_a_renamed_theme_is_offered_under_the_offices_label(office):
    value_setting_update(
        office=office, value=value("theme", "partshoering"), label="Høring af parten"
    )
    labels = [o.label for o in vocabulary_options(office, "theme")]
    assert "Høring af parten" in labels and "Partshøring" not in labels


def test_persons_are_found_by_name_phone_or_full_cpr(office):
    karen = person_create(
        office=office, name="Karen Holm Jensen", phone="22 33 44 55", cpr="0101701234"
    )
    person_create(office=office, name="Bo Hansen", phone="+45 87 65 43 21")
    assert person_search(office, name="holm karen") == [karen]
    assert person_search(office, phone="22334455") == [karen]
    assert person_search(office, phone="3344") == [karen]
    assert person_search(office, cpr="010170-1234") == [karen]
    assert [p.name for p in person_search(office, phone="87654321")] == ["Bo Hansen"]


@pytest.mark.parametrize("query", [{"name": "k"}, {"phone": "22"}, {"cpr": "010170"}, {}])
def test_too_little_input_finds_nobody(office, query):
    person_create(office=office, name="Karen Holm", phone="22334455", cpr="0101701234")
    assert person_search(office, **query) == []


def test_person_search_never_crosses_office_lines(office, other_office):
    person_create(office=other_office, name="Karen Holm", cpr="0101701234")
    assert person_search(office, name="Karen", cpr="0101701234") == []


def test_the_person_lookup_answers_a_post_with_masked_cpr(advisor_client, office):
    person_create(office=office, name="Karen Holm", cpr="0101701234", phone="22334455")
    response = advisor_client.post(
        reverse("inquiries:person_lookup"), {"prefix": "person", "person-cpr": "0101701234"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Karen Holm" in page and "010170-xxxx" in page
    assert "0101701234" not in page
    assert 'name="person-existing"' in page


def test_the_person_lookup_is_never_a_get_so_no_cpr_lands_in_a_url(advisor_client, office):
    person_create(office=office, name="Karen Holm", cpr="0101701234")
    url = reverse("inquiries:person_lookup")
    assert advisor_client.get(url, {"person-cpr": "0101701234"}).status_code == 405
    assert advisor_client.post(url, {"prefix": "nope"}).status_code == 400


def test_the_person_lookup_keeps_the_picked_person_at_the_top(advisor_client, office):
    picked = person_create(office=office, name="Inger Madsen")
    person_create(office=office, name="Karen Holm")
    response = advisor_client.post(
        reverse("inquiries:person_lookup"),
        {"prefix": "requester", "requester-name": "Karen", "requester-existing": str(picked.uid)},
    )
    page = response.content.decode()
    assert page.index("Inger Madsen") < page.index("Karen Holm")
    assert f'value="{picked.uid}" checked' in page


def test_the_org_unit_lookup_returns_matching_paths_as_json(advisor_client, office, other_office):
    response = advisor_client.get(reverse("inquiries:org_unit_lookup"), {"q": "jobcenter"})
    results = response.json()["results"]
    assert [r["label"] for r in results] == ["Borger, Arbejdsmarked & Erhverv / Jobcenter"]
    assert results[0]["id"] == unit(office, "Jobcenter").pk


def test_the_theme_lookup_offers_the_offices_local_themes_only_to_it(
    client, advisor, advisor_other, office
):
    theme = Vocabulary.objects.get(code="theme")
    local_value_add(
        office=office,
        vocabulary=theme,
        label="Lokalt tema",
        parent=value("theme", "forvaltningsskik"),
    )
    client.force_login(advisor)
    own = client.get(reverse("inquiries:theme_lookup"), {"q": "lokalt"}).json()["results"]
    assert [(r["label"], r["group"]) for r in own] == [("Lokalt tema", "Forvaltningsskik")]
    client.force_login(advisor_other)
    assert client.get(reverse("inquiries:theme_lookup"), {"q": "lokalt"}).json()["results"] == []
