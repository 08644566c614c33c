"""What the report says in words, once, for the HTML file, the PDF and the painted heat map.

The content model (:mod:`.model`) decides what the report holds; this module decides how it is
put into words: headings, the captions under them, the sentences that count things, the fixed
phrases ("no rule decides this row"). :mod:`.html` and ``srm_desktop.render`` only choose the
markup and the drawing around them, so a change of wording cannot reach one output and miss
the other.

Nothing here is markup. Where a sentence holds user text (a party's name, a rationale) or a
part a renderer emphasises, it takes that part as an argument, already in the renderer's form:
the HTML and the PDF pass it escaped (and in ``<b>`` or ``<code>``), the painted heat map passes
it made visible. The fixed words hold no character HTML gives meaning to (a test checks it), so
what comes back is safe markup whenever the arguments are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from srm_desktop.domain.project import PartyKind
from srm_desktop.formats.report.model import (
    OWNER_ORDER,
    SECTIONS,
    HeatMap,
    Load,
    Report,
)

#: Section anchor -> heading, as the title page's contents lists them.
HEADING: Final = dict(SECTIONS)

MODEL_NOTE: Final = (
    "Letters (left) are what each party does in a row; owners (right) colour the heat map. "
    "A colour is never shown without its letter."
)
PARTIES_NOTE: Final = (
    "For each party: area by area, where it is Responsible or Accountable, with the rule's "
    "text, the services it applies to and its source [n]; lines set by hand carry their "
    "rationale. Where it is only Consulted or Informed follows briefly."
)
OWNS_NOTHING: Final = "Responsible or Accountable nowhere."
NO_RULE: Final = "no rule decides this row"
NO_RATIONALE: Final = "no rationale given"
NO_LETTERS: Final = "(empty)"
NO_OVERRIDES: Final = "No cell was set by hand: every letter is the rule book's."
NO_FINDINGS: Final = "None: every row has one Accountable and the Responsible it needs."
#: The command that lists every finding, where the report lists only :data:`~.model.MAX_FINDINGS`.
VALIDATE: Final = "srm validate"
SOURCES_NOTE: Final = (
    "Every rule cites the page that says so, with a verbatim quote and the day it was read; "
    "a derived rule gives its reasoning and the pages consulted."
)
SIGN_OFF: Final = "We have reviewed this matrix and accept the responsibilities it gives us."

#: Column headings of the tables both outputs share.
LEGEND_COLUMNS: Final = ("Mark", "Means", "Mark", "Means")
TOLD_COLUMNS: Final = ("Area", "Letters", "Services")
OVERRIDE_COLUMNS: Final = ("Area", "Party", "Now", "Rule gave", "Services")
SIGN_COLUMNS: Final = ("For", "Name", "Role", "Date", "Signature")


def facts(report: Report, user: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """The title page's (label, value) lines; user text goes through ``user``."""
    yield "Date", report.day.isoformat()
    if report.owner:
        yield "Owner", user(report.owner)
    if report.review:
        yield "Review", user(report.review)
    yield "Provider", user(report.provider)
    yield "Rule book", user(report.rule_book) if report.rule_book else "not auto-filled yet"
    yield (
        "Scope",
        (
            f"{report.services:,} services × {report.areas} areas × {len(report.parties)} parties "
            f"({report.cells:,} cells), {report.override_cells:,} set by hand"
        ),
    )
    parties = ", ".join(
        f"{user(p.name)}{' (provider)' if p.kind is PartyKind.PROVIDER else ''}"
        for p in report.parties
    )
    yield "Parties", parties
    errors = sum(1 for f in report.findings if f.severity.value == "error")
    warnings = len(report.findings) - errors
    yield (
        "Open findings",
        (
            f"{errors} {'error' if errors == 1 else 'errors'}, "
            f"{warnings} {'warning' if warnings == 1 else 'warnings'}"
        ),
    )


def only_party_note(party: str) -> str:
    """Said on the title page of a report limited to one party (``party`` as rendered)."""
    return (
        f"The “what is ours” part of this report covers {party} only; the other parts cover "
        "the whole matrix."
    )


def owner_key(heat: HeatMap) -> Iterator[tuple[str, str]]:
    """The heat map's key: (owner's letter, "customer (12 rows)"), in the legend's order."""
    for owner in OWNER_ORDER:
        yield owner.letter, f"{owner.label.lower()} ({heat.totals[owner]:,} rows)"


def heat_rows_note(heat: HeatMap) -> str:
    """What a row of the heat map stands for."""
    if heat.by_kind:
        return (
            "One row per kind of service (catalog service and variant, with its number of "
            "entries); a cell where the entries disagree shows every owner found, e.g. C/S."
        )
    return "One row per service (services whose owners agree in every area share a row)."


def heat_left_out_note(areas: str) -> str:
    """Said above a customer-only heat map; ``areas`` is the list of areas left out."""
    return (
        "Customer-relevant areas only; left out because the provider owns them (or they do "
        f"not apply) for every service: {areas}."
    )


def load_note(*, colours: tuple[str, str] | None = None) -> str:
    """The caption of the load chart; ``colours`` names the R/A and C/I colours where the
    chart has no key of its own."""
    ra, ci = (f", {colours[0]}", f", {colours[1]}") if colours else ("", "")
    return (
        f"Cells where each party is Responsible or Accountable (R/A{ra}), and where it is only "
        f"Consulted or Informed (C/I{ci})."
    )


def parties_heading(only_party: str | None) -> str:
    """The per-party part's heading; ``only_party`` as rendered, when the report has one."""
    return HEADING["ours"] if only_party is None else f"What is ours: {only_party}"


def party_load(load: Load) -> str:
    """The sentence under a party's name: how much it holds."""
    return (
        f"Responsible or Accountable in {load.owning:,} cells ({load.counts['A']:,} "
        f"Accountable), only Consulted or Informed in {load.only_told:,}."
    )


def told_heading(party: str) -> str:
    return f"{party}: only Consulted or Informed"


def set_by_hand(rationale: str) -> str:
    """The line under a duty whose letters were set by hand (``rationale`` as rendered)."""
    return f"Set by hand: {rationale or NO_RATIONALE}"


def overrides_note(report: Report) -> str:
    return (
        f"{report.override_cells:,} cells set by hand, in {len(report.overrides):,} lines "
        "(cells with the same change and rationale share a line)."
    )


def signed_by(author: str, day: str) -> str:
    """Who set a block of overrides, and when ("ana, 2026-11-30"), both as rendered."""
    return ", ".join(x for x in (author, day) if x)


def more_findings(count: int, command: str) -> str:
    """Said under a findings list cut at :data:`~.model.MAX_FINDINGS` (``command``: the
    :data:`VALIDATE` command as rendered)."""
    return f"… and {count:,} more; {command} lists them all."
