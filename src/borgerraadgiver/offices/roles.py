"""What each role may do: the one table every access check reads.

A capability names a kind of work, not a page; the access helpers
(core.access.require and the per-object helpers built on it) turn it into an
answer. Choices made here:

- The advisor may do everything in the office, settings and users included
  (the issue: "advisor (everything in the office)"), so a one-person office
  needs one user. The office administrator has the settings without the
  cases: for a head of office or an IT colleague who should not read them.
- The secretary registers and keeps the journal; the office decides, in its
  settings, whether secretaries may also write statements (conclusions,
  outcomes, closing an inquiry).
- The reader gets the statistics only: the dashboard without the links into
  the list of inquiries, the report documents and the classification export.
- The system operator belongs to no office, creates offices and their first
  administrator, and holds no capability inside any office.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from borgerraadgiver.offices.models import User


class Capability(StrEnum):
    # Reading inquiries, persons, the journal and its attachments.
    CASE_READ = "case.read"
    # Registering, editing, the journal and attachments, the import.
    CASE_WRITE = "case.write"
    # Statements and conclusions: a complaint point's conclusion and grade of
    # criticism, an inquiry's outcome, closing an inquiry (issue 5 adds letters).
    STATEMENT_WRITE = "statement.write"
    # The dashboard, the report documents, the export without personal data.
    REPORT_READ = "report.read"
    # Office settings, org units, vocabularies, the Word template, users.
    SETTINGS_MANAGE = "settings.manage"
    # Creating offices and their first administrator (the system operator).
    OFFICES_MANAGE = "offices.manage"
    # The office's audit trail: who looked at what (the office administrator only).
    AUDIT_READ = "audit.read"


C = Capability
_OFFICE_WORK = frozenset(
    {C.CASE_READ, C.CASE_WRITE, C.STATEMENT_WRITE, C.REPORT_READ, C.SETTINGS_MANAGE}
)

R = User.Role
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    R.ADVISOR: _OFFICE_WORK,
    R.SECRETARY: frozenset({C.CASE_READ, C.CASE_WRITE, C.REPORT_READ}),
    R.READER: frozenset({C.REPORT_READ}),
    # The report has no personal data, and testing a Word template needs it.
    R.OFFICE_ADMIN: frozenset({C.SETTINGS_MANAGE, C.REPORT_READ, C.AUDIT_READ}),
    R.OPERATOR: frozenset({C.OFFICES_MANAGE}),
}

# What an office may add for its secretaries, with the label its settings page shows.
SECRETARY_GRANTABLE: dict[Capability, str] = {
    C.STATEMENT_WRITE: _("Sekretærer må registrere udtalelser og udfald og afslutte henvendelser"),
}

# Roles an office administrator may give; the operator role is given by command only.
OFFICE_ROLES: tuple[str, ...] = (R.ADVISOR, R.SECRETARY, R.READER, R.OFFICE_ADMIN)
# Roles that keep an office manageable: the last active one of them cannot go.
MANAGING_ROLES = tuple(r for r in OFFICE_ROLES if C.SETTINGS_MANAGE in ROLE_CAPABILITIES[r])


def capabilities_for(user: User) -> frozenset[Capability]:
    """What this user may do; nothing for an inactive or anonymous user."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    granted = ROLE_CAPABILITIES.get(user.role, frozenset())
    if user.role == R.OPERATOR:
        # An operator attached to an office is a data error: it gets nothing.
        return granted if user.office_id is None else frozenset()
    if user.office_id is None:
        return frozenset()
    if user.role == R.SECRETARY:
        extra = {C(c) for c in user.office.secretary_capabilities if c in SECRETARY_GRANTABLE}
        granted = granted | extra
    return granted


def capability_flags(granted: frozenset[Capability]) -> dict[str, bool]:
    """{"case_read": True, ...}: the form templates can test (`can.case_read`)."""
    return {c.name.lower(): c in granted for c in Capability}
