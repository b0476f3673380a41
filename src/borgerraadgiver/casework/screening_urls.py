"""Routes of the screening area (joined in casework/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
