"""The org-unit tree page and its actions, through the Django test client."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.services import InquiryData, inquiry_register
from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.offices.selectors import orgunit_choices
from tests.factories import make_inquiry, unit

TODAY = datetime.date(2025, 6, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 10, 0), tick=False):
        yield


def _url(name: str, u: OrgUnit | None = None) -> str:
    return reverse(f"offices:{name}", args=[u.pk] if u else [])


def test_tree_page_shows_every_unit_nested_with_markers_and_inquiry_counts(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")
    make_inquiry(office, org_unit=jobcenter)
    make_inquiry(office, org_unit=jobcenter)
    top = unit(office, "Borger, Arbejdsmarked & Erhverv")
    top.short_name = "BAE"
    top.save()

    response = advisor_client.get(_url("org_units"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<li id="enhed-') == office.org_units.count()
    # Jobcenter's <li> sits inside its parent's <li>, in a nested list.
    parent_start = html.index(f'id="enhed-{top.pk}"')
    child_start = html.index(f'id="enhed-{jobcenter.pk}"')
    next_top = html.index(f'id="enhed-{unit(office, "Børn & Familie").pk}"')
    assert parent_start < child_start < next_top
    assert "(BAE)" in html
    assert "2 henvendelser" in html
    assert "uden for kommunen" in html[html.index("Udbetaling Danmark") - 300 :]


def test_adding_a_top_level_unit_puts_it_in_the_tree(advisor_client, office):
    response = advisor_client.post(
        _url("org_unit_add"), {"new-name": "Kommunaldirektørens område", "new-short_name": "KD"}
    )

    created = OrgUnit.objects.get(office=office, name="Kommunaldirektørens område")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#enhed-{created.pk}")
    assert (created.parent, created.root, created.depth, created.short_name) == (
        None,
        created,
        0,
        "KD",
    )


def test_adding_a_sub_unit_sets_its_root_and_depth(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")

    response = advisor_client.post(
        _url("org_unit_add_child", jobcenter), {"child-name": "Team Sygedagpenge"}
    )

    assert response.status_code == 302
    team = OrgUnit.objects.get(office=office, name="Team Sygedagpenge")
    assert team.parent == jobcenter
    assert team.root == jobcenter.root
    assert team.depth == 2


def test_a_duplicate_sibling_name_is_refused_at_the_name_field(advisor_client, office):
    parent = unit(office, "Borger, Arbejdsmarked & Erhverv")
    before = OrgUnit.objects.count()

    response = advisor_client.post(_url("org_unit_add_child", parent), {"child-name": "jobcenter"})

    assert response.status_code == 200
    form = response.context["child_form"]
    assert form.errors["name"] == ["Der findes allerede en enhed med det navn her."]
    assert 'aria-describedby="id_child-name-error"' in response.content.decode()
    assert OrgUnit.objects.count() == before


def test_the_same_name_is_allowed_under_another_parent(advisor_client, office):
    other_parent = unit(office, "Børn & Familie")

    response = advisor_client.post(
        _url("org_unit_add_child", other_parent), {"child-name": "Jobcenter"}
    )

    assert response.status_code == 302
    assert OrgUnit.objects.filter(office=office, name="Jobcenter").count() == 2


def test_renaming_a_unit_changes_name_short_name_and_external_flag(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")
    inquiry = make_inquiry(office, org_unit=jobcenter)

    response = advisor_client.post(
        _url("org_unit_rename", jobcenter),
        {
            "rename-name": "Jobcenter Albertslund",
            "rename-short_name": "JC",
            "rename-external": "on",
        },
    )

    assert response.status_code == 302
    jobcenter.refresh_from_db()
    assert (jobcenter.name, jobcenter.short_name, jobcenter.external) == (
        "Jobcenter Albertslund",
        "JC",
        True,
    )
    inquiry.refresh_from_db()
    assert inquiry.org_unit.name == "Jobcenter Albertslund"


def test_renaming_to_a_siblings_name_is_refused(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")

    response = advisor_client.post(
        _url("org_unit_rename", jobcenter), {"rename-name": "Boliganvisningen"}
    )

    assert response.status_code == 200
    assert response.context["rename_form"].errors["name"] == [
        "Der findes allerede en enhed med det navn her."
    ]
    jobcenter.refresh_from_db()
    assert jobcenter.name == "Jobcenter"


def test_moving_a_subtree_recomputes_root_and_depth_of_every_unit_in_it(advisor_client, office):
    old_top = unit(office, "Borger, Arbejdsmarked & Erhverv")
    jobcenter = unit(office, "Jobcenter")
    team = OrgUnit.objects.create(
        office=office, parent=jobcenter, root=old_top, name="Team Ledighed", depth=2
    )
    new_parent = unit(office, "Familieafsnittet")
    new_top = unit(office, "Børn & Familie")

    response = advisor_client.post(_url("org_unit_move", jobcenter), {"move-parent": new_parent.pk})

    assert response.status_code == 302
    jobcenter.refresh_from_db()
    team.refresh_from_db()
    assert (jobcenter.parent, jobcenter.root, jobcenter.depth) == (new_parent, new_top, 2)
    assert (team.parent, team.root, team.depth) == (jobcenter, new_top, 3)


def test_moving_a_unit_to_the_top_level_makes_it_its_own_root(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")

    response = advisor_client.post(_url("org_unit_move", jobcenter), {"move-parent": ""})

    assert response.status_code == 302
    jobcenter.refresh_from_db()
    assert (jobcenter.parent, jobcenter.root, jobcenter.depth) == (None, jobcenter, 0)


def test_a_unit_cannot_be_moved_under_its_own_descendant(advisor_client, office):
    top = unit(office, "Borger, Arbejdsmarked & Erhverv")
    jobcenter = unit(office, "Jobcenter")

    response = advisor_client.post(_url("org_unit_move", top), {"move-parent": jobcenter.pk})

    assert response.status_code == 200
    assert response.context["move_form"].errors["parent"] == [
        "En enhed kan ikke flyttes ind under sig selv."
    ]
    top.refresh_from_db()
    assert top.parent is None and top.root == top and top.depth == 0


def test_the_move_form_offers_no_unit_of_the_units_own_subtree(advisor_client, office):
    top = unit(office, "Borger, Arbejdsmarked & Erhverv")

    response = advisor_client.get(_url("org_unit", top))

    offered = {
        str(v) for v, _label in response.context["move_form"].fields["parent"].widget.choices
    }
    assert str(unit(office, "Jobcenter").pk) not in offered
    assert str(top.pk) not in offered
    assert str(unit(office, "Familieafsnittet").pk) in offered


def test_a_unit_of_another_office_cannot_be_chosen_as_new_parent(
    advisor_client, office, other_office
):
    jobcenter = unit(office, "Jobcenter")
    foreign = other_office.org_units.first()

    response = advisor_client.post(_url("org_unit_move", jobcenter), {"move-parent": foreign.pk})

    assert response.status_code == 200
    assert "parent" in response.context["move_form"].errors
    jobcenter.refresh_from_db()
    assert jobcenter.parent == unit(office, "Borger, Arbejdsmarked & Erhverv")


def test_retiring_a_unit_retires_its_subtree_and_removes_it_from_new_registration_choices(
    advisor_client, office
):
    top = unit(office, "Miljø & Teknik")
    old_inquiry = make_inquiry(office, org_unit="Forsyningen", received=datetime.date(2025, 1, 10))

    response = advisor_client.post(
        _url("org_unit_retire", top), {"retire-retired_at": "2025-05-31"}
    )

    assert response.status_code == 302
    retired = set(OrgUnit.objects.filter(office=office, retired_at=datetime.date(2025, 5, 31)))
    assert retired == {top, *top.children.all()}
    offered = {pk for pk, _path in orgunit_choices(office)}
    assert not offered & {u.pk for u in retired}
    assert unit(office, "Jobcenter").pk in offered
    # The old inquiry keeps its unit, and the tree still shows it with the count.
    old_inquiry.refresh_from_db()
    assert old_inquiry.org_unit == unit(office, "Forsyningen")
    tree = advisor_client.get(_url("org_units")).content.decode()
    forsyningen = tree[tree.index(f'id="enhed-{old_inquiry.org_unit_id}"') :][:600]
    assert "nedlagt 31. maj 2025" in forsyningen
    assert "1 henvendelse" in forsyningen


def test_an_inquiry_on_a_retired_unit_can_still_be_edited_but_not_newly_registered(
    advisor_client, office
):
    forsyningen = unit(office, "Forsyningen")
    old_inquiry = make_inquiry(office, org_unit=forsyningen)
    advisor_client.post(_url("org_unit_retire", forsyningen), {"retire-retired_at": "2025-05-01"})
    forsyningen.refresh_from_db()

    with pytest.raises(Exception) as refused:
        inquiry_register(office=office, data=InquiryData(received=TODAY, org_unit=forsyningen))
    assert "nedlagt" in str(refused.value)
    assert Inquiry.objects.get(pk=old_inquiry.pk).org_unit == forsyningen
    assert forsyningen.pk in {pk for pk, _ in orgunit_choices(office, include_retired=True)}


def test_a_retirement_date_in_the_future_is_refused(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")

    response = advisor_client.post(
        _url("org_unit_retire", jobcenter), {"retire-retired_at": "2025-07-01"}
    )

    assert response.status_code == 200
    assert response.context["retire_form"].errors["retired_at"] == [
        "Nedlæggelsesdatoen kan ikke ligge i fremtiden."
    ]
    jobcenter.refresh_from_db()
    assert jobcenter.retired_at is None


def test_reactivating_brings_back_the_unit_and_the_sub_units_retired_with_it(
    advisor_client, office
):
    top = unit(office, "Miljø & Teknik")
    earlier = unit(office, "Materialegården")
    advisor_client.post(_url("org_unit_retire", earlier), {"retire-retired_at": "2024-12-31"})
    advisor_client.post(_url("org_unit_retire", top), {"retire-retired_at": "2025-05-31"})

    response = advisor_client.post(_url("org_unit_reactivate", top))

    assert response.status_code == 302
    top.refresh_from_db()
    earlier.refresh_from_db()
    assert top.retired_at is None
    assert unit(office, "Forsyningen").retired_at is None
    # Retired before the parent, on its own: stays retired with its own date.
    assert earlier.retired_at == datetime.date(2024, 12, 31)


def test_a_sub_unit_cannot_be_reactivated_while_its_parent_is_retired(advisor_client, office):
    top = unit(office, "Miljø & Teknik")
    advisor_client.post(_url("org_unit_retire", top), {"retire-retired_at": "2025-05-31"})
    child = unit(office, "Forsyningen")

    response = advisor_client.post(_url("org_unit_reactivate", child))

    assert response.status_code == 200
    assert "genaktivér den først" in response.content.decode()
    child.refresh_from_db()
    assert child.retired_at == datetime.date(2025, 5, 31)


def test_no_sub_unit_can_be_added_under_a_retired_unit(advisor_client, office):
    top = unit(office, "Økonomi & Stab")
    advisor_client.post(_url("org_unit_retire", top), {"retire-retired_at": "2025-05-31"})

    response = advisor_client.post(_url("org_unit_add_child", top), {"child-name": "Løn"})

    assert response.status_code == 200
    assert not OrgUnit.objects.filter(name="Løn").exists()


def test_state_changing_actions_do_nothing_on_get(advisor_client, office):
    jobcenter = unit(office, "Jobcenter")

    for name in ("org_unit_retire", "org_unit_move", "org_unit_rename", "org_unit_add_child"):
        response = advisor_client.get(_url(name, jobcenter))
        assert response.status_code == 200

    jobcenter.refresh_from_db()
    assert jobcenter.retired_at is None
    assert jobcenter.parent == unit(office, "Borger, Arbejdsmarked & Erhverv")


def test_the_forms_need_a_csrf_token(client, advisor, office):
    client.handler.enforce_csrf_checks = True
    client.force_login(advisor)
    jobcenter = unit(office, "Jobcenter")

    response = client.post(_url("org_unit_retire", jobcenter), {"retire-retired_at": "2025-05-31"})

    assert response.status_code == 403
    jobcenter.refresh_from_db()
    assert jobcenter.retired_at is None


def test_a_retired_unit_is_not_on_the_new_inquiry_form_but_still_on_its_old_inquiry(
    advisor_client, office
):
    forsyningen = unit(office, "Forsyningen")
    old_inquiry = make_inquiry(office, org_unit=forsyningen)
    advisor_client.post(
        _url("org_unit_retire", forsyningen), {"retire-retired_at": "2025-05-01"}, follow=True
    )

    new_form = advisor_client.get(reverse("inquiries:create")).content.decode()
    old_page = advisor_client.get(reverse("inquiries:detail", args=[old_inquiry.uid]))

    assert "Forsyningen" not in new_form
    assert "Trafik &amp; Natur" in new_form  # its active sibling is offered
    assert "Forsyningen" in old_page.content.decode()
