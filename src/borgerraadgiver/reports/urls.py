from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_dashboard, name="dashboard"),
    path("figur.svg", views.report_chart, name="chart"),
    path("hent/<str:kind>.<str:fmt>", views.report_download, name="download"),
]
