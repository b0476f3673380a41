"""The office's casework settings: deadlines and closed days, letter templates.

Mounted under /indstillinger/ (borgerraadgiver/urls.py) beside the other
office settings, not under /henvendelser/: the office administrator uses
them, and has no access to the case pages.
"""

from django.urls import URLPattern, path

from . import letters_views, requests_views

app_name = "casework_settings"
urlpatterns: list[URLPattern] = [
    path("frister/", requests_views.settings_edit, name="rules"),
    path("brevskabeloner/", letters_views.letter_templates, name="letter_templates"),
    path(
        "brevskabeloner/<str:kind>/standard.docx",
        letters_views.letter_template_standard,
        name="letter_template_standard",
    ),
    path(
        "brevskabeloner/<str:kind>/kontorets.docx",
        letters_views.letter_template_download,
        name="letter_template_download",
    ),
    path(
        "brevskabeloner/<str:kind>/nulstil/",
        letters_views.letter_template_reset_view,
        name="letter_template_reset",
    ),
]
