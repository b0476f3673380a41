"""Reads on offices, their org-unit trees and their users."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.services import descendant_ids, orgunit_path


@dataclass
class OrgUnitNode:
    """A unit in the tree with the number of inquiries registered directly on it."""

    unit: OrgUnit
    inquiries: int
    children: list[OrgUnitNode] = field(default_factory=list)


def _units_by_parent(office: Office) -> dict[int | None, list[OrgUnit]]:
    by_parent: dict[int | None, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.filter(office=office).order_by("position", "name", "pk"):
        by_parent.setdefault(unit.parent_id, []).append(unit)
    return by_parent


def _depth_first(by_parent: dict[int | None, list[OrgUnit]]) -> list[OrgUnit]:
    ordered: list[OrgUnit] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(by_parent.get(unit.pk, [])))
    return ordered


def orgunit_tree(office: Office) -> list[OrgUnitNode]:
    """The office's whole tree, top-level units first, in two queries."""
    # Imported here: inquiries depends on offices, not the other way round.
    from borgerraadgiver.inquiries.models import Inquiry

    counts = dict(
        Inquiry.objects.filter(office=office)
        .values("org_unit")
        .annotate(n=Count("pk"))
        .values_list("org_unit", "n")
    )
    by_parent = _units_by_parent(office)

    def build(parent_id: int | None) -> list[OrgUnitNode]:
        return [
            OrgUnitNode(unit=u, inquiries=counts.get(u.pk, 0), children=build(u.pk))
            for u in by_parent.get(parent_id, [])
        ]

    return build(None)


def orgunit_choices(office: Office, *, include_retired: bool = False) -> list[tuple[int, str]]:
    """(id, path) of the office's units in tree order, for pickers.

    New registrations use the default: retired units are not offered. An
    existing inquiry on a retired unit still shows it through its own FK.
    """
    by_parent = _units_by_parent(office)
    by_id = {u.pk: u for units in by_parent.values() for u in units}
    return [
        (u.pk, orgunit_path(u, by_id))
        for u in _depth_first(by_parent)
        if include_retired or not u.is_retired
    ]


def orgunit_move_targets(unit: OrgUnit) -> list[tuple[int, str]]:
    """Where a unit may go: any unit outside its own subtree.

    An active unit may only go under an active one; a retired unit may go
    anywhere (a reorganisation can be recorded after the fact).
    """
    excluded = set(descendant_ids(unit))
    choices = orgunit_choices(unit.office, include_retired=unit.is_retired)
    return [(pk, path) for pk, path in choices if pk not in excluded]


def office_users(office: Office) -> list[User]:
    return list(
        User.objects.filter(office=office, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


def office_staff(office: Office) -> list[User]:
    """Every user of the office, deactivated ones included (they are never deleted)."""
    return list(
        User.objects.filter(office=office).order_by(
            "-is_active", "first_name", "last_name", "username"
        )
    )


def offices_overview() -> list[Office]:
    """Every office with its number of active users, for the system operator: no case data."""
    return list(
        Office.objects.annotate(
            active_users=Count("users", filter=Q(users__is_active=True))
        ).order_by("name")
    )


def office_administrators(office: Office) -> list[User]:
    return list(
        User.objects.filter(office=office, role=User.Role.OFFICE_ADMIN).order_by("username")
    )


def org_unit_paths(office: Office) -> dict[int, str]:
    """id -> "Top / Child / Unit" for every unit of the office, in one query."""
    units = {u.pk: u for u in OrgUnit.objects.filter(office=office)}
    return {pk: orgunit_path(u, units) for pk, u in units.items()}
