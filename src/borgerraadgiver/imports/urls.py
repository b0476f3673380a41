from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("kontrol/", views.preview, name="preview"),
    path("gennemfoer/", views.confirm, name="confirm"),
    path("annuller/", views.cancel, name="cancel"),
]
