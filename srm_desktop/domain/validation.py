"""RACI lint: the checks a reviewer would make by hand, with every finding naming its cell."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, compress, count, repeat
from operator import and_, attrgetter, itemgetter, ne
from typing import NamedTuple

from srm_desktop.domain.autofill import rule_book_is_stale, rule_book_stamp
from srm_desktop.domain.conflict import Conflict, conflict_message
from srm_desktop.domain.derive import Deriver, deriver_for
from srm_desktop.domain.layered import some_values
from srm_desktop.domain.project import Party, Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner, Rule
from srm_desktop.domain.team_roles import has_role, role_gaps


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    service_id: str | None = None
    area_id: str | None = None
    party_id: str | None = None

    def describe(self, project: Project) -> str:
        """One line: ``error  Web fleet › Guest operating system › Security: message``."""
        place = []
        if self.service_id is not None and self.service_id in project.service_index:
            place.append(project.service(self.service_id).name)
        if self.area_id is not None and self.area_id in project.area_index:
            place.append(project.area(self.area_id).name)
        if self.party_id is not None and self.party_id in project.party_index:
            place.append(project.party(self.party_id).name)
        where = " › ".join(place)
        return (
            f"{self.severity.value}: {where}: {self.message}"
            if where
            else (f"{self.severity.value}: {self.message}")
        )


def validate(project: Project, provider: Provider) -> list[Finding]:
    """All findings, in display order (project, then service by service, area by area).

    The fast form of :func:`validate_plainly`, which states the same checks row by row; the
    tests hold the two to the same findings. The whole matrix is looked at as one flat sequence
    of rows (entry by entry, area by area) with C-level maps; only rows with a finding take a
    Python step. Findings come out grouped by check, and the final sort puts them in display
    order (a row's own checks keep theirs).
    """
    findings = _project_findings(project)
    matrix = _Matrix.of(project, provider)
    findings += matrix.entry_findings
    findings += _letter_findings(project, provider, matrix)
    findings += _rule_book_findings(project, provider, _differs_findings(project, matrix))
    findings += _rationale_findings(project)
    findings += map(conflict_finding, project.conflicts)
    return sorted(findings, key=_order(project))


def validate_plainly(project: Project, provider: Provider) -> list[Finding]:
    """The checks as a reviewer states them, one row at a time: the contract of :func:`validate`.

    Too slow for a 240k-cell estate on every edit (~10x), kept as the readable reference that
    the tests compare the fast form with.
    """
    findings = _project_findings(project)
    deriver = deriver_for(project, provider)
    rules = {rule.id: rule for rule in provider.rules.rules}
    customer = set(project.customer_parties)
    empty = Row(None, ("",) * len(project.parties))
    differs: list[Finding] = []
    for entry in project.services:
        problem = _entry_problem(entry, provider)
        if problem is not None:
            findings.append(Finding(Severity.ERROR, *problem, entry.id))
        known = provider.catalog.get(entry.service) is not None
        for area in project.visible_areas:
            row = project.rows.get(entry.id, {}).get(area.id, empty)
            for code, message in _plain_row_checks(row, project.parties, customer, rules):
                findings.append(Finding(Severity.ERROR, code, message, entry.id, area.id))
            derived = deriver.row(entry, area.id) if known else None
            if derived is None:
                continue
            for index, party in enumerate(project.parties):
                held, ruled = row.raci[index], derived.raci[index]
                if held != ruled and (entry.id, area.id, party.id) not in project.overrides:
                    differs.append(_differs(held, derived.rule, ruled, entry.id, area.id, party.id))
    findings += _rule_book_findings(project, provider, differs)
    for (sid, aid, pid), override in project.overrides.items():
        if not override.rationale.strip() and not project.area(aid).hidden:
            findings.append(_no_rationale(sid, aid, pid))
    for conflict in project.conflicts:
        findings.append(conflict_finding(conflict))
    return sorted(findings, key=_order(project))


def _plain_row_checks(
    row: Row, parties: Sequence[Party], customer: set[int], rules: Mapping[str, Rule]
) -> list[tuple[str, str]]:
    """Exactly one A, at least one R, and a customer R where the rule says shared; nothing
    for an empty row its rule marks not applicable."""
    out: list[tuple[str, str]] = []
    rule = rules.get(row.rule) if row.rule else None
    if rule is not None and rule.owner is Owner.NOT_APPLICABLE and not any(row.raci):
        return out
    accountable = [i for i, letters in enumerate(row.raci) if "A" in letters]
    if not accountable:
        out.append(("no-accountable", "no party is Accountable (A)"))
    elif len(accountable) > 1:
        names = ", ".join(parties[i].name for i in accountable)
        message = _several_accountable(len(accountable), names)
        out.append(("several-accountable", message))
    if not any("R" in letters for letters in row.raci):
        out.append(("no-responsible", "no party is Responsible (R)"))
    shared = rule is not None and rule.owner is Owner.SHARED
    if rule is not None and shared and customer and not any("R" in row.raci[i] for i in customer):
        message = f"shared by rule {rule.id}, but no customer party is Responsible (R)"
        out.append(("shared-no-customer-r", message))
    return out


def _several_accountable(count: int, names: str) -> str:
    """A whole sentence (the old "…; one must be" read as cut off)."""
    return f"{count} parties are Accountable ({names}); exactly one party must be Accountable"


def _project_findings(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    if project.provider_party is None:
        findings.append(Finding(Severity.ERROR, "no-provider", "the project has no provider party"))
    if not project.customer_parties:
        findings.append(Finding(Severity.ERROR, "no-customer", "the project has no customer party"))
    findings += _role_findings(project)
    return findings


def _role_findings(project: Project) -> list[Finding]:
    """A warning per template role no team has whose A falls to the first customer party, a
    team with a role of its own, without anyone saying so (F11: Customer data goes to
    Platform). Part of the project's checks, so :func:`validate` and :func:`validate_plainly`
    both report it."""
    out = []
    for gap in role_gaps(project):
        if not gap.fallen or gap.taken_by is None or not has_role(project, gap.taken_by):
            continue
        areas = ", ".join(project.area(a).name for a in gap.fallen)
        who = project.party(gap.taken_by).name
        message = (
            f"no team has the {gap.role.name} role: {who} is Accountable for {areas} by "
            "default; choose who takes it in Project ▸ Parties & Teams"
        )
        out.append(Finding(Severity.WARNING, "role-without-team", message))
    return out


def _differs(
    held: str, rule: str | None, ruled: str, service_id: str, area_id: str, party_id: str
) -> Finding:
    return Finding(
        Severity.WARNING,
        "differs-from-rule",
        f"holds {held or 'nothing'!r} but rule {rule} gives {ruled or 'nothing'!r}, and no "
        "override records why; run auto-fill or record an override",
        service_id,
        area_id,
        party_id,
    )


def _rule_book_findings(
    project: Project, provider: Provider, differs: list[Finding]
) -> list[Finding]:
    """``differs``, or -- when the project was filled by another rule book than the current one
    -- one warning that says so and how many cells a re-fill would change: those cells differ
    because the rules changed, and a warning per cell buries that news (``rule_update``)."""
    if not rule_book_is_stale(project, provider):
        return differs
    stamp = rule_book_stamp(provider)
    rows = len({(f.service_id, f.area_id) for f in differs})
    if differs:
        cells = "1 cell" if len(differs) == 1 else f"{len(differs)} cells"
        news = (
            f"re-filling would change {cells} in {rows} row{'' if rows == 1 else 's'} that no "
            "override holds; review them with `srm autofill PROJECT --dry-run`"
        )
    else:
        news = "re-filling changes none of its cells; run auto-fill to record the current one"
    message = f"filled by rule book {project.rule_book}, the current one is {stamp}: {news}"
    return [Finding(Severity.WARNING, "rule-book-updated", message)]


def _no_rationale(service_id: str, area_id: str, party_id: str) -> Finding:
    return Finding(
        Severity.WARNING,
        "override-no-rationale",
        "manual override without a rationale",
        service_id,
        area_id,
        party_id,
    )


@dataclass
class _Matrix:
    """The matrix as one flat sequence of rows (entry by entry, visible area by area), with what
    each row's kind of entry says about it."""

    services: Sequence[ServiceEntry]
    visible_ids: tuple[str, ...]
    rows: list[Row]
    kind_of: list[_Kind]  # per entry
    entry_findings: list[Finding]

    @property
    def width(self) -> int:
        return len(self.visible_ids)

    def place(self, k: int) -> tuple[str, str]:
        """(service id, area id) of flat row ``k``."""
        return self.services[k // self.width].id, self.visible_ids[k % self.width]

    @classmethod
    def of(cls, project: Project, provider: Provider) -> _Matrix:
        # Everything but the letters is the same for every entry of a kind (service, variant,
        # category): the entry's own finding, its derived rows and letters, whether a rule
        # decides each row. A large estate has many entries of few kinds.
        deriver = deriver_for(project, provider)
        visible_ids = tuple(a.id for a in project.visible_areas)
        empty = Row(None, ("",) * len(project.parties))
        kinds: dict[tuple[object, ...], _Kind] = {}
        kind_of: list[_Kind] = []
        row_getters: list[Callable[[str, Row], Row]] = []
        no_rows: Mapping[str, Row] = {}
        all_rows = project.rows
        entry_findings: list[Finding] = []
        for entry in project.services:
            key = (entry.service, entry.variant, entry.category)
            kind = kinds.get(key)
            if kind is None:
                kind = kinds[key] = _kind(entry, provider, deriver, visible_ids)
            if kind.problem is not None:
                entry_findings.append(Finding(Severity.ERROR, *kind.problem, entry.id))
            kind_of.append(kind)
            row_getters.append(all_rows.get(entry.id, no_rows).get)
        rows: list[Row] = list(
            chain.from_iterable(map(map, row_getters, repeat(visible_ids), repeat(repeat(empty))))
        )
        return cls(project.services, visible_ids, rows, kind_of, entry_findings)


def _letter_findings(project: Project, provider: Provider, matrix: _Matrix) -> list[Finding]:
    """Exactly one A, at least one R, a customer R on shared rows (see :func:`_row_checks`).

    Rows repeat (a large estate has many entries of few kinds), so the letter checks run once
    per distinct row. One pass numbers the rows (equal rows get the first one's number: each
    row is hashed once), and only the numbers of rows with a finding are looked for after.
    """
    rules = {rule.id: rule for rule in provider.rules.rules}
    parties, customer = project.parties, set(project.customer_parties)
    numbers: dict[Row, int] = {}
    numbered = list(map(numbers.setdefault, matrix.rows, count()))
    row_checks = {
        number: found
        for row, number in numbers.items()
        if (found := _row_checks(row, parties, customer, rules))
    }
    findings: list[Finding] = []
    if row_checks:
        positions = range(len(matrix.rows))
        for k in compress(positions, map(row_checks.__contains__, numbered)):
            service_id, area_id = matrix.place(k)
            for code, message in row_checks[numbered[k]]:
                findings.append(Finding(Severity.ERROR, code, message, service_id, area_id))
    return findings


def _differs_findings(project: Project, matrix: _Matrix) -> list[Finding]:
    """Cells whose letters differ from the rule's with no override recording why.

    In plain words: for every row a rule decides, every party whose letters are not the
    derived ones; the C-level maps find the rows that differ at all.
    """
    kind_of, rows, width = matrix.kind_of, matrix.rows, matrix.width
    differs = list(
        map(
            and_,
            map(
                ne,
                chain.from_iterable(map(attrgetter("racis"), kind_of)),
                map(itemgetter(1), rows),
            ),
            chain.from_iterable(map(attrgetter("ruled"), kind_of)),
        )
    )
    findings: list[Finding] = []
    if not any(differs):
        return findings
    party_ids = tuple(p.id for p in project.parties)
    party_positions = range(len(party_ids))
    overrides = project.overrides
    for k in compress(range(len(rows)), differs):
        derived = kind_of[k // width].rows[k % width]
        assert derived is not None  # ruled
        raci = rows[k].raci
        service_id, area_id = matrix.place(k)
        for index in compress(party_positions, map(ne, raci, derived.raci)):
            if (service_id, area_id, party_ids[index]) not in overrides:
                findings.append(
                    _differs(
                        raci[index],
                        derived.rule,
                        derived.raci[index],
                        service_id,
                        area_id,
                        party_ids[index],
                    )
                )
    return findings


def _rationale_findings(project: Project) -> list[Finding]:
    """Manual overrides without a rationale, outside hidden areas.

    Most projects have none: find that out in one C-level pass over the distinct rationales (a
    paste records one for all its cells) of the overrides and perhaps some replaced since
    (some_values); the loop confirms on the real ones.
    """
    overrides = project.overrides
    rationales = set(map(attrgetter("rationale"), some_values(overrides)))
    if all(text.strip() for text in rationales):
        return []
    hidden = {a.id for a in project.areas if a.hidden}
    return [
        _no_rationale(sid, aid, pid)
        for (sid, aid, pid), override in overrides.items()
        if not override.rationale.strip() and aid not in hidden
    ]


class _Kind(NamedTuple):
    """What validation needs of one kind of entry (service, variant, category)."""

    problem: tuple[str, str] | None  # (code, message) of the entry's own finding
    rows: list[Row | None]  # derived, per visible area; None where no rule decides
    racis: list[tuple[str, ...] | None]
    ruled: list[bool]


def _kind(
    entry: ServiceEntry, provider: Provider, deriver: Deriver, visible_ids: tuple[str, ...]
) -> _Kind:
    known = provider.catalog.get(entry.service)
    problem = _entry_problem(entry, provider)
    rows: list[Row | None] = (
        deriver.rows_for(entry, visible_ids) if known is not None else [None] * len(visible_ids)
    )
    return _Kind(
        problem,
        rows,
        [d.raci if d is not None else None for d in rows],
        [d is not None for d in rows],
    )


def _entry_problem(entry: ServiceEntry, provider: Provider) -> tuple[str, str] | None:
    """(code, message) when the entry's service or variant is not in the catalog."""
    known = provider.catalog.get(entry.service)
    if known is None:
        return (
            "unknown-service",
            f"{entry.service!r} is not in the {provider.key} catalog; its rows are not auto-filled",
        )
    if entry.variant is not None and known.variant(entry.variant) is None:
        return ("unknown-variant", f"{entry.service} has no variant {entry.variant!r}")
    return None


def _row_checks(
    row: Row, parties: Sequence[Party], customer: set[int], rules: Mapping[str, Rule]
) -> list[tuple[str, str]]:
    """The letter checks of one row, as (code, message): the same for every equal row.

    A row its rule marks not applicable and that holds no letters has nothing to check: the
    area does not exist for the service (an EBS volume has no guest OS)."""
    out: list[tuple[str, str]] = []
    raci = row.raci
    rule = rules.get(row.rule) if row.rule else None
    if rule is not None and rule.owner is Owner.NOT_APPLICABLE and not any(raci):
        return out
    # One joined string answers "does any party hold X" in C; ~1,400 distinct rows of a large
    # estate pass here on every revalidation. Exactly one "A" in it means exactly one party
    # holds A; anything else takes the per-party count.
    joined = "\n".join(raci)
    a_count = joined.count("A")
    if a_count == 0:
        out.append(("no-accountable", "no party is Accountable (A)"))
    elif a_count > 1:
        accountable = [i for i, v in enumerate(raci) if "A" in v]
        if len(accountable) > 1:
            names = ", ".join(parties[i].name for i in accountable)
            out.append(
                (
                    "several-accountable",
                    _several_accountable(len(accountable), names),
                )
            )
    if "R" not in joined:
        out.append(("no-responsible", "no party is Responsible (R)"))
    if (
        rule is not None
        and rule.owner is Owner.SHARED
        and customer
        and not any("R" in raci[i] for i in customer)
    ):
        out.append(
            (
                "shared-no-customer-r",
                f"shared by rule {rule.id}, but no customer party is Responsible (R)",
            )
        )
    return out


def _order(project: Project) -> Callable[[Finding], tuple[int, int, int]]:
    services, areas, parties = project.service_index, project.area_index, project.party_index

    def key(f: Finding) -> tuple[int, int, int]:
        return (
            services.get(f.service_id, -1) if f.service_id else -1,
            areas.get(f.area_id, -1) if f.area_id else -1,
            parties.get(f.party_id, -1) if f.party_id else -1,
        )

    return key


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (what makes ``srm validate`` exit 1)."""
    return any(f.severity is Severity.ERROR for f in findings)


def error_count(findings: Iterable[Finding]) -> int:
    """How many findings are errors; the rest are warnings."""
    return sum(1 for f in findings if f.severity is Severity.ERROR)


# -- merge conflicts ----------------------------------------------------------------------------


def conflict_finding(conflict: Conflict) -> Finding:
    """A conflict a merge recorded (``domain/merge.py``), as the error that keeps ``srm validate``
    at exit 1 until it is resolved: where it is, and both values."""
    return Finding(
        Severity.ERROR,
        "merge-conflict",
        conflict_message(conflict),
        conflict.service,
        conflict.area,
        conflict.party,
    )


def conflict_for(project: Project, finding: Finding) -> Conflict | None:
    """The recorded conflict behind ``finding`` (what Take Ours / Take Theirs resolves)."""
    if finding.code != "merge-conflict":
        return None
    return next((c for c in project.conflicts if conflict_finding(c) == finding), None)


def row_letter_checks(
    project: Project, provider: Provider
) -> Callable[[str, str, tuple[str, ...]], list[Finding]]:
    """The letter checks :func:`validate` makes of one row, as a function of the row's letters:
    ``check(service_id, area_id, raci)`` lists the findings the row would have holding ``raci``.

    The import preview recounts the RACI errors of a ticked subset of changes with it, row by
    row, instead of validating the whole project on every tick (rows keep their rule when their
    letters change, so this is exactly what :func:`validate` would say of those rows).
    """
    rules = {rule.id: rule for rule in provider.rules.rules}
    parties, customer = project.parties, set(project.customer_parties)

    def check(service_id: str, area_id: str, raci: tuple[str, ...]) -> list[Finding]:
        rule = project.row(service_id, area_id).rule
        return [
            Finding(Severity.ERROR, code, message, service_id, area_id)
            for code, message in _row_checks(Row(rule, raci), parties, customer, rules)
        ]

    return check
