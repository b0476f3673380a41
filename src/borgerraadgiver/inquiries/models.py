from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.vocabularies.models import VocabularyValue

from .cpr import cpr_columns, cpr_decrypt, cpr_hash, cpr_normalise

# Inquiry-level vocabularies are columns on Inquiry, so that statistics can
# GROUP BY them directly. Vocabulary code -> field name.
INQUIRY_DIMENSIONS: tuple[str, ...] = (
    "inquiry_kind",
    "primary_reason",
    "handling",
    "channel",
    "requester_kind",
    "outcome",
)
POINT_DIMENSIONS: tuple[str, ...] = ("theme", "conclusion", "criticism_grade")


def vocabulary_value_fk(label: str, vocabulary: str) -> models.ForeignKey:
    return models.ForeignKey(
        VocabularyValue,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__code": vocabulary},
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def with_cpr(self, office: Office, digits: str) -> PersonQuerySet:
        """The office's persons with this CPR number, found by its keyed hash."""
        digits = cpr_normalise(digits)
        if not digits:
            return self.none()
        return self.filter(office=office, cpr_hash=cpr_hash(digits, office.pk))


class Person(models.Model):
    """A citizen, relative or representative known to the office."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("navn"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The CPR number, never stored in plain text: read and written through
    # `cpr` (inquiries/cpr.py), found through `Person.objects.with_cpr()`.
    cpr_encrypted = models.TextField(blank=True, editable=False)
    cpr_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A pseudonymous reference from an import, used only to count distinct persons.
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [
            models.Index(fields=["office", "name"]),
            models.Index(fields=["office", "phone"]),
            models.Index(fields=["office", "cpr_hash"]),
            models.Index(fields=["office", "reference"]),
        ]

    def __str__(self) -> str:
        return self.name or self.reference or str(_("(uden navn)"))

    @property
    def cpr(self) -> str:
        """The CPR number's ten digits, decrypted; "" when none is known."""
        return cpr_decrypt(self.cpr_encrypted) if self.cpr_encrypted else ""

    @cpr.setter
    def cpr(self, value: str) -> None:
        # Validated and compacted here too, so the hash is always of the same ten digits.
        # The hash is the office's own (cpr.py); Person(office=..., cpr=...) sets the office first.
        for column, stored in cpr_columns(cpr_normalise(value), self.office_id).items():
            setattr(self, column, stored)

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_hash)

    @property
    def masked_cpr(self) -> str:
        """DDMMYY-XXXX: the birth date may be shown, the serial never."""
        if not self.has_cpr:
            return ""
        return f"{self.cpr[:6]}-xxxx"


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def open(self) -> InquiryQuerySet:
        return self.filter(status=Inquiry.Status.OPEN)

    def closed(self) -> InquiryQuerySet:
        return self.filter(status=Inquiry.Status.CLOSED)

    def in_period(self, start: datetime.date, end: datetime.date) -> InquiryQuerySet:
        return self.filter(received__gte=start, received__lte=end)

    def for_office(self, office: Office) -> InquiryQuerySet:
        return self.filter(office=office)


class Inquiry(models.Model):
    """One contact about one matter (henvendelse)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Afsluttet")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="inquiries")
    reference = models.CharField(_("journalnummer"), max_length=60)
    received = models.DateField(_("modtaget"))
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhed"), on_delete=models.PROTECT, related_name="inquiries"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("den berørte borger"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    requester = models.ForeignKey(
        Person,
        verbose_name=_("henvender (repræsentant)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_inquiries",
        help_text=_("Udfyldes når en anden henvender sig på borgerens vegne."),
    )
    anonymous = models.BooleanField(_("anonym henvendelse"), default=False)
    anonymous_to_administration = models.BooleanField(
        _("anonym over for forvaltningen"), default=False
    )
    account = models.TextField(_("borgerens beretning"), blank=True)
    # The names of the person and the requester, kept with the inquiry by the
    # services (search_names_of): the free-text search then reads one index of
    # the inquiries, and a common surname needs no join to a million persons.
    search_names = models.TextField(blank=True, default="", editable=False)

    inquiry_kind = vocabulary_value_fk(_("henvendelsestype"), "inquiry_kind")
    primary_reason = vocabulary_value_fk(_("primær årsag"), "primary_reason")
    handling = vocabulary_value_fk(_("håndtering"), "handling")
    channel = vocabulary_value_fk(_("henvendelsesform"), "channel")
    requester_kind = vocabulary_value_fk(_("henvender sig som"), "requester_kind")
    outcome = vocabulary_value_fk(_("udfald"), "outcome")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed = models.DateField(_("afsluttet"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sagsbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: every save through the services bumps it; a save
    # carrying an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received", "-id"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference"], name="inquiry_unique_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(closed__isnull=True)
                | models.Q(closed__gte=models.F("received")),
                name="inquiry_closed_after_received",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "received"]),
            models.Index(fields=["office", "status", "received"]),
            models.Index(fields=["office", "org_unit"]),
            # Covers every column the report aggregates, so that a period's
            # statistics read this index alone and never the (wide) rows.
            models.Index(
                fields=["office", "received", "org_unit", "person", *INQUIRY_DIMENSIONS],
                name="inquiry_report_covering",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def age_in_days(self, today: datetime.date | None = None) -> int:
        end = self.closed or today or timezone.localdate()
        return (end - self.received).days

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ComplaintPoint(models.Model):
    """A distinct legal issue in an inquiry; position 1 is the hovedsag."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="points")
    # Denormalised from the inquiry so that statistics scope by office without a join.
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("nummer"))
    theme = vocabulary_value_fk(_("tema"), "theme")
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhed"), on_delete=models.PROTECT, related_name="points"
    )
    conclusion = vocabulary_value_fk(_("udtalelse"), "conclusion")
    criticism_grade = vocabulary_value_fk(_("kritikkens grad"), "criticism_grade")
    description = models.TextField(_("beskrivelse"), blank=True)
    # Copied from the inquiry whenever the points are written (REPORT_COPIED):
    # the annual report then reads one index of the points for a period,
    # instead of joining a million points to their inquiries.
    received = models.DateField(editable=False)
    inquiry_kind = models.ForeignKey(
        VocabularyValue, on_delete=models.PROTECT, null=True, related_name="+",
        db_index=False, editable=False,
    )  # fmt: skip
    handling = models.ForeignKey(
        VocabularyValue, on_delete=models.PROTECT, null=True, related_name="+",
        db_index=False, editable=False,
    )  # fmt: skip

    class Meta:
        ordering = ["inquiry", "position"]
        verbose_name = _("klagepunkt")
        verbose_name_plural = _("klagepunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "position"], name="complaintpoint_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="complaintpoint_position_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["office", "theme"]),
            # A period's points and every column the report groups or counts
            # them by: the report reads this index alone, never the rows.
            models.Index(
                fields=[
                    "office",
                    "received",
                    "org_unit",
                    "theme",
                    "conclusion",
                    "position",
                    "inquiry_kind",
                    "handling",
                ],
                name="point_report_period",
            ),  # fmt: skip
        ]

    # The inquiry's fields the point carries a copy of, under the same names.
    REPORT_COPIED = ("received", "inquiry_kind_id", "handling_id")

    def copy_from_inquiry(self, inquiry: Inquiry) -> None:
        for name in self.REPORT_COPIED:
            setattr(self, name, getattr(inquiry, name))

    def __str__(self) -> str:
        return f"{self.inquiry.reference} #{self.position}"

    @property
    def is_main(self) -> bool:
        return self.position == 1


def attachment_path(instance: JournalEntry, filename: str) -> str:
    # Stored under an opaque name: the citizen's file name may be personal data.
    return f"attachments/{instance.inquiry.office_id}/{uuid.uuid4().hex}"


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Telefonsamtale")
        MEETING = "meeting", _("Møde")
        MAIL_IN = "mail_in", _("Post ind")
        MAIL_OUT = "mail_out", _("Post ud")
        NOTE = "note", _("Notat")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="journal")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    occurred = models.DateField(_("dato"), default=timezone.localdate)
    text = models.TextField(_("tekst"), blank=True)
    attachment = models.FileField(_("bilag"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred", "-created_at"]
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journal")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred}"
