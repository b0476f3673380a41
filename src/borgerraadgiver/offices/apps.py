from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "borgerraadgiver.offices"
    label = "offices"
    verbose_name = "Kontorer"
