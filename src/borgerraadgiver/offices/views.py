"""Office settings: the start page, report period and the org-unit tree.

Every view gets the office or unit through offices.access, the single door.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from borgerraadgiver.offices.access import get_org_unit_for_user, require_office_settings
from borgerraadgiver.offices.forms import (
    OfficeSettingsForm,
    OrgUnitForm,
    OrgUnitMoveForm,
    OrgUnitRetireForm,
    period_text,
)
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.selectors import (
    office_users,
    org_unit_paths,
    orgunit_move_targets,
    orgunit_tree,
)
from borgerraadgiver.offices.services import (
    office_settings_update,
    orgunit_create,
    orgunit_move,
    orgunit_rename,
    orgunit_retire,
)
from borgerraadgiver.vocabularies.selectors import configurable_vocabularies

UNIT_FIELDS = {"name": "name", "short_name": "short_name", "external": "external"}


def office_settings(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    form = OfficeSettingsForm.for_office(office, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            office_settings_update(
                office=office,
                report_period_start=form.period("start"),
                report_period_end=form.period("end"),
                statement_deadline_days=form.cleaned_data["statement_deadline_days"],
                secretary_capabilities=form.secretary_capabilities(),
            )
        except ValidationError as exc:
            form.add_service_errors(
                exc, {"report_period_start": "start_day", "report_period_end": "end_day"}
            )
        else:
            messages.success(request, "Indstillingerne er gemt.")
            return redirect("offices:settings")
    return render(request, "offices/settings.html", _settings_context(office, form))


def _settings_context(office: Office, form: OfficeSettingsForm) -> dict[str, Any]:
    units = office.org_units.all()
    vocabularies = configurable_vocabularies(office)
    return {
        "office": office,
        "form": form,
        "period": period_text(office.report_period_start, office.report_period_end),
        "units_active": units.filter(retired_at__isnull=True).count(),
        "units_retired": units.filter(retired_at__isnull=False).count(),
        "registered": [v.vocabulary for v in vocabularies if v.registered],
        "users": office_users(office),
    }


def org_units(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    return _tree_page(request, office, OrgUnitForm(prefix="new"))


def _tree_page(request: HttpRequest, office: Office, form: OrgUnitForm) -> HttpResponse:
    return render(
        request,
        "offices/org_units.html",
        {"office": office, "tree": orgunit_tree(office), "form": form},
    )


def org_unit_add(request: HttpRequest) -> HttpResponse:
    """A new top-level unit (sub-units are added from their parent's page)."""
    office = require_office_settings(request)
    if request.method != "POST":
        return redirect("offices:org_units")
    form = OrgUnitForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            unit = orgunit_create(office=office, parent=None, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc, UNIT_FIELDS)
        else:
            messages.success(request, f"Enheden {unit.name} er oprettet.")
            return _back_to_tree(unit)
    return _tree_page(request, office, form)


def _back_to_tree(unit: OrgUnit) -> HttpResponse:
    return redirect(f"{reverse('offices:org_units')}#enhed-{unit.pk}")


def _unit_page(request: HttpRequest, unit: OrgUnit, **forms: Any) -> HttpResponse:
    context = {
        "unit": unit,
        "path": org_unit_paths(unit.office)[unit.pk],
        "inquiries": unit.inquiries.count(),
        "children": list(unit.children.all()),
        "rename_form": forms.get("rename_form") or OrgUnitForm.for_unit(unit),
        "child_form": forms.get("child_form")
        or OrgUnitForm(prefix="child", initial={"external": unit.external}),
        "move_form": forms.get("move_form")
        or OrgUnitMoveForm(unit=unit, targets=orgunit_move_targets(unit)),
        "retire_form": forms.get("retire_form") or OrgUnitRetireForm(),
        "reactivate_errors": forms.get("reactivate_errors", []),
    }
    return render(request, "offices/org_unit.html", context)


def org_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_org_unit_for_user(request, pk)
    return _unit_page(request, unit)


def org_unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_org_unit_for_user(request, pk)
    if request.method != "POST":
        return _unit_page(request, unit)
    form = OrgUnitForm.for_unit(unit, request.POST)
    if form.is_valid():
        try:
            orgunit_rename(unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            unit.refresh_from_db()
            form.add_service_errors(exc, UNIT_FIELDS)
        else:
            messages.success(request, f"Enheden hedder nu {unit.name}.")
            return _back_to_tree(unit)
    return _unit_page(request, unit, rename_form=form)


def org_unit_add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_org_unit_for_user(request, pk)
    if request.method != "POST":
        return _unit_page(request, parent)
    form = OrgUnitForm(request.POST, prefix="child")
    if form.is_valid():
        try:
            unit = orgunit_create(office=parent.office, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc, {**UNIT_FIELDS, "parent": "name"})
        else:
            messages.success(request, f"Enheden {unit.name} er oprettet under {parent.name}.")
            return _back_to_tree(unit)
    return _unit_page(request, parent, child_form=form)


def org_unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_org_unit_for_user(request, pk)
    if request.method != "POST":
        return _unit_page(request, unit)
    form = OrgUnitMoveForm(request.POST, unit=unit, targets=orgunit_move_targets(unit))
    if form.is_valid():
        try:
            orgunit_move(unit=unit, new_parent=form.cleaned_data["parent"])
        except ValidationError as exc:
            unit.refresh_from_db()
            form.add_service_errors(exc, {})
        else:
            messages.success(request, f"Enheden {unit.name} er flyttet.")
            return _back_to_tree(unit)
    return _unit_page(request, unit, move_form=form)


def org_unit_retire(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_org_unit_for_user(request, pk)
    if request.method != "POST":
        return _unit_page(request, unit)
    form = OrgUnitRetireForm(request.POST)
    if form.is_valid():
        try:
            orgunit_retire(unit=unit, on=form.cleaned_data["retired_at"])
        except ValidationError as exc:
            form.add_service_errors(exc, {})
        else:
            messages.success(
                request,
                f"Enheden {unit.name} er nedlagt. Den tilbydes ikke længere ved nye "
                "registreringer, men bliver stående på tidligere henvendelser.",
            )
            return _back_to_tree(unit)
    return _unit_page(request, unit, retire_form=form)


def org_unit_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_org_unit_for_user(request, pk)
    if request.method != "POST":
        return _unit_page(request, unit)
    try:
        orgunit_retire(unit=unit, on=unit.retired_at or timezone.localdate(), retire=False)
    except ValidationError as exc:
        return _unit_page(request, unit, reactivate_errors=exc.messages)
    messages.success(request, f"Enheden {unit.name} er genaktiveret.")
    return _back_to_tree(unit)
