"""Each complaint point carries its inquiry's date, kind and handling for the report.

Every way points are written must keep the copies equal to the inquiry's:
registration, editing and import. The report counts by the copies alone.
"""

from __future__ import annotations

import datetime

from borgerraadgiver.imports.services import import_file
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.inquiries.services import InquiryData, PointData, inquiry_update
from tests.factories import make_inquiry, value


def drift(office) -> list[int]:
    """Points whose copies differ from their inquiry's fields."""
    wrong = []
    for point in ComplaintPoint.objects.filter(office=office).select_related("inquiry"):
        for name in ComplaintPoint.REPORT_COPIED:
            if getattr(point, name) != getattr(point.inquiry, name):
                wrong.append(point.pk)
    return wrong


def test_registration_copies_the_inquirys_date_kind_and_handling_to_every_point(office):
    inquiry = make_inquiry(
        office,
        received=datetime.date(2025, 2, 3),
        themes=("begrundelse", "vejledning"),
        inquiry_kind=value("inquiry_kind", "klage"),
    )
    assert inquiry.points.count() == 2
    assert {p.received for p in inquiry.points.all()} == {datetime.date(2025, 2, 3)}
    assert drift(office) == []


def test_editing_the_inquiry_moves_its_points_along(office):
    inquiry = make_inquiry(office, received=datetime.date(2025, 2, 3), themes=("begrundelse",))
    data = InquiryData(
        received=datetime.date(2024, 12, 30),
        org_unit=inquiry.org_unit,
        values={"inquiry_kind": value("inquiry_kind", "klage")},
        points=[
            PointData(theme=value("theme", "begrundelse")),
            PointData(theme=value("theme", "vejledning")),
        ],
    )
    inquiry_update(inquiry=inquiry, data=data, expected_version=inquiry.version)
    points = list(inquiry.points.order_by("position"))
    assert [p.received for p in points] == [datetime.date(2024, 12, 30)] * 2
    assert {p.inquiry_kind_id for p in points} == {value("inquiry_kind", "klage").pk}
    assert drift(office) == []


def test_imported_points_carry_their_inquirys_fields(office, tmp_path):
    path = tmp_path / "import.csv"
    path.write_text(
        "inquiry,received,org_unit,point,theme,inquiry_kind,handling\n"
        "A-1,2025-01-05,Jobcenter,1,begrundelse,klage,\n"
        "A-1,2025-01-05,Jobcenter,2,vejledning,klage,\n"
        "A-2,2025-01-06,Jobcenter,1,aktindsigt,,\n",
        encoding="utf-8",
    )
    result = import_file(office, path, False)
    assert not result.errors, result.errors
    assert Inquiry.objects.filter(office=office).count() == 2
    assert ComplaintPoint.objects.filter(office=office).count() == 3
    assert drift(office) == []
