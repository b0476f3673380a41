"""The requests panel on the inquiry page (an inclusion tag the inquiries template calls)."""

from __future__ import annotations

from typing import Any

from django import template

from borgerraadgiver.inquiries.models import Inquiry

register = template.Library()


@register.inclusion_tag("casework/_requests_panel.html", takes_context=True)
def requests_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    return {
        "inquiry": inquiry,
        "can": context.get("can", {}),
        "csrf_token": context.get("csrf_token"),
    }
