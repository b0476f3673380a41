"""Reads on inquiries: the worklist, the filtered search, and the export rows.

The list page, the export, the report and the benchmarks all select inquiries
through `inquiry_search`, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.selectors import org_unit_paths
from borgerraadgiver.offices.services import descendant_ids
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import registered_vocabularies, value_labels

from .models import INQUIRY_DIMENSIONS, ComplaintPoint, Inquiry
from .search_index import POSTGRES_MATCH, fts_match_expression

SORT_CHOICES = ("received", "-received")
# Ten digits, the dash optional: what a CPR number looks like inside a search text.
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")
_MAX_WORDS = 10


@dataclass(frozen=True)
class InquiryFilters:
    """What the list page, the export and the report may filter inquiries on.

    `values` maps an inquiry-level vocabulary code (see INQUIRY_DIMENSIONS) to
    a value id; `theme_id` may be a theme group, meaning any of its leaves.
    """

    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    org_unit_id: int | None = None
    theme_id: int | None = None
    status: str = ""
    values: Mapping[str, int] = field(default_factory=dict)
    q: str = ""
    sort: str = "-received"


def looks_like_cpr(text: str) -> bool:
    return bool(_CPR_LIKE.search(text or ""))


def search_words(q: str) -> list[str]:
    """The words of a free-text search, stripped of the quoting websearch allows."""
    words = [w.strip("\"'()") for w in (q or "").split()]
    return [w for w in words if w][:_MAX_WORDS]


def _main_theme_subquery() -> Subquery:
    return Subquery(
        ComplaintPoint.objects.filter(inquiry=OuterRef("pk"), position=1).values("theme_id")[:1]
    )


def _points_count_subquery() -> Coalesce:
    # A correlated count, evaluated only for the rows of the page shown; a
    # GROUP BY over the joined points would aggregate the whole office first.
    counts = (
        ComplaintPoint.objects.filter(inquiry=OuterRef("pk"))
        .order_by()
        .values("inquiry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def inquiry_worklist(user: User, *, everyone: bool = False) -> QuerySet[Inquiry]:
    """Open inquiries, oldest first: the user's own and those no one has taken
    (an imported or a colleague's unassigned inquiry must not drop out of
    sight), or the whole office's.

    Each row carries `main_theme_id` (the hovedsag's theme) so that the page
    needs no query per row.
    """
    if user.office_id is None:
        return Inquiry.objects.none()
    qs = Inquiry.objects.filter(office_id=user.office_id).open()
    if not everyone:
        qs = qs.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    return inquiry_worklist_rows(qs).order_by("received", "id")


def inquiry_worklist_rows(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """What a row of the worklist shows, fetched with the page itself."""
    return qs.select_related("org_unit", "person", "requester", "assigned_to").annotate(
        main_theme_id=_main_theme_subquery()
    )


def inquiries_by_id(ids: list[int]) -> QuerySet[Inquiry]:
    """The inquiries of ids already selected within one office (a page of a list).

    Nothing else in the WHERE clause and no ORDER BY: either would tempt SQLite
    into walking the office's index instead of fetching the 50 rows by key.
    """
    return Inquiry.objects.filter(pk__in=ids).order_by()


def _theme_leaf_ids(office: Office, theme_id: int) -> list[int] | None:
    theme = (
        VocabularyValue.objects.for_office(office)
        .filter(vocabulary__code="theme", pk=theme_id)
        .first()
    )
    if theme is None:
        return None
    if not theme.is_group:
        return [theme.pk]
    return list(
        VocabularyValue.objects.for_office(office).filter(parent=theme).values_list("pk", flat=True)
    )


def _text_match(office: Office, q: str) -> Q | None:
    """Inquiries whose account and names hold every word of q, each as a prefix.

    One word index over the account and the names of person and requester
    (Inquiry.search_names), on either database: PostgreSQL's stored tsvector
    with the danish configuration (stemming), SQLite's FTS5 (see
    search_index). "svar" finds "svarede", "jens" finds "Jensen".
    """
    words = search_words(q)
    if not words:
        return None
    if connection.vendor == "sqlite":
        # The office filter of the caller applies to the ids the index gives.
        return Q(pk__in=RawSQL(_SQLITE_MATCHES, [fts_match_expression(words)]))
    query = prefix_tsquery(words)
    if not query:
        return Q(pk__in=[])
    return Q(RawSQL(POSTGRES_MATCH, [query], output_field=BooleanField()))


# A constant query; the search words are a bound parameter.
_SQLITE_MATCHES = (
    "SELECT rowid FROM inquiries_inquiry_search WHERE inquiries_inquiry_search MATCH %s"
)
_WORD_CHARACTERS = re.compile(r"\w+")


def prefix_tsquery(words: list[str]) -> str:
    """A tsquery in which every word must occur, each as a prefix after stemming.

    Only word characters reach the query, so no search text is read as
    tsquery syntax (&, |, !, <->, :*).
    """
    terms = [t for w in words for t in _WORD_CHARACTERS.findall(w)]
    return " & ".join(f"{t}:*" for t in terms)


def inquiry_search(office: Office, filters: InquiryFilters) -> QuerySet[Inquiry]:
    """The office's inquiries that match the filters, in the requested order.

    A filter naming something outside the office (an org unit or a value of
    another office) matches nothing rather than being ignored.
    """
    qs = Inquiry.objects.filter(office=office)
    if filters.received_from:
        qs = qs.filter(received__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received__lte=filters.received_to)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.org_unit_id:
        unit = OrgUnit.objects.filter(office=office, pk=filters.org_unit_id).first()
        if unit is None:
            return qs.none()
        qs = qs.filter(org_unit_id__in=descendant_ids(unit))
    if filters.theme_id:
        leaves = _theme_leaf_ids(office, filters.theme_id)
        if leaves is None:
            return qs.none()
        points = ComplaintPoint.objects.filter(office=office, theme_id__in=leaves)
        qs = qs.filter(pk__in=points.values("inquiry_id"))
    for code, value_id in filters.values.items():
        if code not in INQUIRY_DIMENSIONS:
            raise ValueError(f"Not an inquiry-level vocabulary: {code}")
        if value_id:
            qs = qs.filter(**{f"{code}_id": value_id})
    text = _text_match(office, filters.q)
    if text is not None:
        qs = qs.filter(text)
    direction = "" if filters.sort == "received" else "-"
    return qs.order_by(f"{direction}received", f"{direction}id")


def inquiry_list_rows(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """What a row of the list page shows, fetched with the page itself."""
    return qs.select_related("org_unit").annotate(points_count=_points_count_subquery())


@dataclass
class ExportTable:
    """The statistics export: a header and a stream of rows of plain values.

    Classifications only: no names, CPR numbers or accounts ever enter it.
    """

    header: list[str]
    rows: Iterator[list[Any]]


def inquiry_export(office: Office, qs: QuerySet[Inquiry]) -> ExportTable:
    """One row per inquiry of `qs`, labels as the office names them."""
    codes = [c for c in registered_vocabularies(office) if c in INQUIRY_DIMENSIONS]
    vocabulary_labels = dict(Vocabulary.objects.filter(code__in=codes).values_list("code", "label"))
    labels = {code: value_labels(office, code) for code in codes}
    theme_labels = value_labels(office, "theme")
    paths = org_unit_paths(office)  # a top-level unit's path is its name
    statuses = dict(Inquiry.Status.choices)
    header = [
        "Journalnummer",
        "Modtaget",
        "Afsluttet",
        "Status",
        "Enhed",
        "Øverste enhed",
        *[vocabulary_labels.get(c, c) for c in codes],
        "Antal klagepunkter",
        "Hovedsagens tema",
        "Følgesagernes temaer",
    ]

    def rows() -> Iterator[list[Any]]:
        for row, themes in _inquiries_with_themes(qs, codes):
            names = [theme_labels.get(t, "") if t else "" for t in themes]
            yield [
                row["reference"],
                row["received"],
                row["closed"],
                str(statuses.get(row["status"], row["status"])),
                paths.get(row["org_unit_id"], ""),
                paths.get(row["org_unit__root_id"], ""),
                *[labels[c].get(row[f"{c}_id"], "") if row[f"{c}_id"] else "" for c in codes],
                len(themes),
                names[0] if names else "",
                "; ".join(n for n in names[1:] if n),
            ]

    return ExportTable(header=header, rows=rows())


def _inquiries_with_themes(
    qs: QuerySet[Inquiry], codes: list[str]
) -> Iterator[tuple[dict[str, Any], list[int | None]]]:
    """Stream the inquiries of `qs` with their points' themes, in two queries.

    Inquiries and points are read in the same order (received, id) and merged,
    so memory stays flat however many rows there are.
    """
    ordered = qs.order_by("received", "id")
    fields = [
        "pk",
        "reference",
        "received",
        "closed",
        "status",
        "org_unit_id",
        "org_unit__root_id",
        *[f"{c}_id" for c in codes],
    ]
    points = (
        ComplaintPoint.objects.filter(inquiry__in=ordered.values("pk"))
        .order_by("inquiry__received", "inquiry_id", "position")
        .values_list("inquiry__received", "inquiry_id", "theme_id")
        .iterator(chunk_size=2000)
    )
    pending = next(points, None)
    for row in ordered.values(*fields).iterator(chunk_size=2000):
        key = (row["received"], row["pk"])
        # Points of an inquiry edited between the two reads sort elsewhere: skip them.
        while pending is not None and (pending[0], pending[1]) < key:
            pending = next(points, None)
        themes: list[int | None] = []
        while pending is not None and pending[1] == row["pk"]:
            themes.append(pending[2])
            pending = next(points, None)
        yield row, themes
