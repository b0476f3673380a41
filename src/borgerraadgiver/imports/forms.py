from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from borgerraadgiver.core.forms import DkfdsFormMixin

from .parsing import FileProblem, check_xlsx, detect_format

# What each column holds, for the upload page: (name, required, explanation).
COLUMN_HELP: tuple[tuple[str, bool, str], ...] = (
    ("inquiry", True, "Kontorets eget journalnummer. Rækker med samme nummer er én henvendelse."),
    ("received", True, "Modtagelsesdato, ÅÅÅÅ-MM-DD."),
    (
        "org_unit",
        True,
        "Enhedens navn eller sti, fx 'Børn & Familie / Familieafsnittet'. "
        "Et navn, der findes flere steder, skal angives som sti.",
    ),
    (
        "person",
        False,
        "En pseudonym reference til den berørte borger (kun til optælling af "
        "forskellige personer).",
    ),
    (
        "point",
        False,
        "Klagepunktets nummer: 1 for hovedsagen, 2, 3 ... for følgesager. Tom for "
        "en henvendelse uden klagepunkter (så har den kun én række).",
    ),
    (
        "theme",
        False,
        "Klagepunktets emne, med kode eller betegnelse. Skal udfyldes, når point er udfyldt.",
    ),
    ("point_org_unit", False, "Klagepunktets egen enhed, hvis den er en anden end henvendelsens."),
    ("conclusion", False, "Borgerrådgiverens udtalelse om klagepunktet."),
    ("inquiry_kind", False, "Henvendelsestype."),
    ("primary_reason", False, "Primær årsag til henvendelsen."),
    ("handling", False, "Borgerrådgiverens håndtering."),
    ("channel", False, "Henvendelsesform."),
    ("requester_kind", False, "Henvender sig som."),
    ("outcome", False, "Udfald."),
    ("closed", False, "Afslutningsdato, ÅÅÅÅ-MM-DD; en udfyldt dato afslutter henvendelsen."),
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


class ImportUploadForm(DkfdsFormMixin, forms.Form):
    file = forms.FileField(
        label="Fil med registreringer",
        help_text="CSV (UTF-8, adskilt med komma eller semikolon) eller XLSX (første ark).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    create_org_units = forms.BooleanField(
        label="Opret manglende enheder",
        required=False,
        help_text="Enheder, som filen nævner, men som ikke findes, oprettes under den angivne "
        "sti, fx 'Børn & Familie / Ny afdeling'.",
    )

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if uploaded.size is not None and uploaded.size > limit:
            raise forms.ValidationError(
                f"Filen er for stor; den må højst fylde {filesizeformat(limit)}."
            )
        # The type is decided by the content, never by the name or the browser.
        uploaded.seek(0)
        head = uploaded.read(4096)
        uploaded.seek(0)
        if not head:
            raise forms.ValidationError("Filen er tom.")
        try:
            if detect_format(head) == "xlsx":
                check_xlsx(uploaded)
        except FileProblem as problem:
            message = problem.message[:1].upper() + problem.message[1:] + "."
            raise forms.ValidationError(message) from problem
        finally:
            uploaded.seek(0)
        return uploaded
