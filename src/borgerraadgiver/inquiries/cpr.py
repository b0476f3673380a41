"""CPR numbers at rest: encrypted to be read back, a keyed hash to be found by.

The database never holds a CPR number in plain text. `Person.cpr` reads and
writes through these functions; bulk writers (the benchmark, the migration
that encrypted the old column) call `cpr_columns` to fill the same columns.

- Encryption: Fernet (AES-128-CBC with HMAC-SHA256, random IV), keys from
  `settings.CPR_ENCRYPTION_KEYS`. The first key encrypts, every key decrypts,
  so a new key can be put first and the old one kept until `cpr_rekey` has
  re-encrypted every row.
- Lookup: HMAC-SHA256 of the office and the ten digits with
  `settings.CPR_HASH_KEY`, a separate key. There are only some 400 million
  possible CPR numbers, so a plain hash would be reversed by trying them all;
  without the key it cannot. The office is part of the hashed text because
  every lookup is within one office: equal hashes then tell someone reading
  the database nothing about the same citizen in two offices.

Every function that holds a CPR number in a local variable is marked
`sensitive_variables`, so an error report (the e-mail to ADMINS, the error
page with DEBUG off) shows stars instead.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from stdnum.dk import cpr as stdnum_cpr


class CprKeyError(RuntimeError):
    """A stored CPR number that none of the configured keys decrypts."""


@sensitive_variables()
def cpr_normalise(raw: str) -> str:
    """Validate a CPR number and return its ten digits, or raise ValidationError.

    Birth dates in the future are allowed to fail; the modulus-11 check is not
    applied because CPR numbers issued since 2007 need not satisfy it.
    """
    digits = stdnum_cpr.compact(raw or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_("Et CPR-nummer har 10 cifre (ddmmåå-xxxx)."))
    try:
        stdnum_cpr.get_birth_date(digits)
    except Exception as exc:  # stdnum raises its own InvalidComponent
        raise ValidationError(_("CPR-nummeret indeholder ikke en gyldig fødselsdato.")) from exc
    return digits


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.CPR_ENCRYPTION_KEYS))


@sensitive_variables()
def cpr_encrypt(digits: str) -> str:
    """The ciphertext stored for `digits`; a new random one each call."""
    return _keys().encrypt(digits.encode("ascii")).decode("ascii")


@sensitive_variables()
def cpr_decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        # Never a silent blank: a missing key must be noticed before anything is saved over it.
        raise CprKeyError(
            "A stored CPR number is encrypted with a key that is not in CPR_ENCRYPTION_KEYS."
        ) from exc


@sensitive_variables()
def cpr_hash(digits: str, office_id: int) -> str:
    """The keyed hash every lookup and the same-person check compare, within one office."""
    key = settings.CPR_HASH_KEY.encode("utf-8")
    return hmac.new(key, f"{office_id}:{digits}".encode("ascii"), hashlib.sha256).hexdigest()


@sensitive_variables()
def cpr_columns(digits: str, office_id: int | None) -> dict[str, str]:
    """The stored columns for a CPR number given as its ten digits ("" for none)."""
    if not digits:
        return {"cpr_encrypted": "", "cpr_hash": ""}
    if office_id is None:
        raise ValueError("The office is needed for the CPR number's hash; set it first.")
    return {"cpr_encrypted": cpr_encrypt(digits), "cpr_hash": cpr_hash(digits, office_id)}


@sensitive_variables()
def cpr_columns_renewed(token: str, office_id: int) -> dict[str, str]:
    """The columns of an already stored number, under the first key and the current hash key."""
    if not token:
        return {"cpr_encrypted": "", "cpr_hash": ""}
    digits = cpr_decrypt(token)
    return {
        "cpr_encrypted": _keys().rotate(token.encode("ascii")).decode("ascii"),
        "cpr_hash": cpr_hash(digits, office_id),
    }
