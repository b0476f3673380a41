"""No CPR number in the logs, the e-mails or the error reports.

The root conftest's CprWatch scans every log record and e-mail of the whole
test run; the last test of the session reads what it found. The other tests
here make requests that carry a CPR number and do get logged or reported, so
the scan covers the paths where a number could slip through.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils.log import AdminEmailHandler

from tests.factories import make_inquiry

pytestmark = pytest.mark.security

CPR = "0101701234"
CPR_SHOWN = ("0101701234", "010170-1234")


def _holds_cpr(text: str) -> bool:
    return any(shown in text for shown in CPR_SHOWN)


def test_requests_carrying_a_cpr_number_are_logged_without_it(
    advisor_client, advisor, office, other_office, cpr_watch, caplog
):
    before = cpr_watch.records
    foreign = make_inquiry(other_office)
    posted = {"prefix": "person", "person-name": "Karen Holm", "person-cpr": CPR}
    with caplog.at_level(logging.INFO):
        # 400: a look-up for a field that does not exist.
        bad = advisor_client.post(
            reverse("inquiries:person_lookup"), {**posted, "prefix": "nobody"}
        )
        # 404: another office's inquiry.
        missing = advisor_client.post(
            reverse("inquiries:edit", kwargs={"uid": foreign.uid}), posted
        )
        # 403: no CSRF token.
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(advisor)
        refused = strict.post(reverse("inquiries:create"), posted)
    assert (bad.status_code, missing.status_code, refused.status_code) == (400, 404, 403)
    logged = [r for r in caplog.records if r.name in ("django.request", "django.security.csrf")]
    assert len(logged) >= 3, [r.getMessage() for r in caplog.records]
    assert not any(_holds_cpr(logging.Formatter().format(r)) for r in caplog.records)
    # The session's watch saw them too: it is attached and reads these records.
    assert cpr_watch.records >= before + 3


@pytest.fixture
def error_mails(settings) -> Iterator[list[Any]]:
    """Errors mailed to ADMINS: Django's own text report, and the HTML one with the frames."""
    settings.ADMINS = [("Drift", "drift@kommune.example")]
    handler = AdminEmailHandler(include_html=True)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield mail.outbox
    finally:
        logger.removeHandler(handler)


def _raise(*args: Any, **kwargs: Any) -> None:
    # Its own locals hold what it was called with, the posted data included.
    raise RuntimeError("planned failure")


CPR_VIEWS = {
    # view -> the name it builds its form from, made to fail
    "create": "borgerraadgiver.inquiries.views.IntakeForms",
    "edit": "borgerraadgiver.inquiries.views.IntakeForms",
    "person_lookup": "borgerraadgiver.inquiries.views.PersonForm",
    "list": "borgerraadgiver.inquiries.list_views.InquiryFilterForm",
}


@pytest.mark.parametrize("view", sorted(CPR_VIEWS))
def test_an_error_report_of_a_view_taking_a_cpr_number_hides_the_posted_data(
    view, advisor_client, advisor, office, error_mails, monkeypatch
):
    kwargs = {}
    if view == "edit":
        kwargs = {"uid": make_inquiry(office, by=advisor).uid}
    monkeypatch.setattr(CPR_VIEWS[view], _raise)
    advisor_client.raise_request_exception = False
    posted = {"prefix": "person", "person-cpr": "010170-1234", "q": CPR}
    response = advisor_client.post(reverse(f"inquiries:{view}", kwargs=kwargs), posted)

    assert response.status_code == 500
    [text] = [m for m in error_mails if not m.alternatives]
    [with_html] = [m for m in error_mails if m.alternatives]
    html = with_html.alternatives[0][0]
    # The reports are there, with the POST section and the frames' variables...
    assert "planned failure" in text.body and "person-cpr" in text.body
    assert "Local Vars" in html
    # ...but what was posted to the view is starred, in the frames too.
    for report in (text.body, with_html.body, html):
        assert not _holds_cpr(report)
    assert "person-cpr = '********************'" in text.body


def test_the_watch_finds_a_cpr_number_in_a_log_record_and_an_e_mail(cpr_watch):
    watch = type(cpr_watch)()
    logger = logging.getLogger("borgerraadgiver.tests.cpr_watch")
    logger.propagate = False
    logger.addHandler(watch)
    try:
        logger.warning("Opslag på %s fejlede", "010170-1234")
        logger.warning("Person %s, nøgle %s", uuid.uuid4(), "a1" * 32)  # no CPR in these
        try:
            raise ValueError(CPR)
        except ValueError:
            logger.exception("En fejl")
    finally:
        logger.removeHandler(watch)
    watch.scan_mail(EmailMultiAlternatives("Svar", f"CPR {CPR}", to=["a@example.org"]))

    assert watch.records == 3 and watch.mails == 1
    assert len(watch.findings) == 3
    # A finding names where it was, and does not repeat the number.
    assert "Opslag på ##########" in watch.findings[0]
    assert not any(_holds_cpr(finding) for finding in watch.findings)


@pytest.mark.run_last
def test_nothing_logged_or_mailed_during_the_test_run_holds_a_cpr_number(cpr_watch):
    root = logging.getLogger()
    # The watch was listening the whole time, to the loggers that matter.
    assert cpr_watch in root.handlers
    assert logging.root.manager.disable == logging.NOTSET
    assert logging.getLogger("django.request").isEnabledFor(logging.WARNING)
    assert logging.getLogger("borgerraadgiver").isEnabledFor(logging.INFO)
    assert cpr_watch.records > 0, "nothing was logged: run this with the tests it scans"
    assert cpr_watch.findings == []
