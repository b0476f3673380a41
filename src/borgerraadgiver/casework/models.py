from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.casework.calendar import ClosedDays
from borgerraadgiver.inquiries.models import (
    ComplaintPoint,
    Inquiry,
    JournalEntry,
    vocabulary_value_fk,
)
from borgerraadgiver.offices.models import Office, OrgUnit


class OfficeCalendar(models.Model):
    """Which of the four optional closed days an office keeps closed.

    Defaults follow common municipal practice: most municipalities close their
    offices on Grundlovsdag (at least from noon), 24 and 31 December under their
    local agreements, while 1 May is a working day for most of their staff, so
    a deadline should not skip it unless the office says so.
    """

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="calendar")
    closed_grundlovsdag = models.BooleanField(_("lukket grundlovsdag (5. juni)"), default=True)
    closed_christmas_eve = models.BooleanField(
        _("lukket juleaftensdag (24. december)"), default=True
    )
    closed_new_years_eve = models.BooleanField(
        _("lukket nytårsaftensdag (31. december)"), default=True
    )
    closed_may_day = models.BooleanField(_("lukket 1. maj"), default=False)

    class Meta:
        verbose_name = _("kontorets kalender")
        verbose_name_plural = _("kontorernes kalendere")

    def __str__(self) -> str:
        return f"Kalender for {self.office}"

    def closed_days(self) -> ClosedDays:
        return ClosedDays(
            grundlovsdag=self.closed_grundlovsdag,
            christmas_eve=self.closed_christmas_eve,
            new_years_eve=self.closed_new_years_eve,
            may_day=self.closed_may_day,
        )


class CaseworkSettings(models.Model):
    """An office's casework rules: its statutes' deadlines and competence limit.

    Defaults from `deadlines` and `competence.limitation` in the taxonomy;
    Office.statement_deadline_days (calendar days) stays the statement
    request's default deadline.
    """

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="casework")
    # The reply guarantee: the citizen hears from the advisor within N working days.
    reply_working_days = models.PositiveSmallIntegerField(
        _("svarfrist til borgeren (arbejdsdage)"), default=10
    )
    # How long a department has to answer a forwarded complaint (oversendelse).
    referral_working_days = models.PositiveSmallIntegerField(
        _("frist for forvaltningens svar på oversendelse (arbejdsdage)"), default=10
    )
    # The one-year rule: months from the act or decision complained of.
    limitation_months = models.PositiveSmallIntegerField(
        _("klagefrist (måneder fra forholdet)"), default=12
    )
    # Days before a deadline the reminder is sent, and after it the chase.
    remind_days_before = models.PositiveSmallIntegerField(
        _("påmindelse dage før fristen"), default=2
    )

    class Meta:
        verbose_name = _("kontorets sagsbehandlingsregler")
        verbose_name_plural = _("kontorernes sagsbehandlingsregler")

    def __str__(self) -> str:
        return f"Sagsbehandlingsregler for {self.office}"


class Screening(models.Model):
    """The competence screening at intake (one per inquiry)."""

    class Result(models.TextChoices):
        WITHIN = "within", _("Inden for kompetence")
        REJECTED = "rejected", _("Afvist")

    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="screening")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    # The date of the decision or the act complained of: the one-year rule counts from it.
    act_date = models.DateField(_("dato for afgørelsen eller forholdet"), null=True, blank=True)
    within = vocabulary_value_fk(_("område inden for kompetencen"), "competence_within")
    exclusion = vocabulary_value_fk(_("undtagelse"), "competence_exclusion")
    dispensation_ground = vocabulary_value_fk(
        _("dispensation fra 1-årsfristen"), "dispensation_ground"
    )
    result = models.CharField(_("resultat"), max_length=10, choices=Result.choices)
    rejection_ground = vocabulary_value_fk(_("afvisningsgrund"), "rejection_ground")
    # Where the citizen can go instead (appeals body, Ombudsman, the department).
    referred_elsewhere = models.TextField(_("borgeren kan i stedet gå til"), blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    screened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kompetencevurdering")
        verbose_name_plural = _("kompetencevurderinger")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(result="rejected") | models.Q(rejection_ground__isnull=False),
                name="screening_rejection_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inquiry} {self.get_result_display()}"


class DepartmentRequest(models.Model):
    """A referral (oversendelse) or a request for a written statement (redegørelse)."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Oversendelse")
        STATEMENT = "statement", _("Anmodning om redegørelse")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="department_requests"
    )
    # Denormalised for office scoping, the row-level wall and the figures.
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("modtager"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"), blank=True)
    # The complaint as forwarded, and the advisor's specific questions.
    complaint = models.TextField(_("klagen"), blank=True)
    questions = models.TextField(_("spørgsmål til forvaltningen"), blank=True)
    # The citizen's consent to contacting the department, and when it was given.
    citizen_consent = models.BooleanField(_("borgeren har givet samtykke"), default=False)
    consent_date = models.DateField(_("samtykke givet"), null=True, blank=True)
    # The complaint points the request concerns (all of the inquiry's when empty).
    points = models.ManyToManyField(ComplaintPoint, blank=True, related_name="department_requests")
    sent_on = models.DateField(_("sendt"))
    answered_on = models.DateField(_("besvaret"), null=True, blank=True)
    answer = vocabulary_value_fk(_("forvaltningens svar"), "department_answer")
    answer_summary = models.TextField(_("resumé af svaret"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("henvendelse til forvaltningen")
        verbose_name_plural = _("henvendelser til forvaltningen")
        indexes = [models.Index(fields=["office", "kind", "sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("sent_on")),
                name="departmentrequest_answer_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} til {self.org_unit}"


class PointStatement(models.Model):
    """The advisor's statement (udtalelse) on one complaint point.

    The conclusion and the grade of criticism stay on the complaint point
    (ComplaintPoint.conclusion / criticism_grade), where the report counts them;
    this holds the reasoning and the follow-up of a henstilling.
    """

    class Perspective(models.TextChoices):
        LEGAL = "legal", _("Juridisk")
        ETHICAL = "ethical", _("Etisk")
        EQUALITY = "equality", _("Lighed")
        VALUE_BASE = "value_base", _("Kommunens værdigrundlag")

    class FollowUp(models.TextChoices):
        NONE = "", _("Ingen opfølgning")
        PENDING = "pending", _("Afventer forvaltningens tilbagemelding")
        FOLLOWED = "followed", _("Efterlevet")
        NOT_FOLLOWED = "not_followed", _("Ikke efterlevet")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    point = models.OneToOneField(ComplaintPoint, on_delete=models.CASCADE, related_name="statement")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    # Codes of Perspective: a statement may weigh several.
    perspectives = models.JSONField(_("perspektiver"), default=list, blank=True)
    reasons = models.TextField(_("begrundelse"), blank=True)
    recommendation = models.TextField(_("henstilling eller anbefaling"), blank=True)
    decided_on = models.DateField(_("udtalelse afgivet"), null=True, blank=True)
    follow_up = models.CharField(
        _("opfølgning"), max_length=15, choices=FollowUp.choices, blank=True, default=""
    )
    follow_up_reported_on = models.DateField(
        _("forvaltningens tilbagemelding"), null=True, blank=True
    )
    follow_up_note = models.TextField(_("tilbagemeldingen"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("udtalelse om klagepunkt")
        verbose_name_plural = _("udtalelser om klagepunkter")
        indexes = [models.Index(fields=["office", "follow_up"])]

    def __str__(self) -> str:
        return f"Udtalelse om {self.point_id}"


class Deadline(models.Model):
    """Every date someone is waiting for, in one table: the worklist reads it alone.

    A row is open until `met_on` is set. A department request has one
    (REFERRAL or STATEMENT, kept in step with the request: its extensions
    move `due`); the advisor's reply to the citizen is REPLY; a henstilling's
    follow-up is FOLLOW_UP. While the case's clock is paused (`paused_since`)
    the row is not overdue; resuming moves `due` on by the paused working days.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", _("Svar til borgeren")
        REFERRAL = "referral", _("Forvaltningens svar på oversendelse")
        STATEMENT = "statement", _("Forvaltningens redegørelse")
        FOLLOW_UP = "follow_up", _("Opfølgning på henstilling")
        OTHER = "other", _("Egen frist")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("beskrivelse"), max_length=200, blank=True)
    due = models.DateField(_("frist"))
    # The first deadline, before extensions and pauses: "answered on time" measures against it.
    original_due = models.DateField(_("oprindelig frist"))
    met_on = models.DateField(_("overholdt/afsluttet"), null=True, blank=True)
    paused_since = models.DateField(_("sat på pause"), null=True, blank=True)
    request = models.OneToOneField(
        DepartmentRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="deadline"
    )
    statement = models.OneToOneField(
        PointStatement, on_delete=models.CASCADE, null=True, blank=True, related_name="deadline"
    )
    # Who must act when it comes due: the advisor for REPLY, else who chases it.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("frist")
        verbose_name_plural = _("frister")
        indexes = [
            models.Index(
                fields=["office", "due"],
                condition=models.Q(met_on__isnull=True),
                name="deadline_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"

    @property
    def extendable(self) -> bool:
        """A department's deadline (its answer, statement or follow-up report) may be
        moved at its request; the advisor's own promises are kept or paused."""
        return self.kind in (self.Kind.REFERRAL, self.Kind.STATEMENT, self.Kind.FOLLOW_UP)


class DeadlineExtension(models.Model):
    """A department's request for more time, with the advisor's answer."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    requested_on = models.DateField(_("anmodet"))
    reason = models.TextField(_("begrundelse"))
    previous_due = models.DateField(_("hidtidig frist"))
    new_due = models.DateField(_("ny frist"))
    granted = models.BooleanField(_("imødekommet"), default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("fristforlængelse")
        verbose_name_plural = _("fristforlængelser")


class CasePause(models.Model):
    """The case's clock stopped while the advisor waits for the citizen."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="pauses")
    started = models.DateField(_("sat på pause"))
    ended = models.DateField(_("genoptaget"), null=True, blank=True)
    reason = models.CharField(_("årsag"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["started", "id"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauser")


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Kvittering")
    REFERRAL = "referral", _("Oversendelse")
    STATEMENT_REQUEST = "statement_request", _("Anmodning om redegørelse")
    REMINDER = "reminder", _("Rykker")
    EXTENSION_ANSWER = "extension_answer", _("Svar på fristforlængelse")
    STATEMENT = "statement", _("Udtalelse")
    REJECTION = "rejection", _("Afvisning")
    CLOSING = "closing", _("Afslutning")


class LetterTemplate(models.Model):
    """An office's own Word template for one kind of letter (else the shipped one)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("brevskabelon")
        verbose_name_plural = _("brevskabeloner")
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="lettertemplate_unique_kind")
        ]


class Letter(models.Model):
    """A letter made from a template: the document lives in the journal (its attachment)."""

    class Recipient(models.TextChoices):
        CITIZEN = "citizen", _("Borgeren")
        DEPARTMENT = "department", _("Forvaltningen")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="letters")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices)
    recipient = models.CharField(_("modtager"), max_length=10, choices=Recipient.choices)
    request = models.ForeignKey(
        DepartmentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    journal_entry = models.OneToOneField(
        JournalEntry, on_delete=models.CASCADE, related_name="letter"
    )
    email_to = models.EmailField(_("sendt til"), blank=True)
    emailed_at = models.DateTimeField(_("sendt med e-mail"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("brev")
        verbose_name_plural = _("breve")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.inquiry})"
