"""Routes of the letters area (joined in casework/urls.py)."""

from django.urls import URLPattern, path

from . import letters_views as views

urlpatterns: list[URLPattern] = [
    path("<uuid:uid>/breve/", views.letter_create, name="letter_create"),
    path("breve/<uuid:uid>/send/", views.letter_send, name="letter_send"),
]
