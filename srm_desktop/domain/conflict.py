"""A merge conflict recorded in the project: what base, ours and theirs held for one thing.

Why in the project: a three-way merge (``domain/merge.py``, ``srm merge`` as a git merge driver)
must leave a file the app opens -- never conflict markers in JSON -- yet must not hide that two
people changed the same thing differently. So the merged project holds *ours* for each conflict
and records the three versions here; validation reports each one as an error (``srm validate``
exits 1) until someone takes ours or theirs (``domain/edits.resolve_conflict``).

Every side is a small object of plain values (or None: the side does not have the thing), so a
record is one line of the project file:

* ``cell`` (service, area, party): ``{"letters": "R"}``, plus ``rationale``, ``author`` and
  ``at`` when the cell is a manual override on that side;
* ``entry`` (service): the inventory entry's fields; ``party`` (party): its name and kind;
  ``area`` (area): its fields; ``template`` (area, party): ``{"letters": ...}``;
* ``property`` (``field``: name, description, owner or review): ``{"value": ...}``.

When ours removed an entry or a party that theirs kept and changed, ``cells`` keeps theirs'
manual cells of it (key ``"service area party"``), so taking theirs puts it back as they had it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from pydantic import Field, StrictBool

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.project import CellKey, Override, Project
from srm_desktop.domain.text import Ident


class ConflictKind(StrEnum):
    CELL = "cell"
    ENTRY = "entry"
    PARTY = "party"
    AREA = "area"
    TEMPLATE = "template"
    PROPERTY = "property"


Side = dict[str, str | StrictBool | None]

#: The project properties a merge compares (``property`` conflicts name one in ``field``).
PROPERTY_FIELDS: Final = ("name", "description", "owner", "review")


class Conflict(FrozenModel):
    """One thing changed differently on both sides of a merge; the project holds ``ours``."""

    kind: ConflictKind
    service: Ident | None = None
    area: Ident | None = None
    party: Ident | None = None
    field: str = ""
    base: Side | None = None
    ours: Side | None = None
    theirs: Side | None = None
    cells: dict[str, dict[str, str]] = Field(default_factory=dict)

    def __hash__(self) -> int:  # dict fields: hash what identifies the conflict
        return hash((self.kind, self.service, self.area, self.party, self.field))


# -- sides ------------------------------------------------------------------------------------


def cell_side(letters: str, override: Override | None) -> Side:
    """A cell as a conflict records it: its letters and, when overridden, its override."""
    if override is None:
        return {"letters": letters}
    return {
        "letters": letters,
        "rationale": override.rationale,
        "author": override.author,
        "at": override.at,
    }


def cell_state(side: Mapping[str, object]) -> tuple[str, Override | None]:
    """The (letters, override or None) of a recorded cell side (the inverse of
    :func:`cell_side`)."""
    letters = str(side.get("letters") or "")
    if "rationale" not in side:
        return letters, None
    return letters, Override(
        rationale=str(side.get("rationale") or ""),
        author=str(side.get("author") or ""),
        at=str(side.get("at") or ""),
    )


def cell_key_text(key: CellKey) -> str:
    """The key of a kept cell in ``Conflict.cells`` (ids hold no blanks)."""
    return " ".join(key)


def cell_key_of(text: str) -> CellKey:
    sid, aid, pid = text.split(" ")
    return sid, aid, pid


def describe_side(conflict: Conflict, side: Side | None) -> str:
    """A side in a few words for a finding or a summary line: ``'RA' (manual: "why")``."""
    if side is None:
        return "removed" if conflict.kind is not ConflictKind.CELL else "no cell"
    if conflict.kind in (ConflictKind.CELL, ConflictKind.TEMPLATE):
        letters = str(side.get("letters") or "")
        text = repr(letters) if letters else "nothing"
        if "rationale" in side:
            why = " ".join(str(side.get("rationale") or "").split())
            text += f' (manual: "{why[:60]}")' if why else " (manual)"
        return text
    if conflict.kind is ConflictKind.PROPERTY:
        value = " ".join(str(side.get("value") or "").split())
        return repr(value[:60])
    base = conflict.base if side is not conflict.base else None
    names = [k for k in dict.fromkeys([*side, *(base or {})]) if k != "id"]
    if base is not None:  # what this side changed, not every field
        names = [k for k in names if side.get(k) != base.get(k)]
        if not names:
            return "unchanged"
    shown = [f"{k} {_short(side.get(k))}" for k in names if base is not None or side.get(k)]
    return ", ".join(shown) or "{}"


def _short(value: object) -> str:
    text = " ".join(str(value if value is not None else "").split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def conflict_summary(conflict: Conflict) -> str:
    """What clashes, in one line: ``changed on both sides: ours 'A' (manual: "..."), theirs
    'R' (base 'I')``."""
    named = conflict.ours or conflict.theirs or conflict.base or {}
    name = repr(str(named.get("name") or conflict.service or conflict.party or conflict.area))
    what = {
        ConflictKind.CELL: "changed on both sides",
        ConflictKind.ENTRY: f"inventory entry {name} changed on both sides",
        ConflictKind.PARTY: f"party {name} changed on both sides",
        ConflictKind.AREA: f"area {name} changed on both sides",
        ConflictKind.TEMPLATE: "team template changed on both sides",
        ConflictKind.PROPERTY: f"project {conflict.field} changed on both sides",
    }[conflict.kind]
    ours, theirs = describe_side(conflict, conflict.ours), describe_side(conflict, conflict.theirs)
    return f"{what}: ours {ours}, theirs {theirs} (base {describe_side(conflict, conflict.base)})"


def conflict_message(conflict: Conflict) -> str:
    """What a finding says: which versions clash, and that ours is what the project holds."""
    return (
        f"merge conflict: {conflict_summary(conflict)}; the project holds ours: take ours or theirs"
    )


def conflict_place(project: Project, conflict: Conflict) -> str:
    """Where the conflict is, by name: ``Web fleet › Guest OS › Security`` (an entry or party
    the project no longer has is named by the side that has it); ``Project`` for a property."""
    kept = conflict.theirs or conflict.base or {}
    parts: list[str] = []
    for wanted, index, names in (
        (conflict.service, project.service_index, project.services),
        (conflict.area, project.area_index, project.areas),
        (conflict.party, project.party_index, project.parties),
    ):
        if wanted is None:
            continue
        at = index.get(wanted)
        parts.append(names[at].name if at is not None else str(kept.get("name") or wanted))
    return " › ".join(parts) or "Project"
