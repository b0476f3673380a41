from django.urls import include, path

from borgerraadgiver.accounts import views as accounts_views
from borgerraadgiver.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("log-ind/", accounts_views.login, name="login"),
    path("log-af/", accounts_views.logout, name="logout"),
    path("konto/", include("borgerraadgiver.accounts.urls")),
    path("henvendelser/", include("borgerraadgiver.inquiries.urls")),
    path("henvendelser/", include("borgerraadgiver.casework.urls")),
    path("import/", include("borgerraadgiver.imports.urls")),
    path("indstillinger/", include("borgerraadgiver.offices.urls")),
    path("indstillinger/sagsbehandling/", include("borgerraadgiver.casework.settings_urls")),
    path("beretning/", include("borgerraadgiver.reports.urls")),
    path("adgangslog/", include("borgerraadgiver.audit.urls")),
    path("databeskyttelse/", include("borgerraadgiver.privacy.urls")),
]
