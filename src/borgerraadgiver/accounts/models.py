"""What login needs beyond the user: an office's session policy, a single sign-on identity."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.offices.models import Office

IDLE_MINUTES_MIN = 5
# A working day: longer than the absolute lifetime would mean no idle timeout at all.
IDLE_MINUTES_MAX = 8 * 60


def default_idle_minutes() -> int:
    return settings.SESSION_IDLE_MINUTES


class OfficeSessionPolicy(models.Model):
    """How long a session of the office's users may sit idle before it ends.

    An office without a row has settings.SESSION_IDLE_MINUTES.
    """

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="session_policy")
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("log af efter inaktivitet (minutter)"),
        default=default_idle_minutes,
        validators=[MinValueValidator(IDLE_MINUTES_MIN), MaxValueValidator(IDLE_MINUTES_MAX)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sessionspolitik")
        verbose_name_plural = _("sessionspolitikker")

    def __str__(self) -> str:
        return f"{self.office}: {self.idle_timeout_minutes} min"


class OidcIdentity(models.Model):
    """The provider's stable subject (`sub`) of a user who logs in by single sign-on.

    Users are found by the subject, never by a name or an e-mail address the
    provider might give to someone else later.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identity"
    )
    subject = models.CharField(_("subjekt"), max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on-identitet")
        verbose_name_plural = _("single sign-on-identiteter")

    def __str__(self) -> str:
        return self.subject
