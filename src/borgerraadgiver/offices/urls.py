from django.urls import path

from borgerraadgiver.vocabularies import views as vocabulary_views

from . import operator_views, user_views, views

app_name = "offices"
urlpatterns = [
    path("", views.office_settings, name="settings"),
    # The org-unit tree (views.py)
    path("enheder/", views.org_units, name="org_units"),
    path("enheder/ny/", views.org_unit_add, name="org_unit_add"),
    path("enheder/<int:pk>/", views.org_unit, name="org_unit"),
    path("enheder/<int:pk>/omdoeb/", views.org_unit_rename, name="org_unit_rename"),
    path("enheder/<int:pk>/underenhed/", views.org_unit_add_child, name="org_unit_add_child"),
    path("enheder/<int:pk>/flyt/", views.org_unit_move, name="org_unit_move"),
    path("enheder/<int:pk>/nedlaeg/", views.org_unit_retire, name="org_unit_retire"),
    path("enheder/<int:pk>/genaktiver/", views.org_unit_reactivate, name="org_unit_reactivate"),
    # Users of the office (user_views.py)
    path("brugere/", user_views.users, name="users"),
    path("brugere/<int:pk>/", user_views.user, name="user"),
    path("brugere/<int:pk>/rolle/", user_views.user_role, name="user_role"),
    path("brugere/<int:pk>/deaktiver/", user_views.user_deactivate, name="user_deactivate"),
    path("brugere/<int:pk>/genaktiver/", user_views.user_reactivate, name="user_reactivate"),
    # The system operator's offices (operator_views.py)
    path("kontorer/", operator_views.office_list, name="office_list"),
    path("kontorer/<int:pk>/", operator_views.office_detail, name="office_detail"),
    # Vocabularies (vocabularies/views.py). Value ids travel in the POST body.
    path("klassifikationer/", vocabulary_views.vocabularies, name="vocabularies"),
    path("klassifikationer/<slug:code>/", vocabulary_views.vocabulary, name="vocabulary"),
    path("klassifikationer/<slug:code>/ny/", vocabulary_views.value_add, name="value_add"),
    path(
        "klassifikationer/<slug:code>/omdoeb/",
        vocabulary_views.value_rename_view,
        name="value_rename",
    ),
    path(
        "klassifikationer/<slug:code>/synlighed/",
        vocabulary_views.value_visibility,
        name="value_visibility",
    ),
]
