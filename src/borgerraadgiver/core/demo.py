"""The demo office `make run` creates on an empty database.

An office from the Albertslund preset, a demo user of each role (one
password for all of them), and two years of
synthetic registrations ending today (see core/synthetic/ for where the
proportions come from). Everything is registered through the domain services,
like the app and the importer do, so the demo data obeys the same rules.
"""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from borgerraadgiver.casework.demo import demo_casework
from borgerraadgiver.core.synthetic import Draft, Drawer, PersonDraft, PersonMaker
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.inquiries.services import (
    InquiryData,
    PointData,
    inquiry_register,
    journal_entry_add,
    person_create,
)
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.services import office_create
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import registered_vocabularies
from borgerraadgiver.vocabularies.services import standard_vocabularies_load

DEFAULT_SEED = 2620  # Albertslund's postcode; any fixed number makes the demo repeatable
DEMO_SLUG = "albertslund"
DEMO_NAME = "Albertslund Kommune"
DEMO_PRESET = "albertslund"
DEMO_USERNAME = "demo"
# The other roles, to try what each may see; they share the demo password.
DEMO_ROLE_USERS = (
    ("demo-sekretaer", User.Role.SECRETARY, "Sekretær"),
    ("demo-laeser", User.Role.READER, "Læser"),
    ("demo-admin", User.Role.OFFICE_ADMIN, "Administrator"),
    ("demo-drift", User.Role.OPERATOR, "Drift"),
)
LOGIN_FILE = "demo-login.txt"
# About 160-200 inquiries a year, like Albertslund's 162 in 2024/25.
PER_YEAR = (165, 195)
REPEAT_PERSON_SHARE = 0.08
_PASSWORD_WORDS = (
    "bøgeskov",
    "havnebad",
    "cykelsti",
    "rugbrød",
    "solsikke",
    "kaffekop",
    "vinterbad",
    "skovsti",
    "regnvejr",
    "postkasse",
    "fyrtårn",
    "kanalbro",
    "hyldeblomst",
    "markvej",
    "strandeng",
    "kirkegade",
    "andedam",
    "vandtårn",
    "snebold",
    "frikadelle",
)


@dataclass
class DemoResult:
    office: Office
    username: str
    password: str
    inquiries: int
    points: int
    persons: int
    open: int
    first: datetime.date
    last: datetime.date


def login_file() -> Path:
    return Path(settings.VAR_DIR) / LOGIN_FILE


def demo_password() -> str:
    """Three words and a number: easy to type from the terminal, long enough for the validators."""
    rng = secrets.SystemRandom()
    words = rng.sample(_PASSWORD_WORDS, 3)
    return "-".join(words).translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})) + (
        f"-{rng.randint(10, 99)}"
    )


def demo_login_save(username: str, password: str) -> Path:
    # The demo password is kept so that `make run` can show it again on every
    # start; it protects synthetic data only, and the file is readable by the owner alone.
    path = login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(f"brugernavn: {username}\nadgangskode: {password}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def demo_login_read() -> tuple[str, str] | None:
    """The stored demo login, if there is one and it still works."""
    path = login_file()
    if not path.exists():
        return None
    fields = dict(
        line.split(": ", 1)
        for line in path.read_text(encoding="utf-8").splitlines()
        if ": " in line
    )
    username, password = fields.get("brugernavn", ""), fields.get("adgangskode", "")
    user = User.objects.filter(username=username).first()
    if user is None or not user.check_password(password):
        return None
    return username, password


def _years_back(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class _Registrar:
    """Turns drafts into registrations through the services."""

    def __init__(self, office: Office, user: User, rng: random.Random) -> None:
        self.office = office
        self.user = user
        self.rng = rng
        self.people = PersonMaker(rng)
        self.persons: list[Person] = []
        self.registered = set(registered_vocabularies(office))
        self.units: dict[tuple[str, ...], OrgUnit] = {}
        for unit in OrgUnit.objects.filter(office=office).select_related("parent"):
            path = (unit.parent.name, unit.name) if unit.parent else (unit.name,)
            self.units[path] = unit
        self.values = {
            (v.vocabulary.code, v.code): v
            for v in VocabularyValue.objects.filter(office=None).select_related("vocabulary")
        }

    def _person(self, draft: PersonDraft, *, citizen: bool = True) -> Person:
        person = person_create(
            office=self.office,
            name=draft.name,
            address=draft.address,
            phone=draft.phone,
            email=draft.email,
            cpr=draft.cpr,
        )
        if citizen:  # relatives do not come back on their own account
            self.persons.append(person)
        return person

    def persons_for(self, d: Draft) -> tuple[Person | None, Person | None]:
        if d.anonymous:
            return None, None
        if d.relation is not None:
            _who, _whom, requester_gender, citizen_gender = d.relation
            citizen = self._person(self.people.person(citizen_gender))
            same_family = d.relation[0] != "En værge" and self.rng.random() < 0.7
            last = citizen.name.rsplit(" ", 1)[-1] if same_family else None
            requester = self._person(
                self.people.person(requester_gender, last, with_cpr=False), citizen=False
            )
            return citizen, requester
        if self.persons and self.rng.random() < REPEAT_PERSON_SHARE:
            # The same citizen comes back about a new matter.
            return self.rng.choice(self.persons), None
        return self._person(self.people.person()), None

    def register(self, d: Draft) -> Inquiry:
        person, requester = self.persons_for(d)
        points = []
        if "theme" in self.registered:
            points = [PointData(theme=self.values[("theme", t)]) for t in d.themes]
        data = InquiryData(
            received=d.received,
            org_unit=self.units[d.unit_path],
            account=d.account,
            person=person,
            requester=requester,
            anonymous=d.anonymous,
            anonymous_to_administration=d.anonymous_to_administration,
            values={k: self.values[(k, v)] for k, v in d.values.items() if k in self.registered},
            closed=d.closed,
            points=points,
        )
        return inquiry_register(office=self.office, data=data, by=self.user)


def _at_office_hours(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)))
    return timezone.make_aware(moment)


@transaction.atomic
def demo_create(
    *,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
    years: int = 2,
    password: str | None = None,
) -> DemoResult:
    """Create the demo office, its user and `years` years of registrations ending `today`."""
    today = today or timezone.localdate()
    if not Vocabulary.objects.filter(code="theme").exists():
        standard_vocabularies_load()
    office = office_create(slug=DEMO_SLUG, name=DEMO_NAME, preset=DEMO_PRESET)
    password = password or demo_password()
    user = User.objects.create_user(
        username=DEMO_USERNAME,
        password=password,
        office=office,
        role=User.Role.ADVISOR,
        first_name="Demo",
        last_name="Rådgiver",
    )
    for username, role, last_name in DEMO_ROLE_USERS:
        User.objects.create_user(
            username=username,
            password=password,
            # The system operator belongs to no office.
            office=None if role == User.Role.OPERATOR else office,
            role=role,
            first_name="Demo",
            last_name=last_name,
        )
    # Seeded, repeatable synthetic data: nothing drawn here is a secret.
    rng = random.Random(seed)  # nosec B311
    drawer = Drawer(rng, today)
    registrar = _Registrar(office, user, rng)
    count = sum(rng.randint(*PER_YEAR) for _ in range(years))
    start = _years_back(today, years) + datetime.timedelta(days=1)

    journal: list[JournalEntry] = []
    stamps: list[Inquiry] = []
    for received in drawer.received_dates(start, today, count):
        draft = drawer.draw(received)
        inquiry = registrar.register(draft)
        # Registered when the inquiry came in, not when the demo ran: the
        # history then reads like an office's.
        inquiry.created_at = _at_office_hours(received, rng)
        inquiry.updated_at = _at_office_hours(draft.closed or received, rng)
        stamps.append(inquiry)
        for kind, day, text in draft.journal:
            entry = journal_entry_add(inquiry=inquiry, kind=kind, occurred=day, text=text, by=user)
            entry.created_at = _at_office_hours(day, rng)
            journal.append(entry)
    Inquiry.objects.bulk_update(stamps, ["created_at", "updated_at"], batch_size=500)
    JournalEntry.objects.bulk_update(journal, ["created_at"], batch_size=500)
    demo_casework(office, user, rng, today)
    demo_login_save(DEMO_USERNAME, password)

    inquiries = Inquiry.objects.filter(office=office)
    return DemoResult(
        office=office,
        username=DEMO_USERNAME,
        password=password,
        inquiries=inquiries.count(),
        points=ComplaintPoint.objects.filter(office=office).count(),
        persons=Person.objects.filter(office=office).count(),
        open=inquiries.open().count(),
        first=start,
        last=today,
    )
