from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "borgerraadgiver.reports"
    label = "reports"
    verbose_name = "Beretning"
