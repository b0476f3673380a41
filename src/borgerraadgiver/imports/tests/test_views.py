"""The import pages: upload, preview without storing, confirm, cancel."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from borgerraadgiver.imports.views import SESSION_KEY
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from tests.factories import make_user

from .helpers import snapshot

pytestmark = pytest.mark.django_db

GOOD = (
    b"inquiry;received;org_unit;person;point;theme\n"
    b"W-1;2024-01-02;Jobcenter;p1;1;begrundelse\n"
    b"W-1;2024-01-02;Jobcenter;p1;2;Vejledning\n"
    b"W-2;2024-01-03;Nyt Team;p2;1;begrundelse\n"
)
BAD = ("inquiry;received;org_unit\nW-1;2024-01-02;Jobcenter\nW-2;i går;Jobcenter\n").encode()


def upload(client, content=GOOD, name="reg.csv", create=False, **extra):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if create:
        data["create_org_units"] = "on"
    return client.post(reverse("imports:upload"), data, **extra)


def stored_files(office) -> list[Path]:
    directory = Path(settings.MEDIA_ROOT) / "imports" / str(office.pk)
    return sorted(directory.iterdir()) if directory.exists() else []


def test_the_upload_page_explains_the_columns(advisor_client):
    response = advisor_client.get(reverse("imports:upload"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Import af registreringer" in body
    assert 'name="file"' in body and 'name="create_org_units"' in body
    assert "<code>point_org_unit</code>" in body


def test_upload_then_preview_shows_what_would_be_created_and_stores_nothing(advisor_client, office):
    before = snapshot()

    response = upload(advisor_client, create=True)

    assert response.status_code == 302 and response["Location"] == reverse("imports:preview")
    [stored] = stored_files(office)
    assert stored.read_bytes() == GOOD
    assert advisor_client.session[SESSION_KEY]["token"] == stored.name
    preview = advisor_client.get(reverse("imports:preview"))
    body = preview.content.decode()
    assert "<dt>Henvendelser</dt><dd>2</dd>" in body
    assert "<dt>Klagepunkter</dt><dd>3</dd>" in body
    assert "<dt>Nye personer (pseudonyme referencer)</dt><dd>2</dd>" in body
    assert "<li>Nyt Team</li>" in body
    assert "De første 3 af 3 rækker" in body
    assert "Gennemfør import" in body
    assert snapshot() == before


def test_confirm_imports_the_previewed_file_and_deletes_it(advisor_client, office, advisor):
    upload(advisor_client, create=True)
    token = advisor_client.session[SESSION_KEY]["token"]

    response = advisor_client.post(reverse("imports:confirm"), {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("inquiries:list")
    assert "Importerede 2 henvendelser med 3 klagepunkter." in response.content.decode()
    assert Inquiry.objects.filter(office=office).count() == 2
    assert ComplaintPoint.objects.filter(office=office).count() == 3
    assert Inquiry.objects.get(reference="W-1").created_by == advisor
    assert stored_files(office) == []
    assert SESSION_KEY not in advisor_client.session


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(advisor_client, office):
    upload(advisor_client, BAD)

    body = advisor_client.get(reverse("imports:preview")).content.decode()

    assert "Filen kan ikke importeres" in body
    assert (
        "<li>række 3, kolonne received: &#x27;i går&#x27; er ikke en dato på formen "
        "ÅÅÅÅ-MM-DD</li>" in body
    )
    assert "Gennemfør import" not in body
    token = advisor_client.session[SESSION_KEY]["token"]
    response = advisor_client.post(reverse("imports:confirm"), {"token": token})
    assert "Filen kan ikke importeres" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_a_stale_token_is_not_imported(advisor_client, office):
    upload(advisor_client)
    old = advisor_client.session[SESSION_KEY]["token"]
    upload(advisor_client)  # replaced in another tab

    response = advisor_client.post(reverse("imports:confirm"), {"token": old})

    assert response.status_code == 302
    assert Inquiry.objects.count() == 0
    assert len(stored_files(office)) == 1  # the replaced file is gone
    assert stored_files(office)[0].name != old


def test_another_office_cannot_confirm_someone_elses_token(
    advisor_client, office, client, advisor_other
):
    upload(advisor_client)
    token = advisor_client.session[SESSION_KEY]["token"]
    client.force_login(advisor_other)
    # Even with the token planted in the other user's session.
    session = client.session
    session[SESSION_KEY] = {"office": office.pk, "token": token, "create_org_units": False}
    session.save()

    response = client.post(reverse("imports:confirm"), {"token": token})
    preview = client.get(reverse("imports:preview"))

    assert response.status_code == 302 and preview.status_code == 302
    assert Inquiry.objects.count() == 0
    assert [p.name for p in stored_files(office)] == [token]


def test_a_colleague_in_the_same_office_cannot_confirm_without_their_own_preview(
    advisor_client, office, client
):
    upload(advisor_client)
    token = advisor_client.session[SESSION_KEY]["token"]
    client.force_login(make_user("carl", office))

    client.post(reverse("imports:confirm"), {"token": token})

    assert Inquiry.objects.count() == 0


def test_cancel_deletes_the_uploaded_file(advisor_client, office):
    upload(advisor_client)

    response = advisor_client.post(reverse("imports:cancel"))

    assert response.status_code == 302
    assert stored_files(office) == []
    assert SESSION_KEY not in advisor_client.session


def test_a_binary_file_is_refused_at_the_field(advisor_client, office):
    response = upload(advisor_client, b"\x00\x01\x02binary", name="x.csv")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Filen er hverken en CSV-fil eller et XLSX-regneark." in body
    assert 'aria-invalid="true"' in body
    assert stored_files(office) == []


def test_a_file_over_the_size_limit_is_refused(advisor_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(advisor_client, GOOD * 10)
    assert "Filen er for stor" in response.content.decode()


def test_an_xlsx_upload_is_recognised_by_its_content(advisor_client, office):
    workbook = openpyxl.Workbook()
    workbook.active.append(["inquiry", "received", "org_unit"])
    workbook.active.append(["X-1", "2024-01-02", "Jobcenter"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(advisor_client, buffer.getvalue(), name="registreringer.csv")  # misleading name
    body = advisor_client.get(reverse("imports:preview")).content.decode()

    assert "<dt>Henvendelser</dt><dd>1</dd>" in body


def test_htmx_upload_returns_the_preview_fragment_and_pushes_its_url(advisor_client):
    response = upload(advisor_client, create=True, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Push-Url"] == reverse("imports:preview")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="import-area">')
    assert "<html" not in body
    assert "Gennemfør import" in body


def test_preview_without_an_upload_goes_back_to_the_upload_page(advisor_client):
    response = advisor_client.get(reverse("imports:preview"))
    assert response.status_code == 302 and response["Location"] == reverse("imports:upload")
