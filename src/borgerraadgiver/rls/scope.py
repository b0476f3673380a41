"""The two session variables the row-level security policies read.

`borgerraadgiver.office_id` names the one office whose rows are visible;
`borgerraadgiver.all_offices = 'on'` opens every office, for the commands an
operator runs on the server. Unset, a non-owner role sees no case rows at all.
On SQLite (development, the test default) there is no second wall and these
functions do nothing.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

OFFICE_VARIABLE = "borgerraadgiver.office_id"
ALL_OFFICES_VARIABLE = "borgerraadgiver.all_offices"

# Per thread (like Django's connections): the physical connection, per alias,
# whose session may still hold an office or all_offices. A new connection is
# a new session with neither, so nothing needs clearing on it.
_state = threading.local()


def _applies(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def _mark(using: str, *, opened: bool) -> None:
    marks: dict[str, weakref.ref[Any]] = _state.__dict__.setdefault("opened", {})
    raw = connections[using].connection
    if opened and raw is not None:
        marks[using] = weakref.ref(raw)
    else:
        marks.pop(using, None)


def _may_be_open(using: str) -> bool:
    ref = getattr(_state, "opened", {}).get(using)
    raw = connections[using].connection
    return ref is not None and raw is not None and ref() is raw


def wall_set(
    *, office_id: int | None, all_offices: bool = False, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Set both variables for the rest of this database session (not the transaction).

    Both at once, so no earlier value of either survives: a reused connection
    must not carry the last request's office into the next.
    """
    if not _applies(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
            [
                OFFICE_VARIABLE,
                "" if office_id is None else str(int(office_id)),
                ALL_OFFICES_VARIABLE,
                "on" if all_offices else "off",
            ],
        )
    _mark(using, opened=office_id is not None or all_offices)


def wall_state(*, using: str = DEFAULT_DB_ALIAS) -> tuple[str, str]:
    """The two variables as the database session holds them ('' when unset)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting(%s, true), ''),"
            " coalesce(current_setting(%s, true), '')",
            [OFFICE_VARIABLE, ALL_OFFICES_VARIABLE],
        )
        office, every = cursor.fetchone()
    return str(office), str(every)


def wall_set_for_request(office_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The office for this request; for no office, clear what the connection may hold.

    Without an office and on a connection nothing has opened (a new one, or
    one cleared after the last request), there is nothing to clear and no
    query is made: the login page and other anonymous pages stay free of it.
    """
    if not _applies(using):
        return
    if office_id is None and not _may_be_open(using):
        return
    wall_set(office_id=office_id, using=using)


def wall_reset_after_request(**kwargs: Any) -> None:
    """After the response is sent (streamed ones included): see nothing again.

    Runs on `request_finished`, after Django may have closed a connection past
    its age; a closed connection took its variables with it. If the reset
    fails, the connection is closed, so no later request can inherit the office.
    """
    if not _applies(DEFAULT_DB_ALIAS) or not _may_be_open(DEFAULT_DB_ALIAS):
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        # Only under the test client: the test's rollback undoes the values.
        if not connection.needs_rollback:
            wall_set(office_id=None)
        return
    try:
        wall_set(office_id=None)
    except DatabaseError:
        connection.close()


@contextmanager
def all_offices(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Open every office for the commands an operator runs on the server.

    Usable as a decorator (`@all_offices()` on a command's `handle`). Restores
    the previous values on the way out. If the block leaves a transaction
    broken, the values cannot be restored there and stay until the transaction
    rolls back (which undoes a value set inside it) or the next request.
    """
    if not _applies(using):
        yield
        return
    office, every = wall_state(using=using)
    wall_set(office_id=None, all_offices=True, using=using)
    try:
        yield
    finally:
        connection = connections[using]
        if not (connection.in_atomic_block and connection.needs_rollback):
            wall_set(
                office_id=int(office) if office else None, all_offices=every == "on", using=using
            )
