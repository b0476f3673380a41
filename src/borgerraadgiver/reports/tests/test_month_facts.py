"""The month cache (reports_monthfacts): a report from it equals one counted from the rows.

Each test compares report_build with REPORT_MONTH_CACHE on against the same
report with it off, so a cache that were wrong, stale or ignored would fail.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest
from django.db import connection

from borgerraadgiver.bench.measure import write_import_file
from borgerraadgiver.imports.services import import_file
from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS, ComplaintPoint, Inquiry, Person
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.reports.data import Report
from borgerraadgiver.reports.models import MonthFacts
from borgerraadgiver.reports.month_triggers import month_triggers_ensure
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.selectors.months import split
from borgerraadgiver.reports.services import report_settings_for
from borgerraadgiver.vocabularies.models import OfficeVocabulary, Vocabulary, VocabularyValue
from tests.factories import make_inquiry

pytestmark = pytest.mark.django_db

D = datetime.date


def registrations(office: Office, *, seed: int, n: int, start: D, end: D) -> None:
    """n random inquiries with 0-3 points each, every column the report reads drawn at random.

    Values are drawn from every value of each vocabulary, hidden and local
    ones too, so that a value the report does not list is in the rows.
    """
    rng = random.Random(seed)  # nosec B311 - test data
    units = list(OrgUnit.objects.filter(office=office).values_list("pk", flat=True))
    values = {
        code: [
            None,
            *VocabularyValue.objects.filter(vocabulary__code=code).values_list("pk", flat=True),
        ]
        for code in (*INQUIRY_DIMENSIONS, "theme", "conclusion")
    }
    persons = Person.objects.bulk_create(
        [Person(office=office, reference=f"P-{seed}-{i}") for i in range(n // 3 + 1)]
    )
    span = (end - start).days
    inquiries = Inquiry.objects.bulk_create(
        [
            Inquiry(
                office=office,
                reference=f"M-{seed}-{i:05d}",
                received=start + datetime.timedelta(days=rng.randint(0, span)),
                org_unit_id=rng.choice(units),
                person_id=rng.choice([None, *(p.pk for p in persons)]),
                **{f"{code}_id": rng.choice(values[code]) for code in INQUIRY_DIMENSIONS},
            )
            for i in range(n)
        ]
    )
    points = []
    for inquiry in inquiries:
        for position in range(1, rng.randint(0, 3) + 1):
            point = ComplaintPoint(
                inquiry=inquiry,
                office=office,
                position=position,
                org_unit_id=rng.choice([inquiry.org_unit_id, *units]),
                theme_id=rng.choice(values["theme"]),
                conclusion_id=rng.choice(values["conclusion"]),
            )
            point.copy_from_inquiry(inquiry)
            points.append(point)
    ComplaintPoint.objects.bulk_create(points)


def cached(office: Office, period: Period, settings) -> Report:
    settings.REPORT_MONTH_CACHE = True
    return report_build(office, period)


def raw(office: Office, period: Period, settings) -> Report:
    settings.REPORT_MONTH_CACHE = False
    try:
        return report_build(office, period)
    finally:
        settings.REPORT_MONTH_CACHE = True


def assert_same(office: Office, period: Period, settings) -> None:
    expected = raw(office, period, settings)
    got = cached(office, period, settings)
    for want, have in zip(expected.tables, got.tables, strict=True):
        differing = [(w, h) for w, h in zip(want.rows, have.rows, strict=False) if w != h] or [
            (len(want.rows), len(have.rows))
        ]
        assert have == want, (want.title, differing[:2])
    assert got == expected


def months(office: Office) -> dict[D, str]:
    return dict(MonthFacts.objects.filter(office=office).values_list("month", "config"))


PERIODS = [
    Period(D(2023, 1, 1), D(2023, 12, 31)),  # a calendar year
    Period(D(2023, 4, 1), D(2024, 3, 31)),  # a report year across a year end
    Period(D(2023, 3, 1), D(2023, 3, 31)),  # one month
    Period(D(2023, 2, 10), D(2023, 5, 20)),  # partial months at both ends
    Period(D(2023, 2, 10), D(2023, 2, 20)),  # inside one month
    Period(D(2023, 12, 15), D(2024, 1, 14)),  # two partial months across a year end
    Period(D(2023, 6, 30), D(2023, 6, 30)),  # one day
    Period(D(2022, 11, 1), D(2024, 2, 29)),  # everything, leap day last
]


def test_split_into_full_months_and_edges():
    assert split(Period(D(2023, 2, 10), D(2023, 5, 20))) == (
        [D(2023, 3, 1), D(2023, 4, 1)],
        [(D(2023, 2, 10), D(2023, 2, 28)), (D(2023, 5, 1), D(2023, 5, 20))],
    )
    assert split(Period(D(2023, 12, 1), D(2024, 1, 31))) == ([D(2023, 12, 1), D(2024, 1, 1)], [])
    assert split(Period(D(2023, 2, 10), D(2023, 3, 5))) == (
        [],
        [(D(2023, 2, 10), D(2023, 3, 5))],
    )
    assert split(Period(D(2024, 2, 1), D(2024, 2, 29))) == ([D(2024, 2, 1)], [])


@pytest.mark.parametrize("seed", [1, 2])
def test_cached_report_equals_raw_for_random_registrations(office, settings, seed):
    registrations(office, seed=seed, n=400, start=D(2022, 11, 15), end=D(2024, 2, 29))
    if seed == 2:
        # The help-with-complaint rule changes the thematic counts.
        report_settings = report_settings_for(office)
        report_settings.exclude_help_with_complaint = True
        report_settings.save()
    for period in PERIODS:
        assert_same(office, period, settings)  # cold: computes and stores the months
        stored = months(office)
        assert set(split(period)[0]) <= set(stored)
        assert_same(office, period, settings)  # warm: reads them
        assert months(office) == stored


def test_the_cache_is_read_not_recounted(office, settings):
    registrations(office, seed=3, n=50, start=D(2023, 1, 1), end=D(2023, 12, 31))
    year = PERIODS[0]
    before = cached(office, year, settings)
    # Fake a month's counts: a report that still agrees did not read them.
    row = MonthFacts.objects.get(office=office, month=D(2023, 3, 1))
    row.facts = {"i": [], "p": []}
    row.save()
    assert cached(office, year, settings) != before
    settings.REPORT_MONTH_CACHE = False
    assert report_build(office, year) == before


@pytest.fixture
def warm(office, settings):
    """Random registrations, and the cache filled for the whole of them."""
    registrations(office, seed=7, n=200, start=D(2022, 11, 15), end=D(2024, 2, 29))
    cached(office, PERIODS[-1], settings)
    # Dec 2022 to Feb 2024, and the development's earlier years.
    assert set(split(PERIODS[-1])[0]) <= set(months(office))
    return office


def _check(office: Office, settings, *, gone: set[D]) -> None:
    stored = months(office)
    assert not gone & set(stored), "a changed month is still cached"
    for period in PERIODS:
        assert_same(office, period, settings)


def _an_inquiry_with_points(office: Office, month: D) -> Inquiry:
    return (
        Inquiry.objects.filter(
            office=office, received__year=month.year, received__month=month.month
        )
        .filter(points__isnull=False)
        .order_by("pk")
        .first()
    )


def test_registering_through_the_service_invalidates(warm, settings):
    make_inquiry(warm, received=D(2023, 5, 17), themes=("sagsbehandlingstid_og_manglende_svar",))
    _check(warm, settings, gone={D(2023, 5, 1)})


def test_moving_received_to_another_month_invalidates_both(warm, settings):
    inquiry = _an_inquiry_with_points(warm, D(2023, 4, 1))
    inquiry.received = D(2023, 9, 3)
    inquiry.save()
    for point in inquiry.points.all():
        point.copy_from_inquiry(inquiry)
        point.save()
    _check(warm, settings, gone={D(2023, 4, 1), D(2023, 9, 1)})


def test_changing_org_unit_dimension_or_conclusion_invalidates(warm, settings):
    inquiry = _an_inquiry_with_points(warm, D(2023, 6, 1))
    other_unit = OrgUnit.objects.filter(office=warm).exclude(pk=inquiry.org_unit_id).first()
    Inquiry.objects.filter(pk=inquiry.pk).update(org_unit=other_unit)
    _check(warm, settings, gone={D(2023, 6, 1)})
    cached(warm, PERIODS[-1], settings)

    inquiry = _an_inquiry_with_points(warm, D(2023, 7, 1))
    channel = VocabularyValue.objects.filter(vocabulary__code="channel").exclude(
        pk=inquiry.channel_id
    )[0]
    inquiry.channel = channel
    inquiry.save(update_fields=["channel"])
    _check(warm, settings, gone={D(2023, 7, 1)})
    cached(warm, PERIODS[-1], settings)

    point = _an_inquiry_with_points(warm, D(2023, 8, 1)).points.first()
    conclusion = VocabularyValue.objects.filter(vocabulary__code="conclusion").exclude(
        pk=point.conclusion_id
    )[0]
    ComplaintPoint.objects.filter(pk=point.pk).update(conclusion=conclusion)
    _check(warm, settings, gone={D(2023, 8, 1)})


def test_deleting_an_inquiry_invalidates(warm, settings):
    _an_inquiry_with_points(warm, D(2023, 10, 1)).delete()
    _check(warm, settings, gone={D(2023, 10, 1)})


def test_raw_sql_updates_invalidate(warm, settings):
    point = _an_inquiry_with_points(warm, D(2023, 11, 1)).points.first()
    theme = VocabularyValue.objects.filter(vocabulary__code="theme", is_group=False).exclude(
        pk=point.theme_id
    )[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inquiries_complaintpoint SET theme_id = %s, position = 7 WHERE id = %s",
            [theme.pk, point.pk],
        )
    _check(warm, settings, gone={D(2023, 11, 1)})


def test_an_import_invalidates_its_months(office, settings, tmp_path: Path):
    today = datetime.date.today()
    whole = Period(today.replace(day=1) - datetime.timedelta(days=1500), today)
    registrations(office, seed=11, n=100, start=whole.start, end=today)
    cached(office, whole, settings)
    assert months(office)
    path = tmp_path / "import.csv"
    write_import_file(path, rows=60, seed=5, office=office)
    before = set(Inquiry.objects.filter(office=office).values_list("pk", flat=True))
    cached_before = set(months(office))
    result = import_file(office, path, True)
    assert result.ok, result.errors
    imported = {
        received.replace(day=1)
        for received in Inquiry.objects.filter(office=office)
        .exclude(pk__in=before)
        .values_list("received", flat=True)
    }
    assert imported & cached_before
    assert not imported & set(months(office))
    assert_same(office, whole, settings)


def test_retentions_anonymising_keeps_the_months(warm, settings):
    from django.db.models import F

    from borgerraadgiver.privacy.services import retention_run

    ids = list(Inquiry.objects.filter(office=warm).values_list("pk", flat=True)[:60])
    # Closed on the day received: expired when retention runs ten years on.
    Inquiry.objects.filter(pk__in=ids).update(
        closed=F("received"), status=Inquiry.Status.CLOSED, account="Borgerens beretning"
    )
    stored = months(warm)
    result = retention_run(today=D(2034, 6, 1), office=warm)
    assert result.inquiries >= 50
    assert not Inquiry.objects.filter(pk__in=ids, account="Borgerens beretning").exists()
    # Free text and who: no counted column, so every month stays cached.
    assert months(warm) == stored
    _check(warm, settings, gone=set())


# -- a changed office configuration reads no old month ------------------------------


def test_a_dimension_switched_on_or_off_reads_no_old_month(warm, settings):
    registered = set(
        OfficeVocabulary.objects.filter(office=warm, registered=True).values_list(
            "vocabulary__code", flat=True
        )
    )
    code = next((c for c in INQUIRY_DIMENSIONS if c not in registered), None)
    if code is None:  # everything registered: switch one off instead
        OfficeVocabulary.objects.filter(office=warm, vocabulary__code="channel").update(
            registered=False
        )
    else:
        OfficeVocabulary.objects.update_or_create(
            office=warm, vocabulary=Vocabulary.objects.get(code=code), defaults={"registered": True}
        )
    old = set(months(warm).values())
    _check(warm, settings, gone=set())
    assert not old & set(months(warm).values())


def test_a_local_value_reads_no_old_month(warm, settings):
    old = set(months(warm).values())
    code = next(c for c in INQUIRY_DIMENSIONS if c in report_context_dimensions(warm))
    local = VocabularyValue.objects.create(
        vocabulary=Vocabulary.objects.get(code=code),
        office=warm,
        code="lokal_vaerdi",
        label="Lokal værdi",
        position=99,
    )
    # Registrations with the new value, written while the triggers are off:
    # only the changed configuration can then keep the old months from being read.
    _without_triggers(
        lambda: Inquiry.objects.filter(office=warm, received__year=2023).update(
            **{f"{code}_id": local.pk}
        )
    )
    assert months(warm)
    _check(warm, settings, gone=set())
    assert not old & set(months(warm).values())


def report_context_dimensions(office: Office) -> tuple[str, ...]:
    from borgerraadgiver.reports.selectors.context import report_context

    return report_context(office, report_settings_for(office)).dimensions


def _without_triggers(write) -> None:
    from borgerraadgiver.reports.month_triggers import month_triggers_drop

    month_triggers_drop(connection)
    try:
        write()
    finally:
        month_triggers_ensure(connection, keep_rows=True)


def test_the_help_with_complaint_setting_reads_no_old_month(warm, settings):
    old = set(months(warm).values())
    report_settings = report_settings_for(warm)
    report_settings.exclude_help_with_complaint = not report_settings.exclude_help_with_complaint
    report_settings.save()
    _check(warm, settings, gone=set())
    assert not old & set(months(warm).values())


def test_the_triggers_are_restored_after_a_table_rebuild(warm, settings):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps triggers through ALTER TABLE")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%monthfacts%'"
        )
        names = [row[0] for row in cursor.fetchall()]
        assert len(names) == 6
        # What a rebuild of the table does to its triggers.
        for name in names:
            cursor.execute(f"DROP TRIGGER {name}")
    assert month_triggers_ensure(connection)
    assert not months(warm), "months cached while the triggers were missing are dropped"
    cached(warm, PERIODS[-1], settings)
    _an_inquiry_with_points(warm, D(2023, 3, 1)).delete()
    _check(warm, settings, gone={D(2023, 3, 1)})


def test_the_benchmark_times_the_cold_and_the_warm_report(office):
    from borgerraadgiver.reports.bench import report_benchmark

    registrations(office, seed=13, n=60, start=D(2023, 1, 1), end=D(2023, 12, 31))
    lines: list[str] = []
    result = report_benchmark(office, period=PERIODS[0], repeat=1, years=3, emit=lines.append)
    assert result.same_result
    names = [line.split(":")[0] for line in lines]
    assert "report_year_cold_seconds" in names
    assert "report_year_seconds" in names
    assert set(split(PERIODS[0])[0]) <= set(months(office))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the application's role is PostgreSQL's"
)
def test_as_the_app_role_the_cache_is_filled_and_the_triggers_delete(office, settings):
    """The deployment's role owns nothing: it must still store months and its writes delete them."""
    import uuid

    from django.core.management import call_command

    from borgerraadgiver.rls.scope import wall_set

    registrations(office, seed=17, n=80, start=D(2023, 1, 1), end=D(2023, 12, 31))
    role = f"monthfacts_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("rls_grant", role, stdout=None)
    wall_set(office_id=office.pk)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        cached(office, PERIODS[0], settings)
        assert D(2023, 5, 1) in months(office)
        inquiry = _an_inquiry_with_points(office, D(2023, 5, 1))
        other_unit = OrgUnit.objects.filter(office=office).exclude(pk=inquiry.org_unit_id).first()
        Inquiry.objects.filter(pk=inquiry.pk).update(org_unit=other_unit)
        assert D(2023, 5, 1) not in months(office)
        assert_same(office, PERIODS[0], settings)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
        wall_set(office_id=None)
