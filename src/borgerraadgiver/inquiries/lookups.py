"""Reads behind the registration form's pickers and type-ahead.

Everything here is scoped to one office. The option lists feed both the native
<select> elements (which work without JavaScript) and the JSON look-ups, so
the two can never offer different values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.views.decorators.debug import sensitive_variables

from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.services import orgunit_path
from borgerraadgiver.vocabularies.selectors import office_choices

from .cpr import cpr_hash, cpr_normalise
from .models import Person

PERSON_MATCH_LIMIT = 8
LOOKUP_LIMIT = 25


@dataclass(frozen=True)
class Option:
    """One pickable value as the office sees it."""

    id: int
    label: str
    group: str = ""
    # Extra words the type-ahead matches on (an org unit's short name).
    keywords: str = ""

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "group": self.group}


def org_unit_options(office: Office, *, include: Iterable[int | None] = ()) -> list[Option]:
    """Active units in tree order, labelled with their path.

    Retired units are left out unless listed in `include` (an existing
    registration keeps showing the unit it was made on).
    """
    keep = {pk for pk in include if pk is not None}
    units = list(OrgUnit.objects.filter(office=office).order_by("position", "name"))
    by_id = {u.pk: u for u in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    result: list[Option] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        u = stack.pop()
        if not u.is_retired or u.pk in keep:
            label = orgunit_path(u, by_id)
            if u.is_retired:
                label = f"{label} (nedlagt)"
            result.append(Option(id=u.pk, label=label, keywords=u.short_name))
        stack.extend(reversed(children.get(u.pk, [])))
    return result


def vocabulary_options(
    office: Office, code: str, *, include: Iterable[int | None] = ()
) -> list[Option]:
    """Pickable values of a vocabulary: leaves only, hidden ones left out unless in `include`."""
    keep = {pk for pk in include if pk is not None}
    return [
        Option(
            id=c.id,
            label=f"{c.label} (skjult)" if c.hidden else c.label,
            group=c.group_label,
        )
        for c in office_choices(office, code, include_hidden=True)
        if not c.is_group and (not c.hidden or c.id in keep)
    ]


def grouped_choices(options: list[Option]) -> list[tuple[str, object]]:
    """Choices for a Django select, with <optgroup>s where the options have groups."""
    result: list[tuple[str, object]] = []
    groups: dict[str, list[tuple[int, str]]] = {}
    for o in options:
        if not o.group:
            result.append((str(o.id), o.label))
            continue
        if o.group not in groups:
            groups[o.group] = []
            result.append((o.group, groups[o.group]))
        groups[o.group].append((o.id, o.label))
    return result


def _fold(text: str) -> str:
    return text.casefold()


def options_matching(
    options: list[Option], query: str, *, limit: int = LOOKUP_LIMIT
) -> list[Option]:
    """Options whose label, group or keywords contain every word of the query."""
    terms = _fold(query).split()
    if not terms:
        return options[:limit]
    hits = []
    for o in options:
        haystack = _fold(f"{o.group} {o.label} {o.keywords}")
        if all(t in haystack for t in terms):
            hits.append(o)
            if len(hits) >= limit:
                break
    return hits


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@sensitive_variables()
def person_search(
    office: Office, *, name: str = "", phone: str = "", cpr: str = ""
) -> list[Person]:
    """Known persons that may be the one being registered.

    Any of the three keys may match: every word of the name, at least four
    digits of the phone number (spaces and dashes ignored), or the full CPR
    number. Too little input matches nothing rather than everyone.
    """
    # A NUL byte is refused by PostgreSQL in any query: typed junk finds nobody, not a 500.
    name, phone, cpr = (v.replace("\x00", "") for v in (name, phone, cpr))
    condition = Q()
    words = name.split()
    if words and sum(len(w) for w in words) >= 2:
        by_name = Q()
        for w in words[:5]:
            by_name &= Q(name__icontains=w[:100])
        condition |= by_name
    phone_digits = _digits(phone)[:20]
    if len(phone_digits) >= 4:
        condition |= Q(phone_digits__contains=phone_digits)
    try:
        cpr_digits = cpr_normalise(cpr)
    except ValidationError:  # an incomplete CPR number simply finds nobody
        cpr_digits = ""
    if cpr_digits:
        condition |= Q(cpr_hash=cpr_hash(cpr_digits, office.pk))
    if not condition:
        return []
    qs: QuerySet[Person] = Person.objects.filter(office=office).annotate(
        phone_digits=Replace(
            Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")),
            Value("+45"),
            Value(""),
        )
    )
    return list(qs.filter(condition).order_by("name", "id")[:PERSON_MATCH_LIMIT])
