from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_standard_vocabularies(sender, using, **kwargs):  # type: ignore[no-untyped-def]
    # The contract says `migrate` leaves the standard vocabularies in place.
    # A data migration would freeze the YAML of the day it was written; this
    # reloads the shipped file on every migrate, idempotently, by code.
    from borgerraadgiver.vocabularies.services import standard_vocabularies_load

    standard_vocabularies_load(using=using)


class VocabulariesConfig(AppConfig):
    name = "borgerraadgiver.vocabularies"
    label = "vocabularies"
    verbose_name = "Klassifikationer"

    def ready(self) -> None:
        post_migrate.connect(_load_standard_vocabularies, sender=self)
