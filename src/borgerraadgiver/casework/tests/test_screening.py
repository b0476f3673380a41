"""The competence screening: the rules on their edges, the service and the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.models import CaseworkSettings, Screening
from borgerraadgiver.casework.screening import (
    REJECTED,
    WITHIN,
    limitation_end,
    referral_text,
    screening_assess,
)
from borgerraadgiver.casework.screening_selectors import competence_choices
from borgerraadgiver.casework.screening_services import screening_record
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.services import StaleInquiryError
from borgerraadgiver.offices.models import User
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.selectors import competence_vocabularies
from borgerraadgiver.vocabularies.services import local_value_add, value_visibility_set
from tests.factories import make_inquiry, make_user, value

pytestmark = [pytest.mark.casework, pytest.mark.django_db]


# -- the one-year rule on its edges ---------------------------------------------------


@pytest.mark.parametrize(
    ("act", "months", "limit"),
    [
        (date(2024, 3, 15), 12, date(2025, 3, 15)),
        # 29 February: the next year has no such day; the month's last day is the limit.
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        # A month's end into a shorter month, and across the turn of the year.
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 11, 30), 24, date(2026, 11, 30)),
    ],
)
def test_the_limit_is_the_same_day_months_later_or_the_months_last_day(act, months, limit):
    assert limitation_end(act, months) == limit


@pytest.mark.parametrize(
    ("act", "received", "result", "ground"),
    [
        (date(2024, 3, 15), date(2025, 3, 15), WITHIN, ""),
        (date(2024, 3, 15), date(2025, 3, 16), REJECTED, "for_sent"),
        (date(2024, 2, 29), date(2025, 2, 28), WITHIN, ""),
        (date(2024, 2, 29), date(2025, 3, 1), REJECTED, "for_sent"),
        (None, date(2025, 3, 16), WITHIN, ""),
    ],
)
def test_an_inquiry_received_on_the_limit_is_in_time_and_the_day_after_is_late(
    act, received, result, ground
):
    assessment = screening_assess(received=received, act_date=act, limitation_months=12)
    assert (assessment.result, assessment.ground) == (result, ground)


def test_a_late_inquiry_with_a_dispensation_ground_is_within():
    assessment = screening_assess(
        received=date(2025, 6, 1), act_date=date(2024, 1, 1), dispensation=True
    )
    assert assessment.result == WITHIN and assessment.late


def test_the_offices_own_limit_counts():
    args = {"received": date(2025, 3, 16), "act_date": date(2024, 9, 15)}
    assert screening_assess(**args, limitation_months=6).ground == "for_sent"
    assert screening_assess(**args, limitation_months=12).result == WITHIN


def test_an_exclusion_rejects_as_outside_competence_whatever_the_dates():
    assessment = screening_assess(
        received=date(2025, 3, 1), act_date=date(2025, 2, 1), exclusion="privatretlige"
    )
    assert (assessment.result, assessment.ground) == (REJECTED, "uden_for_kompetence")
    assert "retshjælp" in referral_text(assessment.ground, "privatretlige")


def test_the_anonymity_rule_rejects_an_anonymous_inquiry():
    assessment = screening_assess(received=date(2025, 3, 1), act_date=None, anonymous=True)
    assert (assessment.result, assessment.ground) == (REJECTED, "anonym")


def test_every_rejection_ground_has_a_text_saying_where_to_go_instead(office):
    grounds = competence_choices(office)["rejection_ground"]
    assert grounds
    for ground in grounds:
        assert referral_text(ground.code).strip()


# -- the service ------------------------------------------------------------------------


def test_a_rejection_closes_the_inquiry_as_afvist_and_the_points_follow(office, advisor):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    screening_record(
        inquiry=inquiry,
        result=Screening.Result.REJECTED,
        act_date=date(2024, 3, 15),
        rejection_ground=value("rejection_ground", "for_sent"),
        referred_elsewhere="Folketingets Ombudsmand.",
        by=advisor,
        on=date(2025, 3, 20),
    )
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closed == date(2025, 3, 20)
    assert inquiry.handling.code == "afvist" and inquiry.outcome.code == "afvist"
    # The points carry a copy of the handling for the report.
    assert [p.handling_id for p in inquiry.points.all()] == [inquiry.handling_id]
    assert inquiry.screening.rejection_ground.code == "for_sent"
    assert inquiry.screening.referred_elsewhere == "Folketingets Ombudsmand."


def test_screening_again_updates_the_one_row_and_within_reopens_a_rejected_inquiry(office, advisor):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    screening_record(
        inquiry=inquiry,
        result=Screening.Result.REJECTED,
        act_date=date(2024, 3, 15),
        rejection_ground=value("rejection_ground", "for_sent"),
        by=advisor,
    )
    inquiry.refresh_from_db()
    screening_record(
        inquiry=inquiry,
        result=Screening.Result.WITHIN,
        act_date=date(2024, 3, 15),
        dispensation_ground=value("dispensation_ground", "retlig_interesse"),
        by=advisor,
    )
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    assert Screening.objects.filter(inquiry=inquiry).count() == 1
    assert inquiry.screening.result == Screening.Result.WITHIN
    assert inquiry.screening.rejection_ground is None
    assert inquiry.is_open and inquiry.closed is None and inquiry.handling is None


def test_a_late_inquiry_is_not_taken_on_without_a_dispensation_ground(office, advisor):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    with pytest.raises(ValidationError) as exc:
        screening_record(
            inquiry=inquiry, result=Screening.Result.WITHIN, act_date=date(2024, 3, 15)
        )
    assert "dispensation_ground" in exc.value.message_dict
    assert not Screening.objects.exists()


def test_the_offices_limitation_months_decide_what_is_late(office, advisor):
    CaseworkSettings.objects.update_or_create(office=office, defaults={"limitation_months": 24})
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    screening_record(inquiry=inquiry, result=Screening.Result.WITHIN, act_date=date(2024, 3, 15))
    assert Screening.objects.get().result == Screening.Result.WITHIN


def test_a_rejection_needs_a_ground_and_an_exclusion_cannot_be_within(office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    with pytest.raises(ValidationError) as exc:
        screening_record(inquiry=inquiry, result=Screening.Result.REJECTED)
    assert "rejection_ground" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        screening_record(
            inquiry=inquiry,
            result=Screening.Result.WITHIN,
            exclusion=value("competence_exclusion", "privatretlige"),
        )
    assert "exclusion" in exc.value.message_dict


def test_a_value_of_the_wrong_list_is_refused(office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    with pytest.raises(ValidationError) as exc:
        screening_record(
            inquiry=inquiry,
            result=Screening.Result.REJECTED,
            rejection_ground=value("competence_exclusion", "privatretlige"),
        )
    assert "rejection_ground" in exc.value.message_dict


def test_a_stale_version_is_refused_and_nothing_is_saved(office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    with pytest.raises(StaleInquiryError):
        screening_record(
            inquiry=inquiry,
            result=Screening.Result.REJECTED,
            rejection_ground=value("rejection_ground", "uklar"),
            expected_version=inquiry.version - 1,
        )
    assert not Screening.objects.exists()


# -- the page and the panel ------------------------------------------------------------


def test_the_inquiry_page_offers_the_screening_form_with_the_anonymity_suggestion(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, by=advisor)
    Inquiry.objects.filter(pk=inquiry.pk).update(anonymous=True)
    page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid]))
    html = page.content.decode()
    assert 'id="screening"' in html
    assert reverse("casework:screening", args=[inquiry.uid]) in html
    anonym = value("rejection_ground", "anonym").pk
    form = page.context["form"]
    assert form.initial["result"] == REJECTED and form.initial["rejection_ground"] == anonym


def test_a_closed_unscreened_inquiry_links_to_the_screening_instead_of_showing_the_form(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, by=advisor)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        status=Inquiry.Status.CLOSED, closed=date(2025, 3, 20)
    )
    html = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert "Henvendelsen er ikke vurderet endnu." in html
    assert "Gem vurderingen" not in html
    assert reverse("casework:screening", args=[inquiry.uid]) in html


def test_a_secretary_may_screen_too(client, office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    secretary = make_user("sekretaer", office, role=User.Role.SECRETARY)
    client.force_login(secretary)
    html = client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert "Gem vurderingen" in html  # a secretary writes cases, so screens too


def test_posting_a_rejection_closes_the_inquiry_and_points_to_the_letters(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    answer = advisor_client.post(
        reverse("casework:screening", args=[inquiry.uid]),
        {
            "act_date": "2024-03-15",
            "exclusion": value("competence_exclusion", "anden_klageinstans").pk,
            "result": "rejected",
            "rejection_ground": value("rejection_ground", "uden_for_kompetence").pk,
            "referred_elsewhere": "Ankestyrelsen.",
            "version": inquiry.version,
        },
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#letters")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert AccessRecord.objects.filter(
        action=Action.CHANGE, object_type="inquiry", object_uid=inquiry.uid
    ).exists()
    shown = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert "Ankestyrelsen." in shown and 'href="#letters"' in shown


def test_suggest_applies_the_rules_to_what_was_typed_and_saves_nothing(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    answer = advisor_client.post(
        reverse("casework:screening", args=[inquiry.uid]),
        {"act_date": "2024-03-15", "result": "within", "_assess": "1"},
    )
    assert answer.status_code == 200
    form = answer.context["form"]
    assert form.data["result"] == REJECTED
    assert form.data["rejection_ground"] == str(value("rejection_ground", "for_sent").pk)
    assert "Ombudsmand" in form.data["referred_elsewhere"]
    assert not Screening.objects.exists()


def test_a_late_inquiry_taken_on_without_dispensation_shows_the_error(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    answer = advisor_client.post(
        reverse("casework:screening", args=[inquiry.uid]),
        {"act_date": "2024-03-15", "result": "within", "version": inquiry.version},
    )
    assert answer.status_code == 200
    assert "dispensation_ground" in answer.context["form"].errors
    assert not Screening.objects.exists()


def test_a_hidden_value_is_not_offered_but_a_saved_one_stays(office, advisor):
    hidden = value("competence_exclusion", "privatretlige")
    value_visibility_set(office=office, value=hidden, hidden=True)
    offered = {c.id for c in competence_choices(office)["competence_exclusion"]}
    assert hidden.pk not in offered
    kept = {c.id for c in competence_choices(office, keep=(hidden.pk,))["competence_exclusion"]}
    assert hidden.pk in kept


def test_an_offices_own_exclusion_is_offered_to_it_alone(office, other_office):
    exclusions = Vocabulary.objects.get(code="competence_exclusion")
    own = local_value_add(office=office, vocabulary=exclusions, label="Sager om vintertjeneste")
    assert own.pk in {c.id for c in competence_choices(office)["competence_exclusion"]}
    assert own.pk not in {c.id for c in competence_choices(other_office)["competence_exclusion"]}
    lists = {s.vocabulary.code: s.values for s in competence_vocabularies(office)}
    assert set(lists) == {
        "competence_within",
        "competence_exclusion",
        "rejection_ground",
        "dispensation_ground",
    }
    assert lists["competence_exclusion"] == 11  # ten standard exclusions and the office's own


def test_another_offices_inquiry_is_not_found(client, office, other_office, advisor_other):
    inquiry = make_inquiry(office)
    client.force_login(advisor_other)
    assert client.get(reverse("casework:screening", args=[inquiry.uid])).status_code == 404


def test_a_new_suggestion_replaces_a_default_text_but_keeps_the_advisors_own(
    advisor_client, office, advisor
):
    inquiry = make_inquiry(office, received=date(2025, 3, 16), by=advisor)
    url = reverse("casework:screening", args=[inquiry.uid])
    exclusion = value("competence_exclusion", "privatretlige").pk
    late_text = referral_text("for_sent")
    answer = advisor_client.post(
        url, {"exclusion": exclusion, "referred_elsewhere": late_text, "_assess": "1"}
    )
    assert answer.context["form"].data["referred_elsewhere"] == referral_text(
        "uden_for_kompetence", "privatretlige"
    )
    answer = advisor_client.post(
        url, {"exclusion": exclusion, "referred_elsewhere": "Min egen tekst.", "_assess": "1"}
    )
    assert answer.context["form"].data["referred_elsewhere"] == "Min egen tekst."


def test_a_stale_form_is_refused_with_409(advisor_client, office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    answer = advisor_client.post(
        reverse("casework:screening", args=[inquiry.uid]),
        {
            "result": "rejected",
            "rejection_ground": value("rejection_ground", "uklar").pk,
            "version": inquiry.version + 5,
        },
    )
    assert answer.status_code == 409 and "ikke gemt" in answer.content.decode()
    assert not Screening.objects.exists()
