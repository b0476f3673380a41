"""Reads of deadlines: their status, the inquiry's panel and the worklist's sections."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import User

from .models import CasePause, Deadline, DepartmentRequest


class Status:
    MET = "met"
    PAUSED = "paused"
    OVERDUE = "overdue"
    TODAY = "today"
    OPEN = "open"


STATUS_LABELS = {
    Status.MET: "Overholdt",
    Status.PAUSED: "På pause",
    Status.OVERDUE: "Overskredet",
    Status.TODAY: "Udløber i dag",
    Status.OPEN: "Åben",
}


def deadline_status(deadline: Deadline, today: datetime.date) -> str:
    """Met, paused (never overdue while the clock is stopped), overdue, due today or open."""
    if deadline.met_on is not None:
        return Status.MET
    if deadline.paused_since is not None:
        return Status.PAUSED
    if deadline.due < today:
        return Status.OVERDUE
    if deadline.due == today:
        return Status.TODAY
    return Status.OPEN


def _who(deadline: Deadline, user: User | None) -> str:
    """Who is waiting for whom, as the worklist and the panel say it."""
    kind = deadline.kind
    if kind in (Deadline.Kind.REPLY, Deadline.Kind.OTHER):
        responsible = deadline.responsible
        if responsible is None:
            return "Borgeren venter (ingen sagsbehandler)"
        if user is not None and responsible.pk == user.pk:
            return "Borgeren venter på dig"
        return f"Borgeren venter på {responsible.display_name()}"
    unit = None
    contact = ""
    request = deadline.request
    if request is not None:
        unit = request.org_unit
        contact = request.contact_name
    elif deadline.statement is not None:
        unit = deadline.statement.point.org_unit
    name = unit.name if unit is not None else "forvaltningen"
    return f"Du venter på {name} ({contact})" if contact else f"Du venter på {name}"


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    status: str
    status_label: str
    who: str
    title: str

    @property
    def inquiry(self) -> Inquiry:
        return self.deadline.inquiry


def _title(deadline: Deadline) -> str:
    if deadline.kind == Deadline.Kind.OTHER and deadline.label:
        return deadline.label
    return deadline.get_kind_display()


def _row(deadline: Deadline, today: datetime.date, user: User | None) -> DeadlineRow:
    status = deadline_status(deadline, today)
    return DeadlineRow(
        deadline=deadline,
        status=status,
        status_label=STATUS_LABELS[status],
        who=_who(deadline, user),
        title=_title(deadline),
    )


_ROW_RELATED = (
    "inquiry",
    "responsible",
    "request__org_unit",
    "statement__point__org_unit",
)


# --- the inquiry's panel ---------------------------------------------------


@dataclass
class RequestsPanel:
    deadlines: list[DeadlineRow]
    requests: list[DepartmentRequest]
    pause: CasePause | None
    today: datetime.date


def requests_panel_data(inquiry: Inquiry, today: datetime.date, user: User | None) -> RequestsPanel:
    deadlines = list(
        Deadline.objects.filter(inquiry=inquiry)
        .select_related(*_ROW_RELATED)
        .prefetch_related("extensions")
    )
    # Open ones first, then the met ones: sorted here, as NULL sorts differently per database.
    deadlines.sort(key=lambda d: (d.met_on is not None, d.due, d.pk))
    requests = list(
        DepartmentRequest.objects.filter(inquiry=inquiry)
        .select_related("org_unit", "answer", "deadline")
        .prefetch_related("points", "deadline__extensions")
    )
    pause = CasePause.objects.filter(inquiry=inquiry, ended__isnull=True).first()
    return RequestsPanel(
        deadlines=[_row(d, today, user) for d in deadlines],
        requests=requests,
        pause=pause,
        today=today,
    )


# --- the worklist ----------------------------------------------------------


def week_end(today: datetime.date) -> datetime.date:
    """The Sunday of today's week: "this week" runs to it."""
    return today + datetime.timedelta(days=6 - today.weekday())


def worklist_deadlines(
    user: User, today: datetime.date, *, everyone: bool = False
) -> QuerySet[Deadline]:
    """Open deadlines of open inquiries due by the end of this week, oldest first.

    One query on the partial index deadline_open_due (office, due where open).
    "Mine og ufordelte": the deadlines the user is responsible for, those of
    the user's inquiries, and those nobody has (no responsible, no advisor).
    """
    if user.office_id is None:
        return Deadline.objects.none()
    qs = Deadline.objects.filter(
        office_id=user.office_id,
        met_on__isnull=True,
        due__lte=week_end(today),
        inquiry__status=Inquiry.Status.OPEN,
    )
    if not everyone:
        qs = qs.filter(
            Q(responsible=user)
            | Q(inquiry__assigned_to=user)
            | Q(responsible__isnull=True, inquiry__assigned_to__isnull=True)
        )
    return qs.select_related(*_ROW_RELATED).order_by("due", "id")


@dataclass
class WorklistSection:
    key: str
    title: str
    rows: list[DeadlineRow] = field(default_factory=list)


def worklist_sections(
    user: User, today: datetime.date, *, everyone: bool = False
) -> list[WorklistSection]:
    """Overdue, today, the rest of this week and paused: each oldest first."""
    sections = {
        Status.OVERDUE: WorklistSection("overdue", "Overskredet"),
        Status.TODAY: WorklistSection("today", "Udløber i dag"),
        Status.OPEN: WorklistSection("week", "Resten af ugen"),
        Status.PAUSED: WorklistSection("paused", "På pause (venter på borgeren)"),
    }
    for deadline in worklist_deadlines(user, today, everyone=everyone):
        row = _row(deadline, today, user)
        sections[row.status].rows.append(row)
    return list(sections.values())


# --- the reminders ---------------------------------------------------------


def open_deadlines_until(office_ids: list[int], until: datetime.date) -> QuerySet[Deadline]:
    """Open, unpaused deadlines of open inquiries due on or before `until`."""
    return (
        Deadline.objects.filter(
            office_id__in=office_ids,
            met_on__isnull=True,
            paused_since__isnull=True,
            due__lte=until,
            inquiry__status=Inquiry.Status.OPEN,
        )
        .select_related(
            "office", "inquiry", "responsible", "request__org_unit", "statement__point__org_unit"
        )
        .order_by("due", "id")
    )
