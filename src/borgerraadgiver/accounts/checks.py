"""System checks: two-factor off in production, a role map naming no office role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_on_in_production(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.OTP_REQUIRED or settings.DEBUG:
        return []
    return [
        Warning(
            "Two-factor authentication is off (TWO_FACTOR=0) outside debug mode.",
            hint="Users who can see personal data must log in with two factors; unset TWO_FACTOR.",
            id="accounts.W001",
        )
    ]


@register()
def oidc_role_map_names_office_roles(app_configs: Any, **kwargs: Any) -> list[Error]:
    from borgerraadgiver.offices.roles import OFFICE_ROLES

    wrong = sorted(v for v in settings.OIDC_ROLE_MAP.values() if v not in OFFICE_ROLES)
    if not wrong:
        return []
    return [
        Error(
            f"OIDC_ROLE_MAP maps to {', '.join(wrong)}, which single sign-on cannot give.",
            hint=f"Map the provider's values to {', '.join(OFFICE_ROLES)}.",
            id="accounts.E001",
        )
    ]
