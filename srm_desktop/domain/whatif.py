"""What if an entry ran on another service or variant? The cells that would change, and what
each party would stop or start owning -- before anyone commits to the change.

A design moves EC2 -> Fargate -> Lambda; the question in the meeting is "what is still mine
afterwards?". :func:`what_if` answers it with the same edit the window applies
(``edits.update_service``: the entry's rows re-derived, every override kept -- a switch keeps
every area, so every overridden cell still exists) and the same diff engine as ``srm diff``; the
per-party counts and sentences are the answer in words.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Final

from srm_desktop.domain import edits
from srm_desktop.domain.areas import Area
from srm_desktop.domain.diff import ProjectDiff, diff_projects
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Party, Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import letters_of

#: Letters that make a party an owner of a row in the what-if's words: it does the work (R) or
#: answers for it (A).
OWNING: Final = frozenset({"R", "A"})
#: Areas named one by one in a sentence before "and N more".
NAMED: Final = 4


@dataclass(frozen=True)
class PartyShift:
    """One party's rows of the entry where it is R or A, before and after the switch."""

    party: Party
    before: int
    after: int
    #: Areas it owned before and would not after, and the reverse, in area order.
    stops: tuple[Area, ...]
    starts: tuple[Area, ...]

    @property
    def kept(self) -> int:
        """Rows it owns both before and after."""
        return self.before - len(self.stops)

    @property
    def changed(self) -> bool:
        return bool(self.stops or self.starts)

    def sentence(self) -> str:
        """ "Customer stops owning guest operating system and platform patching on 2 rows;
        still owns 9." -- the party's answer in one sentence."""
        name = self.party.name
        parts = []
        if self.stops:
            parts.append(f"stops owning {_areas(self.stops)} on {_rows(len(self.stops))}")
        if self.starts:
            parts.append(f"starts owning {_areas(self.starts)} on {_rows(len(self.starts))}")
        if not parts:
            if not self.before:
                return f"{name} owns none of its rows, before or after."
            return f"{name} keeps the same {_rows(self.before)}."
        tail = f"still owns {self.kept}" if self.kept else "owns none of the rest"
        return f"{name} {', and '.join(parts)}; {tail}."


@dataclass(frozen=True)
class WhatIf:
    """The answer: the entry before and after, the project as it would be (what *Apply*
    installs, as one undo step), its diff with the project as it is, and each party's shift."""

    entry: ServiceEntry
    switched: ServiceEntry
    project: Project
    diff: ProjectDiff
    parties: tuple[PartyShift, ...]

    @property
    def unchanged(self) -> bool:
        """The target is what the entry already is."""
        return self.entry == self.switched

    @property
    def cells_changed(self) -> int:
        return sum(len(row.cells) for row in self.diff.rows)

    def sentences(self) -> list[str]:
        """One sentence per party whose rows change, then one for the parties that keep theirs."""
        out = [p.sentence() for p in self.parties if p.changed]
        same = [p.party.name for p in self.parties if not p.changed]
        if same and out:
            out.append(f"No change for {_join(same)}.")
        elif same:
            out.append("No party starts or stops owning any row.")
        return out


def find_entry(project: Project, text: str) -> ServiceEntry:
    """The inventory entry named ``text`` (its name, ignoring case, or its id); an
    :class:`EditError` naming the closest entries when there is none."""
    wanted = text.strip()
    for entry in project.services:
        if entry.id == wanted:
            return entry
    for entry in project.services:
        if entry.name.casefold() == wanted.casefold():
            return entry
    names = [e.name for e in project.services]
    closest = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    closest += [n for n in names if wanted.casefold() in n.casefold() and n not in closest]
    hint = f"; closest: {', '.join(closest[:3])}" if closest else ""
    raise EditError(f"no entry {wanted!r} in the project{hint}")


def resolve_target(provider: Provider, text: str) -> tuple[str, str | None]:
    """``KEY[:VARIANT]`` (a key, name or alias) as (service key, variant key); an
    :class:`EditError` naming the closest catalog names, or the variants, when nothing fits."""
    try:
        service, variant = provider.catalog.resolve(text)
    except LookupError as exc:
        raise EditError(str(exc).strip("'\"")) from None
    return service.key, variant


def what_if(project: Project, provider: Provider, entry_id: str, target: str) -> WhatIf:
    """Switch entry ``entry_id`` to ``target`` (``KEY[:VARIANT]``) in a copy of ``project``.

    Nothing is written and ``project`` is unchanged; the result's ``project`` is the switched
    copy. The entry's category override, if any, stays (it decides over the catalog's)."""
    entry = project.service(entry_id)
    key, variant = resolve_target(provider, target)
    switched_project = edits.update_service(
        project, provider, entry_id, service=key, variant=variant
    )
    # The stamp records a whole re-fill; a switch re-derives one entry (autofill of a subset
    # leaves it), so the diff holds only the entry's own change.
    switched = switched_project.service(entry_id)
    diff = diff_projects(project, switched_project, old_provider=provider, new_provider=provider)
    return WhatIf(
        entry, switched, switched_project, diff, _shifts(project, switched_project, entry_id)
    )


def _shifts(before: Project, after: Project, entry_id: str) -> tuple[PartyShift, ...]:
    out = []
    areas = before.visible_areas
    for party in before.parties:
        index = before.party_index[party.id]
        was = [a for a in areas if OWNING & letters_of(before.row(entry_id, a.id).raci[index])]
        now = [a for a in areas if OWNING & letters_of(after.row(entry_id, a.id).raci[index])]
        was_ids, now_ids = {a.id for a in was}, {a.id for a in now}
        out.append(
            PartyShift(
                party,
                len(was),
                len(now),
                tuple(a for a in was if a.id not in now_ids),
                tuple(a for a in now if a.id not in was_ids),
            )
        )
    return tuple(out)


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _area_word(area: Area) -> str:
    """An area's name inside a sentence: "Guest operating system" -> "guest operating system",
    but "IAM policies" stays (a leading acronym)."""
    name = area.name
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _areas(areas: tuple[Area, ...]) -> str:
    words = [_area_word(a) for a in areas]
    if len(words) > NAMED:
        rest = len(words) - (NAMED - 1)
        return f"{', '.join(words[: NAMED - 1])} and {rest} more areas"
    return _join(words)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
