from __future__ import annotations

from dataclasses import dataclass

from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.models import (
    OfficeValueSetting,
    OfficeVocabulary,
    Vocabulary,
    VocabularyValue,
)


@dataclass(frozen=True)
class Choice:
    """A value as one office sees it: its own label, hidden or not."""

    id: int
    code: str
    label: str
    group_id: int | None
    group_label: str
    is_group: bool
    hidden: bool


def registered_vocabularies(office: Office) -> list[str]:
    """Codes of the dimensions the office registers, in the standard order."""
    return list(
        OfficeVocabulary.objects.filter(office=office, registered=True)
        .order_by("vocabulary__position")
        .values_list("vocabulary__code", flat=True)
    )


def office_choices(
    office: Office, vocabulary_code: str, *, include_hidden: bool = False
) -> list[Choice]:
    """All values of one vocabulary for an office, with the office's labels applied."""
    settings = {
        s.value_id: s
        for s in OfficeValueSetting.objects.filter(
            office=office, value__vocabulary__code=vocabulary_code
        )
    }
    values = list(
        VocabularyValue.objects.for_office(office)
        .filter(vocabulary__code=vocabulary_code)
        .order_by("position", "id")
    )
    labels = {v.pk: (settings[v.pk].label if v.pk in settings and settings[v.pk].label else v.label)
              for v in values}
    result = []
    for v in values:
        hidden = v.pk in settings and settings[v.pk].hidden
        if hidden and not include_hidden:
            continue
        result.append(
            Choice(
                id=v.pk,
                code=v.code,
                label=labels[v.pk],
                group_id=v.parent_id,
                group_label=labels.get(v.parent_id, "") if v.parent_id else "",
                is_group=v.is_group,
                hidden=hidden,
            )
        )
    return result


def value_labels(office: Office, vocabulary_code: str) -> dict[int, str]:
    """id -> the office's label, hidden values included (old registrations show them)."""
    return {c.id: c.label for c in office_choices(office, vocabulary_code, include_hidden=True)}


def get_vocabulary(code: str) -> Vocabulary:
    return Vocabulary.objects.get(code=code)
