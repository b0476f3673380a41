"""The office's users, for whoever may manage its settings: create, change role, deactivate.

Users are never deleted: the audit trail names them. On the pages of one
user the access check comes first, the method after, so another office's
user answers 404 whatever is asked.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from borgerraadgiver.offices.access import get_staff_user_for_user, require_office_settings
from borgerraadgiver.offices.forms import NewUserForm, UserRoleForm
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.roles import OFFICE_ROLES
from borgerraadgiver.offices.selectors import office_staff
from borgerraadgiver.offices.services import user_active_set, user_create, user_role_set

USER_FIELDS = {"password": "password", "username": "username", "role": "role"}


def user_create_from_form(form: NewUserForm, *, office: Office, role: str) -> User | None:
    """The user a valid form describes, created; None with the service's errors on the form."""
    data = form.cleaned_data
    try:
        return user_create(
            office=office,
            username=data["username"],
            password=data["password"],
            role=role,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
    except ValidationError as exc:
        form.add_service_errors(exc, USER_FIELDS)
        return None


@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    form = NewUserForm(request.POST if request.method == "POST" else None, prefix="new")
    if request.method == "POST" and form.is_valid():
        user = user_create_from_form(form, office=office, role=form.cleaned_data["role"])
        if user is not None:
            messages.success(
                request, f"Brugeren {user.username} er oprettet som {user.get_role_display()}."
            )
            return redirect("offices:users")
    context = {"office": office, "staff": office_staff(office), "form": form}
    return render(request, "offices/users.html", context)


def _user_page(request: HttpRequest, member: User, **extra: Any) -> HttpResponse:
    context = {
        "member": member,
        "role_form": extra.get("role_form") or UserRoleForm(initial={"role": member.role}),
        "errors": extra.get("errors", []),
        # The operator role is not the office's to give or take.
        "office_role": member.role in OFFICE_ROLES,
    }
    return render(request, "offices/user.html", context)


def user(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_user_for_user(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _user_page(request, member)


def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_user_for_user(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = UserRoleForm(request.POST)
    if form.is_valid():
        try:
            member = user_role_set(user=member, role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_service_errors(exc, {})
        else:
            messages.success(
                request, f"{member.display_name()} er nu {member.get_role_display().lower()}."
            )
            return redirect("offices:users")
    return _user_page(request, member, role_form=form)


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    member = get_staff_user_for_user(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        member = user_active_set(user=member, active=active, by=cast(User, request.user))
    except ValidationError as exc:
        return _user_page(request, member, errors=exc.messages)
    if active:
        messages.success(request, f"{member.display_name()} kan logge ind igen.")
    else:
        messages.success(request, f"{member.display_name()} er deaktiveret og kan ikke logge ind.")
    return redirect("offices:users")


def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)
