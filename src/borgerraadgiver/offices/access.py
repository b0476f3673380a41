"""The single door to the office settings and their objects.

Settings, org units, vocabularies and users need `settings.manage`
(offices.roles): a role without it gets 403 before anything is looked up; an
object of another office is 404.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from borgerraadgiver.core.access import require, require_operator
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.roles import Capability
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import COMPETENCE_VOCABULARIES

# Only dimensions registered on inquiries and complaint points are the
# office's to switch on and off; of the other lists, the competence lists are
# the office's to adjust (its statutes differ), the rest belong to later features.
CONFIGURABLE_PER = (Vocabulary.Per.INQUIRY, Vocabulary.Per.COMPLAINT_POINT)


def require_office_settings(request: HttpRequest) -> Office:
    """The user's office if the user may change its settings, else 403."""
    return require(request, Capability.SETTINGS_MANAGE)


def get_org_unit_for_user(request: HttpRequest, pk: int) -> OrgUnit:
    office = require_office_settings(request)
    return get_object_or_404(OrgUnit.objects.select_related("parent"), office=office, pk=pk)


def get_vocabulary_for_user(request: HttpRequest, code: str) -> Vocabulary:
    require_office_settings(request)
    adjustable = Q(per__in=CONFIGURABLE_PER) | Q(code__in=COMPETENCE_VOCABULARIES)
    return get_object_or_404(Vocabulary.objects.filter(adjustable), code=code)


def get_value_for_user(
    request: HttpRequest, vocabulary: Vocabulary, pk: int | str | None
) -> VocabularyValue:
    """A standard value or one of the office's own local values of this vocabulary."""
    office = require_office_settings(request)
    try:
        value_id = int(pk or "")
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    return get_object_or_404(
        VocabularyValue.objects.for_office(office), vocabulary=vocabulary, pk=value_id
    )


def get_staff_user_for_user(request: HttpRequest, pk: int) -> User:
    """A member of staff of the user's office, for the user-management pages."""
    office = require_office_settings(request)
    return get_object_or_404(User, office=office, pk=pk)


def get_office_for_operator(request: HttpRequest, pk: int) -> Office:
    """Any office, for the system operator only."""
    require_operator(request)
    return get_object_or_404(Office, pk=pk)
