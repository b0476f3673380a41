"""The system operator's pages: create an office from a preset, and its first administrator.

The operator belongs to no office and sees no case data: these pages show
offices, their numbers of users and their administrators, nothing else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from borgerraadgiver.core.access import require_operator
from borgerraadgiver.offices.access import get_office_for_operator
from borgerraadgiver.offices.forms import NewOfficeForm, NewUserForm
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.selectors import office_administrators, offices_overview
from borgerraadgiver.offices.services import office_create

from .user_views import user_create_from_form


@require_http_methods(["GET", "POST"])
def office_list(request: HttpRequest) -> HttpResponse:
    require_operator(request)
    form = NewOfficeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            office = office_create(
                slug=data["slug"], name=data["name"], preset=data["preset"] or None
            )
        except ValidationError as exc:
            form.add_service_errors(exc, {})
        else:
            messages.success(
                request, f"Kontoret {office.name} er oprettet. Opret nu dets administrator."
            )
            return redirect("offices:office_detail", pk=office.pk)
    return render(
        request, "offices/office_list.html", {"offices": offices_overview(), "form": form}
    )


def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    office = get_office_for_operator(request, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = NewUserForm(
        request.POST if request.method == "POST" else None, prefix="admin", with_role=False
    )
    if request.method == "POST" and form.is_valid():
        admin = user_create_from_form(form, office=office, role=User.Role.OFFICE_ADMIN)
        if admin is not None:
            messages.success(
                request, f"{admin.username} er oprettet som kontoradministrator for {office.name}."
            )
            return redirect("offices:office_detail", pk=office.pk)
    context = {"office": office, "admins": office_administrators(office), "form": form}
    return render(request, "offices/office_detail.html", context)
