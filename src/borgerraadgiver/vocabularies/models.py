from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from borgerraadgiver.offices.models import Office


class Vocabulary(models.Model):
    """A classification scheme (theme, inquiry_kind, handling...).

    Standard vocabularies come from taxonomy/standard.yaml; `version` records
    which release of that file loaded them.
    """

    class Per(models.TextChoices):
        INQUIRY = "inquiry", _("Henvendelse")
        COMPLAINT_POINT = "complaint_point", _("Klagepunkt")
        REFERRAL = "referral", _("Oversendelse")
        OTHER = "other", _("Andet")

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    per = models.CharField(max_length=20, choices=Per.choices)
    hierarchical = models.BooleanField(default=False)
    version = models.CharField(max_length=20)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class VocabularyValueQuerySet(models.QuerySet["VocabularyValue"]):
    def for_office(self, office: Office) -> VocabularyValueQuerySet:
        """The standard values plus the office's own local values."""
        return self.filter(models.Q(office__isnull=True) | models.Q(office=office))

    def leaves(self) -> VocabularyValueQuerySet:
        return self.filter(is_group=False)


class VocabularyValue(models.Model):
    """A value of a vocabulary. Theme groups are values with is_group=True.

    A value is never deleted once used; offices hide it instead
    (OfficeValueSetting), so old registrations keep their meaning.
    """

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="values")
    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_values",
        help_text="Set for an office's local value; empty for a standard value.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_group = models.BooleanField(default=False)
    code = models.CharField(max_length=80)
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    # Flags from the taxonomy: counts_as_complaint, involves_administration...
    flags = models.JSONField(default=dict, blank=True)

    objects = VocabularyValueQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"],
                condition=models.Q(office__isnull=True),
                name="vocabularyvalue_unique_standard_code",
            ),
            models.UniqueConstraint(
                fields=["vocabulary", "office", "code"], name="vocabularyvalue_unique_local_code"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class OfficeVocabulary(models.Model):
    """Whether an office registers a dimension (from its preset, changeable)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="vocabularies")
    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.CASCADE, related_name="+")
    registered = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "vocabulary"], name="officevocabulary_unique")
        ]


class OfficeValueSetting(models.Model):
    """An office's own label for a value, or that it hides the value."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="value_settings")
    value = models.ForeignKey(VocabularyValue, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=200, blank=True)
    hidden = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "value"], name="officevaluesetting_unique")
        ]
