"""Routes of the statements area (joined in casework/urls.py)."""

from django.urls import path

from . import statements_views as views

urlpatterns = [
    path(
        "<uuid:uid>/klagepunkter/<int:position>/udtalelse/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "<uuid:uid>/klagepunkter/<int:position>/opfoelgning/",
        views.follow_up_report,
        name="statement_follow_up",
    ),
    path(
        "<uuid:uid>/udtalelse-afgivet/",
        views.outcome_statement_given,
        name="statement_outcome",
    ),
    path("henstillinger/", views.recommendation_list, name="recommendations"),
    path(
        "henstillinger/eksport.<str:fmt>",
        views.recommendation_export,
        name="recommendations_export",
    ),
]
