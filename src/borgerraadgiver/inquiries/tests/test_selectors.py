from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.inquiries.selectors import (
    InquiryFilters,
    inquiry_export,
    inquiry_search,
    inquiry_worklist,
    looks_like_cpr,
)
from borgerraadgiver.offices.services import orgunit_create
from borgerraadgiver.vocabularies.services import value_setting_update
from tests.factories import make_user, unit, value

from ._builders import person, register

D = datetime.date


def refs(qs) -> list[str]:
    return sorted(i.reference for i in qs)


def search(office, **kwargs) -> list[str]:
    return refs(inquiry_search(office, InquiryFilters(**kwargs)))


def test_the_period_includes_both_end_dates(office):
    register(office, received=D(2024, 12, 31))
    first = register(office, received=D(2025, 1, 1))
    last = register(office, received=D(2025, 1, 31))
    register(office, received=D(2025, 2, 1))
    assert search(office, received_from=D(2025, 1, 1), received_to=D(2025, 1, 31)) == refs(
        [first, last]
    )


def test_an_org_unit_filter_includes_its_sub_units_at_any_depth(office):
    top = unit(office, "Borger, Arbejdsmarked & Erhverv")
    team = orgunit_create(office=office, name="Team Nord", parent=unit(office, "Jobcenter"))
    on_top = register(office, org_unit=top)
    on_child = register(office, org_unit="Jobcenter")
    on_grandchild = register(office, org_unit=team)
    register(office, org_unit="Familieafsnittet")
    assert search(office, org_unit_id=top.pk) == refs([on_top, on_child, on_grandchild])
    assert search(office, org_unit_id=unit(office, "Jobcenter").pk) == refs(
        [on_child, on_grandchild]
    )


def test_a_theme_leaf_matches_inquiries_with_any_point_on_it(office):
    as_main = register(office, themes=("begrundelse",))
    as_follow_on = register(office, themes=("vejledning", "begrundelse"))
    register(office, themes=("vejledning",))
    register(office, themes=())
    assert search(office, theme_id=value("theme", "begrundelse").pk) == refs(
        [as_main, as_follow_on]
    )


def test_a_theme_group_means_all_its_leaves_and_counts_an_inquiry_once(office):
    both = register(office, themes=("begrundelse", "partshoering"))
    one = register(office, themes=("aktindsigt", "vejledning"))
    register(office, themes=("aktindsigt",))
    found = inquiry_search(office, InquiryFilters(theme_id=value("theme", "forvaltningsloven").pk))
    assert refs(found) == refs([both, one])
    assert found.count() == 2


def test_status_and_inquiry_level_values_filter(office):
    open_complaint = register(office, inquiry_kind="klage", channel="telefon")
    register(office, inquiry_kind="klage", closed=D(2025, 1, 20))
    register(office, inquiry_kind="vejledning")
    assert search(
        office, status="open", values={"inquiry_kind": value("inquiry_kind", "klage").pk}
    ) == refs([open_complaint])
    assert search(office, values={"channel": value("channel", "telefon").pk}) == refs(
        [open_complaint]
    )


def test_a_vocabulary_that_is_not_inquiry_level_is_refused(office):
    with pytest.raises(ValueError):
        search(office, values={"theme": value("theme", "begrundelse").pk})


def test_free_text_matches_the_account(office):
    found = register(office, account="Borgeren venter på svar om bolig og varme.")
    register(office, account="Klage over hjemmeplejen.")
    assert search(office, q="bolig") == refs([found])


def test_free_text_needs_every_word_in_the_same_place(office):
    both = register(office, account="Sagen handler om bolig og jobcenter.")
    register(office, account="Sagen handler om bolig.")
    assert search(office, q="bolig jobcenter") == refs([both])


def test_free_text_matches_the_names_of_person_and_requester(office):
    mother = person(office, "Karen Østergaard Hansen")
    daughter = person(office, "Mette Hansen")
    as_person = register(office, person=mother, account="Hjemmehjælp")
    as_requester = register(office, person=person(office, "Anders Berg"), requester=daughter)
    register(office, person=person(office, "Peter Lund"))
    assert search(office, q="hansen") == refs([as_person, as_requester])
    assert search(office, q="karen hansen") == refs([as_person])


def test_nothing_from_another_office_is_ever_found(office, other_office):
    ours = register(office, account="bolig")
    theirs = register(
        other_office,
        org_unit=other_office.org_units.first(),
        account="bolig",
        person=person(other_office, "Hansen"),
    )
    assert search(office) == refs([ours])
    assert search(office, q="bolig") == refs([ours])
    assert search(office, q="hansen") == []
    assert theirs.reference in search(other_office)


def test_an_org_unit_of_another_office_matches_nothing(office, other_office):
    register(office)
    assert search(office, org_unit_id=other_office.org_units.first().pk) == []


def test_sorting_by_received_date_both_ways(office):
    late = register(office, received=D(2025, 2, 1))
    early = register(office, received=D(2025, 1, 1))
    newest_first = inquiry_search(office, InquiryFilters())
    oldest_first = inquiry_search(office, InquiryFilters(sort="received"))
    assert [i.pk for i in newest_first] == [late.pk, early.pk]
    assert [i.pk for i in oldest_first] == [early.pk, late.pk]


def test_the_worklist_holds_the_users_and_the_unassigned_open_inquiries_oldest_first(
    office, advisor, other_office
):
    colleague = make_user("carl", office)
    newer = register(office, received=D(2025, 1, 10), assigned_to=advisor)
    older = register(
        office, received=D(2025, 1, 5), assigned_to=advisor, themes=("begrundelse", "vejledning")
    )
    register(office, received=D(2025, 1, 1), assigned_to=advisor, closed=D(2025, 1, 2))
    theirs = register(office, received=D(2025, 1, 3), assigned_to=colleague)
    unassigned = register(office, received=D(2025, 1, 7))
    register(other_office, org_unit=other_office.org_units.first(), assigned_to=advisor)
    mine = list(inquiry_worklist(advisor))
    assert [i.pk for i in mine] == [older.pk, unassigned.pk, newer.pk]
    assert mine[0].main_theme_id == value("theme", "begrundelse").pk
    everyone = list(inquiry_worklist(advisor, everyone=True))
    assert [i.pk for i in everyone] == [theirs.pk, older.pk, unassigned.pk, newer.pk]


def test_the_export_lists_themes_in_order_and_uses_the_offices_labels(office):
    value_setting_update(
        office=office, value=value("theme", "begrundelse"), label="Manglende begrundelse"
    )
    a = register(
        office,
        received=D(2025, 1, 2),
        themes=("begrundelse", "vejledning", "aktindsigt"),
        inquiry_kind="klage",
        org_unit="Jobcenter",
    )
    b = register(
        office,
        received=D(2025, 1, 1),
        themes=(),
        inquiry_kind="vejledning",
        closed=D(2025, 1, 3),
        org_unit="Dagtilbud & Skole",
    )
    table = inquiry_export(office, inquiry_search(office, InquiryFilters()))
    rows = list(table.rows)
    assert table.header[:6] == [
        "Journalnummer",
        "Modtaget",
        "Afsluttet",
        "Status",
        "Enhed",
        "Øverste enhed",
    ]
    assert "Henvendelsestype" in table.header
    by_ref = {r[0]: dict(zip(table.header, r, strict=True)) for r in rows}
    assert [r[0] for r in rows] == [b.reference, a.reference]
    first = by_ref[a.reference]
    assert first["Enhed"] == "Borger, Arbejdsmarked & Erhverv / Jobcenter"
    assert first["Øverste enhed"] == "Borger, Arbejdsmarked & Erhverv"
    assert first["Henvendelsestype"] == "Klage over sagsbehandling"
    assert first["Antal klagepunkter"] == 3
    assert first["Hovedsagens tema"] == "Manglende begrundelse"
    assert first["Følgesagernes temaer"] == "Vejledning; Aktindsigt"
    second = by_ref[b.reference]
    assert second["Antal klagepunkter"] == 0
    assert second["Hovedsagens tema"] == ""
    assert second["Status"] == "Afsluttet"
    assert second["Afsluttet"] == D(2025, 1, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010190-1234", True),
        ("0101901234", True),
        ("Jensen 010190-1234", True),
        ("2025-0001", False),
        ("bolig 12345", False),
        ("01019012345", False),
    ],
)
def test_cpr_like_text_is_recognised(text, expected):
    assert looks_like_cpr(text) is expected
