"""The names an inquiry is found by in the free-text search.

Kept on the inquiry (Inquiry.search_names) so that the search reads one
index. Every writer goes through these two functions: registration and edit
(search_names_of), and a renamed person or an import (search_names_refresh).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Trim

from .models import Inquiry, Person


def search_names_of(person: Person | None, requester: Person | None) -> str:
    return " ".join(p.name for p in (person, requester) if p is not None and p.name)


def search_names_refresh(*, person_ids: Iterable[int] = (), inquiry_ids: Iterable[int] = ()) -> int:
    """Recompute the names of the inquiries of these persons (or these inquiries).

    One UPDATE with the names read in the database; returns the rows updated.
    """
    person_ids, inquiry_ids = list(person_ids), list(inquiry_ids)
    if not person_ids and not inquiry_ids:
        return 0

    def name_of(column: str) -> Coalesce:
        names = Person.objects.filter(pk=OuterRef(column)).values("name")[:1]
        return Coalesce(Subquery(names), Value(""))

    names = Trim(Concat(name_of("person_id"), Value(" "), name_of("requester_id")))
    which = Q(pk__in=inquiry_ids) | Q(person_id__in=person_ids) | Q(requester_id__in=person_ids)
    return Inquiry.objects.filter(which).update(search_names=names)
