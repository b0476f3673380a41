"""The requests panel on the inquiry page (an inclusion tag the inquiries template calls)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from borgerraadgiver.casework.deadline_selectors import requests_panel_data
from borgerraadgiver.inquiries.models import Inquiry

register = template.Library()


@register.inclusion_tag("casework/_requests_panel.html", takes_context=True)
def requests_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    user = context.get("user")
    return {
        "inquiry": inquiry,
        "panel": requests_panel_data(inquiry, timezone.localdate(), user),
        "can": context.get("can", {}),
        "csrf_token": context.get("csrf_token"),
    }
