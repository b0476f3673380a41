"""Removing a person's CPR number: only on an explicit request, never by an empty field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.inquiries.services import PersonInput, person_create, person_resolve
from borgerraadgiver.offices.models import Office
from tests.factories import make_inquiry

from .test_registration_views import intake_post

CPR = "0101701234"
CPR_DASHED = "010170-1234"
MASKED = "010170-xxxx"


def _inquiry_with(office: Office, prefix: str, person: Person) -> Inquiry:
    inquiry = make_inquiry(office, org_unit="Jobcenter")
    setattr(inquiry, prefix, person)
    inquiry.save()
    return inquiry


def _edit(client, office: Office, inquiry: Inquiry, prefix: str, person: Person, **fields):
    data = intake_post(
        office,
        received="2025-01-15",
        version=inquiry.version,
        **{f"{prefix}-existing": str(person.uid), f"{prefix}-name": person.name},
        **{f"{prefix}-{k}": v for k, v in fields.items()},
    )
    return client.post(reverse("inquiries:edit", kwargs={"uid": inquiry.uid}), data)


def _assert_never_unmasked(*texts: str) -> None:
    for text in texts:
        assert CPR not in text and CPR_DASHED not in text


@pytest.mark.parametrize("prefix", ["person", "requester"])
def test_ticking_remove_cpr_on_the_edit_form_removes_the_number(advisor_client, office, prefix):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    inquiry = _inquiry_with(office, prefix, karen)
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    form_page = advisor_client.get(url).content.decode()
    assert f'name="{prefix}-remove_cpr"' in form_page and "Fjern CPR-nummer" in form_page
    _assert_never_unmasked(form_page)

    response = _edit(advisor_client, office, inquiry, prefix, karen, remove_cpr="on")

    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.cpr == ""
    assert karen.name == "Karen Holm"
    assert Person.objects.count() == 1
    detail = advisor_client.get(response["Location"]).content.decode()
    after = advisor_client.get(url).content.decode()
    _assert_never_unmasked(response["Location"], detail, after)
    assert MASKED not in detail
    assert f'name="{prefix}-remove_cpr"' not in after


def test_an_empty_cpr_field_on_the_edit_form_keeps_the_number(advisor_client, office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    inquiry = _inquiry_with(office, "person", karen)
    response = _edit(advisor_client, office, inquiry, "person", karen, cpr="", phone="22334455")
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.cpr == CPR
    assert karen.phone == "22334455"
    _assert_never_unmasked(response["Location"])


def test_the_remove_box_is_offered_only_for_a_person_with_a_cpr_number(advisor_client, office):
    karen = person_create(office=office, name="Karen Holm")
    inquiry = _inquiry_with(office, "person", karen)
    edit_page = advisor_client.get(reverse("inquiries:edit", kwargs={"uid": inquiry.uid}))
    new_page = advisor_client.get(reverse("inquiries:create"))
    for response in (edit_page, new_page):
        assert "remove_cpr" not in response.context["forms"].person.fields
        assert "Fjern CPR-nummer" not in response.content.decode()


def test_removing_and_typing_a_new_cpr_number_at_once_is_refused(advisor_client, office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    inquiry = _inquiry_with(office, "person", karen)
    version = inquiry.version
    response = _edit(
        advisor_client, office, inquiry, "person", karen, remove_cpr="on", cpr="020280-1234"
    )
    assert response.status_code == 200
    assert response.context["forms"].person.errors["remove_cpr"] == [
        "Fjern CPR-nummeret, eller skriv et nyt, men ikke begge dele."
    ]
    _assert_never_unmasked(response.content.decode())
    karen.refresh_from_db()
    inquiry.refresh_from_db()
    assert karen.cpr == CPR
    assert inquiry.version == version


def test_the_remove_box_does_not_touch_another_person_picked_instead(advisor_client, office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    lis = person_create(office=office, name="Lis Holm", cpr="0202801234")
    inquiry = _inquiry_with(office, "person", karen)
    response = _edit(advisor_client, office, inquiry, "person", lis, remove_cpr="on")
    assert response.status_code == 200
    assert response.context["forms"].person.errors["remove_cpr"]
    _assert_never_unmasked(response.content.decode())
    assert {p.cpr for p in Person.objects.all()} == {CPR, "0202801234"}


def test_the_service_removes_a_cpr_number_only_when_asked(office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    kept = person_resolve(office=office, entry=PersonInput(existing=karen, name="Karen Holm"))
    assert kept is not None and kept.cpr == CPR
    removed = person_resolve(office=office, entry=PersonInput(existing=karen, remove_cpr=True))
    assert removed == karen
    karen.refresh_from_db()
    assert karen.cpr == ""


def test_the_service_refuses_to_remove_a_cpr_number_without_a_picked_person(office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    with pytest.raises(ValidationError) as exc:
        person_resolve(office=office, entry=PersonInput(name="Karen Holm", remove_cpr=True))
    assert "remove_cpr" in exc.value.message_dict
    with pytest.raises(ValidationError):
        person_resolve(office=office, entry=PersonInput(cpr=CPR, remove_cpr=True))
    karen.refresh_from_db()
    assert karen.cpr == CPR
    assert Person.objects.count() == 1
