from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "borgerraadgiver.core"
    label = "core"
    verbose_name = "Kerne"
