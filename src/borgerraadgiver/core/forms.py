"""DKFDS markup for Django forms: one field template, CSS classes set on widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


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

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                attrs["aria-invalid"] = "true"
                # Ties the message in includes/_field.html to the input for screen readers.
                error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
                described = attrs.get("aria-describedby", "")
                if error_id not in described.split():
                    attrs["aria-describedby"] = f"{described} {error_id}".strip()
