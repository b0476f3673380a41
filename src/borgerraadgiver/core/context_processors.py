from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from borgerraadgiver.core.access import capabilities
from borgerraadgiver.offices.roles import capability_flags


def office(request: HttpRequest) -> dict[str, Any]:
    """The user's office, and `can`: what the role allows, so templates hide what it does not.

    Hiding a link is a courtesy; the refusal itself is in core.access.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_office": None, "can": capability_flags(frozenset())}
    return {"current_office": user.office, "can": capability_flags(capabilities(request))}
