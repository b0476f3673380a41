from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("person/<uuid:uid>/", views.person_extract, name="person_extract"),
]
