"""Writing the audit trail: `audit_record`, and `audited` for the views that show personal data.

A record is written in the same transaction as what it records. `audited`
runs its view inside `transaction.atomic`, so the record an access helper
writes at the view's entry and the service's write (a nested savepoint)
commit together or not at all, and a page is never sent when its record
could not be written. A refusal (403 or 404) rolls that transaction back;
its own "refused" record is then written on its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse

from borgerraadgiver.offices.models import User
from borgerraadgiver.rls.scope import all_offices

from .models import AccessRecord, Action, Purpose

_PURPOSE = "_audit_purpose"
_WRAPPED = "_audit_wrapped"
TERM_MAX = 200


def audit_purpose(request: HttpRequest) -> str:
    return getattr(request, _PURPOSE, Purpose.CASEWORK)


def audit_purpose_set(request: HttpRequest, purpose: str) -> None:
    """The purpose of this request's records, where the view knows better than its default."""
    setattr(request, _PURPOSE, purpose)


def _person_uids(obj: Any, person: Any) -> list[uuid.UUID | None]:
    """The persons concerned: the one given, or those the object names."""
    if person is not None:
        return [person if isinstance(person, uuid.UUID) else person.uid]
    if obj is None:
        return [None]
    if obj._meta.model_name == "person":
        return [cast(uuid.UUID, obj.uid)]
    # An inquiry, or what belongs to one (a journal entry): its citizen and its requester.
    inquiry = obj if obj._meta.model_name == "inquiry" else getattr(obj, "inquiry", None)
    found = [getattr(inquiry, name, None) for name in ("person", "requester")]
    return [p.uid for p in found if p is not None] or [None]


def audit_record(
    request: HttpRequest,
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_uid: uuid.UUID | None = None,
    person: Any = None,
    term: str = "",
    purpose: str | None = None,
) -> AccessRecord:
    """Record one access by the request's user; `obj` names the object and its persons.

    One row per person concerned (an inquiry's citizen and its requester), so
    each person's own extract finds it.

    `object_type` (and `object_uid`) describe what has no model object: a
    list, a search, an export. `person` is a Person or its uid.
    """
    user = cast(User, request.user)
    if obj is not None:
        object_type = object_type or obj._meta.model_name or ""
        object_uid = object_uid or getattr(obj, "uid", None)
    records = [
        AccessRecord(
            user=user,
            office_id=user.office_id,
            action=action,
            object_type=object_type,
            object_uid=object_uid,
            person_uid=person_uid,
            # What was typed, as typed, less NUL characters: a form refuses them
            # after the search was recorded, and PostgreSQL's text cannot hold them.
            term=" ".join(term.replace("\x00", "").split())[:TERM_MAX],
            purpose=purpose or audit_purpose(request),
            path=request.path.replace("\x00", "")[:300],
        )
        for person_uid in _person_uids(obj, person)
    ]
    for record in records:
        # The user and office come from the logged-in user: no query to check they exist.
        record.full_clean(exclude=["user", "office"])
        record.save()
    return records[0]


def _refused_uid(kwargs: dict[str, Any]) -> uuid.UUID | None:
    value = kwargs.get("uid")
    return value if isinstance(value, uuid.UUID) else None


def audit_refused(request: HttpRequest, *, object_type: str, uid: Any) -> None:
    """A refusal in a view that `audited` does not wrap (which records its own refusals).

    Written at once: such a view runs in autocommit, so nothing rolls it back.
    """
    if getattr(request, _WRAPPED, False) or not request.user.is_authenticated:
        return
    try:
        object_uid = uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid))
    except ValueError:
        object_uid = None
    audit_record(request, action=Action.REFUSED, object_type=object_type, object_uid=object_uid)


def audited(
    *, purpose: str = Purpose.CASEWORK, object_type: str = ""
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Run a view that shows personal data in one transaction with its audit records.

    A refusal (PermissionDenied, Http404) is recorded as "refused", with the
    uid the address asked for, and raised again.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            audit_purpose_set(request, purpose)
            setattr(request, _WRAPPED, True)
            try:
                with transaction.atomic():
                    return view(request, *args, **kwargs)
            except (PermissionDenied, Http404):
                if request.user.is_authenticated:
                    with transaction.atomic():
                        audit_record(
                            request,
                            action=Action.REFUSED,
                            object_type=object_type,
                            object_uid=_refused_uid(kwargs),
                        )
                raise

        return wrapper

    return decorate


# What a rejected login without a username (single sign-on) is recorded as.
NO_USERNAME = "(ingen brugernavn)"
USERNAME_MAX = 150


def audit_login_refused(
    request: HttpRequest, username: str, *, object_type: str = "login"
) -> AccessRecord:
    """Record a rejected login: the name tried, the time and the path; never the password.

    The name is staff's (or a typo of it), not a citizen's. When it is a
    user's, the record goes to that user's office, so the office
    administrator sees attempts on the office's accounts; the request has no
    office yet, so on PostgreSQL the insert opens every office for itself
    (the wall's read rule also checks the row an INSERT returns).
    """
    name = " ".join(str(username or "").replace("\x00", "").split())[:USERNAME_MAX]
    office_id = (
        User.objects.filter(username=name).values_list("office_id", flat=True).first()
        if name
        else None
    )
    record = AccessRecord(
        user=None,
        username=name or NO_USERNAME,
        office_id=office_id,
        action=Action.REFUSED,
        object_type=object_type,
        purpose=Purpose.LOGIN,
        path=(request.path.replace("\x00", "") or "/")[:300],
    )
    record.full_clean(exclude=["office"])
    with transaction.atomic():
        if office_id is None:
            record.save()
        else:
            with all_offices():
                record.save()
    return record


def login_refused_receiver(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """`user_login_failed`: every rejected login through the web, locked-out ones included.

    Django sends it with the credentials already cleaned of the password. A
    login without a request (the shell, the test client's `login`) is not the
    web's and is not recorded.
    """
    if request is None:
        return
    audit_login_refused(request, str(credentials.get("username") or ""))
