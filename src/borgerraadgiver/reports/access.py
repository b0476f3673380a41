"""The door to an office's report settings, such as its own Word template.

They are office settings: a role needs `settings.manage` (offices.roles), or
it gets 403 before anything is looked up. The check is here and nowhere else.
"""

from __future__ import annotations

from django.http import HttpRequest

from borgerraadgiver.core.access import require
from borgerraadgiver.offices.models import Office
from borgerraadgiver.offices.roles import Capability


def require_report_settings(request: HttpRequest) -> Office:
    """The user's office if the user may change its report settings, else 403."""
    return require(request, Capability.SETTINGS_MANAGE)
