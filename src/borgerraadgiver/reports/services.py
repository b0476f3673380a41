"""Writes on the report settings: created lazily from the office's preset, then edited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import Office
from borgerraadgiver.offices.services import office_presets
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import ReportSettings

_EDITABLE = (
    "external_in_totals",
    "external_in_department_tables",
    "exclude_help_with_complaint",
    "rounding",
    "focus_theme_group",
    "development_periods",
)


def report_settings_defaults(office: Office) -> dict[str, Any]:
    """The counting rules an office starts from, read from its preset's `rules`.

    offices.yaml states the rules in prose; two of them change what is counted:
    Albertslund leaves help-with-complaint inquiries out of the thematic tables,
    Lyngby-Taarbæk leaves authorities outside the municipality out of the
    per-centre statistics. An office without a preset shows everything.
    """
    rules = [r.lower() for r in office_presets().get(office.preset, {}).get("rules", [])]
    help_out = any("help to write a complaint" in r and "left out" in r for r in rules)
    external_out = any("outside the municipality" in r and "left out" in r for r in rules)
    return {
        "external_in_totals": True,
        "external_in_department_tables": not external_out,
        "exclude_help_with_complaint": help_out,
    }


@transaction.atomic
def report_settings_for(office: Office) -> ReportSettings:
    """The office's settings, created with its preset's defaults the first time."""
    existing = ReportSettings.objects.filter(office=office).first()
    if existing is not None:
        return existing
    settings = ReportSettings(office=office, **report_settings_defaults(office))
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def report_settings_update(*, office: Office, **changes: Any) -> ReportSettings:
    """Change the counting rules; unknown names are refused, values validated."""
    unknown = sorted(set(changes) - set(_EDITABLE))
    if unknown:
        raise ValidationError(_("Ukendte indstillinger: %(names)s") % {"names": ", ".join(unknown)})
    settings = report_settings_for(office)
    for name, value in changes.items():
        setattr(settings, name, value)
    if "focus_theme_group" in changes:
        groups = VocabularyValue.objects.for_office(office).filter(
            vocabulary__code="theme", is_group=True, code=changes["focus_theme_group"]
        )
        if not groups.exists():
            raise ValidationError({"focus_theme_group": _("Vælg en af temagrupperne.")})
    settings.full_clean()
    settings.save()
    return settings
