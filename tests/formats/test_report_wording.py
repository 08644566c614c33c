"""The report's wording is shared by the HTML file, the PDF and the painted heat map: its fixed
words must be safe to use as markup, so that only the user text a renderer passes in needs
escaping."""

from __future__ import annotations

from datetime import date

from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.report import wording as say
from srm_desktop.formats.report.model import build_report


def test_fixed_words_hold_nothing_html_reads_as_markup(demo: Project, aws: Provider) -> None:
    report = build_report(demo, aws, day=date(2026, 11, 30))
    heat = report.heat
    load = report.loads[0]
    said = [
        *(v for k, v in vars(say).items() if k.isupper() and isinstance(v, str)),
        *(h for h in say.HEADING.values()),
        *say.LEGEND_COLUMNS,
        *say.TOLD_COLUMNS,
        *say.OVERRIDE_COLUMNS,
        *say.SIGN_COLUMNS,
        *(f"{label} {value}" for label, value in say.facts(report, lambda text: "x")),
        say.only_party_note("x"),
        *(f"{letter} {meaning}" for letter, meaning in say.owner_key(heat)),
        say.heat_rows_note(heat),
        say.heat_left_out_note("x"),
        say.load_note(),
        say.load_note(colours=("blue", "amber")),
        say.parties_heading(None),
        say.parties_heading("x"),
        say.party_load(load),
        say.told_heading("x"),
        say.set_by_hand(""),
        say.overrides_note(report),
        say.signed_by("x", "2026-11-30"),
        say.more_findings(1_234, "x"),
    ]
    unsafe = [text for text in said if any(c in text for c in "<>&")]
    assert unsafe == []


def test_a_missing_rationale_is_said_so() -> None:
    assert say.set_by_hand("") == "Set by hand: no rationale given"
    assert say.set_by_hand("agreed in review") == "Set by hand: agreed in review"
    assert say.signed_by("", "2026-11-30") == "2026-11-30"
