"""Import from the web: upload, a preview of what would be stored, then confirm.

Nothing is stored before "Gennemfør import"; the confirmation checks the
whole file again, as someone may have registered in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import push_url

from borgerraadgiver.audit.models import Action, Purpose
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.core.access import require
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.roles import Capability

from .forms import COLUMN_HELP, ImportUploadForm, max_upload_bytes
from .parsing import COLUMNS
from .services import ImportPlan, import_check, import_file
from .uploads import upload_delete, upload_path, upload_save

SESSION_KEY = "imports_pending"
# A file's rows carry conclusions, outcomes and closing dates: importing them is
# writing statements too, so a secretary imports only where the office allows that.
IMPORT = (Capability.CASE_WRITE, Capability.STATEMENT_WRITE)
MAX_ERRORS_SHOWN = 1000


@dataclass
class Pending:
    token: str
    path: Path
    create_org_units: bool


def _pending(request: HttpRequest, office: Office) -> Pending | None:
    """The session's uploaded file, if it belongs to this office and still exists."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("office") != office.pk:
        return None
    path = upload_path(office, data.get("token"))
    if path is None:
        return None
    return Pending(data["token"], path, bool(data.get("create_org_units")))


def _forget(request: HttpRequest, office: Office) -> None:
    data = request.session.pop(SESSION_KEY, None)
    if isinstance(data, dict) and data.get("office") == office.pk:
        upload_delete(office, data.get("token"))


def _preview_context(plan: ImportPlan, pending: Pending) -> dict[str, Any]:
    return {
        "plan": plan,
        "pending": pending,
        "errors_shown": plan.errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(len(plan.errors) - MAX_ERRORS_SHOWN, 0),
        "header": [(name, name in COLUMNS) for name in plan.header],
    }


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    office = require(request, *IMPORT)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            _forget(request, office)
            create = form.cleaned_data["create_org_units"]
            token = upload_save(office, form.cleaned_data["file"])
            request.session[SESSION_KEY] = {
                "office": office.pk,
                "token": token,
                "create_org_units": create,
            }
            pending = _pending(request, office)
            if not request.htmx or pending is None:
                return redirect("imports:preview")
            plan = import_check(office, pending.path, pending.create_org_units)
            response = render(
                request, "imports/preview.html#result", _preview_context(plan, pending)
            )
            return push_url(response, reverse("imports:preview"))
    else:
        form = ImportUploadForm()
    context = {
        "form": form,
        "pending": _pending(request, office),
        "max_bytes": max_upload_bytes(),
        "columns": COLUMN_HELP,
    }
    if request.htmx:
        return render(request, "imports/upload.html#upload-area", context)
    return render(request, "imports/upload.html", context)


@require_http_methods(["GET"])
def preview(request: HttpRequest) -> HttpResponse:
    office = require(request, *IMPORT)
    pending = _pending(request, office)
    if pending is None:
        messages.info(request, "Der er ingen fil at kontrollere. Vælg en fil.")
        return redirect("imports:upload")
    plan = import_check(office, pending.path, pending.create_org_units)
    return render(request, "imports/preview.html", _preview_context(plan, pending))


@require_POST
@audited(purpose=Purpose.IMPORT, object_type="import")
def confirm(request: HttpRequest) -> HttpResponse:
    office = require(request, *IMPORT)
    pending = _pending(request, office)
    if pending is None or request.POST.get("token") != pending.token:
        # Another tab replaced the file, or the form is from an old preview:
        # importing what the user did not see would be wrong.
        messages.error(request, "Filen er ikke længere den, der blev vist. Kontrollér filen igen.")
        return redirect("imports:preview" if pending else "imports:upload")
    result = import_file(
        office, pending.path, pending.create_org_units, by=cast(User, request.user)
    )
    if result.errors:
        context = _preview_context(ImportPlan(errors=result.errors), pending)
        return render(request, "imports/preview.html", context | {"refused_at_confirm": True})
    # The file's rows may name citizens: the import is recorded with the inquiries it made.
    audit_record(request, action=Action.CREATE, object_type="import")
    _forget(request, office)
    henvendelser = "henvendelse" if result.inquiries == 1 else "henvendelser"
    klagepunkter = "klagepunkt" if result.points == 1 else "klagepunkter"
    messages.success(
        request,
        f"Importerede {result.inquiries} {henvendelser} med {result.points} {klagepunkter}.",
    )
    return redirect("inquiries:list")


@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    office = require(request, *IMPORT)
    _forget(request, office)
    messages.info(request, "Importen er annulleret, og filen er slettet.")
    return redirect("imports:upload")
