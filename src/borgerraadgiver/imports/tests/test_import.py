"""import_file: what a good file stores, and that a bad one stores nothing."""

from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.imports.samples import write_sample_csv
from borgerraadgiver.imports.services import import_check, import_file
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, Person
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add, value_setting_update
from tests.factories import make_inquiry, make_user, unit, value

from .helpers import HEADER, csv_file, snapshot

pytestmark = pytest.mark.django_db


def test_a_good_file_stores_inquiries_with_points_in_order(office, tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "A-1;2024-05-02;Jobcenter;p1;1;begrundelse;;kritik;telefon;2024-06-01",
        "A-1;2024-05-02;Jobcenter;p1;2;Partshøring;Familieafsnittet;;telefon;2024-06-01",
        "A-2;2024-05-03;Børn & Familie;p1;;;;;E-mail / digital post;",
    )

    result = import_file(office, path)

    assert result.errors == []
    assert (result.inquiries, result.points) == (2, 2)
    first = Inquiry.objects.get(office=office, reference="A-1")
    assert first.received == datetime.date(2024, 5, 2)
    assert first.org_unit == unit(office, "Jobcenter")
    assert first.channel == value("channel", "telefon")
    assert first.status == Inquiry.Status.CLOSED
    assert first.closed == datetime.date(2024, 6, 1)
    assert first.version == 1
    main, follow_on = first.points.order_by("position")
    assert (main.position, main.theme, main.conclusion) == (
        1,
        value("theme", "begrundelse"),
        value("conclusion", "kritik"),
    )
    assert main.org_unit == unit(office, "Jobcenter")  # defaults to the inquiry's
    assert main.office_id == office.pk
    assert (follow_on.position, follow_on.theme) == (2, value("theme", "partshoering"))
    assert follow_on.org_unit == unit(office, "Familieafsnittet")
    second = Inquiry.objects.get(office=office, reference="A-2")
    assert second.status == Inquiry.Status.OPEN and second.closed is None
    assert second.points.count() == 0
    assert second.channel == value("channel", "mail")
    # One pseudonymous person, shared by both inquiries.
    assert first.person_id == second.person_id
    assert Person.objects.get(pk=first.person_id).reference == "p1"


def test_a_person_reference_already_known_is_reused(office, tmp_path):
    known = person_create(office=office, reference="borger-7")
    path = csv_file(
        tmp_path, "inquiry,received,org_unit,person", "B-1,2024-01-10,Jobcenter,borger-7"
    )

    assert import_check(office, path).new_persons == 0
    import_file(office, path)

    assert Inquiry.objects.get(reference="B-1").person == known
    assert Person.objects.filter(office=office).count() == 1


def test_values_match_by_code_label_office_label_and_local_value_ignoring_case(office, tmp_path):
    value_setting_update(office=office, value=value("channel", "brev"), label="Fysisk brev")
    local = local_value_add(
        office=office,
        vocabulary=Vocabulary.objects.get(code="outcome"),
        label="Henvist til Ankestyrelsen",
    )
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit;channel;outcome;inquiry_kind",
        "C-1;2024-01-10;Jobcenter;Fysisk brev;henvist til ankestyrelsen;KLAGE",
        "C-2;2024-01-10;Jobcenter;Brev;Afvist;vejledning",
    )

    assert import_file(office, path).errors == []

    c1, c2 = Inquiry.objects.filter(office=office).order_by("reference")
    assert c1.channel == value("channel", "brev")
    assert c1.outcome == local
    assert c1.inquiry_kind == value("inquiry_kind", "klage")
    assert c2.channel == value("channel", "brev")  # the standard label still works
    assert c2.outcome == value("outcome", "afvist")


def test_org_units_by_path_and_a_shared_name_needs_a_path(office, tmp_path):
    from borgerraadgiver.offices.services import orgunit_create

    orgunit_create(office=office, name="Jobcenter", parent=unit(office, "Børn & Familie"))
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit",
        "D-1;2024-01-10;Børn & Familie / Jobcenter",
        "D-2;2024-01-10;Jobcenter",
        "D-3;2024-01-10;Borger, Arbejdsmarked & Erhverv / Jobcenter",
        "D-4;2024-01-10;børn & familie / jobcenter",
    )

    result = import_file(office, path)

    assert result.errors == [
        "række 3, kolonne org_unit: navnet 'Jobcenter' findes flere steder; angiv stien, "
        "fx 'Borger, Arbejdsmarked & Erhverv / Jobcenter'"
    ]
    assert Inquiry.objects.count() == 0


def test_paths_resolve_to_the_unit_they_name(office, tmp_path):
    from borgerraadgiver.offices.services import orgunit_create

    second = orgunit_create(office=office, name="Jobcenter", parent=unit(office, "Børn & Familie"))
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit",
        "D-1;2024-01-10;Børn & Familie / Jobcenter",
        "D-2;2024-01-10;børn & familie / jobcenter",
        "D-3;2024-01-10;Udbetaling Danmark",
    )

    assert import_file(office, path).errors == []

    assert Inquiry.objects.get(reference="D-1").org_unit == second
    assert Inquiry.objects.get(reference="D-2").org_unit == second
    assert Inquiry.objects.get(reference="D-3").org_unit.external


def test_a_file_with_one_bad_row_among_good_ones_stores_nothing(office, tmp_path):
    make_inquiry(office)
    before = snapshot()
    path = csv_file(
        tmp_path,
        HEADER,
        "E-1;2024-05-02;Jobcenter;p1;1;begrundelse;;;telefon;",
        "E-2;2024-05-02;Jobcenter;p2;1;begrundelse;;;telefon;",
        "E-3;2024-05-02;Ingen Sådan Enhed;p3;1;begrundelse;;;telefon;",
        "E-4;2024-05-02;Jobcenter;p4;1;begrundelse;;;telefon;",
    )

    result = import_file(office, path, create_org_units=False)

    assert result.inquiries == 0 and result.points == 0
    assert len(result.errors) == 1
    assert result.errors[0].startswith("række 4, kolonne org_unit: enheden 'Ingen Sådan Enhed'")
    assert snapshot() == before


def test_create_org_units_creates_every_missing_level_once(office, tmp_path):
    before = OrgUnit.objects.filter(office=office).count()
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit;point;theme;point_org_unit",
        "F-1;2024-01-10;Ny Forvaltning / Nyt Center / Team A;1;begrundelse;",
        "F-2;2024-01-10;Ny Forvaltning / Nyt Center / Team A;1;begrundelse;"
        "Familieafsnittet / Team B",
        "F-3;2024-01-10;Øvrige / Ankestyrelsen;1;begrundelse;Ny Forvaltning / Nyt Center",
    )

    plan = import_check(office, path, create_org_units=True)
    assert plan.errors == []
    assert plan.new_org_units == [
        "Ny Forvaltning",
        "Ny Forvaltning / Nyt Center",
        "Ny Forvaltning / Nyt Center / Team A",
        "Børn & Familie / Familieafsnittet / Team B",
        "Øvrige / Ankestyrelsen",
    ]
    assert OrgUnit.objects.filter(office=office).count() == before  # a check creates nothing

    result = import_file(office, path, create_org_units=True)

    assert result.errors == []
    assert OrgUnit.objects.filter(office=office).count() == before + 5
    top = OrgUnit.objects.get(office=office, name="Ny Forvaltning")
    assert top.parent is None and top.root == top and not top.external
    team = OrgUnit.objects.get(office=office, name="Team A")
    assert team.parent.name == "Nyt Center" and team.root == top and team.depth == 2
    assert Inquiry.objects.get(reference="F-1").org_unit == team
    assert Inquiry.objects.get(reference="F-2").org_unit == team
    # Created under an external unit, a unit is external too.
    assert OrgUnit.objects.get(office=office, name="Ankestyrelsen").external
    point = ComplaintPoint.objects.get(inquiry__reference="F-2")
    assert point.org_unit.name == "Team B"
    assert point.org_unit.parent == unit(office, "Familieafsnittet")


def test_without_create_org_units_an_unknown_unit_is_an_error(office, tmp_path):
    path = csv_file(tmp_path, "inquiry;received;org_unit", "F-1;2024-01-10;Ny Forvaltning / Team")

    result = import_file(office, path)

    assert result.errors == [
        "række 2, kolonne org_unit: enheden 'Ny Forvaltning / Team' findes ikke hos kontoret; "
        "slå 'opret manglende enheder' (--create-org-units) til for at oprette den"
    ]


def test_an_existing_reference_is_refused_not_updated(office, tmp_path):
    existing = make_inquiry(office)
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit",
        "G-1;2024-01-10;Jobcenter",
        f"{existing.reference};2024-01-10;Jobcenter",
    )

    result = import_file(office, path)

    assert result.errors == [
        f"række 3, kolonne inquiry: journalnummeret '{existing.reference}' findes allerede hos "
        "kontoret; importen opdaterer ikke eksisterende henvendelser"
    ]
    assert Inquiry.objects.count() == 1


def test_the_same_reference_in_another_office_is_no_obstacle(office, other_office, tmp_path):
    theirs = make_inquiry(other_office)
    path = csv_file(
        tmp_path, "inquiry;received;org_unit", f"{theirs.reference};2024-01-10;Jobcenter"
    )

    assert import_file(office, path).errors == []
    assert Inquiry.objects.filter(reference=theirs.reference).count() == 2


def test_an_import_by_a_user_is_created_and_assigned_by_them_as_registration_is(office, tmp_path):
    alice = make_user("alice", office)
    path = csv_file(tmp_path, "inquiry;received;org_unit", "H-1;2024-01-10;Jobcenter")

    import_file(office, path, by=alice)

    inquiry = Inquiry.objects.get(reference="H-1")
    assert inquiry.created_by == alice and inquiry.assigned_to == alice


def test_a_generated_file_of_a_few_hundred_rows_imports_whole(office, tmp_path):
    path = write_sample_csv(tmp_path / "sample.csv", office, 300, seed=7)

    plan = import_check(office, path)
    result = import_file(office, path)

    assert result.errors == []
    assert plan.rows == 300
    assert result.points == ComplaintPoint.objects.filter(office=office).count() > 200
    assert result.inquiries == Inquiry.objects.filter(office=office).count() == plan.inquiries
    # Every inquiry's points run 1..n.
    for inquiry in Inquiry.objects.filter(office=office).prefetch_related("points")[:50]:
        positions = [p.position for p in inquiry.points.all()]
        assert positions == list(range(1, len(positions) + 1))


def test_a_reference_taken_between_check_and_store_rolls_everything_back(
    office, tmp_path, monkeypatch
):
    from borgerraadgiver.imports import services
    from borgerraadgiver.inquiries.services import InquiryData, inquiry_register

    real_plan = services.plan_import

    def plan_then_someone_registers(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        inquiry_register(
            office=office,
            data=InquiryData(
                received=datetime.date(2024, 1, 1),
                org_unit=unit(office, "Jobcenter"),
                reference="R-2",
            ),
        )
        return plan

    monkeypatch.setattr(services, "plan_import", plan_then_someone_registers)
    path = csv_file(
        tmp_path,
        "inquiry;received;org_unit;person",
        "R-1;2024-01-10;Jobcenter;p1",
        "R-2;2024-01-10;Jobcenter;p2",
    )

    result = import_file(office, path)

    assert result.errors == [
        "importen blev afbrudt, fordi en anden gemte en henvendelse med et af filens "
        "journalnumre samtidig; intet er gemt, prøv igen"
    ]
    assert list(Inquiry.objects.values_list("reference", flat=True)) == ["R-2"]
    assert Person.objects.count() == 0


def test_a_retired_unit_takes_the_inquiries_it_received_before_it_was_retired(office, tmp_path):
    from borgerraadgiver.offices.services import orgunit_retire

    orgunit_retire(unit=unit(office, "Boliganvisningen"), on=datetime.date(2024, 12, 31))
    path = csv_file(
        tmp_path,
        HEADER,
        "H-1;2024-06-01;Boliganvisningen;;1;begrundelse;;;;2024-07-01",
        "H-2;2025-02-01;Boliganvisningen;;1;begrundelse;;;;",
    )

    result = import_file(office, path)

    assert [e for e in result.errors if "række 3" in e and "nedlagt" in e]
    assert not [e for e in result.errors if "række 2" in e]
    assert Inquiry.objects.filter(office=office).count() == 0  # all or nothing
