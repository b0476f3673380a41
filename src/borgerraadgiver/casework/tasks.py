"""Background tasks of casework (django-tasks; the database backend in settings.TASKS).

`borgerraadgiver db_worker` runs them. The arguments are stored in the task
table until the worker runs: the reminders carry no citizen's data (see
requests_reminders), only a journal number, a deadline and unit names.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], cc: list[str] | None = None) -> int:
    """Send one e-mail; the number sent (0 or 1)."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc or [],
    )
    return message.send()
