from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "borgerraadgiver.inquiries"
    label = "inquiries"
    verbose_name = "Henvendelser"
