"""Rules of the org-unit services and selectors that the settings pages rely on."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from borgerraadgiver.offices.selectors import orgunit_choices, orgunit_move_targets, orgunit_tree
from borgerraadgiver.offices.services import (
    descendant_ids,
    orgunit_create,
    orgunit_move,
    orgunit_retire,
)
from tests.factories import make_inquiry, unit

PAST = datetime.date(2024, 12, 31)


def test_an_active_unit_cannot_be_moved_under_a_retired_one(office):
    retired = orgunit_retire(unit=unit(office, "Økonomi & Stab"), on=PAST)
    jobcenter = unit(office, "Jobcenter")

    with pytest.raises(ValidationError) as refused:
        orgunit_move(unit=jobcenter, new_parent=retired)

    assert refused.value.message_dict["parent"] == [
        "En aktiv enhed kan ikke flyttes ind under en nedlagt enhed."
    ]


def test_a_retired_unit_may_be_moved_under_a_retired_one(office):
    target = orgunit_retire(unit=unit(office, "Økonomi & Stab"), on=PAST)
    moved = orgunit_retire(unit=unit(office, "Jobcenter"), on=PAST)

    orgunit_move(unit=moved, new_parent=target)

    moved.refresh_from_db()
    assert (moved.parent, moved.root, moved.depth) == (target, target, 1)


def test_a_moved_unit_goes_last_among_its_new_siblings(office):
    parent = unit(office, "Miljø & Teknik")
    moved = orgunit_move(unit=unit(office, "Jobcenter"), new_parent=parent)

    last = [node.unit for node in _node(orgunit_tree(office), parent.pk).children][-1]
    assert last == moved


def test_retiring_twice_is_refused_and_keeps_the_first_date(office):
    jobcenter = orgunit_retire(unit=unit(office, "Jobcenter"), on=PAST)

    with pytest.raises(ValidationError):
        orgunit_retire(unit=jobcenter, on=datetime.date(2025, 1, 5))

    jobcenter.refresh_from_db()
    assert jobcenter.retired_at == PAST


def test_sub_units_cannot_be_created_under_a_retired_unit(office):
    retired = orgunit_retire(unit=unit(office, "Økonomi & Stab"), on=PAST)

    with pytest.raises(ValidationError):
        orgunit_create(office=office, name="Løn", parent=retired)


def test_choices_list_paths_in_tree_order_without_retired_units(office):
    orgunit_retire(unit=unit(office, "Boliganvisningen"), on=PAST)

    paths = [path for _pk, path in orgunit_choices(office)]

    assert paths[:4] == [
        "Borger, Arbejdsmarked & Erhverv",
        "Borger, Arbejdsmarked & Erhverv / Jobcenter",
        "Borger, Arbejdsmarked & Erhverv / Uddannelse & Job",
        "Borger, Arbejdsmarked & Erhverv / Borger & Ydelsescentret",
    ]
    assert "Borger, Arbejdsmarked & Erhverv / Boliganvisningen" not in paths
    assert "Øvrige / Familieretshuset" in paths


def test_move_targets_exclude_the_units_own_subtree(office):
    top = unit(office, "Miljø & Teknik")

    targets = {pk for pk, _path in orgunit_move_targets(top)}

    assert not targets & set(descendant_ids(top))
    assert unit(office, "Jobcenter").pk in targets


def test_the_tree_counts_inquiries_per_unit_in_two_queries(office, django_assert_num_queries):
    make_inquiry(office, org_unit="Jobcenter")
    make_inquiry(office, org_unit="Jobcenter")
    make_inquiry(office, org_unit="Familieafsnittet")

    with django_assert_num_queries(2):
        tree = orgunit_tree(office)

    counts = {}
    stack = list(tree)
    while stack:
        node = stack.pop()
        counts[node.unit.name] = node.inquiries
        stack.extend(node.children)
    assert counts["Jobcenter"] == 2
    assert counts["Familieafsnittet"] == 1
    assert counts["Borger, Arbejdsmarked & Erhverv"] == 0
    assert len(counts) == office.org_units.count()


def _node(nodes, pk):
    for node in nodes:
        if node.unit.pk == pk:
            return node
        found = _node(node.children, pk)
        if found:
            return found
    return None
