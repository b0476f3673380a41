"""The office's own Word template: upload, check by content and a trial render, reset, boundary."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from borgerraadgiver.core import word_upload
from borgerraadgiver.offices.models import User
from borgerraadgiver.reports import word_template
from borgerraadgiver.reports.renderers import docx
from borgerraadgiver.reports.services import (
    report_settings_for,
    word_template_replace,
    word_template_reset,
)
from borgerraadgiver.reports.word_template import checked_template, specimen_report
from tests.factories import make_inquiry, make_user

PAGE = "/beretning/skabelon/"
PERIOD = {"fra": "2025-04-01", "til": "2026-03-31"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0), tick=False):
        yield


def office_template(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


OWN = office_template(
    "Albertslunds skabelon: {{ title }}",
    "{%p for section in sections %}",
    "Afsnit: {{ section.title }}",
    "{%p for item in section.items %}",
    "{{p item.table }}",
    "{%p endfor %}",
    "{%p endfor %}",
)


def upload(client, content: bytes, name: str = "skabelon.docx"):
    return client.post(PAGE, {"word_template": SimpleUploadedFile(name, content)})


def word_download(client) -> list[str]:
    response = client.get(reverse("reports:download", args=["beretning", "docx"]), PERIOD)
    assert response.status_code == 200
    return [p.text for p in Document(io.BytesIO(response.content)).paragraphs]


def field_errors(response) -> list[str]:
    return response.context["form"].errors.get("word_template", [])


def test_an_uploaded_template_is_used_by_the_next_word_download(advisor_client, office):
    make_inquiry(office, received=datetime.date(2025, 5, 2), org_unit="Børn & Familie")
    response = upload(advisor_client, OWN)
    assert response.status_code == 302
    texts = word_download(advisor_client)
    assert "Albertslunds skabelon: Borgerrådgiverens beretning 2025/26" in texts
    assert "Afsnit: Henvendelser fordelt på afdelinger" in texts
    page = advisor_client.get(PAGE).content.decode()
    assert "kontorets egen skabelon, lagt op 20. november 2025" in page


def test_the_office_can_download_its_own_template_again(advisor_client, office):
    upload(advisor_client, OWN)
    response = advisor_client.get(reverse("reports:word_template_download"))
    assert response.status_code == 200
    assert 'filename="beretning-skabelon-albertslund.docx"' in response["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs]
    assert texts[0] == "Albertslunds skabelon: {{ title }}"


def test_the_standard_template_can_be_downloaded_to_edit_in_word(advisor_client):
    response = advisor_client.get(reverse("reports:word_template_standard"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx.REPORT_TEMPLATE.read_bytes()


def test_without_a_template_of_its_own_there_is_none_to_download(advisor_client):
    assert advisor_client.get(reverse("reports:word_template_download")).status_code == 404


def test_the_page_lists_every_field_the_renderer_fills():
    tpl = docx.DocxTemplate(docx.REPORT_TEMPLATE)
    context = docx._context(specimen_report("Albertslund Kommune"), tpl, short=False)
    assert {f.name.split(".")[0] for f in word_template.TEMPLATE_FIELDS} == set(context)


def test_the_page_explains_the_fields(advisor_client):
    page = advisor_client.get(PAGE).content.decode()
    assert "{{p item.table }}" in page
    assert "{%p for section in sections %}" in page
    assert "Beretningen i Word dannes med standardskabelonen." in page


def test_a_template_with_a_broken_field_is_refused_at_the_field_and_the_old_one_stays(
    advisor_client, office
):
    upload(advisor_client, OWN)
    before = report_settings_for(office).word_template.name
    response = upload(advisor_client, office_template("Skabelon: {{ title }"))
    assert response.status_code == 200
    errors = field_errors(response)
    assert errors == [
        "Et af skabelonens felter er skrevet forkert: "
        "der er en krøllet parentes for meget eller for lidt."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert report_settings_for(office).word_template.name == before
    assert word_download(advisor_client)[0].startswith("Albertslunds skabelon: ")


def test_a_field_that_does_not_exist_is_refused_by_name(office):
    with pytest.raises(ValidationError) as refused:
        word_template_replace(office=office, content=office_template("{{ titel.tekst }}"))
    (message,) = refused.value.message_dict["word_template"]
    assert message == "Skabelonen bruger feltet 'titel', som ikke findes."
    assert not report_settings_for(office).word_template


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ("{%p for section in sections %}", "{{ section.title }}"),
            "Et af skabelonens felter er skrevet forkert: der mangler et {%p endfor %}.",
        ),
        (
            ("{{ title|store_bogstaver }}",),
            "Et af skabelonens felter er skrevet forkert: filteret 'store_bogstaver' findes ikke.",
        ),
        (
            ("{%p for section in sections %}", "{{ section.overskrift }}", "{%p endfor %}"),
            "Skabelonen bruger '.overskrift' på et felt, der ikke har det.",
        ),
        (
            ("{{ title.__class__.__mro__ }}",),
            "Skabelonen bruger et felt på en måde, der ikke er tilladt.",
        ),
    ],
)
def test_a_mistyped_field_is_explained_in_danish(lines, message):
    with pytest.raises(ValidationError) as refused:
        checked_template(office_template(*lines), office_name="Albertslund Kommune")
    assert refused.value.message_dict["word_template"] == [message]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a word document", "Filen er ikke et Word-dokument."),
        (b"", "Filen er tom."),
    ],
)
def test_a_file_that_is_not_a_word_document_is_refused(advisor_client, office, content, message):
    response = upload(advisor_client, content, name="beretning.docx")
    assert response.status_code == 200
    assert field_errors(response)[0].startswith(message)
    assert not report_settings_for(office).word_template


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_file_that_is_a_spreadsheet_is_not_a_word_document():
    content = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(ValidationError) as refused:
        checked_template(content, office_name="Albertslund Kommune")
    assert refused.value.message_dict["word_template"][0].startswith("Filen er ikke et Word")


def test_a_template_with_macros_is_refused():
    with zipfile.ZipFile(io.BytesIO(OWN)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["word/vbaProject.bin"] = b"macro"
    with pytest.raises(ValidationError) as refused:
        checked_template(_zip(entries), office_name="Albertslund Kommune")
    assert "makroer" in refused.value.message_dict["word_template"][0]


def test_a_file_above_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(word_template, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as refused:
        checked_template(OWN, office_name="Albertslund Kommune")
    assert "for stor" in refused.value.message_dict["word_template"][0]


def test_the_upload_form_refuses_a_file_above_the_size_limit(advisor_client, office, monkeypatch):
    monkeypatch.setattr("borgerraadgiver.reports.forms.MAX_BYTES", 1000)
    response = upload(advisor_client, OWN)
    assert field_errors(response)[0].startswith("Filen er for stor")
    assert not report_settings_for(office).word_template


def test_a_word_template_file_dotx_is_taken_as_a_document(office):
    with zipfile.ZipFile(io.BytesIO(OWN)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        word_upload.DOCUMENT_TYPE.encode(), word_upload.TEMPLATE_TYPE.encode()
    )
    settings = word_template_replace(office=office, content=_zip(entries))
    with settings.word_template.open("rb") as stored:
        assert Document(stored).paragraphs[0].text == "Albertslunds skabelon: {{ title }}"


def test_reset_goes_back_to_the_standard_template_and_removes_the_file(
    advisor_client, office, django_capture_on_commit_callbacks
):
    upload(advisor_client, OWN)
    stored = report_settings_for(office).word_template
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    # The file goes once the change is stored.
    with django_capture_on_commit_callbacks(execute=True):
        response = advisor_client.post(reverse("reports:word_template_reset"))
    assert response.status_code == 302
    assert not report_settings_for(office).word_template
    assert not storage.exists(name)
    assert "Beretning" in word_download(advisor_client)[:12]


def test_reset_is_a_post_only(advisor_client):
    assert advisor_client.get(reverse("reports:word_template_reset")).status_code == 405


def test_a_replaced_template_file_is_removed_once_the_new_one_is_stored(
    office, django_capture_on_commit_callbacks
):
    first = word_template_replace(office=office, content=OWN).word_template.name
    storage = report_settings_for(office).word_template.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = word_template_replace(office=office, content=OWN).word_template.name
    assert first != second
    assert not storage.exists(first)
    assert storage.exists(second)


@pytest.mark.security
def test_another_offices_user_can_neither_see_nor_change_the_template(
    client, advisor_other, office
):
    word_template_replace(office=office, content=OWN)
    client.force_login(advisor_other)
    assert client.get(reverse("reports:word_template_download")).status_code == 404
    page = client.get(PAGE).content.decode()
    assert "Beretningen i Word dannes med standardskabelonen." in page
    assert reverse("reports:word_template_download") not in page
    client.post(reverse("reports:word_template_reset"))
    upload(client, office_template("Grænsekontorets skabelon"))
    with report_settings_for(office).word_template.open("rb") as stored:
        assert Document(stored).paragraphs[0].text == "Albertslunds skabelon: {{ title }}"


@pytest.mark.security
@pytest.mark.parametrize("role", [User.Role.READER, User.Role.SECRETARY])
def test_a_role_without_the_settings_can_neither_see_nor_change_the_template(client, office, role):
    word_template_replace(office=office, content=OWN)
    client.force_login(make_user("carl", office, role=role))
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("reports:word_template_download")).status_code == 403
    assert client.post(reverse("reports:word_template_reset")).status_code == 403
    assert upload(client, office_template("Læserens skabelon")).status_code == 403
    assert report_settings_for(office).word_template
    assert f'href="{PAGE}"' not in client.get(reverse("reports:dashboard")).content.decode()


def test_the_dashboard_and_the_office_settings_link_to_the_template_page(advisor_client):
    for url in (reverse("reports:dashboard"), reverse("offices:settings")):
        assert f'href="{PAGE}"' in advisor_client.get(url).content.decode()


def test_the_standard_template_passes_its_own_check():
    content = docx.REPORT_TEMPLATE.read_bytes()
    assert checked_template(content, office_name="Albertslund Kommune") == content


def test_reset_on_an_office_without_a_template_changes_nothing(office):
    assert not word_template_reset(office=office).word_template
