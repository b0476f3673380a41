from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("tofaktor/", views.verify, name="two_factor_verify"),
    path("tofaktor/opret/", views.enrol, name="two_factor_enrol"),
    path("tofaktor/reservekoder/", views.backup_codes, name="two_factor_backup_codes"),
    path("session/", views.session_policy, name="session_policy"),
    path("brugere/<int:pk>/tofaktor/", views.user_two_factor, name="user_two_factor"),
    path(
        "brugere/<int:pk>/tofaktor/nulstil/",
        views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path("sso/", oidc.oidc_login, name="oidc_login"),
    path("sso/retur/", oidc.oidc_callback, name="oidc_callback"),
]
