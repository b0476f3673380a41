from __future__ import annotations

import uuid
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.models import (
    OfficeValueSetting,
    OfficeVocabulary,
    Vocabulary,
    VocabularyValue,
)

TAXONOMY_DIR = Path(__file__).resolve().parent / "taxonomy"

# Lists outside `vocabularies:` in standard.yaml that later features pick from.
# (vocabulary code, label, path in the YAML)
_EXTRA_LISTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("competence_within", "Inden for kompetence", ("competence", "within")),
    ("competence_exclusion", "Undtaget fra kompetence", ("competence", "exclusions")),
    ("rejection_ground", "Afvisningsgrund", ("competence", "rejection_grounds", "values")),
    (
        "dispensation_ground",
        "Dispensationsgrund (1-årsfristen)",
        ("competence", "limitation", "dispensation_grounds"),
    ),
    ("appeals_result", "Ankestyrelsens afgørelse: resultat", ("appeals_board", "results")),
    ("appeals_decision", "Ankestyrelsens afgørelse", ("appeals_board", "decisions")),
    ("appeals_remark_theme", "Bemærkningernes tema", ("appeals_board", "remark_themes")),
    ("activity_kind", "Aktivitet", ("activities", "kinds")),
)
_FLAG_KEYS = ("counts_as_complaint", "involves_administration")


@cache
def standard_taxonomy() -> dict[str, Any]:
    with (TAXONOMY_DIR / "standard.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _dig(data: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    node: Any = data
    for key in path:
        node = node[key]
    return list(node)


def _upsert_value(
    *,
    vocabulary: Vocabulary,
    code: str,
    label: str,
    position: int,
    parent: VocabularyValue | None = None,
    is_group: bool = False,
    flags: dict[str, Any] | None = None,
    using: str = "default",
) -> VocabularyValue:
    value, _created = VocabularyValue.objects.using(using).update_or_create(
        vocabulary=vocabulary,
        office=None,
        code=code,
        defaults={
            "label": label,
            "position": position,
            "parent": parent,
            "is_group": is_group,
            "flags": flags or {},
        },
    )
    return value


@transaction.atomic
def standard_vocabularies_load(*, using: str = "default") -> str:
    """Create or update the standard vocabularies from the shipped standard.yaml.

    Values are matched by code and never deleted, so registrations that point
    at a value keep it even if a later release drops it. Returns the version.
    """
    data = standard_taxonomy()
    version = str(data["version"])
    position = 0
    for code, spec in data["vocabularies"].items():
        position += 1
        vocabulary, _created = Vocabulary.objects.using(using).update_or_create(
            code=code,
            defaults={
                "label": spec["label"],
                "per": spec["per"],
                "hierarchical": bool(spec.get("hierarchical")),
                "version": version,
                "position": position,
            },
        )
        if spec.get("hierarchical"):
            pos = 0
            for group in spec["groups"]:
                pos += 1
                group_value = _upsert_value(
                    vocabulary=vocabulary,
                    code=group["code"],
                    label=group["label"],
                    position=pos,
                    is_group=True,
                    using=using,
                )
                for leaf in group["leaves"]:
                    pos += 1
                    _upsert_value(
                        vocabulary=vocabulary,
                        code=leaf["code"],
                        label=leaf["label"],
                        position=pos,
                        parent=group_value,
                        using=using,
                    )
        else:
            for pos, item in enumerate(spec["values"], start=1):
                _upsert_value(
                    vocabulary=vocabulary,
                    code=item["code"],
                    label=item["label"],
                    position=pos,
                    flags={k: item[k] for k in _FLAG_KEYS if k in item},
                    using=using,
                )
    for code, label, path in _EXTRA_LISTS:
        position += 1
        vocabulary, _created = Vocabulary.objects.using(using).update_or_create(
            code=code,
            defaults={
                "label": label,
                "per": Vocabulary.Per.OTHER,
                "hierarchical": False,
                "version": version,
                "position": position,
            },
        )
        for pos, item in enumerate(_dig(data, path), start=1):
            _upsert_value(
                vocabulary=vocabulary,
                code=item["code"],
                label=item["label"],
                position=pos,
                using=using,
            )
    return version


@transaction.atomic
def office_vocabularies_set(*, office: Office, registered: list[str]) -> None:
    """Record which dimensions the office registers (a preset's `registers`)."""
    for vocabulary in Vocabulary.objects.exclude(per=Vocabulary.Per.OTHER):
        OfficeVocabulary.objects.update_or_create(
            office=office,
            vocabulary=vocabulary,
            defaults={"registered": vocabulary.code in registered},
        )


@transaction.atomic
def local_value_add(
    *, office: Office, vocabulary: Vocabulary, label: str, parent: VocabularyValue | None = None
) -> VocabularyValue:
    """Add an office's own value (a theme leaf needs a group as parent)."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Skriv en betegnelse.")})
    if vocabulary.hierarchical and (parent is None or not parent.is_group):
        raise ValidationError({"parent": _("Vælg den gruppe værdien hører til.")})
    if parent is not None and (
        parent.vocabulary_id != vocabulary.pk or parent.office_id not in (None, office.pk)
    ):
        raise ValidationError({"parent": _("Gruppen hører ikke til denne klassifikation.")})
    existing = VocabularyValue.objects.for_office(office).filter(
        vocabulary=vocabulary, label__iexact=label
    )
    if existing.exists() or _label_taken(office=office, vocabulary=vocabulary, label=label):
        raise ValidationError({"label": _("Værdien findes allerede.")})
    last = VocabularyValue.objects.filter(vocabulary=vocabulary).order_by("-position").first()
    value = VocabularyValue(
        vocabulary=vocabulary,
        office=office,
        parent=parent,
        code=f"local_{office.pk}_{uuid.uuid4().hex[:12]}",
        label=label,
        position=(last.position if last else 0) + 1,
    )
    value.full_clean()
    value.save()
    return value


@transaction.atomic
def value_setting_update(
    *, office: Office, value: VocabularyValue, label: str = "", hidden: bool = False
) -> OfficeValueSetting:
    """Rename or hide a value for one office. Registrations keep pointing at it."""
    if value.office_id not in (None, office.pk):
        raise ValidationError(_("Værdien tilhører et andet kontor."))
    setting, _created = OfficeValueSetting.objects.update_or_create(
        office=office, value=value, defaults={"label": label.strip(), "hidden": hidden}
    )
    return setting


def _label_taken(
    *, office: Office, vocabulary: Vocabulary, label: str, exclude: VocabularyValue | None = None
) -> bool:
    """Whether another value already goes by this label, standard or the office's own.

    The importer matches values by label, so two values must never share one.
    """
    values = VocabularyValue.objects.for_office(office).filter(vocabulary=vocabulary)
    overrides = OfficeValueSetting.objects.filter(
        office=office, value__vocabulary=vocabulary
    ).exclude(label="")
    if exclude is not None:
        values = values.exclude(pk=exclude.pk)
        overrides = overrides.exclude(value=exclude)
    return (
        values.filter(label__iexact=label).exists()
        or overrides.filter(label__iexact=label).exists()
    )


# Complaint-point dimensions that only make sense together with another one:
# a conclusion is given on a point, and points are registered by theme.
_REQUIRES: dict[str, str] = {"conclusion": "theme", "criticism_grade": "conclusion"}


@transaction.atomic
def office_vocabularies_update(*, office: Office, registered: dict[str, bool]) -> None:
    """Switch dimensions on or off for an office; codes not given stay as they are.

    Registrations already made keep their values whatever is switched off.
    """
    vocabularies = {
        v.code: v
        for v in Vocabulary.objects.filter(
            per__in=(Vocabulary.Per.INQUIRY, Vocabulary.Per.COMPLAINT_POINT)
        )
    }
    unknown = sorted(set(registered) - set(vocabularies))
    if unknown:
        raise ValidationError(
            _("Ukendt klassifikation: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    current = dict(
        OfficeVocabulary.objects.filter(office=office).values_list("vocabulary__code", "registered")
    )
    state = {code: registered.get(code, current.get(code, False)) for code in vocabularies}
    errors: dict[str, list[str]] = {}
    for code, needed in _REQUIRES.items():
        if state.get(code) and not state.get(needed):
            errors[code] = [
                _("%(a)s kan kun registreres, når også %(b)s registreres.")
                % {"a": vocabularies[code].label, "b": vocabularies[needed].label}
            ]
    if errors:
        raise ValidationError(errors)
    for code, value in registered.items():
        OfficeVocabulary.objects.update_or_create(
            office=office, vocabulary=vocabularies[code], defaults={"registered": value}
        )


def _setting_for(office: Office, value: VocabularyValue) -> OfficeValueSetting:
    return OfficeValueSetting.objects.filter(office=office, value=value).first() or (
        OfficeValueSetting(office=office, value=value)
    )


@transaction.atomic
def value_rename(*, office: Office, value: VocabularyValue, label: str) -> VocabularyValue:
    """Give a value the office's own label; an empty label restores the standard one.

    Registrations point at the value, not the label, so old ones show the new label.
    """
    if value.office_id not in (None, office.pk):
        raise ValidationError(_("Værdien tilhører et andet kontor."))
    label = label.strip()
    if len(label) > 200:
        raise ValidationError({"label": _("Betegnelsen må højst være 200 tegn.")})
    if not label and value.office_id is not None:
        raise ValidationError({"label": _("Skriv en betegnelse.")})
    if label and _label_taken(
        office=office, vocabulary=value.vocabulary, label=label, exclude=value
    ):
        raise ValidationError({"label": _("En anden værdi har allerede den betegnelse.")})
    if value.office_id is not None:
        # A local value is the office's own: its label is the value's label.
        value.label = label
        value.full_clean()
        value.save(update_fields=["label"])
        return value
    setting = _setting_for(office, value)
    value_setting_update(
        office=office,
        value=value,
        label="" if label == value.label else label,
        hidden=setting.hidden,
    )
    return value


@transaction.atomic
def value_visibility_set(*, office: Office, value: VocabularyValue, hidden: bool) -> None:
    """Hide a value from new registrations (or show it again); it is never deleted.

    Hiding a theme group hides its leaves from the pickers as well.
    """
    setting = _setting_for(office, value)
    value_setting_update(office=office, value=value, label=setting.label, hidden=hidden)
