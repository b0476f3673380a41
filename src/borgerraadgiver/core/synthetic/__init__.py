"""Synthetic registrations shaped like a real office's, for the demo and the benchmark.

drafts.py draws inquiries (proportions from the Albertslund annual report),
persons.py draws the people; texts.yaml holds the sentences. Pure: no database.
"""

from __future__ import annotations

from .drafts import (
    DEPARTMENT_POINTS,
    DEPARTMENTS,
    THEME_POINTS,
    Draft,
    Drawer,
    Table,
    pick,
    texts,
)
from .persons import PersonDraft, PersonMaker

__all__ = [
    "DEPARTMENTS",
    "DEPARTMENT_POINTS",
    "THEME_POINTS",
    "Draft",
    "Drawer",
    "PersonDraft",
    "PersonMaker",
    "Table",
    "pick",
    "texts",
]
