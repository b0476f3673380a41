"""Which tables PostgreSQL walls off by office, and which it leaves to Python on purpose.

The migrations carry their own frozen copies of the SQL; these lists are what
the tests hold the database and the models against, so a new table with
personal data fails a test until a migration here covers it or it is named
below with the reason it stays outside.
"""

from __future__ import annotations

# Table -> the column that names the office, or (column, parent table) when the
# row reaches its office through a parent that has one.
COVERED: dict[str, str | tuple[str, str]] = {
    "inquiries_person": "office_id",
    "inquiries_inquiry": "office_id",
    "inquiries_complaintpoint": "office_id",
    "inquiries_journalentry": ("inquiry_id", "inquiries_inquiry"),
    "privacy_legalhold": "office_id",
    "privacy_retentionrecord": "office_id",
    "privacy_erasurerequest": "office_id",
    "casework_screening": "office_id",
    "casework_departmentrequest": "office_id",
    "casework_pointstatement": "office_id",
    "casework_deadline": "office_id",
    "casework_letter": "office_id",
    "casework_deadlineextension": ("deadline_id", "casework_deadline"),
    "casework_casepause": ("inquiry_id", "inquiries_inquiry"),
    "casework_departmentrequest_points": ("departmentrequest_id", "casework_departmentrequest"),
}

# Append-only tables with their own policies (rls 0004): anyone may insert (a
# rejected login has no office yet), reading is held to the own office, and
# the application's role is granted SELECT and INSERT only (rls_grant).
APPEND_ONLY: dict[str, str] = {
    "audit_accessrecord": "office_id",
}

# Tables that name an office (or a covered table) but hold no personal data
# about citizens, or must be read before anyone's office is known.
EXEMPT: dict[str, str] = {
    "offices_user": "read at login, before the office is known; staff, not citizens",
    "offices_orgunit": "the municipality's organisation, no personal data",
    "vocabularies_vocabularyvalue": "classification values, shared and local",
    "vocabularies_officevocabulary": "which schemes an office uses",
    "vocabularies_officevaluesetting": "an office's choices among the values",
    "reports_reportsettings": "report texts and the Word template, no personal data",
    "reports_monthfacts": "the report's counts per month (a cache), no personal data",
    "casework_officecalendar": "the office's closed days",
    "accounts_officesessionpolicy": "the office's session timeouts",
    "privacy_retentionpolicy": "the office's retention period",
    "casework_caseworksettings": "the office's deadline rules (numbers of days), no personal data",
    "casework_lettertemplate": (
        "the office's Word templates: merge fields and the office's own text, filled "
        "with a citizen's data only in the letter made from it (a journal attachment)"
    ),
    "django_tasks_db_dbtaskresult": (
        "the task queue has no office column and its worker serves every office; its "
        "rows (casework.tasks.send_email) carry journal numbers, dates, unit names and "
        "staff e-mail addresses, no citizen's data; the label of an advisor's own "
        "deadline is free text (README, known gaps)"
    ),
}

# Tables with personal data that the wall does not cover yet, and why: named
# here so the gap is a decision on record, not an oversight.
NOT_YET: dict[str, str] = {}

# Models whose foreign keys to these tables mean "this row belongs to an office
# or to a case" (app_label.ModelName).
OFFICE_ANCHORS = (
    "offices.Office",
    "inquiries.Person",
    "inquiries.Inquiry",
    "inquiries.ComplaintPoint",
    "inquiries.JournalEntry",
    "casework.DepartmentRequest",
    "casework.PointStatement",
    "casework.Deadline",
    "casework.Letter",
)
