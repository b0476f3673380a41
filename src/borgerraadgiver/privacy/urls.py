from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    # The person's page: the article 15 extract and article 17 requests.
    path("personer/<uuid:uid>/", views.person_detail, name="person"),
    path("personer/<uuid:uid>/indsigt.pdf", views.person_extract_pdf, name="extract_pdf"),
    path("personer/<uuid:uid>/indsigt.zip", views.person_extract_zip, name="extract_zip"),
    path("personer/<uuid:uid>/sletning/", views.erasure_request_add, name="erasure_add"),
    path("sletning/<uuid:uid>/afgoerelse/", views.erasure_request_decision, name="erasure_decide"),
    # Legal hold on an inquiry.
    path("henvendelser/<uuid:uid>/tilbagehold/", views.legal_hold_add, name="hold_add"),
    path("henvendelser/<uuid:uid>/frigiv/", views.legal_hold_remove, name="hold_release"),
    # The office's retention setting and the deletion log.
    path("opbevaring/", views.retention_settings, name="retention"),
]
