"""The letters panel on the inquiry page (an inclusion tag the inquiries template calls)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from borgerraadgiver.casework.letters import DEPARTMENT_KINDS
from borgerraadgiver.casework.letters_forms import letter_kind_choices
from borgerraadgiver.casework.letters_selectors import (
    inquiry_department_requests,
    inquiry_letters,
)
from borgerraadgiver.casework.models import LetterKind
from borgerraadgiver.inquiries.models import Inquiry

register = template.Library()


@register.inclusion_tag("casework/_letters_panel.html", takes_context=True)
def letters_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    can = context.get("can", {})
    statement_write = bool(can.get("statement_write"))
    return {
        "inquiry": inquiry,
        "can": can,
        "csrf_token": context.get("csrf_token"),
        "rows": inquiry_letters(inquiry),
        "requests": inquiry_department_requests(inquiry),
        "kinds": letter_kind_choices(statement_write=statement_write),
        "department_kinds": [str(LetterKind(k).label) for k in LetterKind if k in DEPARTMENT_KINDS],
        "statement_kind": LetterKind.STATEMENT.value,
        "email_configured": settings.EMAIL_CONFIGURED,
    }
