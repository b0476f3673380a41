from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "borgerraadgiver.imports"
    label = "imports"
    verbose_name = "Import"
