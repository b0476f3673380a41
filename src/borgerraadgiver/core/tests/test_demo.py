from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Count

from borgerraadgiver.core.demo import DEMO_ROLE_USERS, DEMO_SLUG, DEMO_USERNAME, demo_create
from borgerraadgiver.core.synthetic import (
    DEPARTMENTS,
    THEME_POINTS,
    Drawer,
    PersonMaker,
    texts,
)
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.inquiries.services import cpr_normalise
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.vocabularies.services import TAXONOMY_DIR
from tests.factories import make_office

TODAY = datetime.date(2025, 3, 31)


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    # The demo login file goes to VAR_DIR; never the developer's var/.
    settings.VAR_DIR = tmp_path


@pytest.fixture
def small_demo(monkeypatch):
    # The command's flow does not need two full years of data.
    monkeypatch.setattr("borgerraadgiver.core.demo.PER_YEAR", (12, 12))


def _login_line(output: str) -> tuple[str, str]:
    line = next(x for x in output.splitlines() if x.startswith("Demo-login:"))
    # "Demo-login: brugernavn demo, adgangskode xxx"
    user_part, password_part = line.removeprefix("Demo-login: ").split(", ")
    return user_part.removeprefix("brugernavn "), password_part.removeprefix("adgangskode ")


@pytest.mark.django_db
def test_demo_on_an_empty_database_prints_a_login_that_works(client, small_demo):
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)

    username, password = _login_line(out.getvalue())
    assert username == DEMO_USERNAME
    assert client.login(username=username, password=password)
    assert Office.objects.get().slug == DEMO_SLUG
    assert "http://127.0.0.1:" in out.getvalue()


@pytest.mark.django_db
def test_demo_prints_a_working_login_for_every_role_the_operator_without_an_office(
    client, small_demo
):
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    _username, password = _login_line(out.getvalue())

    lines = [x for x in out.getvalue().splitlines() if x.startswith("Demo-login (")]
    logins = {re.search(r"brugernavn (\S+),", x).group(1) for x in lines}
    assert logins == {u for u, _role, _name in DEMO_ROLE_USERS}
    roles = {}
    for username in logins:
        assert client.login(username=username, password=password), username
        user = User.objects.get(username=username)
        roles[user.role] = user.office
    assert set(roles) == {"secretary", "reader", "office_admin", "operator"}
    assert roles["operator"] is None and roles["reader"].slug == DEMO_SLUG


@pytest.mark.django_db
def test_demo_run_again_keeps_the_data_and_prints_the_same_login(small_demo):
    first = StringIO()
    call_command("demo", "--if-empty", stdout=first)
    inquiries = Inquiry.objects.count()

    again = StringIO()
    call_command("demo", "--if-empty", stdout=again)

    assert Inquiry.objects.count() == inquiries
    assert _login_line(again.getvalue()) == _login_line(first.getvalue())


@pytest.mark.django_db
def test_demo_leaves_a_database_with_another_office_alone(small_demo):
    make_office("lejre", preset="lejre")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)

    assert list(Office.objects.values_list("slug", flat=True)) == ["lejre"]
    assert "Demo-login" not in out.getvalue()
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())


@pytest.mark.django_db
def test_demo_registers_two_years_shaped_like_albertslund():
    result = demo_create(today=TODAY)
    office = result.office
    inquiries = Inquiry.objects.filter(office=office)

    # About 160-200 a year, all within the two years ending today.
    assert 330 <= inquiries.count() <= 390
    assert inquiries.filter(received__lt=datetime.date(2023, 4, 1)).count() == 0
    assert inquiries.filter(received__gt=TODAY).count() == 0
    # Tabel 1: Borger, Arbejdsmarked & Erhverv is the biggest department, about 31 %.
    by_root = Counter(inquiries.values_list("org_unit__root__name", flat=True))
    assert by_root.most_common(1)[0][0] == "Borger, Arbejdsmarked & Erhverv"
    assert 0.2 < by_root["Borger, Arbejdsmarked & Erhverv"] / inquiries.count() < 0.42
    # Hovedsag on (nearly) every inquiry, følgesager on some.
    points = ComplaintPoint.objects.filter(office=office)
    assert points.filter(position=1).count() > 0.85 * inquiries.count()
    assert points.filter(position__gt=1).count() > 0.1 * inquiries.count()
    # Recent ones open, most closed, closed within 60 days.
    assert 3 <= inquiries.open().count() < 0.1 * inquiries.count()
    for received, closed in inquiries.closed().values_list("received", "closed"):
        assert 0 <= (closed - received).days <= 60
    assert inquiries.filter(anonymous=True, person__isnull=True).exists()
    assert inquiries.filter(requester__isnull=False).exists()
    repeat = Person.objects.filter(office=office).annotate(n=Count("inquiries")).filter(n__gt=1)
    assert repeat.exists()
    assert JournalEntry.objects.filter(inquiry__office=office).count() > inquiries.count()
    assert inquiries.exclude(account="").count() == inquiries.count()
    assert result.password and result.points == points.count()


def _drafts(seed: int) -> list[tuple[object, ...]]:
    drawer = Drawer(random.Random(seed), TODAY)
    dates = drawer.received_dates(datetime.date(2024, 4, 1), TODAY, 50)
    return [
        (d.received, d.unit_path, tuple(d.themes), d.account, d.closed)
        for d in map(drawer.draw, dates)
    ]


def test_the_same_seed_draws_the_same_registrations():
    assert _drafts(7) == _drafts(7)
    assert _drafts(7) != _drafts(8)


def test_every_org_unit_of_the_albertslund_preset_has_topics():
    with (TAXONOMY_DIR / "offices.yaml").open(encoding="utf-8") as fh:
        preset = next(o for o in yaml.safe_load(fh)["offices"] if o["slug"] == "albertslund")
    units = texts()["units"]
    assert [node["name"] for node in preset["org_units"]] == list(DEPARTMENTS)
    for node in preset["org_units"]:
        assert units[node["name"]]["topics"]
        children = {c if isinstance(c, str) else c["name"] for c in node.get("children", [])}
        assert children == set(units[node["name"]].get("children", {}))


def test_every_theme_that_can_be_drawn_has_sentences():
    themes = texts()["themes"]
    for code in THEME_POINTS:
        assert themes[code]["main"] and themes[code]["also"]


def test_synthetic_cpr_numbers_are_accepted_but_fail_modulus_11():
    people = PersonMaker(random.Random(1))
    for _ in range(200):
        cpr = people.cpr(random.choice("fm"))
        assert cpr_normalise(cpr) == cpr
        weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
        assert sum(int(c) * w for c, w in zip(cpr, weights, strict=True)) % 11 != 0
