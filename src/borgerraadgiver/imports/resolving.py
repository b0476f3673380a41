"""Turning a cell's text into a vocabulary value or an org unit of one office.

Both indexes are built once per import from a handful of queries, so that
resolving 100,000 rows never touches the database again; results are
memoised per text, as real files repeat the same few labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.offices.services import PATH_SEPARATOR
from borgerraadgiver.vocabularies.models import OfficeValueSetting, VocabularyValue

from .parsing import quote

Resolved = tuple[VocabularyValue | None, str | None]


class ValueIndex:
    """Values by code or label, as one office sees them.

    Matching runs in tiers and stops at the first tier that finds something:
    code, the office's label, the standard label (when the office renamed
    the value), then the same three ignoring case. Two values in one tier
    make the text ambiguous rather than a silent guess.
    """

    def __init__(self, office: Office) -> None:
        values = list(VocabularyValue.objects.for_office(office).select_related("vocabulary"))
        overrides = dict(
            OfficeValueSetting.objects.filter(office=office)
            .exclude(label="")
            .values_list("value_id", "label")
        )
        self.by_id = {v.pk: v for v in values}
        self.vocabulary_labels: dict[str, str] = {}
        # vocabulary code -> six tiers of text -> value ids
        self._tiers: dict[str, list[dict[str, set[int]]]] = {}
        for v in values:
            code = v.vocabulary.code
            self.vocabulary_labels[code] = v.vocabulary.label
            tiers = self._tiers.setdefault(code, [{} for _ in range(6)])
            office_label = overrides.get(v.pk, v.label)
            keys = [v.code, office_label, v.label if office_label != v.label else None]
            for i, key in enumerate(keys):
                if key:
                    tiers[i].setdefault(key, set()).add(v.pk)
                    tiers[i + 3].setdefault(key.casefold(), set()).add(v.pk)
        self._memo: dict[tuple[str, str], Resolved] = {}

    def label(self, vocabulary: str) -> str:
        return self.vocabulary_labels.get(vocabulary, vocabulary)

    def _match(self, vocabulary: str, text: str) -> set[int]:
        for i, tier in enumerate(self._tiers.get(vocabulary, [])):
            ids = tier.get(text if i < 3 else text.casefold())
            if ids:
                return ids
        return set()

    def resolve(self, vocabulary: str, text: str) -> Resolved:
        key = (vocabulary, text)
        if key not in self._memo:
            self._memo[key] = self._resolve(vocabulary, text)
        return self._memo[key]

    def _resolve(self, vocabulary: str, text: str) -> Resolved:
        ids = self._match(vocabulary, text)
        if not ids:
            return None, self._unknown(vocabulary, text)
        candidates = [self.by_id[i] for i in sorted(ids)]
        leaves = [v for v in candidates if not v.is_group]
        if not leaves:
            return None, (
                f"{quote(text)} er en gruppe i {quote(self.label(vocabulary))}; "
                "angiv et af gruppens emner"
            )
        if len(leaves) > 1:
            return None, (
                f"{quote(text)} passer på flere værdier i {quote(self.label(vocabulary))}; "
                "angiv værdiens kode"
            )
        return leaves[0], None

    def _unknown(self, vocabulary: str, text: str) -> str:
        elsewhere = [
            self.label(code)
            for code in self._tiers
            if code != vocabulary and self._match(code, text)
        ]
        if elsewhere:
            return (
                f"{quote(text)} hører til {quote(elsewhere[0])}, "
                f"ikke til {quote(self.label(vocabulary))}"
            )
        return f"{quote(text)} er ikke en kode eller betegnelse i {quote(self.label(vocabulary))}"


@dataclass(eq=False)
class UnitNode:
    """An org unit of the office, or one the import will create (unit is None)."""

    name: str
    parent: UnitNode | None
    unit: OrgUnit | None = None
    retired: bool = False
    children: list[UnitNode] = field(default_factory=list)

    @property
    def segments(self) -> list[str]:
        names: list[str] = []
        node: UnitNode | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return names[::-1]

    @property
    def path(self) -> str:
        return PATH_SEPARATOR.join(self.segments)


UnitResolved = tuple[UnitNode | None, str | None]


class UnitIndex:
    """The office's org unit tree, by name or by path 'Top / Child'.

    A path may start at any level ('Jobcenter / Team' as well as the full
    path) as long as it names one unit. With `create`, a path that names
    nothing is planned as new units under its longest existing beginning.
    """

    def __init__(self, office: Office, *, create: bool) -> None:
        self.create = create
        self.planned: list[UnitNode] = []
        self._by_name: dict[str, list[UnitNode]] = {}
        self._by_name_ci: dict[str, list[UnitNode]] = {}
        self._memo: dict[str, UnitResolved] = {}
        units = list(OrgUnit.objects.filter(office=office).order_by("depth", "position", "pk"))
        nodes = {
            u.pk: UnitNode(name=u.name, parent=None, unit=u, retired=u.is_retired) for u in units
        }
        for u in units:
            node = nodes[u.pk]
            if u.parent_id is not None and u.parent_id in nodes:
                node.parent = nodes[u.parent_id]
                node.parent.children.append(node)
            self._add(node)

    def _add(self, node: UnitNode) -> None:
        self._by_name.setdefault(node.name, []).append(node)
        self._by_name_ci.setdefault(node.name.casefold(), []).append(node)

    def _match(self, segments: list[str]) -> list[UnitNode]:
        """Units whose path ends with segments: exactly, else ignoring case."""
        for index, fold in ((self._by_name, str), (self._by_name_ci, str.casefold)):
            wanted = [fold(s) for s in segments]
            found = [
                n
                for n in index.get(wanted[-1], [])
                if [fold(s) for s in n.segments[-len(wanted) :]] == wanted
            ]
            if found:
                return found
        return []

    def _example(self, node: UnitNode) -> str:
        """The shortest path ending at node that names it alone."""
        segments = node.segments
        for k in range(2, len(segments) + 1):
            if len(self._match(segments[-k:])) == 1:
                return PATH_SEPARATOR.join(segments[-k:])
        return node.path

    def resolve(self, text: str) -> UnitResolved:
        if text not in self._memo:
            self._memo[text] = self._resolve(text)
        return self._memo[text]

    def _resolve(self, text: str) -> UnitResolved:
        # 'A/B' without spaces is a name: real names contain slashes.
        segments = (
            [s.strip() for s in text.split(PATH_SEPARATOR)] if PATH_SEPARATOR in text else [text]
        )
        if any(not s for s in segments):
            return None, f"stien {quote(text)} har et tomt led"
        if any(len(s) > 200 for s in segments):
            return None, "et enhedsnavn må højst have 200 tegn"
        found = self._match(segments)
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            example = self._example(sorted(found, key=lambda n: n.path)[0])
            what = "navnet" if len(segments) == 1 else "stien"
            return None, (
                f"{what} {quote(text)} findes flere steder; angiv stien, fx {quote(example, 200)}"
            )
        if not self.create:
            hint = ""
            if "/" in text and PATH_SEPARATOR not in text:
                hint = "; adskil niveauer i en sti med ' / ' (mellemrum om skråstregen)"
            return None, (
                f"enheden {quote(text)} findes ikke hos kontoret{hint}; slå 'opret manglende "
                "enheder' (--create-org-units) til for at oprette den"
            )
        return self._plan(segments)

    def _plan(self, segments: list[str]) -> UnitResolved:
        parent: UnitNode | None = None
        start = 0
        for k in range(len(segments) - 1, 0, -1):
            found = self._match(segments[:k])
            if len(found) > 1:
                beginning = PATH_SEPARATOR.join(segments[:k])
                return None, (
                    f"stien {quote(beginning)} findes flere steder; angiv hele stien, "
                    f"fx {quote(sorted(found, key=lambda n: n.path)[0].path, 200)}"
                )
            if found:
                parent, start = found[0], k
                break
        if parent is not None and parent.retired:
            return (
                None,
                f"enheden {quote(parent.path)} er nedlagt; der kan ikke oprettes enheder under den",
            )
        for name in segments[start:]:
            node = UnitNode(name=name, parent=parent)
            if parent is not None:
                parent.children.append(node)
            self.planned.append(node)
            self._add(node)
            parent = node
        return parent, None
