from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_dashboard, name="dashboard"),
    path("figur.svg", views.report_chart, name="chart"),
    path("hent/<str:kind>.<str:fmt>", views.report_download, name="download"),
    path("skabelon/", views.word_template, name="word_template"),
    path("skabelon/standard.docx", views.word_template_standard, name="word_template_standard"),
    path("skabelon/kontorets.docx", views.word_template_download, name="word_template_download"),
    path("skabelon/nulstil/", views.word_template_reset_view, name="word_template_reset"),
]
