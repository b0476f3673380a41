"""Writes on inquiries, complaint points, persons and the journal.

Views, the importer, the demo and tests all register through these functions,
so that one path validates (and, later, audits) every change. The modules are
split by area; import from this package, not from them.
"""

from __future__ import annotations

from ..cpr import cpr_normalise
from .journal import journal_entry_add
from .persons import (
    PersonInput,
    person_cpr_rekey,
    person_create,
    person_resolve,
    person_update,
)
from .registration import (
    InquiryData,
    PointData,
    StaleInquiryError,
    inquiry_intake,
    inquiry_register,
    inquiry_update,
    inquiry_validate,
)

__all__ = [
    "InquiryData",
    "PersonInput",
    "PointData",
    "StaleInquiryError",
    "cpr_normalise",
    "inquiry_intake",
    "inquiry_register",
    "inquiry_update",
    "inquiry_validate",
    "journal_entry_add",
    "person_cpr_rekey",
    "person_create",
    "person_resolve",
    "person_update",
]
