"""Retention and the citizen's rights: what the office keeps, for how long, and why.

- RetentionPolicy: the office's "years after closing" before an inquiry is anonymised.
- LegalHold: an inquiry that must not be anonymised (a lawsuit, an appeal, a request
  for access pending); released, never deleted, so the reason stays on record.
- RetentionRecord: the deletion log. One row per anonymised inquiry, naming it and
  counting what was removed, never holding the removed content; the cause is the
  retention period or a granted erasure request. Its existence also marks the
  inquiry as anonymised.
- ErasureRequest: a citizen's request under GDPR article 17, its decision, the legal
  ground and the one-month deadline of article 12(3).
"""

from __future__ import annotations

import calendar
import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.offices.models import Office

DEFAULT_RETENTION_YEARS = 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later; the month's last day if it has none.

    Received 31 January: the deadline is 28 (or 29) February, as the EU's rule on
    periods (Regulation 1182/71, art. 3(2)(c)) counts a month.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def years_before(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, -12 * years)


class RetentionPolicy(models.Model):
    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="retention")
    years_after_closing = models.PositiveSmallIntegerField(
        _("år efter afslutning"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Så mange år efter afslutningen anonymiseres en henvendelse: personoplysninger, "
            "fritekst og bilag slettes, statistikken bevares."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opbevaringsregel")
        verbose_name_plural = _("opbevaringsregler")

    def __str__(self) -> str:
        return f"{self.office}: {self.years_after_closing} år"


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(_("begrundelse"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at"]
        verbose_name = _("retslig tilbageholdelse")
        verbose_name_plural = _("retslige tilbageholdelser")
        constraints = [
            # One hold in force at a time: a second reason is added by releasing first.
            models.UniqueConstraint(
                fields=["inquiry"],
                condition=models.Q(released_at__isnull=True),
                name="legalhold_one_active_per_inquiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inquiry.reference}: {self.reason}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


# What a retention run removes, by kind, with the Danish names the log shows.
REMOVED_KINDS: dict[str, str] = {
    "account": "beretning",
    "search_names": "søgenavne",
    "journal_texts": "journaltekster",
    "attachments": "bilag",
    "point_descriptions": "klagepunktsbeskrivelser",
    "casework_texts": "sagsbehandlingsnotater (oversendelser, udtalelser, frister, breve)",
    "persons": "personer anonymiseret",
    "persons_kept": "personer bevaret (anden henvendelse)",
}


class RetentionRecord(models.Model):
    """The deletion log: which inquiry was anonymised, when, why, and how much of each kind."""

    class Cause(models.TextChoices):
        RETENTION = "retention", _("Opbevaringsfristen udløb")
        ERASURE = "erasure", _("Anmodning om sletning imødekommet")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    inquiry = models.OneToOneField(
        Inquiry, on_delete=models.SET_NULL, null=True, related_name="retention_record"
    )
    # Copied, so that the log still names the inquiry if the row is ever deleted.
    inquiry_uid = models.UUIDField()
    inquiry_reference = models.CharField(max_length=60)
    closed = models.DateField()
    run_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    # Kind of data -> how many were removed, e.g. {"journal_texts": 3}. Counts only.
    removed = models.JSONField(default=dict)
    cause = models.CharField(
        _("årsag"), max_length=10, choices=Cause.choices, default=Cause.RETENTION
    )
    # The granted erasure request, when that was the cause.
    erasure = models.ForeignKey(
        "ErasureRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sletningslog")
        verbose_name_plural = _("sletningslog")

    def __str__(self) -> str:
        return f"{self.inquiry_reference} {self.run_on}"

    def removed_summary(self) -> str:
        return ", ".join(
            f"{label}: {self.removed[kind]}"
            for kind, label in REMOVED_KINDS.items()
            if self.removed.get(kind)
        )


class LegalGround(models.TextChoices):
    ARCHIVES = (
        "archives",
        _(
            "Arkivlovgivningen / offentlighedslovens journaliseringspligt "
            "(art. 17, stk. 3, litra b)"
        ),
    )
    NOTES = "notes", _("Forvaltningslovens notatpligt (art. 17, stk. 3, litra b)")
    LEGAL_CLAIMS = (
        "legal_claims",
        _(
            "Oplysningerne er nødvendige for at fastlægge, gøre gældende eller forsvare et "
            "retskrav (art. 17, stk. 3, litra e)"
        ),
    )
    PUBLIC_TASK = (
        "public_task",
        _(
            "Behandlingen er nødvendig for en opgave i samfundets interesse eller "
            "myndighedsudøvelse (art. 17, stk. 3, litra b)"
        ),
    )
    NO_LONGER_NEEDED = (
        "no_longer_needed",
        _("Oplysningerne er ikke længere nødvendige (art. 17, stk. 1, litra a)"),
    )
    OTHER = "other", _("Andet (se begrundelsen)")


class ErasureRequestQuerySet(models.QuerySet["ErasureRequest"]):
    def open(self) -> ErasureRequestQuerySet:
        return self.filter(decision="")


class ErasureRequest(models.Model):
    class Decision(models.TextChoices):
        GRANTED = "granted", _("Imødekommet")
        REFUSED = "refused", _("Afslået")
        PARTLY = "partly", _("Delvist imødekommet")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="erasure_requests")
    received = models.DateField(_("modtaget"))
    decision = models.CharField(_("afgørelse"), max_length=10, choices=Decision.choices, blank=True)
    legal_ground = models.CharField(
        _("retsgrundlag"), max_length=20, choices=LegalGround.choices, blank=True
    )
    explanation = models.TextField(_("begrundelse"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["received", "id"]
        verbose_name = _("anmodning om sletning")
        verbose_name_plural = _("anmodninger om sletning")
        indexes = [models.Index(fields=["office", "decision", "received"])]

    def __str__(self) -> str:
        return f"{self.received}: {self.get_decision_display() or _('uafgjort')}"

    @property
    def deadline(self) -> datetime.date:
        """Article 12(3): an answer within one month of receipt."""
        return add_months(self.received, 1)

    @property
    def is_open(self) -> bool:
        return not self.decision

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.deadline
