"""Build the benchmark office: N complaint points over ten years, by bulk inserts.

Bench data skip the services on purpose (a million registrations through
full_clean would take an hour); they use the same synthetic drafts as the
demo, so the shape of the data is the demo's, only bigger.

The received dates are drawn first and cut into chunks of 5,000 inquiries.
Each chunk is drawn with its own seeded generator (seed, chunk number), in
worker processes, while the main process inserts the finished chunks in
order: the data are the same whatever the number of processes. Someone who
comes back does so within a chunk (a few weeks), which is when people do.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import random
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from borgerraadgiver.bench.rows import Rows
from borgerraadgiver.core.synthetic import Draft, Drawer, PersonMaker
from borgerraadgiver.inquiries.cpr import cpr_columns
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.services import office_create
from borgerraadgiver.vocabularies.models import VocabularyValue
from borgerraadgiver.vocabularies.selectors import registered_vocabularies

BENCH_SLUG = "bench"
ADVISORS = 5
BATCH = 5_000
YEARS = 10
# Følgesager per hovedsag: 1,000,000 points then make about 650,000 inquiries.
FOLLOW_ON = 0.72
POINTS_PER_INQUIRY = 0.93 * (1 + FOLLOW_ON) * 0.97  # 7 % without points; capped themes
REPEAT_PERSON_SHARE = 0.08
PERSONS_PER_INQUIRY = 2  # at most: the citizen and a relative


@dataclass
class BuildResult:
    office: Office
    user: User
    inquiries: int
    points: int
    persons: int
    journal_entries: int
    seconds: float


@dataclass(frozen=True)
class _Context:
    """What a worker needs to draw rows: ids of the office's units, values, users."""

    seed: int
    slug: str
    today: datetime.date
    office_id: int
    user_ids: tuple[int, ...]
    units: dict[tuple[str, ...], int]
    values: dict[tuple[str, str], int]
    registered: frozenset[str]


@dataclass(frozen=True)
class _Task:
    index: int
    dates: list[datetime.date]
    serials: list[int]  # the number in the inquiry's reference, per year
    first_inquiry_id: int
    first_person_id: int


@dataclass
class _Chunk:
    persons: list[tuple[Any, ...]] = field(default_factory=list)
    inquiries: list[tuple[Any, ...]] = field(default_factory=list)
    points: list[tuple[Any, ...]] = field(default_factory=list)
    journal: list[tuple[Any, ...]] = field(default_factory=list)
    points_per_inquiry: list[int] = field(default_factory=list)


@cache
def _tables() -> dict[str, Rows]:
    # Persons first: inquiries refer to them, points and journal to inquiries.
    return {
        "persons": Rows(Person, explicit_pk=True),
        "inquiries": Rows(Inquiry, explicit_pk=True),
        "points": Rows(ComplaintPoint, explicit_pk=False),
        "journal": Rows(JournalEntry, explicit_pk=False),
    }


class _ChunkDrawer:
    def __init__(self, ctx: _Context, task: _Task) -> None:
        self.ctx = ctx
        self.task = task
        # Seeded, repeatable synthetic data: nothing drawn here is a secret.
        self.rng = random.Random(f"{ctx.seed}:{task.index}")  # nosec B311
        # Its own stream: repeatable, and unique per office when two share a database.
        # Seeded, repeatable synthetic data: nothing drawn here is a secret.
        self.uid_rng = random.Random(f"{ctx.seed}:{ctx.slug}:{task.index}:uid")  # nosec B311
        self.drawer = Drawer(self.rng, ctx.today, follow_on=FOLLOW_ON)
        self.people = PersonMaker(self.rng)
        self.tables = _tables()
        self.next_person = task.first_person_id
        self.pool: list[int] = []
        self.names: dict[int, str] = {}  # person id -> name, for the inquiries' search names
        self.stamps: dict[tuple[datetime.date, int], datetime.datetime] = {}
        self.chunk = _Chunk()

    def _uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.uid_rng.getrandbits(128), version=4)

    def _stamp(self, day: datetime.date) -> datetime.datetime:
        key = (day, self.rng.randint(8, 15))
        stamp = self.stamps.get(key)
        if stamp is None:
            stamp = datetime.datetime.combine(day, datetime.time(key[1]), tzinfo=datetime.UTC)
            self.stamps[key] = stamp
        return stamp

    def _person(self, day: datetime.date, gender: str | None = None,
                last: str | None = None) -> tuple[int, str]:  # fmt: skip
        d = self.people.person(gender, last)
        pk, self.next_person = self.next_person, self.next_person + 1
        self.chunk.persons.append(self.tables["persons"].row({
            "id": pk, "uid": self._uid(), "office_id": self.ctx.office_id, "name": d.name,
            "address": d.address, "phone": d.phone, "email": d.email,
            **cpr_columns(d.cpr, self.ctx.office_id), "created_at": self._stamp(day),
        }))  # fmt: skip
        self.names[pk] = d.name
        return pk, d.name

    def _persons_for(self, d: Draft) -> tuple[int | None, int | None]:
        if d.anonymous:
            return None, None
        if d.relation is not None:
            citizen, name = self._person(d.received, d.relation[3])
            requester, _name = self._person(d.received, d.relation[2], name.rsplit(" ", 1)[-1])
            self.pool.append(citizen)
            return citizen, requester
        if self.pool and self.rng.random() < REPEAT_PERSON_SHARE:
            return self.rng.choice(self.pool), None
        person, _name = self._person(d.received)
        self.pool.append(person)
        return person, None

    def _add(self, d: Draft, serial: int, inquiry_id: int) -> None:
        ctx, tables = self.ctx, self.tables
        person_id, requester_id = self._persons_for(d)
        user_id = self.rng.choice(ctx.user_ids)
        unit_id = ctx.units[d.unit_path]
        created = self._stamp(d.received)
        row = {
            "id": inquiry_id, "uid": self._uid(), "office_id": ctx.office_id,
            "reference": f"{d.received.year}-{serial:05d}", "received": d.received,
            "org_unit_id": unit_id, "person_id": person_id, "requester_id": requester_id,
            # As search_names_of writes it.
            "search_names": " ".join(self.names[p] for p in (person_id, requester_id) if p),
            "anonymous": d.anonymous,
            "anonymous_to_administration": d.anonymous_to_administration,
            "account": d.account,
            "status": Inquiry.Status.CLOSED if d.closed else Inquiry.Status.OPEN,
            "closed": d.closed, "assigned_to_id": user_id, "created_by_id": user_id,
            "created_at": created,
            "updated_at": max(created, self._stamp(d.closed)) if d.closed else created,
        }  # fmt: skip
        for k, v in d.values.items():
            if k in ctx.registered:
                row[f"{k}_id"] = ctx.values[(k, v)]
        self.chunk.inquiries.append(tables["inquiries"].row(row))
        for position, theme in enumerate(d.themes, start=1):
            self.chunk.points.append(tables["points"].row({
                "inquiry_id": inquiry_id, "office_id": ctx.office_id, "position": position,
                "theme_id": ctx.values[("theme", theme)], "org_unit_id": unit_id,
                # The inquiry's, copied (see ComplaintPoint.REPORT_COPIED).
                "received": row["received"], "inquiry_kind_id": row.get("inquiry_kind_id"),
                "handling_id": row.get("handling_id"),
            }))  # fmt: skip
        self.chunk.points_per_inquiry.append(len(d.themes))
        for kind, day, text in d.journal:
            self.chunk.journal.append(tables["journal"].row({
                "uid": self._uid(), "inquiry_id": inquiry_id, "kind": kind, "occurred": day,
                "text": text, "created_by_id": user_id, "created_at": self._stamp(day),
            }))  # fmt: skip

    def draw(self) -> _Chunk:
        task = self.task
        for offset, (day, serial) in enumerate(zip(task.dates, task.serials, strict=True)):
            self._add(self.drawer.draw(day), serial, task.first_inquiry_id + offset)
        return self.chunk


def _draw_chunk(ctx: _Context, task: _Task) -> _Chunk:
    return _ChunkDrawer(ctx, task).draw()


def _cut(chunk: _Chunk, wanted: int) -> _Chunk:
    """The chunk's first inquiries, holding exactly `wanted` complaint points."""
    tables = _tables()
    inquiry_id = tables["inquiries"].index["id"]
    point_inquiry = tables["points"].index["inquiry_id"]
    point_position = tables["points"].index["position"]
    journal_inquiry = tables["journal"].index["inquiry_id"]
    kept, total, last_points = 0, 0, 0
    for n in chunk.points_per_inquiry:
        if total >= wanted:
            break
        last_points = min(n, wanted - total)
        total += last_points
        kept += 1
    inquiries = chunk.inquiries[:kept]
    ids = {row[inquiry_id] for row in inquiries}
    last_id = inquiries[-1][inquiry_id] if inquiries else None
    points = [
        row for row in chunk.points
        if row[point_inquiry] in ids
        and (row[point_inquiry] != last_id or row[point_position] <= last_points)
    ]  # fmt: skip
    return _Chunk(
        persons=chunk.persons,  # a few unused persons: harmless
        inquiries=inquiries,
        points=points,
        journal=[row for row in chunk.journal if row[journal_inquiry] in ids],
        points_per_inquiry=chunk.points_per_inquiry[: kept - 1] + [last_points] if kept else [],
    )


def _insert(chunk: _Chunk) -> None:
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The random UUID indexes touch pages all over the file, and SQLite's
            # default page cache is 2 MB. This connection only: each page
            # request of the measurements opens its own, with the defaults.
            cursor.execute("PRAGMA cache_size = -262144")
        for name in ("persons", "inquiries", "points", "journal"):
            tables[name].insert(cursor, getattr(chunk, name), BATCH)


def _context(office: Office, users: list[User], seed: int, today: datetime.date) -> _Context:
    units = {}
    for unit in OrgUnit.objects.filter(office=office).select_related("parent"):
        units[(unit.parent.name, unit.name) if unit.parent else (unit.name,)] = unit.pk
    values = {
        (code, value_code): pk
        for pk, code, value_code in VocabularyValue.objects.filter(office=None).values_list(
            "pk", "vocabulary__code", "code"
        )
    }
    return _Context(
        seed=seed, slug=office.slug, today=today, office_id=office.pk,
        user_ids=tuple(u.pk for u in users), units=units, values=values,
        registered=frozenset(registered_vocabularies(office)),
    )  # fmt: skip


class _Planner:
    """Hands out chunks of dates with their reference numbers and id ranges."""

    def __init__(self) -> None:
        self.index = 0
        self.serials: dict[int, int] = {}
        self.first_inquiry = (Inquiry.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.first_person = (Person.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def task(self, dates: list[datetime.date]) -> _Task:
        serials = []
        for day in dates:
            self.serials[day.year] = self.serials.get(day.year, 0) + 1
            serials.append(self.serials[day.year])
        task = _Task(
            index=self.index, dates=dates, serials=serials,
            first_inquiry_id=self.first_inquiry + self.index * BATCH,
            first_person_id=self.first_person + self.index * BATCH * PERSONS_PER_INQUIRY,
        )  # fmt: skip
        self.index += 1
        return task


def _chunks(ctx: _Context, tasks: list[_Task], jobs: int) -> Iterator[_Chunk]:
    if jobs <= 1:
        yield from (_draw_chunk(ctx, task) for task in tasks)
        return
    if not connection.in_atomic_block:
        # Workers are forked: they must not share an open database connection.
        connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = iter(tasks)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # A few chunks ahead, no more: when the database inserts slower than
        # the workers draw, finished chunks would otherwise pile up in memory.
        pending = deque(pool.submit(_draw_chunk, ctx, t) for t in islice(queue, 2 * jobs))
        try:
            while pending:
                chunk = pending.popleft().result()
                task = next(queue, None)
                if task is not None:
                    pending.append(pool.submit(_draw_chunk, ctx, task))
                yield chunk
        finally:
            pool.shutdown(cancel_futures=True)


def build(
    *,
    points: int,
    seed: int,
    today: datetime.date | None = None,
    slug: str = BENCH_SLUG,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Create the office `slug` with exactly `points` complaint points over ten years.

    Its first advisor (username = slug) is the one the page measurements log in as.
    """
    started = time.perf_counter()
    today = today or timezone.localdate()
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    office = office_create(slug=slug, name="Benchmark Kommune", preset="albertslund")
    users = [
        User.objects.create_user(username=slug if i == 0 else f"{slug}{i}", password=None,
                                 office=office, first_name=f"Rådgiver {i + 1}")
        for i in range(ADVISORS)
    ]  # fmt: skip
    ctx = _context(office, users, seed, today)
    # Seeded, repeatable synthetic data: nothing drawn here is a secret.
    rng = random.Random(seed)  # nosec B311
    start = datetime.date(today.year - YEARS, today.month, min(today.day, 28))
    span = (today - start).days
    # Slightly fewer dates than needed: topping up with a few inquiries on
    # random days is cheap; stopping early would leave the last weeks empty.
    estimate = max(1, int(points / POINTS_PER_INQUIRY * 0.99))
    dates = Drawer(rng, today).received_dates(start, today, estimate)
    planner = _Planner()
    tasks = [planner.task(dates[i : i + BATCH]) for i in range(0, len(dates), BATCH)]
    counts = {"persons": 0, "inquiries": 0, "points": 0, "journal": 0}

    def store(chunk: _Chunk) -> None:
        remaining = points - counts["points"]
        if sum(chunk.points_per_inquiry) > remaining:
            chunk = _cut(chunk, remaining)
        _insert(chunk)
        for name in counts:
            counts[name] += len(getattr(chunk, name))
        if progress and planner.index and counts["inquiries"] % (20 * BATCH) == 0:
            progress(f"{counts['points']} complaint points built")

    for chunk in _chunks(ctx, tasks, jobs):
        if counts["points"] >= points:
            break
        store(chunk)
    while counts["points"] < points:
        missing = points - counts["points"]
        extra = min(BATCH, int(missing / POINTS_PER_INQUIRY) + 3)
        days = sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(extra))
        store(_draw_chunk(ctx, planner.task(days)))

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person, Inquiry]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # Within minutes of such a load autovacuum would gather statistics and
            # (PostgreSQL 13 on: after inserts too) mark the pages all-visible, so
            # that the report reads its covering indexes alone, as it does on a
            # database in use; do both now, or the bench times a fresh load.
            # (VACUUM cannot run in a transaction: the tests build inside one.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return BuildResult(
        office=office, user=users[0], inquiries=counts["inquiries"], points=counts["points"],
        persons=counts["persons"], journal_entries=counts["journal"],
        seconds=time.perf_counter() - started,
    )  # fmt: skip
