from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Office(models.Model):
    """One municipality's citizens' advisor office. Everything belongs to one."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    preset = models.CharField(_("skabelon"), max_length=40, blank=True)
    # The annual report period as month-day, e.g. "04-01" to "03-31".
    report_period_start = models.CharField(
        _("beretningsperiode fra"), max_length=5, default="01-01"
    )
    report_period_end = models.CharField(_("beretningsperiode til"), max_length=5, default="12-31")
    statement_deadline_days = models.PositiveIntegerField(
        _("frist for redegørelse (dage)"), default=21
    )
    # What the office lets its secretaries do beyond registering and keeping the
    # journal: capability names from offices.roles.SECRETARY_GRANTABLE.
    secretary_capabilities = models.JSONField(
        _("sekretærers ekstra rettigheder"), default=list, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontor")
        verbose_name_plural = _("kontorer")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def active(self) -> OrgUnitQuerySet:
        return self.filter(retired_at__isnull=True)

    def top_level(self) -> OrgUnitQuerySet:
        return self.filter(parent__isnull=True)


class OrgUnit(models.Model):
    """A node in the office's organisation tree (direktørområde, center, afdeling...).

    `root` is the top-level ancestor (itself for a top-level unit); it is kept
    by the services so that statistics can group on it without walking the tree.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="org_units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("forkortelse"), max_length=20, blank=True)
    external = models.BooleanField(
        _("uden for kommunen"),
        default=False,
        help_text=_("Myndigheder uden for kommunen, fx Udbetaling Danmark."),
    )
    position = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateField(_("nedlagt"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("organisatorisk enhed")
        verbose_name_plural = _("organisatoriske enheder")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "parent", "name"], name="orgunit_unique_name_under_parent"
            ),
        ]
        indexes = [models.Index(fields=["office", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class User(AbstractUser):
    """A member of staff. A user belongs to at most one office and sees only it.

    What a role may do is in offices.roles; the system operator is the one
    role without an office, and it manages offices, never their cases.
    """

    class Role(models.TextChoices):
        ADVISOR = "advisor", _("Borgerrådgiver")
        SECRETARY = "secretary", _("Sekretær")
        READER = "reader", _("Læser")
        OFFICE_ADMIN = "office_admin", _("Kontoradministrator")
        OPERATOR = "operator", _("Systemoperatør")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.ADVISOR)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def clean(self) -> None:
        super().clean()
        if self.role == self.Role.OPERATOR and self.office_id is not None:
            raise ValidationError(
                {"office": _("En systemoperatør hører ikke til et kontor og ser ingen sager.")}
            )
        if self.role != self.Role.OPERATOR and self.office_id is None:
            raise ValidationError({"office": _("Vælg brugerens kontor.")})

    def display_name(self) -> str:
        return self.get_full_name() or self.username
