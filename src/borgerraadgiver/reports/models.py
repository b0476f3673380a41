"""The office's counting rules for its reports, as settings the advisor sees and changes."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.offices.models import Office

from .rounding import HALF_UP, LARGEST_REMAINDER


def word_template_path(instance: ReportSettings, filename: str) -> str:
    # An opaque name: the uploaded file's own name says nothing we need.
    return f"report_templates/{instance.office_id}/{uuid.uuid4().hex}.docx"


class ReportSettings(models.Model):
    """One office's rules for counting and presenting its annual report.

    Created lazily with the defaults of the office's preset (see
    reports.services.report_settings_for); each rule is stated on the tables
    it affects, so a reader of the report can see what was counted.
    """

    class Rounding(models.TextChoices):
        HALF_UP = HALF_UP, _("Hele procent, halvdelen op")
        LARGEST_REMAINDER = (
            LARGEST_REMAINDER,
            _("Hele procent efter største brøkdel (summerer altid til 100 %)"),
        )

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="report_settings")
    external_in_totals = models.BooleanField(
        _("myndigheder uden for kommunen tælles med i totalerne"),
        default=True,
        help_text=_("Nøgletal, fordelingen på afdelinger og de samlede tabeller."),
    )
    external_in_department_tables = models.BooleanField(
        _("myndigheder uden for kommunen vises i tabellerne pr. afdeling"),
        default=True,
        help_text=_("Tema pr. afdeling, tabellerne for hver afdeling og udviklingen pr. afdeling."),
    )
    exclude_help_with_complaint = models.BooleanField(
        _("henvendelser om hjælp til klage holdes uden for de tematiske opgørelser"),
        default=False,
        help_text=_(
            "Henvendelsestypen 'Hjælp til klage over afgørelse' eller håndteringen "
            "'Hjælp ifm. klage'."
        ),
    )
    rounding = models.CharField(
        _("afrunding af procenter"),
        max_length=20,
        choices=Rounding.choices,
        default=Rounding.HALF_UP,
    )
    focus_theme_group = models.CharField(
        _("tema der zoomes ind på"),
        max_length=80,
        default="forvaltningsskik",
        help_text=_("Koden for den temagruppe, hvis emner vises for sig."),
    )
    development_periods = models.PositiveSmallIntegerField(
        _("antal perioder i udviklingen"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    word_template = models.FileField(
        _("Word-skabelon"),
        upload_to=word_template_path,
        blank=True,
        help_text=_("Kommunens egen skabelon til beretningen (.docx)."),
    )
    word_template_uploaded_at = models.DateTimeField(
        _("Word-skabelonen lagt op"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("optællingsregler")
        verbose_name_plural = _("optællingsregler")

    def __str__(self) -> str:
        return f"Optællingsregler for {self.office}"


class MonthFacts(models.Model):
    """One office's report counts for one calendar month, summed into a period's report.

    A cache, never the truth: triggers on the inquiries and complaint points
    delete a month's row whenever a registration in it is written (see
    reports.month_triggers), and `config` names the office's rules the counts
    were made under (reports.selectors.months), so that a changed rule reads
    no old month. Counts only, no personal data.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    # The first day of the month.
    month = models.DateField()
    config = models.CharField(max_length=32)
    # What period_facts adds up (see reports.selectors.months for the form).
    facts = models.JSONField()
    # The same reduced to what the development tables read, stored apart so
    # that ten years of months are read without the rest.
    development = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "month"], name="monthfacts_unique_month"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.month:%Y-%m}"
