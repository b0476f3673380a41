"""The retention panel on the inquiry page: a read, shown by the inquiries template."""

from __future__ import annotations

from typing import Any

from django import template

from borgerraadgiver.inquiries.models import Inquiry

from ..forms import LegalHoldForm
from ..models import RetentionRecord
from ..selectors import active_hold, retention_years

register = template.Library()


@register.inclusion_tag("privacy/_legal_hold.html", takes_context=True)
def retention_panel(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    return {
        "inquiry": inquiry,
        "can": context.get("can", {}),
        "csrf_token": context.get("csrf_token"),
        "hold": active_hold(inquiry),
        "record": RetentionRecord.objects.filter(inquiry=inquiry).first(),
        "years": retention_years(inquiry.office),
        "form": LegalHoldForm(auto_id="hold_%s"),
    }
