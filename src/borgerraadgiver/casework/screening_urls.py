"""Routes of the screening area (joined in casework/urls.py)."""

from django.urls import URLPattern, path

from . import screening_views

urlpatterns: list[URLPattern] = [
    path("<uuid:uid>/kompetence/", screening_views.screening_edit, name="screening"),
]
