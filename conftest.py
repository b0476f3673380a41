"""Shared fixtures and personas for every test directory.

Personas: `advisor` (Albertslund), `advisor_other` (an advisor of another office).
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

os.environ.setdefault("TESTING", "1")

import pytest  # noqa: E402

from tests.factories import make_office, make_user  # noqa: E402

# Ten digits, with or without the dash, standing alone: a uuid's or a hash's
# run of digits is not one.
CPR_SHAPE = re.compile(r"(?<![0-9A-Za-z])\d{6}-?\d{4}(?![0-9A-Za-z])")


class CprWatch(logging.Handler):
    """Every log record and e-mail of the test run, scanned for a CPR-shaped number.

    Attached to the root logger for the whole session, it sees what the
    settings' logging lets through (the production log level) from every
    test; `tests/security/test_cpr_logs.py` reads the findings last.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.test = "(outside a test)"
        self.records = 0
        self.mails = 0
        self.findings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # The message, and the traceback and stack when there are any.
            text = logging.Formatter().format(record)
        except Exception:
            self.handleError(record)
            return
        self.records += 1
        self.scan(f"log {record.name} {record.levelname}", text)

    def scan_mail(self, message: Any) -> None:
        self.mails += 1
        parts = [message.subject, message.body, *message.to, *message.cc, *message.bcc]
        parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
        for attachment in message.attachments:
            content = getattr(attachment, "content", None)
            if content is None and isinstance(attachment, tuple):
                content = attachment[1]
            if isinstance(content, bytes):
                content = content.decode("utf-8", "replace")
            parts.append(str(content))
        self.scan("e-mail", "\n".join(str(part) for part in parts))

    def scan(self, where: str, text: str) -> None:
        for match in CPR_SHAPE.finditer(text):
            around = text[max(match.start() - 80, 0) : match.end() + 80]
            # Kept masked: the report of a finding must not be a second leak.
            self.findings.append(f"{self.test}: {where}: {CPR_SHAPE.sub('##########', around)!r}")


CPR_WATCH = pytest.StashKey[CprWatch]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "run_last: runs after every other test of the session")


def pytest_sessionstart(session: pytest.Session) -> None:
    # After django.setup(), whose logging configuration replaces the root's handlers.
    watch = CprWatch()
    logging.getLogger().addHandler(watch)
    session.config.stash[CPR_WATCH] = watch


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A stable sort: everything else keeps its order (pytest-django's included).
    items.sort(key=lambda item: item.get_closest_marker("run_last") is not None)


@pytest.fixture(autouse=True)
def _cpr_watch_of_this_test(request: pytest.FixtureRequest) -> Any:
    watch = request.config.stash[CPR_WATCH]
    watch.test = request.node.nodeid
    yield
    from django.core import mail

    # pytest-django empties the outbox before each test: read it after each one.
    for message in getattr(mail, "outbox", []):
        watch.scan_mail(message)
    watch.test = "(between tests)"


@pytest.fixture
def cpr_watch(request: pytest.FixtureRequest) -> CprWatch:
    """The session's log and e-mail watch (see CprWatch)."""
    return request.config.stash[CPR_WATCH]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    return make_office("albertslund", preset="albertslund")


@pytest.fixture
def other_office(db):
    return make_office("lejre", preset="lejre")


@pytest.fixture
def advisor(office):
    return make_user("alice", office)


@pytest.fixture
def advisor_other(other_office):
    return make_user("bob", other_office)


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client
