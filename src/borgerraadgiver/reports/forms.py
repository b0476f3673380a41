"""The upload of an office's own Word template (its content is checked by the service)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from borgerraadgiver.core.forms import DkfdsFormMixin

from .word_template import MAX_BYTES

ACCEPT = (
    ".docx,.dotx,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
)


class WordTemplateForm(DkfdsFormMixin, forms.Form):
    word_template = forms.FileField(
        label="Ny skabelon",
        help_text=(
            f"Et Word-dokument (.docx) eller en Word-skabelon (.dotx) på højst "
            f"{filesizeformat(MAX_BYTES)}."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Vælg en fil med skabelonen.", "empty": "Filen er tom."},
    )

    def clean_word_template(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["word_template"]
        # Refused before it is read; what it holds is the service's to judge.
        if uploaded.size is not None and uploaded.size > MAX_BYTES:
            raise forms.ValidationError(
                f"Filen er for stor; den må højst fylde {filesizeformat(MAX_BYTES)}."
            )
        return uploaded
