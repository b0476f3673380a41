from django.contrib.auth import views as auth_views
from django.urls import include, path

from borgerraadgiver.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("log-ind/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("log-af/", auth_views.LogoutView.as_view(), name="logout"),
    path("henvendelser/", include("borgerraadgiver.inquiries.urls")),
    path("import/", include("borgerraadgiver.imports.urls")),
    path("indstillinger/", include("borgerraadgiver.offices.urls")),
    path("beretning/", include("borgerraadgiver.reports.urls")),
]
