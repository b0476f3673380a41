"""Routes of the requests area (joined in casework/urls.py): department requests,
deadlines and pauses.
"""

from django.urls import URLPattern, path

from . import requests_views as views

urlpatterns: list[URLPattern] = [
    path(
        "<uuid:uid>/forvaltning/<slug:kind>/",
        views.request_create,
        name="request_create",
    ),
    path("forvaltning/<uuid:uid>/svar/", views.request_answer, name="request_answer"),
    path("frister/<uuid:uid>/forlaengelse/", views.deadline_extension, name="deadline_extension"),
    path("frister/<uuid:uid>/overholdt/", views.deadline_met, name="deadline_met"),
    path("<uuid:uid>/frister/ny/", views.own_deadline_add, name="deadline_add"),
    path("<uuid:uid>/pause/", views.pause, name="pause"),
    path("<uuid:uid>/genoptag/", views.resume, name="resume"),
]
