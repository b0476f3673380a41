from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "borgerraadgiver.audit"
    label = "audit"
    verbose_name = "Adgangslog"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .services import login_refused_receiver

        # The Danish logging rules count rejected attempts as uses to record.
        user_login_failed.connect(login_refused_receiver, dispatch_uid="audit_login_refused")
