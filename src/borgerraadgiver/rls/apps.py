from django.apps import AppConfig


class RlsConfig(AppConfig):
    name = "borgerraadgiver.rls"
    label = "rls"
    verbose_name = "Rækkesikkerhed"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from .scope import wall_reset_after_request

        request_finished.connect(wall_reset_after_request, dispatch_uid="rls-wall-reset")
