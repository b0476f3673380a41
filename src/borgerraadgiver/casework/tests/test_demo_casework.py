"""The demo office shows casework: requests, answers, late ones, statements, follow-ups."""

from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.casework.models import Deadline, DepartmentRequest, PointStatement
from borgerraadgiver.core.demo import demo_create

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

TODAY = datetime.date(2025, 3, 31)


def test_the_demo_has_requests_answers_late_answers_and_follow_ups():
    office = demo_create(today=TODAY).office
    requests = DepartmentRequest.objects.filter(office=office)
    assert requests.filter(kind=DepartmentRequest.Kind.REFERRAL).count() > 10
    assert requests.filter(kind=DepartmentRequest.Kind.STATEMENT).count() > 3
    answered = requests.filter(answered_on__isnull=False)
    assert answered.count() > 0.5 * requests.count()
    assert all(r.answered_on >= r.sent_on and r.answer_id for r in answered)
    # Every request has its deadline; some open ones are late by now: the worklist shows them.
    assert Deadline.objects.filter(request__in=requests).count() == requests.count()
    late = Deadline.objects.filter(office=office, request__isnull=False, met_on__isnull=True)
    assert late.filter(due__lt=TODAY).exists()
    assert not requests.filter(org_unit__parent__isnull=False).exists(), "sent to a department"

    statements = PointStatement.objects.filter(office=office)
    assert statements.exists()
    # Each examined point's conclusion is on the point, where the report counts it.
    assert all(s.point.conclusion_id for s in statements.select_related("point"))
    assert statements.filter(point__conclusion__code="henstilling").exclude(follow_up="").exists()
    assert Deadline.objects.filter(office=office, kind=Deadline.Kind.FOLLOW_UP).exists()
    # The advisor answered the written inquiries, but for the last few days' ones.
    old_replies = Deadline.objects.filter(
        office=office,
        kind=Deadline.Kind.REPLY,
        met_on__isnull=True,
        inquiry__received__lt=TODAY - datetime.timedelta(days=5),
    )
    assert not old_replies.exists()
