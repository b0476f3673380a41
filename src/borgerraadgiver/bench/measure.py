"""What the benchmark measures: page server times and the import rate.

Pages are requested in-process through django.test.Client, so a figure is the
time Django spends on the request (middleware, view, queries, template),
without a network or a web server in front. "Concurrent" shares the same
number of requests among several client processes that start together, as
the worker processes of a WSGI server would serve them: on a machine with
fewer cores than clients, the time a request waits for a core counts.
"""

from __future__ import annotations

import csv
import datetime
import multiprocessing
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db import connections
from django.test import Client
from django.urls import reverse

from borgerraadgiver.core.synthetic import Drawer
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import Office, OrgUnit, User

PAGE_TARGET_MS = 150.0
DASHBOARD_TARGET_MS = 1000.0
IMPORT_TARGET = 2_000.0
IMPORT_COLUMNS = [
    "inquiry", "received", "org_unit", "person", "point", "theme", "inquiry_kind",
    "handling", "channel", "requester_kind", "outcome", "closed",
]  # fmt: skip


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: str = ""  # e.g. "< 150 ms"
    met: bool | None = None
    note: str = ""

    def line(self) -> str:
        if self.value is None:
            return f"{self.name}: n/a ({self.note})"
        number = f"{self.value:.0f}" if self.value >= 100 else f"{self.value:.1f}"
        text = f"{self.name}: {number} {self.unit}"
        if self.target:
            text += f"  (target {self.target}: {'met' if self.met else 'NOT met'})"
        if self.note:
            text += f"  [{self.note}]"
        return text


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@dataclass
class Page:
    name: str
    urls: list[str]  # one per request, cycled
    # A search is a POST of the list's form (the text stays out of the
    # address), answered with the results fragment, as htmx sends it.
    post: dict[str, str] | None = None
    target_ms: float = PAGE_TARGET_MS


def bench_pages(office: Office, *, requests: int, seed: int) -> list[Page]:
    """The pages of the issue: worklist, list filtered and searched, an inquiry page."""
    # Seeded, repeatable synthetic data: nothing drawn here is a secret.
    rng = random.Random(seed)  # nosec B311
    today = datetime.date.today()
    last_year = today.year - 1
    top = (
        OrgUnit.objects.filter(office=office, parent__isnull=True, external=False)
        .order_by("position")
        .first()
    )
    filtered = {
        "received_from": f"{last_year}-01-01",
        "received_to": f"{last_year}-12-31",
        "org_unit": top.pk if top else "",
    }
    list_url = reverse("inquiries:list")
    ids = list(Inquiry.objects.filter(office=office).values_list("pk", flat=True))
    sample = rng.sample(ids, min(requests, len(ids)))
    uids = Inquiry.objects.filter(pk__in=sample).order_by("pk").values_list("uid", flat=True)
    return [
        Page("worklist", [reverse("inquiries:worklist")]),
        Page("list_filtered", [f"{list_url}?{urlencode(filtered)}"]),
        # A word in many accounts, and the commonest Danish surname.
        Page("list_search", [list_url], post={"q": "svar"}),
        Page("list_search_name", [list_url], post={"q": "Jensen"}),
        Page("inquiry_page", [reverse("inquiries:detail", args=[uid]) for uid in uids]),
        # The annual report's dashboard for the office's last whole period:
        # every table computed, the charts fetched by the browser afterwards.
        Page("report_dashboard", [reverse("reports:dashboard")], target_ms=DASHBOARD_TARGET_MS),
    ]


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@dataclass
class _Outcome:
    times: list[float]
    statuses: set[int]
    error: str = ""  # the first server error, named in place of a figure


def _run(client: Client, page: Page, n: int, outcome: _Outcome, start: int = 0) -> None:
    for i in range(start, start + n):
        url = page.urls[i % len(page.urls)]
        started = time.perf_counter()
        # secure: as behind the TLS proxy of production (no redirect to https).
        if page.post is None:
            response = client.get(url, secure=True)
        else:
            response = client.post(url, page.post, headers={"HX-Request": "true"}, secure=True)
        outcome.times.append((time.perf_counter() - started) * 1000)
        # A redirect (to a login or two-factor page, also as htmx's HX-Redirect)
        # is not the page: it counts as a failed request, not as a fast one.
        redirected = response.has_header("HX-Redirect") or response.has_header("HX-Location")
        outcome.statuses.add(302 if redirected else response.status_code)
        exc_info = getattr(response, "exc_info", None)
        if exc_info and not outcome.error:
            outcome.error = f"{exc_info[0].__name__}: {str(exc_info[1]).splitlines()[0][:120]}"


def _client_process(
    user_id: int, page: Page, n: int, start: int, barrier: Any, results: Any
) -> None:
    try:
        client = _client(User.objects.get(pk=user_id))
        barrier.wait()
        outcome = _Outcome([], set())
        _run(client, page, n, outcome, start)
        results.put((outcome.times, outcome.statuses, outcome.error))
    except Exception as exc:  # reported in the figure line, not lost in a child
        barrier.abort()  # the other clients stop waiting for this one
        results.put(([], {0}, f"{type(exc).__name__}: {exc}"))
    finally:
        connections.close_all()


def _concurrent(user: User, page: Page, requests: int, clients: int) -> _Outcome:
    """About `requests` requests in all, shared by `clients` processes that start together."""
    context = multiprocessing.get_context("fork")
    share = -(-requests // clients)
    barrier = context.Barrier(clients)
    results = context.Queue()
    # The children are forked: they must not share the parent's connection.
    connections.close_all()
    workers = [
        context.Process(
            target=_client_process,
            args=(user.pk, page, share, k * share, barrier, results),
        )
        for k in range(clients)
    ]
    for w in workers:
        w.start()
    outcome = _Outcome([], set())
    for _ in workers:
        times, statuses, error = results.get(timeout=3600)
        outcome.times.extend(times)
        outcome.statuses |= statuses
        outcome.error = outcome.error or error
    for w in workers:
        w.join()
    return outcome


def _figures(name: str, outcome: _Outcome, target_ms: float = PAGE_TARGET_MS) -> list[Figure]:
    if outcome.statuses != {200}:
        note = "HTTP " + ", ".join(str(s) for s in sorted(outcome.statuses))
        if outcome.error:
            note += f"; {outcome.error}"
        return [Figure(f"{name}_p50", None, "ms", note=note),
                Figure(f"{name}_p95", None, "ms", note=note)]  # fmt: skip
    p95 = percentile(outcome.times, 95)
    return [
        Figure(f"{name}_p50", statistics.median(outcome.times), "ms"),
        Figure(f"{name}_p95", p95, "ms", target=f"< {target_ms:.0f} ms",
               met=p95 < target_ms),
    ]  # fmt: skip


def measure_pages(
    office: Office, user: User, *, requests: int, clients: int, seed: int,
    emit: Callable[[Figure], None],
) -> None:  # fmt: skip
    for page in bench_pages(office, requests=requests, seed=seed):
        client = _client(user)
        _run(client, page, 2, _Outcome([], set()))  # templates compiled, caches filled
        outcome = _Outcome([], set())
        _run(client, page, requests, outcome)
        for figure in _figures(page.name, outcome, page.target_ms):
            emit(figure)
        outcome = _concurrent(user, page, requests, clients)
        for figure in _figures(f"{page.name}_concurrent{clients}", outcome, page.target_ms):
            emit(figure)


def write_import_file(path: Path, *, rows: int, seed: int, office: Office) -> int:
    """A CSV in the contract's columns with `rows` rows (one per complaint point)."""
    # Seeded, repeatable synthetic data: nothing drawn here is a secret.
    rng = random.Random(seed)  # nosec B311
    today = datetime.date.today()
    drawer = Drawer(rng, today)
    start = today - datetime.timedelta(days=365)
    dates = drawer.received_dates(start, today, rows)
    # A reused bench database (--reuse) holds the last run's imports: the
    # journal numbers of this one must not collide with them.
    earlier = Inquiry.objects.filter(office=office, reference__startswith="IMP").count()
    prefix = f"IMP{earlier}-" if earlier else "IMP-"
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(IMPORT_COLUMNS)
        for n, received in enumerate(dates, start=1):
            if written >= rows:
                break
            d = drawer.draw(received)
            base = {
                "inquiry": f"{prefix}{n:07d}",
                "received": d.received.isoformat(),
                "org_unit": " / ".join(d.unit_path),
                "person": "" if d.anonymous else f"P{rng.randint(1, rows):07d}",
                "closed": d.closed.isoformat() if d.closed else "",
                **d.values,
            }
            points = d.themes[: rows - written] or [""]
            for position, theme in enumerate(points, start=1):
                row = dict(base, point=str(position) if theme else "", theme=theme)
                out.writerow([row.get(c, "") for c in IMPORT_COLUMNS])
                written += 1
    return written


def measure_import(office: Office, *, rows: int, seed: int, directory: Path) -> Figure:
    """Rows per second of the importer on a generated file; n/a if there is none."""
    name = "import_rows_per_second"
    target = f">= {IMPORT_TARGET:.0f} rows/s"
    path = directory / "bench-import.csv"
    count = write_import_file(path, rows=rows, seed=seed, office=office)
    try:
        from borgerraadgiver.imports.services import import_file
    except ImportError:
        return Figure(name, None, "rows/s", note="importer missing")
    started = time.perf_counter()
    result = import_file(office, path, False)
    seconds = time.perf_counter() - started
    if result.errors:
        note = f"import refused, {len(result.errors)} errors: {result.errors[0]}"
        return Figure(name, None, "rows/s", note=note)
    rate = count / seconds
    note = f"{count} rows, {result.inquiries} inquiries in {seconds:.1f} s"
    return Figure(name, rate, "rows/s", target=target, met=rate >= IMPORT_TARGET, note=note)
