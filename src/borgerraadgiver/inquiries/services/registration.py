"""Registering and editing an inquiry with its complaint points, and the intake
that resolves its persons in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.vocabularies.models import VocabularyValue

from ..models import INQUIRY_DIMENSIONS, ComplaintPoint, Inquiry, Person
from ..search_names import search_names_of
from .persons import PersonInput, person_resolve


class StaleInquiryError(Exception):
    """Someone else saved the inquiry after this edit began."""


@dataclass
class PointData:
    """One complaint point as a form or import row describes it."""

    theme: VocabularyValue | None
    org_unit: OrgUnit | None = None  # defaults to the inquiry's
    conclusion: VocabularyValue | None = None
    criticism_grade: VocabularyValue | None = None
    description: str = ""


@dataclass
class InquiryData:
    received: datetime.date
    org_unit: OrgUnit
    account: str = ""
    person: Person | None = None
    requester: Person | None = None
    anonymous: bool = False
    anonymous_to_administration: bool = False
    values: dict[str, VocabularyValue | None] = field(default_factory=dict)
    closed: datetime.date | None = None
    points: list[PointData] = field(default_factory=list)
    reference: str = ""
    assigned_to: User | None = None


def _check_value(office: Office, code: str, value: VocabularyValue | None) -> None:
    if value is None:
        return
    if value.vocabulary.code != code:
        raise ValidationError({code: _("Værdien hører ikke til denne klassifikation.")})
    if value.office_id not in (None, office.pk):
        raise ValidationError({code: _("Værdien tilhører et andet kontor.")})
    if value.is_group:
        raise ValidationError({code: _("Vælg et emne, ikke en hel gruppe.")})


def _check_unit(office: Office, unit: OrgUnit | None, field_name: str) -> None:
    if unit is None:
        raise ValidationError({field_name: _("Vælg en enhed.")})
    if unit.office_id != office.pk:
        raise ValidationError({field_name: _("Enheden tilhører et andet kontor.")})


def _inquiry_errors(office: Office, data: InquiryData, *, new: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        _check_unit(office, data.org_unit, "org_unit")
        retired = data.org_unit.retired_at
        # A unit retired after the inquiry came in may still receive it: an old
        # case registered late, or an import of last year's registrations.
        if new and retired is not None and (data.received is None or data.received > retired):
            raise ValidationError({"org_unit": _("Enheden er nedlagt; vælg den nye enhed.")})
    except ValidationError as exc:
        errors.setdefault("org_unit", []).extend(exc.messages)
    if data.received is None:
        errors.setdefault("received", []).append(_("Angiv modtagelsesdatoen."))
    elif data.received > timezone.localdate() + datetime.timedelta(days=1):
        errors.setdefault("received", []).append(_("Modtagelsesdatoen ligger i fremtiden."))
    if data.closed and data.received and data.closed < data.received:
        errors.setdefault("closed", []).append(_("Afslutningsdatoen ligger før modtagelsesdatoen."))
    for code in INQUIRY_DIMENSIONS:
        try:
            _check_value(office, code, data.values.get(code))
        except ValidationError as exc:
            errors.setdefault(code, []).extend(exc.messages)
    for person in (data.person, data.requester):
        if person is not None and person.office_id != office.pk:
            errors.setdefault("person", []).append(_("Personen tilhører et andet kontor."))
    return errors


def _point_errors(
    office: Office, points: list[PointData], received: datetime.date | None, *, new: bool
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for i, point in enumerate(points, start=1):
        key = f"point_{i}"
        if point.theme is None:
            errors.setdefault(key, []).append(_("Klagepunkt %(n)s mangler et tema.") % {"n": i})
        try:
            _check_value(office, "theme", point.theme)
            _check_value(office, "conclusion", point.conclusion)
            _check_value(office, "criticism_grade", point.criticism_grade)
            if point.org_unit is not None:
                _check_unit(office, point.org_unit, key)
                retired = point.org_unit.retired_at
                if new and retired is not None and (received is None or received > retired):
                    raise ValidationError(_("Klagepunktets enhed er nedlagt; vælg den nye enhed."))
        except ValidationError as exc:
            # Errors on a point belong to that point, whichever of its fields failed.
            errors.setdefault(key, []).extend(exc.messages)
    return errors


def inquiry_validate(
    office: Office,
    data: InquiryData,
    *,
    new: bool,
    inquiry: Inquiry | None = None,
    dialogue_rule: bool = False,
) -> None:
    """Every rule a registration must meet; raises ValidationError keyed by field.

    Complaint-point errors are keyed point_N. The importer calls this too, so
    a file is refused for exactly what the form refuses. `dialogue_rule` adds
    casework's dialogue rule for conclusions becoming kritik or henstilling:
    the forms' path (inquiry_intake) turns it on, the import leaves it off.
    """
    errors = _inquiry_errors(office, data, new=new)
    for key, messages in _point_errors(office, data.points, data.received, new=new).items():
        errors.setdefault(key, []).extend(messages)
    if dialogue_rule:
        # No kritik or henstilling before the department could comment (casework's
        # dialogue rule); off for the import, which registers historical cases.
        # Imported here: casework builds on inquiries, not the other way round.
        from borgerraadgiver.casework.statements_selectors import dialogue_rule_errors

        for key, messages in dialogue_rule_errors(
            inquiry=inquiry, points=data.points, default_unit=data.org_unit
        ).items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _next_reference(office: Office, received: datetime.date) -> str:
    """YYYY-NNNN, one more than the highest number of that year.

    Only references of exactly that shape count (imported ones like "2025-ESDH"
    are ignored); a longer number is a larger one, so ordering by length, then
    text, finds the highest without casting.
    """
    prefix = f"{received.year}-"
    last = (
        Inquiry.objects.filter(office=office, reference__regex=rf"^{received.year}-[0-9]+$")
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    n = int(last[len(prefix) :]) if last else 0
    return f"{prefix}{n + 1:04d}"


def _apply(inquiry: Inquiry, data: InquiryData) -> None:
    inquiry.received = data.received
    inquiry.org_unit = data.org_unit
    inquiry.account = data.account.strip()
    inquiry.person = data.person
    inquiry.requester = data.requester
    inquiry.search_names = search_names_of(data.person, data.requester)
    inquiry.anonymous = data.anonymous
    inquiry.anonymous_to_administration = data.anonymous_to_administration or data.anonymous
    for code in INQUIRY_DIMENSIONS:
        setattr(inquiry, code, data.values.get(code))
    inquiry.closed = data.closed
    inquiry.status = Inquiry.Status.CLOSED if data.closed else Inquiry.Status.OPEN
    if data.assigned_to is not None:
        inquiry.assigned_to = data.assigned_to


def _write_points(inquiry: Inquiry, points: list[PointData]) -> None:
    """Save the points by position: existing rows are updated, not replaced.

    Keeping each point's row (and id) lets later records - referrals,
    statements - keep pointing at the complaint point they concern.
    """
    existing = {p.position: p for p in inquiry.points.all()}
    new_rows = []
    for position, data in enumerate(points, start=1):
        point = existing.pop(position, None) or ComplaintPoint(
            inquiry=inquiry, office_id=inquiry.office_id, position=position
        )
        point.theme = data.theme
        point.org_unit = data.org_unit or inquiry.org_unit
        point.conclusion = data.conclusion
        point.criticism_grade = data.criticism_grade
        point.description = data.description.strip()
        point.copy_from_inquiry(inquiry)
        if point.pk is None:
            new_rows.append(point)
        else:
            point.save()
    if existing:
        ComplaintPoint.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
    ComplaintPoint.objects.bulk_create(new_rows)


@transaction.atomic
def inquiry_register(
    *, office: Office, data: InquiryData, by: User | None = None, dialogue_rule: bool = False
) -> Inquiry:
    """Register a new inquiry with its complaint points (hovedsag first)."""
    inquiry_validate(office, data, new=True, dialogue_rule=dialogue_rule)
    given = data.reference.strip()
    if given and Inquiry.objects.filter(office=office, reference=given).exists():
        raise ValidationError(
            {"reference": _("Journalnummeret %(r)s er allerede brugt.") % {"r": given}}
        )
    # Two advisors registering at the same moment may draw the same number:
    # the unique constraint refuses the second, which then draws again.
    for _attempt in range(5):
        inquiry = Inquiry(
            office=office,
            reference=given or _next_reference(office, data.received),
            created_by=by,
        )
        if by is not None and data.assigned_to is None:
            inquiry.assigned_to = by
        _apply(inquiry, data)
        inquiry.full_clean(exclude=["person", "requester", "reference"])
        try:
            with transaction.atomic():
                inquiry.save()
            break
        except IntegrityError as exc:
            if given:
                raise ValidationError(
                    {"reference": _("Journalnummeret er allerede brugt.")}
                ) from exc
    else:
        raise ValidationError(
            {"reference": _("Der kunne ikke tildeles et journalnummer; prøv igen.")}
        )
    _write_points(inquiry, data.points)
    # The reply guarantee (casework): a written inquiry gets its REPLY deadline.
    # Imported here: casework's models import this app's.
    from borgerraadgiver.casework.requests_services import reply_deadline_ensure

    reply_deadline_ensure(inquiry, by)
    return inquiry


@transaction.atomic
def inquiry_update(
    *,
    inquiry: Inquiry,
    data: InquiryData,
    expected_version: int,
    by: User | None = None,
    dialogue_rule: bool = False,
) -> Inquiry:
    """Save an edit, refusing it if someone else saved in the meantime.

    The version check and bump happen in one UPDATE, so two concurrent saves
    cannot both pass it.
    """
    office = inquiry.office
    inquiry_validate(office, data, new=False, inquiry=inquiry, dialogue_rule=dialogue_rule)
    bumped = Inquiry.objects.filter(pk=inquiry.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if bumped != 1:
        raise StaleInquiryError
    inquiry.refresh_from_db(fields=["version", "updated_at"])
    _apply(inquiry, data)
    inquiry.full_clean(exclude=["person", "requester"])
    inquiry.save()
    _write_points(inquiry, data.points)
    return inquiry


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}


@transaction.atomic
def inquiry_intake(
    *,
    office: Office,
    data: InquiryData,
    person: PersonInput | None = None,
    requester: PersonInput | None = None,
    by: User | None = None,
    inquiry: Inquiry | None = None,
    expected_version: int | None = None,
) -> Inquiry:
    """Register (or, given `inquiry`, update) an inquiry with its persons, all or nothing.

    Errors on the persons are keyed `person.<field>` / `requester.<field>`
    (`person.` alone for the person as a whole) and come together with the
    inquiry's own errors, so the form can show every problem at once.
    """
    errors: dict[str, list[str]] = {}
    for key, entry in (("person", person), ("requester", requester)):
        try:
            setattr(data, key, person_resolve(office=office, entry=entry))
        except ValidationError as exc:
            setattr(data, key, None)
            for field_name, msgs in _messages(exc).items():
                errors.setdefault(
                    f"{key}.{field_name if field_name != '__all__' else ''}", []
                ).extend(msgs)
    try:
        if inquiry is None:
            inquiry = inquiry_register(office=office, data=data, by=by, dialogue_rule=True)
        else:
            inquiry = inquiry_update(
                inquiry=inquiry,
                data=data,
                expected_version=expected_version or 0,
                by=by,
                dialogue_rule=True,
            )
    except ValidationError as exc:
        for field_name, msgs in _messages(exc).items():
            errors.setdefault(field_name, []).extend(msgs)
    if errors:
        # Raising rolls back the persons created above: nothing is half-saved.
        raise ValidationError(errors)
    # Narrows the type for mypy; set up by this code itself, no input reaches it.
    assert inquiry is not None  # nosec B101
    return inquiry
