from django.urls import path

from . import list_views, views

app_name = "inquiries"
urlpatterns = [
    # Worklist, search and export (list_views.py)
    path("", list_views.worklist, name="worklist"),
    path("soeg/", list_views.inquiry_list, name="list"),
    path("soeg/eksport.<str:fmt>", list_views.inquiry_export, name="export"),
    # Registration, the inquiry page, editing and the journal (views.py)
    path("ny/", views.inquiry_create, name="create"),
    path("<uuid:uid>/", views.inquiry_detail, name="detail"),
    path("<uuid:uid>/rediger/", views.inquiry_edit, name="edit"),
    path("<uuid:uid>/journal/", views.journal_add, name="journal_add"),
    path("bilag/<uuid:uid>/", views.attachment_download, name="attachment"),
    path("opslag/personer/", views.person_lookup, name="person_lookup"),
    path("opslag/enheder/", views.org_unit_lookup, name="org_unit_lookup"),
    path("opslag/temaer/", views.theme_lookup, name="theme_lookup"),
]
