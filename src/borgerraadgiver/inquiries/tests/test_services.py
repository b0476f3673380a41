from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from borgerraadgiver.inquiries.services import (
    InquiryData,
    PointData,
    StaleInquiryError,
    cpr_normalise,
    inquiry_register,
    inquiry_update,
)
from tests.factories import make_inquiry, unit, value


def test_registering_gives_a_yearly_reference_and_numbers_points(office, advisor):
    first = make_inquiry(office, themes=("begrundelse", "partshoering", "vejledning"), by=advisor)
    second = make_inquiry(office, by=advisor)
    assert first.reference == "2025-0001"
    assert second.reference == "2025-0002"
    assert [p.position for p in first.points.all()] == [1, 2, 3]
    assert first.points.get(position=1).is_main
    assert first.assigned_to == advisor


def test_a_complaint_point_defaults_to_the_inquirys_org_unit(office):
    inquiry = make_inquiry(office, org_unit="Jobcenter")
    assert inquiry.points.get().org_unit == unit(office, "Jobcenter")


def test_an_inquiry_may_have_no_complaint_points(office):
    inquiry = make_inquiry(office, themes=(), inquiry_kind="vejledning")
    assert inquiry.points.count() == 0


def test_a_theme_group_cannot_be_registered_as_a_theme(office):
    group = value("theme", "forvaltningsloven")
    data = InquiryData(
        received=datetime.date(2025, 1, 1),
        org_unit=unit(office, "Jobcenter"),
        points=[PointData(theme=group)],
    )
    with pytest.raises(ValidationError) as exc:
        inquiry_register(office=office, data=data)
    assert "point_1" in exc.value.message_dict


def test_an_org_unit_of_another_office_is_refused(office, other_office):
    foreign = other_office.org_units.first()
    data = InquiryData(received=datetime.date(2025, 1, 1), org_unit=foreign)
    with pytest.raises(ValidationError):
        inquiry_register(office=office, data=data)


def test_a_second_save_from_a_stale_form_is_refused_and_changes_nothing(office):
    inquiry = make_inquiry(office, account="Første version")
    stale_version = inquiry.version
    data = InquiryData(received=inquiry.received, org_unit=inquiry.org_unit, account="Anden")
    inquiry_update(inquiry=inquiry, data=data, expected_version=stale_version)
    data_late = InquiryData(received=inquiry.received, org_unit=inquiry.org_unit, account="Sen")
    with pytest.raises(StaleInquiryError):
        inquiry_update(inquiry=inquiry, data=data_late, expected_version=stale_version)
    inquiry.refresh_from_db()
    assert inquiry.account == "Anden"
    assert inquiry.version == stale_version + 1


@pytest.mark.parametrize("raw", ["0101001234", "010100-1234", " 010100 1234 "])
def test_a_cpr_number_is_stored_as_ten_digits(raw):
    assert cpr_normalise(raw) == "0101001234"


@pytest.mark.parametrize("raw", ["123", "3213001234", "abcdefghij"])
def test_an_invalid_cpr_number_is_refused(raw):
    with pytest.raises(ValidationError):
        cpr_normalise(raw)


def test_a_retired_unit_is_refused_for_new_inquiries_received_after_it_was_retired(office):
    from borgerraadgiver.offices.services import orgunit_retire

    orgunit_retire(unit=unit(office, "Jobcenter"), on=datetime.date(2025, 1, 31))
    old = make_inquiry(office, org_unit="Jobcenter", received=datetime.date(2025, 1, 10))
    assert old.org_unit.name == "Jobcenter"
    with pytest.raises(ValidationError) as exc:
        make_inquiry(office, org_unit="Jobcenter", received=datetime.date(2025, 2, 1))
    assert "org_unit" in exc.value.message_dict


def test_the_next_reference_ignores_foreign_references_and_grows_past_four_digits(office):
    make_inquiry(office, received=datetime.date(2025, 2, 1))
    data = InquiryData(
        received=datetime.date(2025, 2, 2),
        org_unit=unit(office, "Jobcenter"),
        reference="2025-ESDH",
    )
    inquiry_register(office=office, data=data)
    data.reference = "2025-9999"
    inquiry_register(office=office, data=data)

    after = make_inquiry(office, received=datetime.date(2025, 3, 1))
    again = make_inquiry(office, received=datetime.date(2025, 3, 2))

    assert (after.reference, again.reference) == ("2025-10000", "2025-10001")


def test_editing_keeps_the_complaint_points_rows_and_removes_only_dropped_ones(office):
    inquiry = make_inquiry(office, themes=("begrundelse", "partshoering", "vejledning"))
    ids = list(inquiry.points.order_by("position").values_list("id", flat=True))
    data = InquiryData(
        received=inquiry.received,
        org_unit=inquiry.org_unit,
        points=[
            PointData(theme=value("theme", "begrundelse")),
            PointData(theme=value("theme", "aktindsigt")),
        ],
    )
    inquiry_update(inquiry=inquiry, data=data, expected_version=inquiry.version)

    points = list(inquiry.points.order_by("position"))
    assert [p.id for p in points] == ids[:2]
    assert [p.theme.code for p in points] == ["begrundelse", "aktindsigt"]


def test_a_complaint_point_on_a_unit_retired_before_the_inquiry_is_refused(office):
    from borgerraadgiver.offices.services import orgunit_retire

    orgunit_retire(unit=unit(office, "Familieafsnittet"), on=datetime.date(2025, 1, 31))
    data = InquiryData(
        received=datetime.date(2025, 2, 3),
        org_unit=unit(office, "Jobcenter"),
        points=[
            PointData(
                theme=value("theme", "begrundelse"), org_unit=unit(office, "Familieafsnittet")
            )
        ],
    )
    with pytest.raises(ValidationError) as exc:
        inquiry_register(office=office, data=data)
    assert "point_1" in exc.value.message_dict


def test_a_cpr_number_of_a_known_person_with_another_name_is_refused_not_merged(office):
    from borgerraadgiver.inquiries.services import PersonInput, person_create, person_resolve

    anna = person_create(office=office, name="Anna Andersen", cpr="0101001234")
    with pytest.raises(ValidationError) as exc:
        person_resolve(office=office, entry=PersonInput(name="Bent Berg", cpr="0101001234"))
    assert "cpr" in exc.value.message_dict
    anna.refresh_from_db()
    assert anna.name == "Anna Andersen"
    same = person_resolve(office=office, entry=PersonInput(name="anna andersen", cpr="010100-1234"))
    assert same == anna
