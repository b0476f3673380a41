"""CPR numbers at rest: encrypted, found by a keyed hash within the office, keys rotated."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from borgerraadgiver.inquiries.cpr import CprKeyError, cpr_decrypt
from borgerraadgiver.inquiries.lookups import person_search
from borgerraadgiver.inquiries.models import Person
from borgerraadgiver.inquiries.search_index import sqlite_search_index_ensure
from borgerraadgiver.inquiries.services import (
    PersonInput,
    person_cpr_rekey,
    person_create,
    person_resolve,
)
from tests.factories import make_office

pytestmark = pytest.mark.security

CPR = "0101701234"
ROOT = Path(__file__).resolve().parents[2]


def _row(person: Person) -> dict[str, object]:
    """The person's row as the database holds it, every column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM inquiries_person WHERE id = %s", [person.pk])
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_the_database_holds_no_cpr_number_in_plain_text(office):
    karen = person_create(office=office, name="Karen Holm", cpr="010170-1234")

    row = _row(karen)
    assert "cpr" not in row
    assert not any(CPR in str(v) or "010170-1234" in str(v) for v in row.values())
    assert cpr_decrypt(str(row["cpr_encrypted"])) == CPR
    assert len(str(row["cpr_hash"])) == 64
    # Read back through the model, and shown masked.
    fresh = Person.objects.get(pk=karen.pk)
    assert fresh.cpr == CPR and fresh.masked_cpr == "010170-xxxx"


def test_the_same_number_is_encrypted_differently_each_time_but_found_alike(office):
    first = person_create(office=office, name="Karen Holm", cpr=CPR)
    second = person_create(office=office, name="Karen Holm", cpr=CPR)

    assert _row(first)["cpr_encrypted"] != _row(second)["cpr_encrypted"]
    assert _row(first)["cpr_hash"] == _row(second)["cpr_hash"]
    assert list(Person.objects.with_cpr(office, "010170-1234").order_by("id")) == [first, second]


def test_a_person_is_found_by_cpr_only_in_the_own_office(office, other_office):
    own = person_create(office=office, name="Karen Holm", cpr=CPR)
    foreign = person_create(office=other_office, name="Karen Holm", cpr=CPR)

    assert list(Person.objects.with_cpr(office, CPR)) == [own]
    assert person_search(office, cpr=CPR) == [own]
    assert person_search(other_office, cpr=CPR) == [foreign]
    # The hash is the office's own: equal numbers in two offices do not look alike.
    assert _row(own)["cpr_hash"] != _row(foreign)["cpr_hash"]
    # Registering the number in the own office reuses the own person, never the other's.
    again = person_resolve(office=office, entry=PersonInput(name="Karen Holm", cpr=CPR))
    assert again == own


def test_a_known_number_with_another_name_is_refused_through_the_hash(office):
    person_create(office=office, name="Karen Holm", cpr=CPR)
    with pytest.raises(Exception, match="kendt person med et andet navn"):
        person_resolve(office=office, entry=PersonInput(name="Bent Berg", cpr="010170-1234"))


def test_removing_the_number_empties_both_columns(office):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    person_resolve(office=office, entry=PersonInput(existing=karen, remove_cpr=True))

    row = _row(karen)
    assert (row["cpr_encrypted"], row["cpr_hash"]) == ("", "")
    assert not Person.objects.with_cpr(office, CPR).exists()


def test_a_number_encrypted_with_an_old_key_is_read_after_a_new_key_is_put_first(office, settings):
    old, new = settings.CPR_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)

    settings.CPR_ENCRYPTION_KEYS = [new, old]
    assert Person.objects.get(pk=karen.pk).cpr == CPR
    lis = person_create(office=office, name="Lis Holm", cpr="0202801234")
    assert Fernet(new.encode()).decrypt(str(_row(lis)["cpr_encrypted"]).encode()) == b"0202801234"

    # Without the old key the old row cannot be read, and says so.
    settings.CPR_ENCRYPTION_KEYS = [new]
    with pytest.raises(CprKeyError):
        _ = Person.objects.get(pk=karen.pk).cpr

    # Re-encrypted under the new key, the old one can go.
    settings.CPR_ENCRYPTION_KEYS = [new, old]
    assert person_cpr_rekey() == 2
    settings.CPR_ENCRYPTION_KEYS = [new]
    assert {p.cpr for p in Person.objects.filter(office=office)} == {CPR, "0202801234"}


def test_a_new_hash_key_finds_nobody_until_the_numbers_are_rekeyed(office, settings, capsys):
    karen = person_create(office=office, name="Karen Holm", cpr=CPR)
    settings.CPR_HASH_KEY = "a-new-lookup-key-of-at-least-thirty-two-characters"
    assert not Person.objects.with_cpr(office, CPR).exists()

    call_command("cpr_rekey")

    assert list(Person.objects.with_cpr(office, CPR)) == [karen]
    assert "1 CPR-numre" in capsys.readouterr().out


def test_rekeying_without_the_old_key_fails_and_names_the_remedy(office, settings):
    person_create(office=office, name="Karen Holm", cpr=CPR)
    settings.CPR_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="Sæt den gamle nøgle ind igen"):
        call_command("cpr_rekey")


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_drops_the_plain_column():
    office = make_office()
    before = [("inquiries", "0006_point_report_copies")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("inquiries", "Person")
        karen = old.objects.create(uid=uuid.uuid4(), office_id=office.pk, name="K", cpr=CPR)
        nobody = old.objects.create(uid=uuid.uuid4(), office_id=office.pk, name="N", cpr="")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        # Migrating a SQLite table rebuilds it and drops the search triggers
        # with it; `migrate` restores them after, this test has to itself.
        sqlite_search_index_ensure(connection)

    row = _row(Person.objects.get(pk=karen.pk))
    assert "cpr" not in row and CPR not in str(row)
    assert Person.objects.get(pk=karen.pk).cpr == CPR
    assert list(Person.objects.with_cpr(office, CPR)) == [Person.objects.get(pk=karen.pk)]
    assert (_row(Person.objects.get(pk=nobody.pk))["cpr_encrypted"]) == ""


def _settings_probe(var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import hashlib, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'borgerraadgiver.settings'\n"
        "from django.conf import settings\n"
        "keys = ' '.join(settings.CPR_ENCRYPTION_KEYS) + '|' + settings.CPR_HASH_KEY\n"
        "print(hashlib.sha256(keys.encode()).hexdigest())\n"
    )
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    clean.update(SECRET_KEY="x" * 50, VAR_DIR=str(var_dir), **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", probe], env=clean, cwd=ROOT, capture_output=True, text=True
    )


def test_keys_left_unset_are_made_once_into_var_readable_only_by_the_owner(tmp_path):
    first = _settings_probe(tmp_path)
    again = _settings_probe(tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    for name in ("cpr_encryption_keys", "cpr_hash_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    keys = (tmp_path / "cpr_encryption_keys").read_text().split()
    stored = " ".join(keys) + "|" + (tmp_path / "cpr_hash_key").read_text().strip()
    assert first.stdout.strip() == hashlib.sha256(stored.encode()).hexdigest()
    Fernet(keys[0].encode())  # a usable key


def test_keys_from_the_environment_are_used_and_a_malformed_one_is_refused_unechoed(tmp_path):
    given = Fernet.generate_key().decode()
    hash_key = "h" * 40
    used = _settings_probe(tmp_path, CPR_ENCRYPTION_KEYS=given, CPR_HASH_KEY=hash_key)
    assert used.stdout.strip() == hashlib.sha256(f"{given}|{hash_key}".encode()).hexdigest()
    assert not (tmp_path / "cpr_encryption_keys").exists()

    bad = _settings_probe(tmp_path, CPR_ENCRYPTION_KEYS=f"{given},not-a-key-at-all")
    assert bad.returncode != 0
    assert "CPR_ENCRYPTION_KEYS: key 2 is not a Fernet key" in bad.stderr
    assert "not-a-key-at-all" not in bad.stderr
    short = _settings_probe(tmp_path, CPR_ENCRYPTION_KEYS=given, CPR_HASH_KEY="short")
    assert short.returncode != 0 and "CPR_HASH_KEY must be at least 32" in short.stderr
