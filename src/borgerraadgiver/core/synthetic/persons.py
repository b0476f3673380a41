"""Danish-looking synthetic persons for the demo and the benchmark."""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from faker.providers.address.da_DK import Provider as AddressProvider
from faker.providers.person.da_DK import Provider as PersonProvider

# Last names weighted by rank, so that Jensen and Nielsen are common, as in Denmark.
_LAST = PersonProvider.last_names
_LAST_CUM = list(itertools.accumulate(1 / (rank + 3) for rank in range(len(_LAST))))
_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@dataclass
class PersonDraft:
    name: str
    address: str
    phone: str
    email: str
    cpr: str


class PersonMaker:
    """Danish-looking persons from Faker's da_DK lists, drawn with our own rng (fast, seeded)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def first_name(self, gender: str) -> str:
        names: Sequence[str] = (
            PersonProvider.first_names_female if gender == "f" else PersonProvider.first_names_male
        )
        return self.rng.choice(names)

    def last_name(self) -> str:
        return self.rng.choices(_LAST, cum_weights=_LAST_CUM)[0]

    def address(self) -> str:
        rng = self.rng
        street = rng.choice(AddressProvider.street_names) + rng.choice(
            AddressProvider.street_suffixes
        )
        number = rng.randint(1, 140)
        if rng.random() < 0.85:
            return f"{street} {number}, 2620 Albertslund"
        return f"{street} {number}, {rng.randint(1000, 9990)} {rng.choice(AddressProvider.cities)}"

    def phone(self) -> str:
        r = self.rng
        return f"{r.randint(20, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"

    def cpr(self, gender: str) -> str:
        """A CPR number with a valid birth date that fails the modulus-11 check.

        Numbers failing modulus 11 are issued only when a birth date runs out of
        valid ones, so these are very unlikely to belong to a real person.
        """
        rng = self.rng
        born = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randint(0, 25_000))
        century_digit = 4 if born.year >= 2000 else rng.randint(0, 3)
        while True:
            last = rng.randrange(1, 10, 2) if gender == "m" else rng.randrange(0, 10, 2)
            digits = f"{born:%d%m%y}{century_digit}{rng.randint(0, 99):02d}{last}"
            if sum(int(c) * w for c, w in zip(digits, _CPR_WEIGHTS, strict=True)) % 11:
                return digits

    def person(
        self, gender: str | None = None, last_name: str | None = None, with_cpr: bool | None = None
    ) -> PersonDraft:
        rng = self.rng
        gender = gender or rng.choice("fm")
        first, last = self.first_name(gender), last_name or self.last_name()
        email = ""
        if rng.random() < 0.6:
            local = f"{first}.{last}".lower()
            local = local.translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": ""}))
            local = local.encode("ascii", "ignore").decode()
            email = f"{local}{rng.randint(1, 99)}@example.org"
        cpr = self.cpr(gender) if (with_cpr if with_cpr is not None else rng.random() < 0.3) else ""
        return PersonDraft(
            name=f"{first} {last}",
            address=self.address() if rng.random() < 0.8 else "",
            phone=self.phone() if rng.random() < 0.85 else "",
            email=email,
            cpr=cpr,
        )
