from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "borgerraadgiver.accounts"
    label = "accounts"
    verbose_name = "Log ind og sessioner"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from borgerraadgiver.accounts import checks  # noqa: F401 - registers the checks
        from borgerraadgiver.accounts.middleware import start_session_clock

        # Session bookkeeping, not a business rule: the clocks of the idle
        # timeout and the absolute lifetime start at every login, however made.
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts_session_clock")
