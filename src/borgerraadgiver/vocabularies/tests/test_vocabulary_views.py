"""Vocabulary settings: registered dimensions, renamed, hidden and local values."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import (
    office_choices,
    registered_vocabularies,
    value_labels,
    value_usage_counts,
)
from tests.factories import make_inquiry, value

VOCABULARIES = reverse("offices:vocabularies")


def _page(code: str) -> str:
    return reverse("offices:vocabulary", args=[code])


def _rename(client, code: str, value_id: int, label: str, **extra):
    return client.post(
        reverse("offices:value_rename", args=[code]), {"value": value_id, "label": label}, **extra
    )


def _hide(client, code: str, value_id: int, hidden: bool, **extra):
    return client.post(
        reverse("offices:value_visibility", args=[code]),
        {"value": value_id, "hidden": "1" if hidden else "0"},
        **extra,
    )


def test_the_list_shows_the_dimensions_with_the_presets_choices_and_the_version(
    advisor_client, office
):
    response = advisor_client.get(VOCABULARIES)

    form = response.context["form"]
    assert [s.vocabulary.code for s in form.settings] == list(
        Vocabulary.objects.filter(per__in=["inquiry", "complaint_point"])
        .order_by("position")
        .values_list("code", flat=True)
    )
    checked = {s.vocabulary.code for s in form.settings if form[s.vocabulary.code].value()}
    assert checked == {"inquiry_kind", "theme", "channel", "requester_kind", "handling", "outcome"}
    assert "version 2026.1" in response.content.decode()


def test_switching_dimensions_on_and_off_changes_what_the_office_registers(advisor_client, office):
    response = advisor_client.post(
        VOCABULARIES, {"theme": "on", "primary_reason": "on", "conclusion": "on"}
    )

    assert response.status_code == 302
    assert registered_vocabularies(office) == ["theme", "primary_reason", "conclusion"]


def test_a_conclusion_without_themes_is_refused_and_nothing_changes(advisor_client, office):
    before = registered_vocabularies(office)

    response = advisor_client.post(VOCABULARIES, {"conclusion": "on", "channel": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["conclusion"] == [
        "Borgerrådgiverens udtalelse kan kun registreres, når også "
        "Tema og emne (juridisk tema) registreres."
    ]
    assert registered_vocabularies(office) == before


def test_switching_a_dimension_off_keeps_the_values_on_old_registrations(advisor_client, office):
    inquiry = make_inquiry(office, channel="telefon")

    advisor_client.post(VOCABULARIES, {"theme": "on"})

    inquiry.refresh_from_db()
    assert inquiry.channel == value("channel", "telefon")


def test_the_theme_page_groups_leaves_under_their_group_with_usage_counts(advisor_client, office):
    make_inquiry(office, themes=("sagsbehandlingstid_og_manglende_svar", "partshoering"))
    make_inquiry(office, themes=("sagsbehandlingstid_og_manglende_svar",))

    response = advisor_client.get(_page("theme"))

    sections = response.context["sections"]
    by_group = {s["group"].code: s["rows"] for s in sections}
    assert [r.code for r in by_group["forvaltningsloven"]][:2] == [
        "forvaltningsloven",
        "begrundelse",
    ]
    usage = {r.code: r.usage for rows in by_group.values() for r in rows}
    assert usage["sagsbehandlingstid_og_manglende_svar"] == 2
    assert usage["partshoering"] == 1
    assert usage["forvaltningsskik"] == 2  # the group counts its leaves' points
    assert usage["begrundelse"] == 0
    html = response.content.decode()
    assert "Standardens version 2026.1" in html
    assert html.index("<h2>Forvaltningsloven") < html.index("Partshøring")


def test_usage_is_counted_in_one_grouped_query(office):
    for _ in range(3):
        make_inquiry(office, channel="telefon")
    make_inquiry(office, channel="mail")
    channel = Vocabulary.objects.get(code="channel")

    with CaptureQueriesContext(connection) as queries:
        counts = value_usage_counts(office, channel)

    assert len(queries) == 1
    assert counts == {value("channel", "telefon").pk: 3, value("channel", "mail").pk: 1}


def test_usage_counts_only_the_users_own_office(office, other_office):
    make_inquiry(other_office, channel="telefon")

    assert value_usage_counts(office, Vocabulary.objects.get(code="channel")) == {}


def test_a_renamed_label_shows_on_old_registrations(advisor_client, office, other_office):
    telefon = value("channel", "telefon")
    make_inquiry(office, channel="telefon")

    response = _rename(advisor_client, "channel", telefon.pk, "Telefonopkald")

    assert response.status_code == 302
    assert value_labels(office, "channel")[telefon.pk] == "Telefonopkald"
    assert value_labels(other_office, "channel")[telefon.pk] == "Telefon"
    telefon.refresh_from_db()
    assert telefon.label == "Telefon"  # the standard is untouched
    assert 'value="Telefonopkald"' in advisor_client.get(_page("channel")).content.decode()


def test_an_empty_label_brings_back_the_standard_label(advisor_client, office):
    telefon = value("channel", "telefon")
    _rename(advisor_client, "channel", telefon.pk, "Telefonopkald")

    _rename(advisor_client, "channel", telefon.pk, "")

    assert value_labels(office, "channel")[telefon.pk] == "Telefon"


def test_a_label_another_value_already_has_is_refused_at_the_field(advisor_client, office):
    telefon = value("channel", "telefon")

    response = _rename(advisor_client, "channel", telefon.pk, "brev")

    assert response.status_code == 200
    html = response.content.decode()
    assert "En anden værdi har allerede den betegnelse." in html
    assert f'aria-describedby="label-{telefon.pk}-error"' in html
    assert value_labels(office, "channel")[telefon.pk] == "Telefon"


def test_a_hidden_value_is_not_offered_but_stays_on_old_registrations(advisor_client, office):
    brev = value("channel", "brev")
    inquiry = make_inquiry(office, channel="brev")
    values_before = VocabularyValue.objects.count()

    response = _hide(advisor_client, "channel", brev.pk, True)

    assert response.status_code == 302
    assert brev.pk not in {c.id for c in office_choices(office, "channel")}
    assert brev.pk in {c.id for c in office_choices(office, "channel", include_hidden=True)}
    assert value_labels(office, "channel")[brev.pk] == "Brev"
    inquiry.refresh_from_db()
    assert inquiry.channel == brev
    assert VocabularyValue.objects.count() == values_before

    _hide(advisor_client, "channel", brev.pk, False)

    assert brev.pk in {c.id for c in office_choices(office, "channel")}


def test_hiding_keeps_the_label_and_renaming_keeps_the_hidden_state(advisor_client, office):
    brev = value("channel", "brev")
    _rename(advisor_client, "channel", brev.pk, "Fysisk brev")
    _hide(advisor_client, "channel", brev.pk, True)
    _rename(advisor_client, "channel", brev.pk, "Papirbrev")

    choice = next(
        c for c in office_choices(office, "channel", include_hidden=True) if c.id == brev.pk
    )
    assert (choice.label, choice.hidden) == ("Papirbrev", True)


def test_hiding_a_theme_group_hides_its_leaves_from_the_pickers(advisor_client, office):
    gdpr = value("theme", "gdpr")
    leaf = value("theme", "behandlingssikkerhed")

    _hide(advisor_client, "theme", gdpr.pk, True)

    offered = {c.id for c in office_choices(office, "theme")}
    assert gdpr.pk not in offered and leaf.pk not in offered
    page = advisor_client.get(_page("theme"))
    row = next(r for s in page.context["sections"] for r in s["rows"] if r.id == leaf.pk)
    assert (row.hidden, row.hidden_by_group) == (False, True)


def test_a_local_value_is_added_and_offered_only_to_its_office(
    advisor_client, office, other_office
):
    response = advisor_client.post(
        reverse("offices:value_add", args=["channel"]), {"new-label": "Borgermøde på biblioteket"}
    )

    assert response.status_code == 302
    local = VocabularyValue.objects.get(label="Borgermøde på biblioteket")
    assert local.office == office
    assert local.pk in {c.id for c in office_choices(office, "channel")}
    assert local.pk not in {c.id for c in office_choices(other_office, "channel")}


def test_a_local_value_with_an_existing_label_is_refused(advisor_client, office):
    response = advisor_client.post(
        reverse("offices:value_add", args=["channel"]), {"new-label": "telefon"}
    )

    assert response.status_code == 200
    assert response.context["new_form"].errors["label"] == ["Værdien findes allerede."]
    assert not VocabularyValue.objects.filter(office=office).exists()


def test_a_local_theme_goes_into_the_chosen_group(advisor_client, office):
    group = value("theme", "forvaltningsskik")

    response = advisor_client.post(
        reverse("offices:value_add", args=["theme"]),
        {"new-label": "Tolkebistand", "new-parent": group.pk},
    )

    assert response.status_code == 302
    local = VocabularyValue.objects.get(office=office, label="Tolkebistand")
    assert local.parent == group and not local.is_group
    page = advisor_client.get(_page("theme"))
    section = next(s for s in page.context["sections"] if s["group"].id == group.pk)
    assert local.pk in {r.id for r in section["rows"]}


def test_a_local_theme_needs_a_group(advisor_client, office):
    response = advisor_client.post(
        reverse("offices:value_add", args=["theme"]), {"new-label": "Tolkebistand"}
    )

    assert response.status_code == 200
    assert "parent" in response.context["new_form"].errors
    assert not VocabularyValue.objects.filter(office=office).exists()


def test_a_local_value_can_be_renamed_but_not_to_nothing(advisor_client, office):
    advisor_client.post(reverse("offices:value_add", args=["channel"]), {"new-label": "Messenger"})
    local = VocabularyValue.objects.get(office=office, label="Messenger")

    _rename(advisor_client, "channel", local.pk, "Sociale medier")
    refused = _rename(advisor_client, "channel", local.pk, "")

    assert refused.status_code == 200
    assert value_labels(office, "channel")[local.pk] == "Sociale medier"


def test_with_htmx_only_the_changed_row_comes_back(advisor_client, office):
    telefon = value("channel", "telefon")

    response = _rename(advisor_client, "channel", telefon.pk, "Opkald", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="vaerdi-{telefon.pk}"')
    assert "<html" not in html
    assert 'value="Opkald"' in html


def test_with_htmx_a_refused_label_comes_back_in_the_row_with_its_error(advisor_client, office):
    telefon = value("channel", "telefon")

    response = _rename(advisor_client, "channel", telefon.pk, "Brev", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="vaerdi-{telefon.pk}"')
    assert "En anden værdi har allerede den betegnelse." in html
    assert 'aria-invalid="true"' in html


def test_with_htmx_hiding_a_group_returns_its_whole_section(advisor_client, office):
    gdpr = value("theme", "gdpr")

    response = _hide(advisor_client, "theme", gdpr.pk, True, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith(f'<div id="gruppe-{gdpr.pk}"')
    assert html.count("Skjult med gruppen") == 3
