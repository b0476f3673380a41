"""Writes on the report settings: created lazily from the office's preset, then edited.

The office's own Word template is one of them: replaced only by a template
that word_template.checked_template accepts, reset to the standard one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import Office
from borgerraadgiver.offices.services import office_presets
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import ReportSettings
from .word_template import checked_template

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


def _delete_after_commit(settings: ReportSettings, name: str) -> None:
    """Remove a replaced template's file once the change is stored (never before)."""
    if name:
        storage = settings.word_template.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def word_template_replace(*, office: Office, content: bytes) -> ReportSettings:
    """Make `content` the office's Word template for the annual report.

    The template is checked and tried on a small report first
    (word_template.checked_template); a refused one raises ValidationError on
    `word_template` and leaves the office's current template as it was.
    """
    document = checked_template(content, office_name=office.name)
    settings = report_settings_for(office)
    old = settings.word_template.name
    settings.word_template.save("skabelon.docx", ContentFile(document), save=False)
    settings.word_template_uploaded_at = timezone.now()
    settings.full_clean()
    settings.save()
    _delete_after_commit(settings, old)
    return settings


@transaction.atomic
def word_template_reset(*, office: Office) -> ReportSettings:
    """Go back to the standard Word template."""
    settings = report_settings_for(office)
    old = settings.word_template.name
    settings.word_template = ""
    settings.word_template_uploaded_at = None
    settings.full_clean()
    settings.save()
    _delete_after_commit(settings, old)
    return settings
