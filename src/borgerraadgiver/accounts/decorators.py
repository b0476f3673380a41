"""Marks for the views an unverified session may still open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

V = TypeVar("V", bound=Callable[..., Any])


def two_factor_exempt(view: V) -> V:
    """The view is open to a user who has logged in but not yet entered a code:
    login, logout, the two-factor pages themselves and the single sign-on return.
    """
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view
