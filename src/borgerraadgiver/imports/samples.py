"""Synthetic import files for tests and the benchmark (seeded, repeatable)."""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.selectors import org_unit_paths
from borgerraadgiver.vocabularies.models import VocabularyValue

from .parsing import COLUMNS

_INQUIRY_VOCABULARIES = ("inquiry_kind", "handling", "channel", "requester_kind", "outcome")


def sample_rows(office: Office, rows: int, *, seed: int = 1, prefix: str = "S") -> list[list[str]]:
    """About `rows` data rows (one per complaint point) in the contract's column order.

    Units are given by path, values by code or by label in turn, so both
    ways of writing a file are exercised.
    """
    # Seeded, repeatable synthetic data: nothing drawn here is a secret.
    rng = random.Random(seed)  # nosec B311
    paths = org_unit_paths(office)
    active = OrgUnit.objects.filter(office=office).active().values_list("pk", flat=True)
    units = [paths[pk] for pk in active]
    values: dict[str, list[tuple[str, str]]] = {}
    for code, label, vocabulary in (
        VocabularyValue.objects.filter(office__isnull=True, is_group=False)
        .values_list("code", "label", "vocabulary__code")
        .order_by("vocabulary__code", "position")
    ):
        values.setdefault(vocabulary, []).append((code, label))

    def pick(vocabulary: str) -> str:
        code, label = rng.choice(values[vocabulary])
        return code if rng.random() < 0.5 else label

    start = datetime.date(2015, 1, 1)
    out: list[list[str]] = []
    n = 0
    while len(out) < rows:
        n += 1
        received = start + datetime.timedelta(days=rng.randrange(3650))
        closed = received + datetime.timedelta(days=rng.randrange(60))
        inquiry = {
            "inquiry": f"{prefix}-{n:07d}",
            "received": received.isoformat(),
            "org_unit": rng.choice(units),
            "person": f"P{rng.randrange(max(rows // 2, 1)):07d}",
            "closed": closed.isoformat() if rng.random() < 0.85 else "",
        }
        for vocabulary in _INQUIRY_VOCABULARIES:
            inquiry[vocabulary] = pick(vocabulary)
        weights = rng.random()
        count = 0 if weights < 0.1 else 1 if weights < 0.75 else 2 if weights < 0.95 else 3
        count = min(count, rows - len(out)) if count else 0
        for position in range(1, count + 1) if count else [None]:
            row = dict(inquiry, point="", theme="", point_org_unit="", conclusion="")
            if position is not None:
                row["point"] = str(position)
                row["theme"] = pick("theme")
                row["conclusion"] = pick("conclusion") if rng.random() < 0.2 else ""
                if position > 1 and rng.random() < 0.3:
                    row["point_org_unit"] = rng.choice(units)
            out.append([row.get(c, "") for c in COLUMNS])
    return out


def write_sample_csv(
    path: Path,
    office: Office,
    rows: int,
    *,
    seed: int = 1,
    prefix: str = "S",
    delimiter: str = ";",
) -> Path:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(COLUMNS)
        writer.writerows(sample_rows(office, rows, seed=seed, prefix=prefix))
    return Path(path)


def write_sample_xlsx(
    path: Path, office: Office, rows: int, *, seed: int = 1, prefix: str = "S"
) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Registreringer")
    sheet.append(list(COLUMNS))
    date_columns = {COLUMNS.index("received"), COLUMNS.index("closed")}
    for row in sample_rows(office, rows, seed=seed, prefix=prefix):
        # Dates as real date cells and point numbers as numbers, as Excel stores them.
        cells: list[object] = [
            datetime.date.fromisoformat(v) if i in date_columns and v else v
            for i, v in enumerate(row)
        ]
        point = COLUMNS.index("point")
        cells[point] = int(row[point]) if row[point] else None
        sheet.append(cells)
    workbook.save(path)
    return Path(path)
