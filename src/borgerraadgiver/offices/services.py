from __future__ import annotations

import datetime
import re
from functools import cache
from typing import Any

import yaml
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.roles import MANAGING_ROLES, OFFICE_ROLES, SECRETARY_GRANTABLE
from borgerraadgiver.vocabularies.services import TAXONOMY_DIR, office_vocabularies_set

PATH_SEPARATOR = " / "
# A preset that registers nothing would leave the form empty; this is the
# minimum every office starts from when created without a preset.
DEFAULT_REGISTERS = ["inquiry_kind", "theme", "channel", "requester_kind", "handling", "outcome"]


@cache
def office_presets() -> dict[str, dict[str, Any]]:
    with (TAXONOMY_DIR / "offices.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {o["slug"]: o for o in data["offices"]}


def _deadline_days(text: str | None) -> int:
    """'2 weeks' -> 14, '3 weeks' -> 21, '10 days' -> 10."""
    if not text:
        return 21
    m = re.match(r"\s*(\d+)\s*(week|day)", text)
    if not m:
        return 21
    n = int(m.group(1))
    return n * 7 if m.group(2) == "week" else n


@transaction.atomic
def office_create(*, slug: str, name: str, preset: str | None = None) -> Office:
    """Create an office, optionally from one of the four presets in offices.yaml."""
    spec: dict[str, Any] = {}
    if preset:
        presets = office_presets()
        if preset not in presets:
            raise ValidationError(
                {
                    "preset": _("Ukendt skabelon: %(p)s. Vælg mellem %(all)s.")
                    % {"p": preset, "all": ", ".join(sorted(presets))}
                }
            )
        spec = presets[preset]
    if Office.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("Der findes allerede et kontor med kortnavnet %(s)s.") % {"s": slug}}
        )
    period = spec.get("report_period", {})
    office = Office(
        slug=slug,
        name=name,
        preset=preset or "",
        report_period_start=period.get("start", "01-01"),
        report_period_end=period.get("end", "12-31"),
        statement_deadline_days=_deadline_days(spec.get("statement_deadline")),
    )
    office.full_clean()
    office.save()
    office_vocabularies_set(office=office, registered=spec.get("registers", DEFAULT_REGISTERS))
    for node in spec.get("org_units", []):
        _create_tree(office=office, node=node, parent=None)
    return office


def _create_tree(*, office: Office, node: dict[str, Any], parent: OrgUnit | None) -> None:
    unit = orgunit_create(
        office=office,
        name=node["name"],
        parent=parent,
        short_name=node.get("short", ""),
        external=bool(node.get("external", parent.external if parent else False)),
    )
    for child in node.get("children", []):
        if isinstance(child, str):
            child = {"name": child}
        _create_tree(office=office, node=child, parent=unit)


@transaction.atomic
def orgunit_create(
    *,
    office: Office,
    name: str,
    parent: OrgUnit | None = None,
    short_name: str = "",
    external: bool = False,
) -> OrgUnit:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv enhedens navn.")})
    if PATH_SEPARATOR.strip() in name and PATH_SEPARATOR in name:
        raise ValidationError({"name": _("Navnet må ikke indeholde ' / '.")})
    if parent is not None and parent.office_id != office.pk:
        raise ValidationError({"parent": _("Den overordnede enhed tilhører et andet kontor.")})
    if parent is not None and parent.is_retired:
        # An active unit under a retired one would be offered for registration
        # while its department no longer exists.
        raise ValidationError(
            {"parent": _("Der kan ikke oprettes enheder under en nedlagt enhed.")}
        )
    siblings = OrgUnit.objects.filter(office=office, parent=parent)
    if siblings.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Der findes allerede en enhed med det navn her.")})
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    unit = OrgUnit(
        office=office,
        parent=parent,
        name=name,
        short_name=short_name.strip(),
        external=external or bool(parent and parent.external),
        position=position,
        depth=(parent.depth + 1) if parent else 0,
        root=parent.root if parent else None,
    )
    unit.full_clean(exclude=["root"])
    unit.save()
    if parent is None:
        unit.root = unit
        unit.save(update_fields=["root"])
    return unit


@transaction.atomic
def orgunit_rename(
    *, unit: OrgUnit, name: str, short_name: str | None = None, external: bool | None = None
) -> OrgUnit:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv enhedens navn.")})
    clash = OrgUnit.objects.filter(
        office=unit.office_id, parent=unit.parent_id, name__iexact=name
    ).exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError({"name": _("Der findes allerede en enhed med det navn her.")})
    unit.name = name
    if short_name is not None:
        unit.short_name = short_name.strip()
    if external is not None:
        unit.external = external
    unit.full_clean()
    unit.save()
    return unit


def descendant_ids(unit: OrgUnit) -> list[int]:
    """The unit and all units below it (the office tree is small: walked in Python)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OrgUnit.objects.filter(office=unit.office_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    result, stack = [], [unit.pk]
    while stack:
        pk = stack.pop()
        result.append(pk)
        stack.extend(children.get(pk, []))
    return result


@transaction.atomic
def orgunit_move(*, unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    """Move a unit (with its sub-units) under another parent, or to the top."""
    if new_parent is not None:
        if new_parent.office_id != unit.office_id:
            raise ValidationError({"parent": _("Enheden kan ikke flyttes til et andet kontor.")})
        if new_parent.pk in descendant_ids(unit):
            raise ValidationError({"parent": _("En enhed kan ikke flyttes ind under sig selv.")})
        if new_parent.is_retired and not unit.is_retired:
            raise ValidationError(
                {"parent": _("En aktiv enhed kan ikke flyttes ind under en nedlagt enhed.")}
            )
    if unit.parent_id == (new_parent.pk if new_parent else None):
        return unit
    clash = OrgUnit.objects.filter(
        office=unit.office_id, parent=new_parent, name__iexact=unit.name
    ).exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError({"parent": _("Der findes allerede en enhed med det navn dér.")})
    siblings = OrgUnit.objects.filter(office=unit.office_id, parent=new_parent)
    unit.parent = new_parent
    unit.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    unit.save(update_fields=["parent", "position"])
    _recompute_subtree(unit)
    return unit


def _recompute_subtree(unit: OrgUnit) -> None:
    parent = unit.parent
    unit.depth = parent.depth + 1 if parent else 0
    unit.root = parent.root if parent else unit
    unit.save(update_fields=["depth", "root"])
    for child in unit.children.all():
        _recompute_subtree(child)


@transaction.atomic
def orgunit_retire(*, unit: OrgUnit, on: datetime.date, retire: bool = True) -> OrgUnit:
    """Retire a unit and its sub-units: no new registrations, history kept.

    Sub-units retired earlier keep their own date. Reactivating brings back the
    unit and the sub-units retired together with it, not those retired before.
    """
    unit.refresh_from_db(fields=["retired_at", "parent"])
    subtree = OrgUnit.objects.filter(pk__in=descendant_ids(unit))
    if retire:
        if unit.is_retired:
            raise ValidationError({"retired_at": _("Enheden er allerede nedlagt.")})
        if on > timezone.localdate():
            raise ValidationError(
                {"retired_at": _("Nedlæggelsesdatoen kan ikke ligge i fremtiden.")}
            )
        subtree.filter(retired_at__isnull=True).update(retired_at=on)
    else:
        if not unit.is_retired:
            raise ValidationError({"retired_at": _("Enheden er ikke nedlagt.")})
        if unit.parent is not None and unit.parent.is_retired:
            raise ValidationError(
                {"retired_at": _("Den overordnede enhed er nedlagt; genaktivér den først.")}
            )
        subtree.filter(retired_at=unit.retired_at).update(retired_at=None)
    unit.refresh_from_db()
    return unit


def orgunit_path(unit: OrgUnit, by_id: dict[int, OrgUnit] | None = None) -> str:
    names = []
    node: OrgUnit | None = unit
    while node is not None:
        names.append(node.name)
        if node.parent_id is None:
            break
        node = by_id[node.parent_id] if by_id else node.parent
    return PATH_SEPARATOR.join(reversed(names))


def _month_day(value: str, field_name: str) -> str:
    """'4-1' or '04-01' -> '04-01'; a day that exists in a leap year is accepted."""
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", value or "")
    try:
        if not m:
            raise ValueError
        day = datetime.date(2024, int(m.group(1)), int(m.group(2)))
    except ValueError:
        raise ValidationError(
            {field_name: _("Angiv en dato, der findes (måned og dag).")}
        ) from None
    return day.strftime("%m-%d")


@transaction.atomic
def office_settings_update(
    *,
    office: Office,
    report_period_start: str,
    report_period_end: str,
    statement_deadline_days: int,
    secretary_capabilities: list[str] | None = None,
) -> Office:
    """Change the office's report period (month-day), the statement deadline and,
    when given, what its secretaries may do beyond their role (offices.roles)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for name, raw in (
        ("report_period_start", report_period_start),
        ("report_period_end", report_period_end),
    ):
        try:
            values[name] = _month_day(raw, name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not 1 <= statement_deadline_days <= 365:
        errors["statement_deadline_days"] = [_("Fristen skal være mellem 1 og 365 dage.")]
    if not errors and values["report_period_start"] == values["report_period_end"]:
        errors["report_period_end"] = [_("Perioden kan ikke begynde og slutte samme dag.")]
    fields = ["report_period_start", "report_period_end", "statement_deadline_days"]
    if secretary_capabilities is not None:
        unknown = set(secretary_capabilities) - set(SECRETARY_GRANTABLE)
        if unknown:
            errors["secretary_capabilities"] = [
                _("Sekretærer kan ikke få rettigheden %(c)s.") % {"c": ", ".join(sorted(unknown))}
            ]
        fields.append("secretary_capabilities")
    if errors:
        raise ValidationError(errors)
    office.report_period_start = values["report_period_start"]
    office.report_period_end = values["report_period_end"]
    office.statement_deadline_days = statement_deadline_days
    if secretary_capabilities is not None:
        # In the table's order, so the stored list does not depend on the form's.
        office.secretary_capabilities = [
            c for c in SECRETARY_GRANTABLE if c in secretary_capabilities
        ]
    office.full_clean()
    office.save(update_fields=fields)
    return office


@transaction.atomic
def user_create(
    *,
    office: Office | None,
    username: str,
    password: str,
    role: str = User.Role.ADVISOR,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a member of staff in one office, with a password the validators accept.

    The system operator is the one role created without an office.
    """
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Angiv et brugernavn.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Brugernavnet er allerede i brug.")})
    if role not in User.Role.values:
        raise ValidationError(
            {"role": _("Ukendt rolle. Vælg mellem %(all)s.") % {"all": ", ".join(User.Role.values)}}
        )
    user = User(
        username=username,
        office=office,
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _office_stays_managed(user: User, *, role: str, active: bool) -> None:
    """Refuse a change that would leave the office without anyone to manage it."""
    if role in MANAGING_ROLES and active:
        return
    others = User.objects.filter(office=user.office_id, is_active=True, role__in=MANAGING_ROLES)
    if not others.exclude(pk=user.pk).exists():
        raise ValidationError(
            {
                "role": _(
                    "Kontoret skal have mindst én aktiv borgerrådgiver eller "
                    "kontoradministrator, der kan administrere brugerne."
                )
            }
        )


@transaction.atomic
def user_role_set(*, user: User, role: str) -> User:
    """Give a member of staff another role in the office."""
    if role not in OFFICE_ROLES or user.role not in OFFICE_ROLES:
        raise ValidationError({"role": _("Vælg en af kontorets roller.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    _office_stays_managed(user, role=role, active=user.is_active)
    user.role = role
    user.full_clean()
    user.save(update_fields=["role"])
    return user


@transaction.atomic
def user_active_set(*, user: User, active: bool, by: User) -> User:
    """Deactivate a member of staff (or bring one back).

    Users are never deleted: the audit trail names them. A deactivated user
    cannot log in, and a session already open ends at the next request.
    """
    if not active and user.pk == by.pk:
        raise ValidationError({"is_active": _("Du kan ikke deaktivere dig selv.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active:
        _office_stays_managed(user, role=user.role, active=False)
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
