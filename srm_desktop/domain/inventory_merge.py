"""Folding an inventory read from infrastructure code into a project, without losing anything.

Evidence -- which resources of which file show that the workload uses a service -- is kept in
the entry's notes, in a block of lines that start with ``IaC: `` (``ServiceEntry`` has no field
for it yet; see :data:`PREFIX`). Everything else in the notes is the architect's and is kept
as typed, as are the entry's name, environment, category, variant and matrix overrides.

Re-importing the same files updates entries instead of adding new ones. A found service is
matched to an entry, in order, by:

1. shared evidence (the entry lists a resource of the same file and address) -- so an architect
   who changed the variant the code suggested keeps their choice;
2. the same service and variant, with evidence from an earlier import;
3. the same service and variant typed by the architect (the entry is adopted, not duplicated);
4. the same service with another variant, typed by the architect (no evidence yet): the entry
   is adopted and its variant changed to the one the code shows -- a *variant change*, which
   keeps the entry's name, notes and overrides (its other cells re-derive). The architect can
   decline it (``keep_variants``): then the entry keeps its variant and gets the evidence;

and otherwise becomes a new entry. An entry whose resources have all gone from the imported
files is removed if nobody touched it, and kept with a "gone" line if anybody did.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Final

from srm_desktop.domain.edits import add_service, remove_service, update_service
from srm_desktop.domain.iac_evidence import PREFIX as PREFIX
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.text import MAX_CELL_TEXT, unique_ident

_SEP: Final[str] = " | "
_VARIANT, _GONE, _MORE = "variant", "gone", "more"


@dataclass(frozen=True, order=True)
class EvidenceLine:
    """One resource as the notes record it: file, type and address (logical id or address)."""

    source: str
    type: str
    address: str


@dataclass(frozen=True)
class FoundService:
    """What an import found for one (service, variant): the evidence and the reasons."""

    service: str
    variant: str | None
    evidence: tuple[EvidenceLine, ...]
    #: (source, reason) pairs: why this variant, as the report and the notes say it.
    reasons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EntryChange:
    """What the merge did to one entry, for the report."""

    kind: str  # "added", "updated", "variant", "unchanged", "removed", "gone"
    entry_id: str
    name: str
    service: str
    variant: str | None
    added: tuple[EvidenceLine, ...] = ()
    removed: tuple[EvidenceLine, ...] = ()
    note: str = ""
    #: A variant change (kind "variant"), or one declined (kind "updated"): the entry's variant
    #: before, and that the code shows another (``variant`` is the one the entry ends with).
    from_variant: str | None = None
    offered: str | None = None


@dataclass(frozen=True)
class MergeResult:
    project: Project
    changes: tuple[EntryChange, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes)

    @property
    def variant_offers(self) -> tuple[EntryChange, ...]:
        """The entries whose variant the code shows otherwise: changed (kind "variant") or
        kept because the architect declined (``keep_variants``)."""
        return tuple(c for c in self.changes if c.offered is not None)


# -- the notes block ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    source: str
    kind: str  # a resource type, or "variant", "gone", "more"
    value: str

    def render(self) -> str:
        return f"{PREFIX}{_escape(self.source)}{_SEP}{self.kind}{_SEP}{self.value}"


# A file name may hold the separator (and a backslash): the source field escapes both, so the
# first unescaped " | " ends it. The kind (a resource type, checked by the readers) never holds
# one, and the value is the rest of the line. Old notes wrote the source raw; a backslash there
# that escapes neither of the two still reads as itself. Line breaks never reach a line: the
# readers refuse control characters in addresses, types and file names.
_LINE = re.compile(r"((?:[^\\|]|\\.)*?) \| (.*?) \| (.*)", re.DOTALL)
_ESCAPED = re.compile(r"\\([\\|])")


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace("|", "\\|")


def _parse(line: str) -> _Line | None:
    match = _LINE.fullmatch(line, len(PREFIX))
    if match is None:
        return None
    source, kind, value = match.groups()
    return _Line(_ESCAPED.sub(r"\1", source), kind, value)


def split_notes(notes: str) -> tuple[str, list[_Line]]:
    """The architect's text (``IaC:`` lines removed) and the parsed block lines."""
    text: list[str] = []
    block: list[_Line] = []
    for line in notes.split("\n"):
        parsed = _parse(line) if line.startswith(PREFIX) else None
        if parsed is not None:
            block.append(parsed)
        else:
            text.append(line)
    return "\n".join(text).strip("\n"), block


def evidence_in(notes: str) -> set[EvidenceLine]:
    """The resources an entry's notes list as its evidence."""
    return {
        EvidenceLine(b.source, b.kind, b.value)
        for b in split_notes(notes)[1]
        if b.kind not in (_VARIANT, _GONE, _MORE)
    }


def _join(text: str, block: Sequence[_Line]) -> str:
    """Notes from the architect's text and the block, cut to fit a cell (32,767 characters).

    Keeps the longest prefix of the block that fits with a "N more resources" line for the rest
    (the cut point comes from the running length of the lines: linear, however long the block).
    """
    lines: list[str] = []  # rendered only as far as they can fit
    head = len(text) + 2 if text else 0  # the text and the blank line before the block

    def notes(kept: int) -> str:
        body = "\n".join(lines[:kept])
        dropped = len(block) - kept
        if dropped:
            more = _Line(block[0].source, _MORE, f"{dropped} more resources").render()
            body = f"{body}\n{more}" if body else f"\n{more}"
        return f"{text}\n\n{body}" if text and body else text or body

    used = head
    for kept, item in enumerate(block):
        line = item.render()
        used += len(line) + (1 if kept else 0)
        if used > MAX_CELL_TEXT:
            break
        lines.append(line)
    else:
        return notes(len(block))[:MAX_CELL_TEXT]
    # ``kept`` lines fit without the "more" line; adding it may push one or two more out.
    while kept > 0 and len(notes(kept)) > MAX_CELL_TEXT:
        kept -= 1
    return notes(kept)[:MAX_CELL_TEXT]


def _sorted(lines: Iterable[EvidenceLine]) -> tuple[EvidenceLine, ...]:
    """``tuple(sorted(lines))``, comparing plain tuples (the dataclass's ``<`` is a Python call
    per comparison: seconds for 40,000 resources)."""
    return tuple(sorted(lines, key=attrgetter("source", "type", "address")))


def _block_for(found: FoundService) -> list[_Line]:
    lines = [_Line(src, _VARIANT, why) for src, why in found.reasons]
    return lines + [_Line(e.source, e.type, e.address) for e in found.evidence]


# -- naming -------------------------------------------------------------------------------------


def _base_name(provider: Provider, service: str, variant: str | None) -> str:
    entry = provider.catalog.get(service)
    if entry is None:
        return service
    v = entry.variant(variant)
    return f"{entry.name} — {v.name}" if v is not None and len(entry.variants) > 1 else entry.name


def _untouched(project: Project, provider: Provider, entry: ServiceEntry, text: str) -> bool:
    """Nothing the architect typed would be lost by removing ``entry``."""
    base = re.escape(_base_name(provider, entry.service, entry.variant))
    return (
        not text.strip()
        and not entry.environment
        and entry.category is None
        and re.fullmatch(f"{base}( [0-9]+)?", entry.name) is not None
        and not any(key[0] == entry.id for key in project.overrides)
    )


# -- the merge ----------------------------------------------------------------------------------


def _match(
    project: Project, found: FoundService, claimed: set[str], blocks: dict[str, set[EvidenceLine]]
) -> ServiceEntry | None:
    keys = {(e.source, e.address) for e in found.evidence}
    best: tuple[int, ServiceEntry] | None = None
    for entry in project.services:
        if entry.id in claimed or entry.service != found.service:
            continue
        overlap = len(keys & {(e.source, e.address) for e in blocks[entry.id]})
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, entry)
    if best is not None:
        return best[1]
    same = [
        e
        for e in project.services
        if e.id not in claimed and (e.service, e.variant) == (found.service, found.variant)
    ]
    with_block = [e for e in same if split_notes(e.notes)[1]]
    candidates = with_block or same
    return candidates[0] if candidates else None


def _matches(
    project: Project, found: Sequence[FoundService], blocks: dict[str, set[EvidenceLine]]
) -> list[ServiceEntry | None]:
    """The entry each found service goes to (None: a new entry). Steps 1-3 of the module's
    order for every found service first, so an exact match is never taken by a variant change;
    then step 4 for those left: a typed entry of the same service with another variant."""
    claimed: set[str] = set()
    matches: list[ServiceEntry | None] = []
    for item in found:
        entry = _match(project, item, claimed, blocks)
        if entry is not None:
            claimed.add(entry.id)
        matches.append(entry)
    for k, item in enumerate(found):
        if matches[k] is not None or item.variant is None:
            continue
        typed = next(
            (
                e
                for e in project.services
                if e.id not in claimed
                and e.service == item.service
                and e.variant != item.variant
                and not split_notes(e.notes)[1]
            ),
            None,
        )
        if typed is not None:
            claimed.add(typed.id)
            matches[k] = typed
    return matches


def _renamed(provider: Provider, entry: ServiceEntry, variant: str | None) -> str | None:
    """The entry's new name when it is the catalog's name for its old variant (the architect
    did not name it): the catalog's name for the new one."""
    old = _base_name(provider, entry.service, entry.variant)
    if re.fullmatch(f"{re.escape(old)}( [0-9]+)?", entry.name) is None:
        return None
    return entry.name.replace(old, _base_name(provider, entry.service, variant), 1)


def merge_inventory(
    project: Project,
    provider: Provider,
    found: Iterable[FoundService],
    sources: Sequence[str],
    *,
    keep_variants: Collection[str] = (),
) -> MergeResult:
    """Fold ``found`` (read from ``sources``) into ``project``; a pure function.

    Evidence from files not in ``sources`` is left alone, so importing the network stack and
    then the application stack accumulates; re-importing one file replaces only its lines.
    ``keep_variants`` are the ids of typed entries whose variant change the architect declined.
    """
    imported = set(sources)
    blocks = {e.id: evidence_in(e.notes) for e in project.services}
    claimed: set[str] = set()
    changes: list[EntryChange] = []
    new = project
    taken_ids = {e.id for e in project.services}
    taken_names = {e.name.casefold() for e in project.services}
    found = list(found)
    for item, entry in zip(found, _matches(project, found, blocks), strict=True):
        new_lines = _block_for(item)
        fresh = set(item.evidence)
        if entry is None:
            name, n = _base_name(provider, item.service, item.variant), 2
            base = name
            while name.casefold() in taken_names:
                name, n = f"{base} {n}", n + 1
            sid = unique_ident(item.service, taken_ids, item.service)
            taken_ids.add(sid)
            taken_names.add(name.casefold())
            created = ServiceEntry(
                id=sid,
                name=name,
                service=item.service,
                variant=item.variant,
                notes=_join("", new_lines),
            )
            new = add_service(new, provider, created)
            claimed.add(sid)
            changes.append(
                EntryChange("added", sid, name, item.service, item.variant, tuple(item.evidence))
            )
            continue
        claimed.add(entry.id)
        text, old_lines = split_notes(entry.notes)
        kept = [b for b in old_lines if b.source not in imported]
        old = {e for e in blocks[entry.id] if e.source in imported}
        notes = _join(text, kept + new_lines)
        note, offered, variant, name = "", None, entry.variant, entry.name
        kind = "updated" if (fresh != old or not old_lines) else "unchanged"
        if entry.variant != item.variant and not old_lines and item.variant is not None:
            offered = item.variant  # a typed entry (step 4): offer the code's variant
        if offered is not None and entry.id not in keep_variants:
            kind, variant = "variant", item.variant
            name = _renamed(provider, entry, item.variant) or entry.name
            note = "the variant the code shows; your name, notes and overrides are kept"
            new = update_service(new, provider, entry.id, notes=notes, variant=variant, name=name)
        else:
            if entry.variant != item.variant:
                note = f"kept the variant {entry.variant or 'none'}; the code says {item.variant}"
            if notes != entry.notes:
                new = update_service(new, provider, entry.id, notes=notes)
        changes.append(
            EntryChange(
                kind,
                entry.id,
                name,
                entry.service,
                variant,
                _sorted(fresh - old),
                _sorted(old - fresh),
                note,
                entry.variant if offered is not None else None,
                offered,
            )
        )
    for entry in project.services:
        gone = {e for e in blocks[entry.id] if e.source in imported}
        if entry.id in claimed or not gone:
            continue
        text, old_lines = split_notes(entry.notes)
        kept = [b for b in old_lines if b.source not in imported]
        others = [b for b in kept if b.kind not in (_VARIANT, _GONE, _MORE)]
        removed = _sorted(gone)
        if not others and _untouched(project, provider, entry, text):
            new, _ = remove_service(new, entry.id)
            kind, note = "removed", "no resource left in the code"
        else:
            marks = [
                _Line(src, _GONE, "not found on the last import")
                for src in sorted({e.source for e in gone})
            ]
            new = update_service(new, provider, entry.id, notes=_join(text, kept + marks))
            kind = "gone"
            note = "kept: it has your edits" if not others else "still found in other files"
        changes.append(
            EntryChange(kind, entry.id, entry.name, entry.service, entry.variant, (), removed, note)
        )
    return MergeResult(new, tuple(changes))
