"""The competence lists are the office's to adjust on its vocabulary pages (statutes differ)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgerraadgiver.vocabularies.models import VocabularyValue
from borgerraadgiver.vocabularies.selectors import COMPETENCE_VOCABULARIES, office_choices

pytestmark = pytest.mark.django_db


def test_the_vocabularies_page_links_every_competence_list(advisor_client):
    page = advisor_client.get(reverse("offices:vocabularies")).content.decode()
    for code in COMPETENCE_VOCABULARIES:
        assert reverse("offices:vocabulary", args=[code]) in page


@pytest.mark.parametrize("code", COMPETENCE_VOCABULARIES)
def test_each_competence_list_opens_for_the_office(advisor_client, code):
    assert advisor_client.get(reverse("offices:vocabulary", args=[code])).status_code == 200


def test_an_office_adds_its_own_rejection_ground_and_hides_a_standard_one(advisor_client, office):
    added = advisor_client.post(
        reverse("offices:value_add", args=["rejection_ground"]),
        {"new-label": "Klagen er trukket tilbage"},
    )
    assert added.status_code == 302
    hidden = VocabularyValue.objects.get(vocabulary__code="rejection_ground", code="anonym")
    advisor_client.post(
        reverse("offices:value_visibility", args=["rejection_ground"]),
        {"value": hidden.pk, "hidden": "1"},
    )
    labels = [c.label for c in office_choices(office, "rejection_ground")]
    assert "Klagen er trukket tilbage" in labels
    assert hidden.label not in labels


def test_the_other_later_lists_stay_closed(advisor_client):
    assert (
        advisor_client.get(reverse("offices:vocabulary", args=["activity_kind"])).status_code == 404
    )
