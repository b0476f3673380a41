"""Every URL of the app, filled with objects the walking user may see.

The route list comes from the URL configuration (the office-boundary sweep's
walker), so a new route is checked by every walk without anyone adding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tests.test_office_boundary import _routes

KINDS = {
    "UUIDConverter": "uuid",
    "IntConverter": "int",
    "StringConverter": "str",
    "SlugConverter": "str",
}


def route_urls(candidates: dict[str, list[Any]]) -> Iterator[tuple[str, str]]:
    """(route name, URL) for every route and every combination of candidates."""
    for name, pattern, entry in _routes():
        combos: list[dict[str, Any]] = [{}]
        for param, converter in entry.pattern.converters.items():
            kind = KINDS.get(type(converter).__name__)
            if kind is None:
                pytest.fail(f"{pattern}: cannot fill {param} ({converter!r}); extend KINDS")
            combos = [dict(c, **{param: v}) for c in combos for v in candidates[kind]]
        for kwargs in combos:
            yield name, reverse(name, kwargs=kwargs)
