"""The readable report as HTML: what it says, that it is self-contained, and that user text
never becomes markup."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.palette import palette
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner
from srm_desktop.formats.project_file import load_project
from srm_desktop.formats.report.html import report_html
from srm_desktop.formats.report.model import build_report, find_party
from srm_desktop.formats.report.text import escape, visible
from tests.formats.report_fixtures import HOSTILE, RATIONALE, hostile_project

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.srm"))
DAY = date(2026, 11, 30)


class _Tags(HTMLParser):
    """Every start tag and attribute the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    return parser


@pytest.fixture
def shop(aws: Provider) -> Project:
    return hostile_project(aws)


def test_user_text_never_becomes_markup(shop: Project, aws: Provider) -> None:
    text = report_html(build_report(shop, aws, day=DAY))
    tags = _parse(text)
    assert "script" not in tags.tags
    assert "img" not in tags.tags
    assert "i" not in tags.tags
    assert not any(name.startswith("on") for name, _ in tags.attrs)
    assert "\u202e" not in text  # the bidi override is shown, not obeyed
    seen = "".join(tags.text)
    assert visible(HOSTILE) in seen  # ...and the whole name is still there to read
    assert '<script>alert("x")</script>' in seen
    assert 'Agreed <b>in</b> "review" & signed[U+202E]' in seen
    assert "second line <img src=x onerror=alert(1)>" in seen
    assert "Shop <i>" in seen
    assert "a & b <p>" in seen


def test_escape_covers_quotes_ampersands_and_controls() -> None:
    assert escape("a\"b'c&<d>") == "a&quot;b&#x27;c&amp;&lt;d&gt;"
    assert escape("x\u2066y\u200f\x07") == "x[U+2066]y[U+200F][U+0007]"
    assert escape("one\ntwo") == "one<br>two"


def test_self_contained_without_scripts(shop: Project, aws: Provider) -> None:
    text = report_html(build_report(shop, aws, day=DAY))
    tags = _parse(text)
    assert "script" not in tags.tags
    assert "link" not in tags.tags
    assert "iframe" not in tags.tags
    sources = [v for k, v in tags.attrs if k == "src"]
    assert sources == []  # no image, script or frame fetched from anywhere
    assert "svg" in tags.tags  # the load chart is inline
    assert "@page { size: A4 landscape" in text
    assert "break-inside: avoid" in text
    assert "<thead>" in text
    assert "font-size: 10pt" in text
    letter = report_html(build_report(shop, aws, day=DAY), "letter")
    assert "@page { size: letter landscape" in letter


def test_title_page_model_and_sign_off(aws: Provider) -> None:
    project = new_project("Payments", aws, ["ec2", "lambda"], ["Platform", "App"])
    project = replace(project, owner="Cloud CoE", review="v1.3")
    report = build_report(project, aws, day=DAY)
    text = report_html(report)
    for fact in ("Payments", "2026-11-30", "Cloud CoE", "v1.3", project.rule_book, "Platform"):
        assert fact in text
    assert len(report.model_lines) == 5
    assert text.count("<li>") >= 5
    assert "security OF the cloud" in text
    assert report.signers == ("Matrix owner: Cloud CoE", "Platform", "App")
    assert text.count('<td class="who">') == 3


def test_heat_map_uses_the_palette_and_always_shows_the_letter(aws: Provider) -> None:
    project = new_project("Heat", aws, ["ec2", "s3", "lambda"])
    report = build_report(project, aws, day=DAY)
    text = report_html(report)
    rows = re.findall(r'<td class="o o-(\w+)">([^<]*)</td>', text)
    assert len(rows) == 3 * len(project.visible_areas)
    assert {mark for cls, mark in rows} <= {"P", "C", "S", "n/a"}
    assert all(cls == ("na" if mark == "n/a" else mark) for cls, mark in rows)
    provider_fill = palette().owners[Owner.PROVIDER].light.fill
    assert f".o-P {{ background: #{provider_fill};" in text
    # EC2's guest OS is the customer's, S3's has none.
    ec2 = report.heat.rows[0]
    guest = [a.id for a in report.heat.areas].index("guest-os")
    assert ec2.owners[guest] == (Owner.CUSTOMER,)


def test_per_party_lists_group_services_with_the_same_rule(aws: Provider) -> None:
    project = new_project("Twins", aws, ["s3", "s3", "ec2"], ["Platform", "Security"])
    report = build_report(project, aws, day=DAY)
    parts = {p.party.name: p for p in report.party_parts}
    assert set(parts) == {"Platform", "Security"}  # the customer's parties, not AWS
    platform = parts["Platform"]
    duties = [d for block in platform.owns for d in block.duties]
    assert duties
    assert all(d.text for d in duties)
    twins = [d for d in duties if len(d.services) == 2]
    assert twins  # both S3 buckets share a line: the rule text appears once
    text = report_html(report)
    first = twins[0]
    assert text.count(escape(first.text)) == 1
    assert all(d.source > 0 for d in duties)
    numbers = {s.number for s in report.sources}
    assert {d.source for d in duties} <= numbers
    assert f'id="src-{first.source}"' in text


def test_party_option_limits_the_list_and_says_so(shop: Project, aws: Provider) -> None:
    party = find_party(shop, "platform")
    assert party is not None
    report = build_report(shop, aws, party=party, day=DAY)
    assert [p.party.name for p in report.party_parts] == ["Platform"]
    text = report_html(report)
    assert "covers <b>Platform</b> only" in text
    assert "What is ours: Platform" in text
    assert find_party(shop, "nobody") is None


def test_overrides_findings_and_sources(shop: Project, aws: Provider) -> None:
    report = build_report(shop, aws, day=DAY)
    assert len(report.overrides) == 1
    override = report.overrides[0]
    assert override.rationale == RATIONALE
    assert override.party == HOSTILE
    assert override.letters == "R/A"
    assert override.day == "2026-11-30"
    assert override.services == ("Web " + HOSTILE,)
    # Security took Accountable for customer data from Platform: two A's, an open finding.
    assert any("Accountable" in line for line in report.finding_lines)
    text = report_html(report)
    assert "Overrides and their rationale" in text
    cited = [s for s in report.sources if not s.citation.derived]
    assert cited
    assert all(s.citation.url.startswith("https://") for s in cited)
    assert escape(cited[0].citation.quote) in text
    assert f"read {cited[0].citation.read}" in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reports(path: Path, aws: Provider) -> None:
    project = load_project(path)
    report = build_report(project, aws, day=DAY)
    text = report_html(report)
    assert project.name in text or escape(project.name) in text
    assert len(report.heat.areas) == len(project.visible_areas)
    assert sum(len(r.services) for r in report.heat.rows) == len(project.services)
    assert report.override_cells == len(project.overrides)
    overridden = sum(len(o.services) for o in report.overrides)
    assert overridden == len(project.overrides)
    assert report.sources


def test_customer_only_leaves_out_what_the_provider_owns_everywhere(aws: Provider) -> None:
    project = new_project("Serverless", aws, ["s3", "lambda", "dynamodb"])
    full = build_report(project, aws, day=DAY)
    mine = build_report(project, aws, day=DAY, customer_only=True)
    kept = [a.name for a in mine.heat.areas]
    assert "Physical & environmental security" in mine.heat.left_out
    assert "Customer data" in kept
    assert len(kept) + len(mine.heat.left_out) == len(full.heat.areas)
    for row in mine.heat.rows:
        assert len(row.owners) == len(kept)
    for i, _area in enumerate(mine.heat.areas):  # every kept column has a C or an S
        assert any({Owner.CUSTOMER, Owner.SHARED} & set(r.owners[i]) for r in mine.heat.rows)
    text = report_html(mine)
    assert "Customer-relevant areas only; left out" in text
    assert text.count('<th class="area">') == len(kept)


def test_the_title_page_counts_findings_in_words_that_agree(shop: Project, aws: Provider) -> None:
    """One open error reads "1 error", not "1 errors"."""
    report = build_report(shop, aws, day=DAY)
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert len(errors) == 1
    warnings = len(report.findings) - 1
    word = "warning" if warnings == 1 else "warnings"
    assert f"1 error, {warnings} {word}" in report_html(report)
