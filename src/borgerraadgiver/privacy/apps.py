from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "borgerraadgiver.privacy"
    label = "privacy"
    verbose_name = "Databeskyttelse"
