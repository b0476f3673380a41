from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def office(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_office": None}
    return {"current_office": user.office}
