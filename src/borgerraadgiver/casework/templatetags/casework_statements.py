"""The statements panel on the inquiry page (an inclusion tag the inquiries template calls)."""

from __future__ import annotations

from typing import Any

from django import template

from borgerraadgiver.casework.statements_selectors import statements_panel as panel_data
from borgerraadgiver.casework.statements_views import report_form_for
from borgerraadgiver.inquiries.models import Inquiry

register = template.Library()


@register.inclusion_tag("casework/_statements_panel.html", takes_context=True)
def statements_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    panel = panel_data(inquiry)
    return {
        "inquiry": inquiry,
        "panel": panel,
        "rows": [(row, report_form_for(row.point.position)) for row in panel.rows],
        "can": context.get("can", {}),
        "csrf_token": context.get("csrf_token"),
    }
