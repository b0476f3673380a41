"""DKFDS markup for Django forms: one field template, CSS classes set on widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

END_BEFORE_START = _("Slutdatoen ligger før startdatoen.")


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"


_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.Select, "form-select"),
    (forms.Textarea, "form-input"),
    (forms.ClearableFileInput, "form-file-input"),
    (forms.widgets.Input, "form-input"),
]


class DkfdsFormMixin:
    """Adds DKFDS classes and aria-invalid to every widget of a form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            for widget_type, css in _WIDGET_CLASSES:
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    if css not in existing.split():
                        widget.attrs["class"] = f"{existing} {css}".strip()
                    break

    def add_service_errors(
        self, exc: ValidationError, fields: dict[str, str] | None = None
    ) -> None:
        """Put a service's ValidationError on the form: each key on its field
        (renamed through `fields`, service key -> field), the rest on the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)  # type: ignore[attr-defined]
            return
        for key, messages in exc.message_dict.items():
            target = (fields or {}).get(key, key)
            known = target in self.fields  # type: ignore[attr-defined]
            self.add_error(target if known else None, messages)  # type: ignore[attr-defined]

    def _describe_errors(self) -> None:
        """Tie each field's messages (id `<auto_id>-error`, see includes/_field.html)
        and help text to its input, so screen readers read them with the field.

        Django 5.2's own aria-describedby would point at `<auto_id>_error`.
        """
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            field = self.fields[name]  # type: ignore[attr-defined]
            auto_id = self[name].auto_id  # type: ignore[index]
            ids = [f"{auto_id}-error"]
            if field.help_text:
                ids.append(f"{auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(ids)
            field.widget.attrs["aria-invalid"] = "true"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        # A service's errors arrive after cleaning, so fields are marked here too.
        super().add_error(field, error)  # type: ignore[misc]
        self._describe_errors()


def check_date_order(form: forms.Form, start: str, end: str) -> None:
    """A period's end must not come before its start; the error goes on the end field."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and first > last:
        form.add_error(end, END_BEFORE_START)
