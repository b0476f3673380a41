"""Vocabulary settings of an office: which dimensions it registers, and its values.

Routed from offices/urls.py under /indstillinger/klassifikationer/. Values are
renamed or hidden, never deleted: registrations keep pointing at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from borgerraadgiver.offices.access import (
    get_value_for_user,
    get_vocabulary_for_user,
    require_office_settings,
)
from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.forms import (
    LocalValueForm,
    RegisteredVocabulariesForm,
    ValueRenameForm,
    ValueVisibilityForm,
)
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import (
    ValueSetting,
    competence_vocabularies,
    configurable_vocabularies,
    office_choices,
    vocabulary_value_settings,
)
from borgerraadgiver.vocabularies.services import (
    local_value_add,
    office_vocabularies_update,
    value_rename,
    value_visibility_set,
)

TEMPLATE = "vocabularies/vocabulary.html"


@dataclass(frozen=True)
class RowError:
    """A refused change to one value, shown at that value's input."""

    value_id: int
    message: str
    submitted: str

    def context(self) -> dict[str, Any]:
        return {
            "error_id": self.value_id,
            "error_message": self.message,
            "error_value": self.submitted,
        }


def vocabularies(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    settings = configurable_vocabularies(office)
    if request.method != "POST":
        form = RegisteredVocabulariesForm(settings=settings)
    else:
        form = RegisteredVocabulariesForm(request.POST, settings=settings)
        if form.is_valid():
            try:
                office_vocabularies_update(office=office, registered=form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc, {})
            else:
                messages.success(request, "Valget af klassifikationer er gemt.")
                return redirect("offices:vocabularies")
    return render(
        request,
        "vocabularies/vocabularies.html",
        {
            "form": form,
            "version": settings[0].vocabulary.version if settings else "",
            "competence": competence_vocabularies(office),
        },
    )


def _groups(office: Office, vocabulary: Vocabulary) -> list[Any] | None:
    if not vocabulary.hierarchical:
        return None
    return [c for c in office_choices(office, vocabulary.code, include_hidden=True) if c.is_group]


def _sections(rows: list[ValueSetting], hierarchical: bool) -> list[dict[str, Any]]:
    """Theme values grouped under their group; other vocabularies as one section."""
    if not hierarchical:
        return [{"group": None, "rows": rows}]
    sections: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row.is_group:
            sections[row.id] = {"group": row, "rows": [row]}
    for row in rows:
        if not row.is_group and row.group_id in sections:
            sections[row.group_id]["rows"].append(row)
    return list(sections.values())


def _vocabulary_page(
    request: HttpRequest,
    vocabulary: Vocabulary,
    *,
    new_form: LocalValueForm | None = None,
    error: RowError | None = None,
) -> HttpResponse:
    office = require_office_settings(request)
    rows = vocabulary_value_settings(office, vocabulary)
    context = {
        "vocabulary": vocabulary,
        "sections": _sections(rows, vocabulary.hierarchical),
        "new_form": new_form or LocalValueForm(groups=_groups(office, vocabulary)),
        **(error.context() if error else {}),
        "registered": vocabulary.code
        in {s.vocabulary.code for s in configurable_vocabularies(office) if s.registered},
    }
    return render(request, TEMPLATE, context)


def vocabulary(request: HttpRequest, code: str) -> HttpResponse:
    return _vocabulary_page(request, get_vocabulary_for_user(request, code))


def value_add(request: HttpRequest, code: str) -> HttpResponse:
    office = require_office_settings(request)
    vocab = get_vocabulary_for_user(request, code)
    if request.method != "POST":
        return redirect("offices:vocabulary", code=vocab.code)
    groups = _groups(office, vocab)
    form = LocalValueForm(request.POST, groups=groups)
    if form.is_valid():
        parent = None
        if groups is not None:
            parent = get_value_for_user(request, vocab, form.cleaned_data["parent"])
        try:
            value = local_value_add(
                office=office, vocabulary=vocab, label=form.cleaned_data["label"], parent=parent
            )
        except ValidationError as exc:
            form.add_service_errors(exc, {})
        else:
            messages.success(request, f"Værdien {value.label} er tilføjet.")
            return redirect(f"{reverse('offices:vocabulary', args=[vocab.code])}#vaerdi-{value.pk}")
    return _vocabulary_page(request, vocab, new_form=form)


def _row_response(
    request: HttpRequest, vocab: Vocabulary, value: VocabularyValue, error: RowError | None = None
) -> HttpResponse:
    """After a change to one value: its row (a group: its section) for htmx, else the page."""
    if not request.htmx:
        if error:
            return _vocabulary_page(request, vocab, error=error)
        return redirect(f"{reverse('offices:vocabulary', args=[vocab.code])}#vaerdi-{value.pk}")
    office = require_office_settings(request)
    rows = vocabulary_value_settings(office, vocab)
    context: dict[str, Any] = {
        "vocabulary": vocab,
        "saved": None if error else value.pk,
        **(error.context() if error else {}),
    }
    if value.is_group:
        section = next(s for s in _sections(rows, True) if s["group"].id == value.pk)
        return render(request, f"{TEMPLATE}#section", {**context, "section": section})
    row = next(r for r in rows if r.id == value.pk)
    return render(request, f"{TEMPLATE}#value_row", {**context, "row": row})


def value_rename_view(request: HttpRequest, code: str) -> HttpResponse:
    office = require_office_settings(request)
    vocab = get_vocabulary_for_user(request, code)
    if request.method != "POST":
        return redirect("offices:vocabulary", code=vocab.code)
    value = get_value_for_user(request, vocab, request.POST.get("value"))
    form = ValueRenameForm(request.POST)
    if not form.is_valid():
        message = " ".join(form.errors.get("label", ["Betegnelsen kan ikke bruges."]))
        error = RowError(value.pk, message, request.POST.get("label", "")[:200])
        return _row_response(request, vocab, value, error)
    try:
        value_rename(office=office, value=value, label=form.cleaned_data["label"])
    except ValidationError as exc:
        error = RowError(value.pk, " ".join(exc.messages), form.cleaned_data["label"])
        return _row_response(request, vocab, value, error)
    if not request.htmx:
        messages.success(request, "Betegnelsen er gemt.")
    return _row_response(request, vocab, value)


def value_visibility(request: HttpRequest, code: str) -> HttpResponse:
    office = require_office_settings(request)
    vocab = get_vocabulary_for_user(request, code)
    if request.method != "POST":
        return redirect("offices:vocabulary", code=vocab.code)
    value = get_value_for_user(request, vocab, request.POST.get("value"))
    form = ValueVisibilityForm(request.POST)
    if not form.is_valid():
        # Only a hand-made request gets here: the page sends 1 or 0.
        return _row_response(request, vocab, value)
    hidden = form.cleaned_data["hidden"]
    value_visibility_set(office=office, value=value, hidden=hidden)
    if not request.htmx:
        messages.success(
            request,
            "Værdien er skjult for nye registreringer." if hidden else "Værdien vises igen.",
        )
    return _row_response(request, vocab, value)
