"""The screening panel on the inquiry page (an inclusion tag the inquiries template calls)."""

from __future__ import annotations

from typing import Any

from django import template

from borgerraadgiver.inquiries.models import Inquiry

from ..screening_selectors import screening_view
from ..screening_views import screening_form

register = template.Library()


@register.inclusion_tag("casework/_screening_panel.html", takes_context=True)
def screening_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    can = context.get("can", {})
    view = screening_view(inquiry)
    # The form is offered on an open inquiry's page until it has been screened; then a
    # link edits it. A closed one (last year's, imported) gets the link only: the page
    # of a finished case is read more than it is screened.
    offered = can.get("case_write") and view.screening is None and inquiry.is_open
    form = screening_form(inquiry, view=view) if offered else None
    return {
        "inquiry": inquiry,
        "view": view,
        "form": form,
        "can": can,
        "csrf_token": context.get("csrf_token"),
    }
