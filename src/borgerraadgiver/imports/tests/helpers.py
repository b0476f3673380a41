from __future__ import annotations

from pathlib import Path

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, Person
from borgerraadgiver.offices.models import OrgUnit

HEADER = "inquiry;received;org_unit;person;point;theme;point_org_unit;conclusion;channel;closed"


def csv_file(tmp_path: Path, *lines: str, name: str = "import.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot() -> tuple[int, int, int, int]:
    """Row counts of everything an import may create."""
    return (
        Inquiry.objects.count(),
        ComplaintPoint.objects.count(),
        Person.objects.count(),
        OrgUnit.objects.count(),
    )
