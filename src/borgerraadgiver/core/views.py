from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from borgerraadgiver.core.access import capabilities
from borgerraadgiver.offices.roles import Capability

# Each role's first page: the first of these its capabilities open.
START_PAGES = (
    (Capability.CASE_READ, "inquiries:worklist"),
    (Capability.REPORT_READ, "reports:dashboard"),
    (Capability.SETTINGS_MANAGE, "offices:settings"),
    (Capability.OFFICES_MANAGE, "offices:office_list"),
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    granted = capabilities(request)
    for capability, page in START_PAGES:
        if capability in granted:
            return redirect(page)
    # A user without an office (or a role) has nowhere to go.
    raise PermissionDenied
