"""The report as one self-contained HTML file: inline CSS and SVG, no script, no external file.

It reads with scripts off (there are none), prints on A4 or Letter landscape with 10 pt body
text, keeps each area block of a party's list on one page where it fits (``break-inside:
avoid``) and repeats table headers on every printed page (``thead``). Every piece of user text
goes through :func:`~srm_desktop.formats.report.text.escape`.
"""

from __future__ import annotations

from collections.abc import Iterator

from srm_desktop.formats.report import wording as say
from srm_desktop.formats.report.model import (
    SECTIONS,
    AreaDuties,
    HeatMap,
    Load,
    PartyPart,
    Report,
    SourceEntry,
)
from srm_desktop.formats.report.text import Paper, escape, letter_colour

_PAGE = {"a4": "A4 landscape", "letter": "letter landscape"}

_CSS = """
@page { size: %(page)s; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt;
  line-height: 1.35; color: #1a1a1a; margin: 0 auto; max-width: 1180px; padding: 0 12px; }
h1 { font-size: 24pt; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 18pt 0 6pt; border-bottom: 2px solid #203864; padding-bottom: 2pt;
  break-after: avoid; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid; }
p, li { max-width: 60em; }
table { border-collapse: collapse; width: 100%%; margin: 4pt 0 8pt; }
th, td { border: 1px solid #bfbfbf; padding: 2pt 4pt; vertical-align: top; text-align: left; }
thead th { background: #e8ecf4; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.title { min-height: 150mm; break-after: page; }
.title dl { display: grid; grid-template-columns: 12em 1fr; gap: 3pt 12pt; font-size: 11pt; }
.title dt { font-weight: bold; }
.title dd { margin: 0; }
.scope { border-left: 4px solid #c55a11; padding: 4pt 8pt; background: #fbe5d6; }
.block { break-inside: avoid; }
.mark { display: inline-block; min-width: 2.4em; text-align: center; font-weight: bold;
  border-radius: 2px; padding: 0 2pt; }
.legend td.m { width: 4em; text-align: center; font-weight: bold; }
.heat { table-layout: fixed; }
.heat th.svc { width: 16em; }
.heat th.area { text-align: center; padding: 2pt 0; font-size: 9pt; }
.heat th.area abbr { text-decoration: none; }
ol.areas { columns: 4; column-gap: 16pt; font-size: 9pt; color: #444; margin: 2pt 0 8pt;
  max-width: none; }
ol.areas li { break-inside: avoid; }
.heat td.o { text-align: center; font-weight: bold; padding: 1pt 0; font-size: 9pt; }
.heat td.svc { font-size: 9pt; }
.heat td.mixed { font-weight: normal; font-size: 8pt; background: repeating-linear-gradient(
  45deg, #fff, #fff 3px, #eee 3px, #eee 6px); }
.duties td.l { width: 4.5em; text-align: center; }
.duties td.src { width: 3em; text-align: center; }
.duties td.svcs { width: 28%%; }
.why { font-style: italic; }
.overrides { table-layout: fixed; }
.overrides td:nth-child(3), .overrides td:nth-child(4) { text-align: center; }
.overrides thead tr:first-child th { font-weight: normal; font-style: italic; }
.muted { color: #555; }
.quote { font-style: italic; }
.sources li { margin-bottom: 4pt; break-inside: avoid; }
.url { word-break: break-all; }
.sign td { height: 36pt; }
.sign td.who { width: 22%%; font-weight: bold; }
.section { break-before: page; }
.party + .party { break-before: page; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
"""


def report_html(report: Report, paper: Paper = "a4") -> str:
    """The whole report as one HTML document."""
    return "".join(_document(report, paper))


def _document(report: Report, paper: Paper) -> Iterator[str]:
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    yield f"<title>{escape(report.title)}: shared responsibility report</title>\n"
    yield "<style>" + (_CSS % {"page": _PAGE[paper]}) + _owner_css(report) + "</style>\n"
    yield "</head>\n<body>\n"
    yield from _title(report)
    yield from _model(report)
    yield from _heat(report.heat)
    yield from _loads(report.loads)
    yield from _parties(report)
    yield from _overrides(report)
    yield from _findings(report)
    yield from _sources(report.sources)
    yield from _signoff(report)
    yield "</body>\n</html>\n"


def _owner_css(report: Report) -> str:
    rules = [
        f".o-{_cls(s.mark)} {{ background: #{s.fill}; color: #{s.text}; }}" for s in report.owners
    ]
    return "\n".join(rules) + "\n"


def _cls(mark: str) -> str:
    return "na" if mark == "n/a" else mark


def _head(columns: tuple[str, ...]) -> str:
    """A table's header row."""
    return "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"


def _mark(letters: str) -> str:
    fill, text = letter_colour(letters)
    return f'<span class="mark" style="background:#{fill};color:#{text}">{escape(letters)}</span>'


def _title(report: Report) -> Iterator[str]:
    yield '<section class="title">\n'
    yield f"<h1>{escape(report.title)}</h1>\n"
    yield "<p><b>Shared responsibility report</b></p>\n"
    if report.description:
        yield f"<p>{escape(report.description)}</p>\n"
    yield "<dl>\n"
    for label, value in say.facts(report, escape):
        yield f"<dt>{label}</dt><dd>{value}</dd>\n"
    yield "</dl>\n<p><b>In this report:</b> "
    yield " · ".join(f'<a href="#{key}">{title}</a>' for key, title in SECTIONS)
    yield "</p>\n"
    if report.only_party is not None:
        yield f'<p class="scope">{say.only_party_note(f"<b>{escape(report.only_party)}</b>")}</p>\n'
    yield "</section>\n"


def _model(report: Report) -> Iterator[str]:
    yield f"<section>\n<h2 id='model'>{say.HEADING['model']}</h2>\n<ol>\n"
    for line in report.model_lines:
        yield f"<li>{escape(line)}</li>\n"
    yield "</ol>\n<h3>Legend</h3>\n"
    yield f'<table class="legend"><thead>{_head(say.LEGEND_COLUMNS)}</thead>\n<tbody>\n'
    for letter, owner in zip(report.letters, report.owners, strict=True):
        yield "<tr>"
        for swatch in (letter, owner):
            yield (
                f'<td class="m" style="background:#{swatch.fill};color:#{swatch.text}">'
                f"{escape(swatch.mark)}</td><td>{escape(swatch.meaning)}</td>"
            )
        yield "</tr>\n"
    yield "</tbody></table>\n"
    yield f'<p class="muted">{say.MODEL_NOTE}</p>\n</section>\n'


def _heat(heat: HeatMap) -> Iterator[str]:
    yield f'<section class="section">\n<h2 id="heat">{say.HEADING["heat"]}</h2>\n'
    yield "<p>Key: " + ", ".join(
        f'<span class="mark o-{_cls(letter)}">{escape(letter)}</span> {meaning}'
        for letter, meaning in say.owner_key(heat)
    )
    rows = say.heat_rows_note(heat)
    yield f'.</p>\n<p class="muted">{rows} The columns are the numbered areas:</p>\n'
    if heat.left_out:
        yield f"<p>{say.heat_left_out_note(escape(', '.join(heat.left_out)))}</p>\n"
    yield '<ol class="areas">\n'
    for area in heat.areas:
        yield f"<li>{escape(area.name)}</li>\n"
    yield "</ol>\n"
    yield '<table class="heat">\n<thead><tr><th class="svc">Service</th>'
    for i, area in enumerate(heat.areas, 1):
        yield f'<th class="area"><abbr title="{escape(area.name)}">{i}</abbr></th>'
    yield "</tr></thead>\n<tbody>\n"
    for row in heat.rows:
        yield f'<tr><td class="svc">{escape(row.label)}</td>'
        for owners in row.owners:
            if not owners:
                yield '<td class="o">–</td>'
            elif len(owners) == 1:
                yield f'<td class="o o-{_cls(owners[0].letter)}">{owners[0].letter}</td>'
            else:  # a row per kind whose entries disagree: every owner, on no colour
                yield f'<td class="o mixed">{"/".join(o.letter for o in owners)}</td>'
        yield "</tr>\n"
    yield "</tbody></table>\n</section>\n"


def _loads(loads: tuple[Load, ...]) -> Iterator[str]:
    yield f"<section>\n<h2 id='load'>{say.HEADING['load']}</h2>\n"
    yield f'<p class="muted">{say.load_note()}</p>\n'
    yield _load_svg(loads)
    yield "<table><thead><tr><th>Party</th><th>R/A cells</th><th>C/I only</th>"
    yield "<th>R</th><th>A</th><th>C</th><th>I</th></tr></thead>\n<tbody>\n"
    for load in loads:
        c = load.counts
        yield (
            f"<tr><td>{escape(load.party)}</td><td>{load.owning:,}</td><td>{load.only_told:,}"
            f"</td><td>{c['R']:,}</td><td>{c['A']:,}</td><td>{c['C']:,}</td><td>{c['I']:,}</td>"
            "</tr>\n"
        )
    yield "</tbody></table>\n</section>\n"


def _load_svg(loads: tuple[Load, ...]) -> str:
    """A horizontal bar per party: R/A in the A colour, C/I in the C colour, counts as text."""
    label_w, bar_w, row_h = 190, 560, 22
    most = max((load.counts.get("any", 0) for load in loads), default=0) or 1
    a_fill, a_text = letter_colour("A")
    c_fill, c_text = letter_colour("C")
    height = row_h * len(loads) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 170}" '
        f'height="{height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        "<title>Load per party: R/A and C/I cells</title>",
    ]
    for i, load in enumerate(loads):
        y = i * row_h + 4
        ra = round(bar_w * load.owning / most)
        ci = round(bar_w * load.only_told / most)
        name = escape(load.party if len(load.party) <= 28 else load.party[:27] + "…")
        out.append(f'<text x="0" y="{y + 14}">{name}</text>')
        out.append(
            f'<rect x="{label_w}" y="{y}" width="{ra}" height="{row_h - 6}" fill="#{a_fill}" '
            f'stroke="#{a_text}" stroke-width="0.5"/>'
        )
        out.append(
            f'<rect x="{label_w + ra}" y="{y}" width="{ci}" height="{row_h - 6}" '
            f'fill="#{c_fill}" stroke="#{c_text}" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{label_w + ra + ci + 6}" y="{y + 14}">{load.owning:,} R/A · '
            f"{load.only_told:,} C/I</text>"
        )
    y = len(loads) * row_h + 8
    out.append(
        f'<rect x="{label_w}" y="{y}" width="14" height="12" fill="#{a_fill}"/>'
        f'<text x="{label_w + 20}" y="{y + 11}">R/A: Responsible or Accountable</text>'
        f'<rect x="{label_w + 260}" y="{y}" width="14" height="12" fill="#{c_fill}"/>'
        f'<text x="{label_w + 280}" y="{y + 11}">C/I: only Consulted or Informed</text>'
    )
    out.append("</svg>\n")
    return "\n".join(out)


def _parties(report: Report) -> Iterator[str]:
    only = escape(report.only_party) if report.only_party is not None else None
    yield f'<section class="section">\n<h2 id="ours">{say.parties_heading(only)}</h2>\n'
    yield f'<p class="muted">{say.PARTIES_NOTE}</p>\n'
    for part in report.party_parts:
        yield from _party(part)
    yield "</section>\n"


def _party(part: PartyPart) -> Iterator[str]:
    yield f'<div class="party">\n<h3>{escape(part.party.name)}</h3>\n'
    yield f"<p>{say.party_load(part.load)}</p>\n"
    if not part.owns:
        yield f"<p><i>{say.OWNS_NOTHING}</i></p>\n"
    for block in part.owns:
        yield from _duty_block(block)
    if part.told:
        yield f"<h3>{say.told_heading(escape(part.party.name))}</h3>\n"
        yield f'<table class="duties"><thead>{_head(say.TOLD_COLUMNS)}</thead>\n<tbody>\n'
        for block in part.told:
            for duty in block.duties:
                yield (
                    f'<tr><td>{escape(block.area.name)}</td><td class="l">{_mark(duty.letters)}'
                    f"</td><td>{escape(duty.label)}</td></tr>\n"
                )
        yield "</tbody></table>\n"
    yield "</div>\n"


def _duty_block(block: AreaDuties) -> Iterator[str]:
    yield '<div class="block"><table class="duties">\n<thead><tr><th>Letters</th>'
    yield f'<th>{escape(block.area.name)} <span class="muted">({escape(block.area.group)})'
    yield "</span>: what is done</th><th>Services</th><th>Source</th></tr></thead>\n"
    yield "<tbody>\n"
    for duty in block.duties:
        text = escape(duty.text) if duty.text else f'<span class="muted">{say.NO_RULE}</span>'
        if duty.overridden:
            text += f'<br><span class="why">{say.set_by_hand(escape(duty.rationale))}</span>'
        source = f'<a href="#src-{duty.source}">[{duty.source}]</a>' if duty.source else "—"
        yield (
            f'<tr><td class="l">{_mark(duty.letters)}</td><td>{text}</td>'
            f'<td class="svcs">{escape(duty.label)}</td>'
            f'<td class="src">{source}</td></tr>\n'
        )
    yield "</tbody></table></div>\n"


def _overrides(report: Report) -> Iterator[str]:
    yield f'<section class="section">\n<h2 id="overrides">{say.HEADING["overrides"]}</h2>\n'
    if not report.overrides:
        yield f"<p>{say.NO_OVERRIDES}</p>\n</section>\n"
        return
    yield f'<p class="muted">{say.overrides_note(report)}</p>\n'
    for (rationale, author, day), lines in report.override_blocks:
        why = escape(rationale) if rationale else f"<i>{say.NO_RATIONALE}</i>"
        by = say.signed_by(escape(author), escape(day))
        yield '<div class="block"><table class="overrides">\n'
        yield '<colgroup><col style="width:24%"><col style="width:16%"><col style="width:6em">'
        yield '<col style="width:6em"><col></colgroup>\n<thead><tr><th colspan="5">'
        yield f'{why} <span class="muted">({by})</span>' if by else why
        yield f"</th></tr>\n{_head(say.OVERRIDE_COLUMNS)}</thead>\n<tbody>\n"
        for o in lines:
            yield (
                f"<tr><td>{escape(o.area)}</td><td>{escape(o.party)}</td>"
                f"<td>{_mark(o.letters) if o.letters else say.NO_LETTERS}</td>"
                f"<td>{_mark(o.rule_letters) if o.rule_letters else say.NO_LETTERS}</td>"
                f"<td>{escape(o.label)}</td></tr>\n"
            )
        yield "</tbody></table></div>\n"
    yield "</section>\n"


def _findings(report: Report) -> Iterator[str]:
    yield f"<section>\n<h2 id='findings'>{say.HEADING['findings']}</h2>\n"
    if not report.findings:
        yield f"<p>{say.NO_FINDINGS}</p>\n"
    else:
        yield "<ul>\n"
        for line in report.finding_lines:
            yield f"<li>{escape(line)}</li>\n"
        yield "</ul>\n"
        if report.more_findings:
            command = f"<code>{say.VALIDATE}</code>"
            yield f"<p>{say.more_findings(report.more_findings, command)}</p>\n"
    yield "</section>\n"


def _sources(sources: tuple[SourceEntry, ...]) -> Iterator[str]:
    yield f'<section class="section">\n<h2 id="sources">{say.HEADING["sources"]}</h2>\n'
    yield f'<p class="muted">{say.SOURCES_NOTE}</p>\n'
    yield '<ol class="sources">\n'
    for entry in sources:
        c = entry.citation
        yield f'<li id="src-{entry.number}" value="{entry.number}">'
        if c.derived:
            yield f"<b>Derived:</b> {escape(c.reasoning)}<br>Consulted: "
            yield ", ".join(f'<span class="url">{escape(u)}</span>' for u in c.consulted)
        else:
            yield (
                f'<b>{escape(c.document)}</b> — <span class="quote">“{escape(c.quote)}”</span> '
                f"(read {escape(c.read)})<br>"
                f'<a class="url" href="{escape(c.url)}">{escape(c.url)}</a>'
            )
        yield f'<br><span class="muted">For: {escape("; ".join(entry.cited_for))}</span></li>\n'
    yield "</ol>\n</section>\n"


def _signoff(report: Report) -> Iterator[str]:
    yield f'<section class="block section">\n<h2 id="sign-off">{say.HEADING["sign-off"]}</h2>\n'
    yield f"<p>{say.SIGN_OFF}</p>\n"
    yield f'<table class="sign"><thead>{_head(say.SIGN_COLUMNS)}</thead>\n<tbody>\n'
    for who in report.signers:
        yield f'<tr><td class="who">{escape(who)}</td><td></td><td></td><td></td><td></td></tr>\n'
    yield "</tbody></table>\n</section>\n"
