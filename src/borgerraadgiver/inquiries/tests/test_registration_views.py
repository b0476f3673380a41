"""Registering, viewing and editing an inquiry through the web form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgerraadgiver.inquiries.forms import intake_choices
from borgerraadgiver.inquiries.intake import IntakeForms
from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.models import Office
from borgerraadgiver.offices.services import orgunit_retire
from borgerraadgiver.vocabularies.services import value_setting_update
from tests.factories import make_inquiry, make_office, make_user, unit, value

CREATE = reverse("inquiries:create")


def intake_post(
    office: Office, *, points: list[dict[str, Any]] | None = None, **fields: Any
) -> dict[str, Any]:
    """A filled-in intake form as the browser posts it."""
    rows = points if points is not None else [{"theme": value("theme", "begrundelse").pk}]
    data: dict[str, Any] = {
        "received": "2025-03-04",
        "org_unit": fields.pop("org_unit")
        if "org_unit" in fields
        else unit(office, "Jobcenter").pk,
        "channel": value("channel", "telefon").pk,
        "account": "Borgeren har ventet på svar i fire måneder.",
        "person-name": "",
        "person-phone": "",
        "person-cpr": "",
        "person-address": "",
        "person-email": "",
        "points-TOTAL_FORMS": str(len(rows)),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "20",
        "_save": "1",
    }
    for i, row in enumerate(rows):
        for key, val in row.items():
            data[f"points-{i}-{key}"] = val
    data.update(fields)
    return data


def test_the_form_offers_only_what_the_office_registers(advisor_client):
    response = advisor_client.get(CREATE)
    assert response.status_code == 200
    form = response.context["forms"].main
    # Albertslund registers channel, requester kind, kind, handling and outcome, not reasons.
    assert "channel" in form.fields and "outcome" in form.fields
    assert "primary_reason" not in form.fields
    row = response.context["forms"].points.forms[0]
    assert "conclusion" not in row.fields
    assert 'name="points-0-theme"' in response.content.decode()


def test_an_office_that_registers_conclusions_gets_them_on_each_point(client, other_office):
    client.force_login(make_user("lise", other_office))
    response = client.get(CREATE)
    row = response.context["forms"].points.forms[0]
    assert {"theme", "conclusion", "criticism_grade"} <= set(row.fields)


def test_an_office_without_themes_registers_inquiries_without_points(client, db):
    office = make_office("lyngby-taarbaek", preset="lyngby-taarbaek")
    client.force_login(make_user("lars", office))
    response = client.get(CREATE)
    assert response.context["forms"].points is None
    assert 'name="points-TOTAL_FORMS"' not in response.content.decode()
    data = intake_post(office, org_unit=unit(office, "Borgerservice").pk, points=[])
    data.pop("channel")
    response = client.post(CREATE, data)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(office=office)
    assert inquiry.points.count() == 0


def test_a_phone_inquiry_with_a_hovedsag_and_two_foelgesager_is_registered(
    advisor_client, office, advisor
):
    data = intake_post(
        office,
        points=[
            {"theme": value("theme", "sagsbehandlingstid_og_manglende_svar").pk},
            {"theme": value("theme", "partshoering").pk, "description": "Ikke hørt"},
            {
                "theme": value("theme", "vejledning").pk,
                "org_unit": unit(office, "Familieafsnittet").pk,
            },
        ],
        **{"person-name": "Karen Holm", "person-phone": "22 33 44 55"},
    )
    response = advisor_client.post(CREATE, data)
    inquiry = Inquiry.objects.get(office=office)
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiries:detail", kwargs={"uid": inquiry.uid})
    points = list(inquiry.points.order_by("position"))
    assert [p.theme.code for p in points] == [
        "sagsbehandlingstid_og_manglende_svar",
        "partshoering",
        "vejledning",
    ]
    assert [p.org_unit.name for p in points] == ["Jobcenter", "Jobcenter", "Familieafsnittet"]
    assert points[1].description == "Ikke hørt"
    assert inquiry.channel == value("channel", "telefon")
    assert inquiry.person.name == "Karen Holm"
    assert inquiry.assigned_to == advisor


def test_save_and_register_next_returns_to_an_empty_form_naming_the_reference(
    advisor_client, office
):
    response = advisor_client.post(CREATE, intake_post(office, _save="next"), follow=True)
    inquiry = Inquiry.objects.get(office=office)
    assert response.redirect_chain[-1][0] == CREATE
    page = response.content.decode()
    assert f"Henvendelse {inquiry.reference} er registreret" in page
    assert response.context["forms"].main.is_bound is False
    assert response.context["forms"].main["received"].value() == timezone.localdate()


def test_adding_a_foelgesag_without_javascript_shows_one_more_row_and_stores_nothing(
    advisor_client, office
):
    data = intake_post(office, _add_point="1", received="")
    data.pop("_save")
    response = advisor_client.post(CREATE, data)
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    forms = response.context["forms"]
    assert len(forms.points.forms) == 2
    assert "Følgesag 1" in response.content.decode()
    # The half-filled form is not scolded: the missing date shows no error yet.
    assert not forms.main.errors
    assert "autofocus" in str(forms.points.forms[1]["theme"])


def test_adding_a_foelgesag_with_htmx_returns_only_the_points(advisor_client, office):
    data = intake_post(office, _add_point="1")
    response = advisor_client.post(CREATE, data, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="points">')
    assert 'name="points-TOTAL_FORMS" value="2"' in page
    assert "<html" not in page


def test_a_row_with_details_but_no_theme_is_refused_at_that_row(advisor_client, office):
    data = intake_post(
        office,
        points=[{"theme": value("theme", "begrundelse").pk}, {"description": "Noget"}],
    )
    response = advisor_client.post(CREATE, data)
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    row = response.context["forms"].points.forms[1]
    assert row.errors["theme"] == ["Vælg et tema, eller fjern klagepunktet."]
    assert 'aria-describedby="id_points-1-theme-error"' in response.content.decode()


def test_a_removed_foelgesag_is_not_stored(advisor_client, office):
    data = intake_post(
        office,
        points=[
            {"theme": value("theme", "begrundelse").pk},
            {"theme": value("theme", "vejledning").pk, "DELETE": "on"},
        ],
    )
    advisor_client.post(CREATE, data)
    assert [p.theme.code for p in Inquiry.objects.get().points.all()] == ["begrundelse"]


def test_picking_a_known_person_reuses_it_and_fills_in_what_was_typed(advisor_client, office):
    known = person_create(office=office, name="Karen Holm", phone="22334455", cpr="0101701234")
    data = intake_post(
        office, **{"person-existing": str(known.uid), "person-email": "karen@example.dk"}
    )
    response = advisor_client.post(CREATE, data)
    assert response.status_code == 302
    assert Person.objects.count() == 1
    known.refresh_from_db()
    assert known.email == "karen@example.dk"
    assert known.phone == "22334455"  # left empty on the form: kept
    assert Inquiry.objects.get().person == known


def test_typing_a_known_cpr_number_reuses_the_person_instead_of_a_duplicate(advisor_client, office):
    known = person_create(office=office, name="Karen Holm", cpr="0101701234")
    data = intake_post(office, **{"person-name": "Karen Holm", "person-cpr": "010170-1234"})
    advisor_client.post(CREATE, data)
    assert Person.objects.count() == 1
    assert Inquiry.objects.get().person == known


def test_a_person_of_another_office_cannot_be_picked(advisor_client, office, other_office):
    foreign = person_create(office=other_office, name="Fremmed Person")
    data = intake_post(office, **{"person-existing": str(foreign.uid)})
    response = advisor_client.post(CREATE, data)
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert "Den valgte person findes ikke" in response.content.decode()
    assert "Fremmed Person" not in response.content.decode()


def test_a_requester_is_registered_for_the_person_concerned(advisor_client, office):
    data = intake_post(
        office,
        requester_kind=value("requester_kind", "paaroerende").pk,
        **{
            "person-name": "Inger Madsen",
            "requester-name": "Susanne Madsen",
            "requester-phone": "40404040",
        },
    )
    advisor_client.post(CREATE, data)
    inquiry = Inquiry.objects.get()
    assert inquiry.person.name == "Inger Madsen"
    assert inquiry.requester.name == "Susanne Madsen"


def test_an_invalid_cpr_number_is_refused_at_the_field(advisor_client, office):
    data = intake_post(office, **{"person-name": "Karen", "person-cpr": "3213001234"})
    response = advisor_client.post(CREATE, data)
    assert response.status_code == 200
    assert Person.objects.count() == 0 and Inquiry.objects.count() == 0
    assert response.context["forms"].person.errors["cpr"]


def test_an_invalid_email_leaves_nothing_half_saved(advisor_client, office):
    data = intake_post(office, **{"person-name": "Karen", "person-email": "ikke en adresse"})
    response = advisor_client.post(CREATE, data)
    assert response.context["forms"].person.errors["email"] == ["Skriv en gyldig e-mailadresse."]
    assert Person.objects.count() == 0 and Inquiry.objects.count() == 0


def test_an_anonymous_inquiry_is_anonymous_towards_the_administration_too(advisor_client, office):
    advisor_client.post(CREATE, intake_post(office, anonymous="on"))
    inquiry = Inquiry.objects.get()
    assert inquiry.anonymous and inquiry.anonymous_to_administration
    assert inquiry.person is None


def test_an_anonymous_inquiry_with_a_name_is_refused(advisor_client, office):
    response = advisor_client.post(
        CREATE, intake_post(office, anonymous="on", **{"person-name": "Karen"})
    )
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0 and Person.objects.count() == 0
    assert "anonymous" in response.context["forms"].main.errors


def test_anonymous_towards_the_administration_keeps_the_person(advisor_client, office):
    advisor_client.post(
        CREATE,
        intake_post(office, anonymous_to_administration="on", **{"person-name": "Karen Holm"}),
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.anonymous_to_administration and not inquiry.anonymous
    assert inquiry.person.name == "Karen Holm"


def test_retired_units_and_hidden_values_are_not_offered(advisor_client, office):
    orgunit_retire(unit=unit(office, "Boliganvisningen"), on=datetime.date(2024, 1, 1))
    value_setting_update(office=office, value=value("channel", "brev"), hidden=True)
    page = advisor_client.get(CREATE).content.decode()
    assert "Boliganvisningen" not in page
    assert ">Brev<" not in page
    response = advisor_client.post(
        CREATE, intake_post(office, org_unit=unit(office, "Boliganvisningen").pk)
    )
    assert response.context["forms"].main.errors["org_unit"] == ["Vælg en enhed på listen."]
    assert Inquiry.objects.count() == 0


def test_an_org_unit_of_another_office_is_refused_at_the_field(
    advisor_client, office, other_office
):
    foreign = other_office.org_units.first()
    response = advisor_client.post(CREATE, intake_post(office, org_unit=foreign.pk))
    assert "org_unit" in response.context["forms"].main.errors
    assert Inquiry.objects.count() == 0


def test_the_services_errors_land_on_the_field_they_are_about(advisor_client, office):
    response = advisor_client.post(
        CREATE, intake_post(office, received="2025-03-04", closed="2025-03-01")
    )
    assert response.status_code == 200
    assert response.context["forms"].main.errors["closed"] == [
        "Afslutningsdatoen ligger før modtagelsesdatoen."
    ]
    assert "Henvendelsen er ikke gemt" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_a_point_error_from_the_service_goes_to_its_row(office, rf, advisor):
    data = intake_post(
        office,
        points=[
            {"theme": value("theme", "begrundelse").pk},
            {},
            {"theme": value("theme", "vejledning").pk},
        ],
    )
    request = rf.post(CREATE, data)
    request.user = advisor
    forms = IntakeForms(request.POST, choices=intake_choices(office), resolve=lambda uid: None)
    assert forms.is_valid()
    # The blank middle row is skipped, so the service's second point is the third row.
    forms.add_service_errors(ValidationError({"point_2": ["Klagepunkt 2 er forkert."]}))
    assert forms.points.forms[2].non_field_errors() == ["Klagepunkt 2 er forkert."]
    assert forms.points.forms[1].errors == {}


def test_closing_happens_through_edit(advisor_client, office):
    inquiry = make_inquiry(office, received=datetime.date(2025, 1, 15), org_unit="Jobcenter")
    page = advisor_client.get(reverse("inquiries:edit", kwargs={"uid": inquiry.uid}))
    assert page.context["forms"].main["version"].value() == inquiry.version
    data = intake_post(
        office,
        received="2025-01-15",
        closed="2025-02-01",
        outcome=value("outcome", "borger_vejledt").pk,
        version=inquiry.version,
        points=[{"theme": value("theme", "sagsbehandlingstid_og_manglende_svar").pk}],
    )
    response = advisor_client.post(reverse("inquiries:edit", kwargs={"uid": inquiry.uid}), data)
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closed == datetime.date(2025, 2, 1)
    assert inquiry.outcome == value("outcome", "borger_vejledt")


def test_the_edit_form_is_prefilled_but_never_shows_the_cpr_number(advisor_client, office):
    person = person_create(office=office, name="Karen Holm", cpr="0101701234")
    inquiry = make_inquiry(office, org_unit="Jobcenter", themes=("begrundelse", "vejledning"))
    inquiry.person = person
    inquiry.save()
    response = advisor_client.get(reverse("inquiries:edit", kwargs={"uid": inquiry.uid}))
    page = response.content.decode()
    assert "0101701234" not in page and "010170-1234" not in page
    assert "010170-xxxx" in page
    assert 'value="Karen Holm"' in page
    assert len(response.context["forms"].points.forms) == 2
    assert "Følgesag 1" in page


def test_a_stale_edit_is_refused_and_overwrites_nothing(office, advisor):
    inquiry = make_inquiry(office, org_unit="Jobcenter", account="Original")
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    first, second = Client(), Client()
    first.force_login(advisor)
    second.force_login(make_user("carl", office))
    version = first.get(url).context["forms"].main["version"].value()
    assert second.get(url).context["forms"].main["version"].value() == version
    base = {
        "received": "2025-01-15",
        "version": version,
        "points": [{"theme": value("theme", "sagsbehandlingstid_og_manglende_svar").pk}],
    }
    assert first.post(url, intake_post(office, account="Første", **base)).status_code == 302
    response = second.post(url, intake_post(office, account="Anden", **base))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Henvendelsen er blevet ændret af en anden, mens du redigerede" in page
    assert "Dine ændringer er ikke gemt" in page
    assert f'href="{url}"' in page
    inquiry.refresh_from_db()
    assert inquiry.account == "Første"
    assert inquiry.version == version + 1


def test_a_stale_edit_does_not_change_the_person_either(office, advisor_client):
    person = person_create(office=office, name="Karen Holm", phone="11111111")
    inquiry = make_inquiry(office, org_unit="Jobcenter")
    inquiry.person = person
    inquiry.save()
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    data = intake_post(
        office,
        received="2025-01-15",
        version=inquiry.version - 1 or 99,
        **{"person-existing": str(person.uid), "person-phone": "99999999"},
    )
    assert advisor_client.post(url, data).status_code == 409
    person.refresh_from_db()
    assert person.phone == "11111111"


def test_the_inquiry_page_shows_the_offices_labels_points_and_age(advisor_client, office):
    value_setting_update(office=office, value=value("channel", "telefon"), label="Opkald")
    person = person_create(office=office, name="Karen Holm", cpr="0101701234")
    inquiry = make_inquiry(
        office,
        received=timezone.localdate() - datetime.timedelta(days=12),
        org_unit="Jobcenter",
        themes=("partshoering", "vejledning", "begrundelse"),
        channel="telefon",
    )
    inquiry.person = person
    inquiry.save()
    response = advisor_client.get(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}))
    page = response.content.decode()
    assert "Opkald" in page
    assert "Borger, Arbejdsmarked &amp; Erhverv / Jobcenter" in page
    assert page.index("Hovedsag") < page.index("Følgesag 1") < page.index("Følgesag 2")
    assert page.index("Partshøring") < page.index("Vejledning") < page.index("Begrundelse")
    assert "12 dage gammel" in page
    assert "010170-xxxx" in page and "0101701234" not in page


def test_another_offices_inquiry_cannot_be_opened_or_edited(client, office, advisor_other):
    inquiry = make_inquiry(office)
    client.force_login(advisor_other)
    for name in ("inquiries:detail", "inquiries:edit"):
        url = reverse(name, kwargs={"uid": inquiry.uid})
        assert client.get(url).status_code == 404
        assert client.post(url, intake_post(office)).status_code == 404
    assert Inquiry.objects.get().version == inquiry.version


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_inquiry_page_only_answers_get(advisor_client, office, method):
    inquiry = make_inquiry(office)
    url = reverse("inquiries:detail", kwargs={"uid": inquiry.uid})
    assert getattr(advisor_client, method)(url).status_code == 405


def test_an_edit_keeps_what_the_office_no_longer_registers(advisor_client, office):
    inquiry = make_inquiry(
        office,
        org_unit="Jobcenter",
        themes=("begrundelse", "vejledning"),
        primary_reason="manglende_svar",
    )
    first = inquiry.points.get(position=1)
    first.conclusion = value("conclusion", "kritik")
    first.save()
    # Albertslund registers neither primary reasons nor conclusions.
    data = intake_post(
        office,
        received="2025-01-15",
        version=inquiry.version,
        account="Rettet",
        points=[
            {"theme": value("theme", "begrundelse").pk},
            {"theme": value("theme", "vejledning").pk},
        ],
    )
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    assert advisor_client.post(url, data).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.account == "Rettet"
    assert inquiry.primary_reason == value("primary_reason", "manglende_svar")
    points = list(inquiry.points.values_list("position", "theme__code", "conclusion__code"))
    assert points == [(1, "begrundelse", "kritik"), (2, "vejledning", None)]


def test_an_edit_keeps_the_points_of_an_office_that_stopped_registering_themes(
    advisor_client, office
):
    from borgerraadgiver.vocabularies.models import OfficeVocabulary

    inquiry = make_inquiry(office, org_unit="Jobcenter", themes=("begrundelse", "vejledning"))
    OfficeVocabulary.objects.filter(office=office, vocabulary__code="theme").update(
        registered=False
    )
    data = intake_post(office, received="2025-01-15", version=inquiry.version, points=[])
    for key in [k for k in data if k.startswith("points-")]:
        data.pop(key)
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    assert advisor_client.post(url, data).status_code == 302
    assert [p.theme.code for p in inquiry.points.order_by("position")] == [
        "begrundelse",
        "vejledning",
    ]


@pytest.mark.parametrize("initial_forms", ["2", "0"])
def test_saving_an_edit_unchanged_keeps_every_complaint_point(
    advisor_client, office, initial_forms
):
    inquiry = make_inquiry(office, org_unit="Jobcenter", themes=("begrundelse", "vejledning"))
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})
    forms = advisor_client.get(url).context["forms"]
    rows = [{k: v for k, v in row.initial.items() if v is not None} for row in forms.points]
    data = intake_post(office, received="2025-01-15", version=inquiry.version, points=rows)
    data["points-INITIAL_FORMS"] = initial_forms
    assert advisor_client.post(url, data).status_code == 302
    assert list(inquiry.points.values_list("position", "theme__code")) == [
        (1, "begrundelse"),
        (2, "vejledning"),
    ]
