from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "borgerraadgiver.casework"
    label = "casework"
    verbose_name = "Sagsbehandling"
