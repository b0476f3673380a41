from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

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
    return office_choices_many(office, [vocabulary_code], include_hidden=include_hidden)[
        vocabulary_code
    ]


def office_choices_many(
    office: Office, vocabulary_codes: list[str], *, include_hidden: bool = False
) -> dict[str, list[Choice]]:
    """office_choices for several vocabularies at once, in two queries."""
    settings = {
        s.value_id: s
        for s in OfficeValueSetting.objects.filter(
            office=office, value__vocabulary__code__in=vocabulary_codes
        )
    }
    values = list(
        VocabularyValue.objects.for_office(office)
        .filter(vocabulary__code__in=vocabulary_codes)
        .select_related("vocabulary")
        .order_by("position", "id")
    )
    labels = {
        v.pk: (settings[v.pk].label if v.pk in settings and settings[v.pk].label else v.label)
        for v in values
    }
    hidden_ids = {pk for pk, s in settings.items() if s.hidden}
    result: dict[str, list[Choice]] = {code: [] for code in vocabulary_codes}
    for v in values:
        # A hidden theme group takes its leaves out of the pickers with it.
        hidden = v.pk in hidden_ids or v.parent_id in hidden_ids
        if hidden and not include_hidden:
            continue
        result[v.vocabulary.code].append(
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


@dataclass(frozen=True)
class VocabularySetting:
    """A dimension as the office's settings page shows it."""

    vocabulary: Vocabulary
    registered: bool
    values: int


def configurable_vocabularies(office: Office) -> list[VocabularySetting]:
    """The dimensions an office may register (per inquiry or complaint point)."""
    registered = dict(
        OfficeVocabulary.objects.filter(office=office).values_list("vocabulary_id", "registered")
    )
    vocabularies = (
        Vocabulary.objects.filter(per__in=(Vocabulary.Per.INQUIRY, Vocabulary.Per.COMPLAINT_POINT))
        .annotate(
            n=Count(
                "values",
                filter=(Q(values__office__isnull=True) | Q(values__office=office)),
            )
        )
        .order_by("position")
    )
    return [
        VocabularySetting(vocabulary=v, registered=registered.get(v.pk, False), values=v.n)
        for v in vocabularies
    ]


def value_usage_counts(office: Office, vocabulary: Vocabulary) -> dict[int, int]:
    """value id -> registrations of the office using it, in one grouped query.

    Inquiry-level dimensions count inquiries, complaint-point ones count points;
    a theme group counts the points of all its leaves.
    """
    # Imported here: inquiries depends on vocabularies, not the other way round.
    from borgerraadgiver.inquiries.models import (
        INQUIRY_DIMENSIONS,
        POINT_DIMENSIONS,
        ComplaintPoint,
        Inquiry,
    )

    code = vocabulary.code
    if code in INQUIRY_DIMENSIONS:
        rows = Inquiry.objects.filter(office=office, **{f"{code}__isnull": False})
    elif code in POINT_DIMENSIONS:
        rows = ComplaintPoint.objects.filter(office=office, **{f"{code}__isnull": False})
    else:
        return {}
    counts: dict[int, int] = dict(rows.values(code).annotate(n=Count("pk")).values_list(code, "n"))
    if vocabulary.hierarchical:
        parents = dict(
            VocabularyValue.objects.filter(pk__in=list(counts)).values_list("pk", "parent_id")
        )
        for pk, n in list(counts.items()):
            parent_id = parents.get(pk)
            if parent_id is not None:
                counts[parent_id] = counts.get(parent_id, 0) + n
    return counts


@dataclass(frozen=True)
class ValueSetting:
    """One value on the vocabulary's settings page."""

    id: int
    code: str
    label: str
    standard_label: str
    is_local: bool
    is_group: bool
    group_id: int | None
    hidden: bool
    hidden_by_group: bool
    usage: int


def vocabulary_value_settings(office: Office, vocabulary: Vocabulary) -> list[ValueSetting]:
    """Every value of the vocabulary for the office, hidden ones included, in order."""
    settings = {
        s.value_id: s
        for s in OfficeValueSetting.objects.filter(office=office, value__vocabulary=vocabulary)
    }
    usage = value_usage_counts(office, vocabulary)
    values = list(
        VocabularyValue.objects.for_office(office)
        .filter(vocabulary=vocabulary)
        .order_by("position", "id")
    )
    hidden_ids = {pk for pk, s in settings.items() if s.hidden}
    result = []
    for v in values:
        setting = settings.get(v.pk)
        result.append(
            ValueSetting(
                id=v.pk,
                code=v.code,
                label=setting.label if setting and setting.label else v.label,
                standard_label=v.label,
                is_local=v.office_id is not None,
                is_group=v.is_group,
                group_id=v.parent_id,
                hidden=v.pk in hidden_ids,
                hidden_by_group=v.parent_id in hidden_ids,
                usage=usage.get(v.pk, 0),
            )
        )
    return result


# The competence screening's lists (casework): not registered on an inquiry,
# so not switched on and off, but each office hides, renames and adds values
# to match its statutes.
COMPETENCE_VOCABULARIES = (
    "competence_within",
    "competence_exclusion",
    "rejection_ground",
    "dispensation_ground",
)


def competence_vocabularies(office: Office) -> list[VocabularySetting]:
    """The competence lists with the number of values the office has of each.

    `registered` is always True: the screening uses every list whatever the
    office registers.
    """
    vocabularies = (
        Vocabulary.objects.filter(code__in=COMPETENCE_VOCABULARIES)
        .annotate(
            n=Count(
                "values",
                filter=(Q(values__office__isnull=True) | Q(values__office=office)),
            )
        )
        .order_by("position")
    )
    return [VocabularySetting(vocabulary=v, registered=True, values=v.n) for v in vocabularies]
