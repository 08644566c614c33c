"""The report as a PDF, through ``QTextDocument`` printed on a ``QPdfWriter``.

The text is built from the same content model as the HTML file
(:mod:`srm_desktop.formats.report.model`), written in the subset of HTML that Qt's rich text
reads: tables with cell backgrounds, ``thead`` (a ``QTextTable`` header row, repeated on every
page a table spans), ``page-break-before``. No SVG there: the load chart's bars are table cells,
and the owner heat map is painted with ``QPainter`` between the two text documents
(:mod:`srm_desktop.render.heat`). Each area block of a party's list is one table whose header
repeats, so a block split by a page break starts the next page with its header again. Body text
is 9.5 pt, nothing is smaller than 9 pt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.report import wording as say
from srm_desktop.formats.report.model import (
    SECTIONS,
    AreaDuties,
    Load,
    PartyPart,
    Report,
    SourceEntry,
)
from srm_desktop.formats.report.text import (
    Paper,
    escape,
    letter_colour,
    visible,
)
from srm_desktop.render.heat import HeatPages

BODY_PT = 9.5
_PAGES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
_BORDER = 'border="1" cellspacing="0" cellpadding="3" width="99%" style="border-color:#bfbfbf"'
#: The long lists (a party's lines, overrides, sources): no cell borders, banded rows. Qt paints
#: a ruled cell's four borders one by one; at 240k cells that was a fifth of the PDF's time.
_LIST = 'border="0" cellspacing="0" cellpadding="3" width="99%"'
_BAND = "#F2F4F8"


def _tr(index: int) -> str:
    return "<tr>" if index % 2 == 0 else f'<tr bgcolor="{_BAND}">'


_HEAD = "#E8ECF4"
_BREAK = '<p style="page-break-before: always; margin: 0"></p>'


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen ``QGuiApplication`` (fonts and painting
    need one; a command line has no display to ask for)."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["srm"])
    assert isinstance(app, QGuiApplication)
    return app


def _document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(
        "h1 { font-size: 22pt; } h2 { font-size: 14pt; color: #203864; } "
        "h3 { font-size: 11.5pt; } th { background-color: " + _HEAD + "; } "
        ".muted { color: #505050; } .why { font-style: italic; }"
    )
    doc.setHtml(html)
    return doc


def report_documents(report: Report) -> tuple[QTextDocument, QTextDocument]:
    """The text before the heat map (title page, model) and after it (load, the parties'
    lists, overrides, findings, sources, sign-off); the heat map is painted between them
    (:class:`~srm_desktop.render.heat.HeatPages`)."""
    ensure_app()
    return _document("".join(_front(report))), _document("".join(_back(report)))


def report_pdf(report: Report, paper: Paper = "a4") -> bytes:
    """The PDF's bytes: landscape ``paper``, 12 mm margins, a footer naming the report and the
    page ("page 3 of 22") on every page."""
    front, back = report_documents(report)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{report.title}: shared responsibility report")
    writer.setCreator("SRM Desktop")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(_PAGES[paper]),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 10, 12, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    footer = f"{report.title} · shared responsibility report · {report.day}"
    _paginate(writer, footer, lambda w, h: [
        _DocPages(front, writer, w, h), HeatPages(report.heat, writer, w, h),
        _DocPages(back, writer, w, h),
    ])  # fmt: skip
    buffer.close()
    return bytes(data.data())


class _Pages(Protocol):
    def __len__(self) -> int: ...

    def paint(self, painter: QPainter, page: int) -> None: ...


class _DocPages:
    """A text document laid out on pages of ``width`` × ``height`` device pixels."""

    def __init__(self, doc: QTextDocument, device: QPdfWriter, width: float, height: float):
        doc.documentLayout().setPaintDevice(device)
        doc.setPageSize(QSizeF(width, height))
        self.doc, self.width, self.height = doc, width, height
        self.count = doc.pageCount()

    def __len__(self) -> int:
        return self.count

    def paint(self, painter: QPainter, page: int) -> None:
        painter.save()
        painter.translate(0, -page * self.height)
        self.doc.drawContents(painter, QRectF(0, page * self.height, self.width, self.height))
        painter.restore()


def _paginate(
    writer: QPdfWriter, footer: str, parts: Callable[[float, float], list[_Pages]]
) -> None:
    """Paint the parts' pages one after another, each with a footer.

    Qt's ``QTextDocument.print_`` adds 2 cm margins of its own; laid out here, the page keeps
    its 12 mm and the footer says which report and which page it is."""
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9)
    footer_height = QFontMetricsF(font, writer).height() * 2
    laid_out = parts(width, height - footer_height)
    pages = sum(len(part) for part in laid_out)
    painter = QPainter(writer)
    number = 0
    try:
        for part in laid_out:
            for page in range(len(part)):
                if number:
                    writer.newPage()
                number += 1
                part.paint(painter, page)
                painter.setFont(font)
                painter.setPen(QColor("#505050"))
                line = QRectF(0, height - footer_height * 0.6, width, footer_height * 0.6)
                painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft), visible(footer))
                painter.drawText(
                    line, int(Qt.AlignmentFlag.AlignRight), f"page {number} of {pages}"
                )
    finally:
        painter.end()


def write_report_pdf(report: Report, path: Path | str, paper: Paper = "a4") -> None:
    """Write the PDF atomically: a failed export leaves no half-written file."""
    write_atomic(Path(path), report_pdf(report, paper))


# -- the document, part by part -------------------------------------------------------------------


def _front(report: Report) -> Iterator[str]:
    yield "<html><body>"
    yield from _title(report)
    yield _BREAK
    yield from _model(report)
    yield "</body></html>"


def _back(report: Report) -> Iterator[str]:
    yield "<html><body>"
    yield from _loads(report.loads)
    yield _BREAK
    yield from _parties(report)
    yield _BREAK
    yield from _overrides(report)
    yield from _findings(report)
    yield _BREAK
    yield from _sources(report.sources)
    yield _BREAK
    yield from _signoff(report)
    yield "</body></html>"


def _head(columns: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """A table's header row; a width of 0 leaves the column the rest of the table."""
    cells = (
        f"<th width='{w}%'>{c}</th>" if w else f"<th>{c}</th>"
        for c, w in zip(columns, widths, strict=True)
    )
    return "<tr>" + "".join(cells) + "</tr>"


def _mark(letters: str) -> str:
    fill, text = letter_colour(letters)
    return (
        f'<td align="center" bgcolor="#{fill}" style="color:#{text}"><b>{escape(letters)}</b></td>'
    )


def _title(report: Report) -> Iterator[str]:
    yield "<p style='margin-top: 40px'></p>"
    yield f"<h1>{escape(report.title)}</h1>"
    yield "<p style='font-size: 13pt'><b>Shared responsibility report</b></p>"
    if report.description:
        yield f"<p style='font-size: 11pt'>{escape(report.description)}</p>"
    yield '<table cellspacing="0" cellpadding="4" style="font-size: 11pt">'
    for label, value in say.facts(report, escape):
        yield f"<tr><td><b>{label}</b></td><td>{value}</td></tr>"
    yield "</table>"
    yield "<p style='font-size: 11pt'><b>In this report:</b> "
    yield " · ".join(title for _key, title in SECTIONS)
    yield "</p>"
    if report.only_party is not None:
        note = say.only_party_note(f"<b>{escape(report.only_party)}</b>")
        yield f'<p style="background-color:#FBE5D6; font-size: 11pt">{note}</p>'


def _model(report: Report) -> Iterator[str]:
    yield f"<h2>{say.HEADING['model']}</h2><ol>"
    for line in report.model_lines:
        yield f"<li>{escape(line)}</li>"
    yield "</ol><h3>Legend</h3>"
    yield f"<table {_BORDER}><thead>{_head(say.LEGEND_COLUMNS, (6, 44, 6, 44))}</thead>"
    for letter, owner in zip(report.letters, report.owners, strict=True):
        yield "<tr>"
        for s in (letter, owner):
            yield (
                f'<td align="center" bgcolor="#{s.fill}" style="color:#{s.text}">'
                f"<b>{escape(s.mark)}</b></td><td>{escape(s.meaning)}</td>"
            )
        yield "</tr>"
    yield "</table>"
    yield f"<p class='muted'>{say.MODEL_NOTE}</p>"


def _loads(loads: tuple[Load, ...]) -> Iterator[str]:
    yield f"<h2>{say.HEADING['load']}</h2>"
    yield f"<p class='muted'>{say.load_note(colours=('blue', 'amber'))}</p>"
    most = max((load.counts.get("any", 0) for load in loads), default=0) or 1
    a_fill, _ = letter_colour("A")
    c_fill, _ = letter_colour("C")
    yield f"<table {_BORDER}><thead><tr><th width='18%'>Party</th><th width='8%'>R/A</th>"
    yield "<th width='8%'>C/I only</th><th>Load</th></tr></thead>"
    for load in loads:
        ra = max(1, round(100 * load.owning / most)) if load.owning else 0
        ci = max(1, round(100 * load.only_told / most)) if load.only_told else 0
        rest = max(0, 100 - ra - ci)
        bar = '<table cellspacing="0" cellpadding="0" width="100%"><tr>'
        if ra:
            bar += f'<td width="{ra}%" bgcolor="#{a_fill}">&nbsp;</td>'
        if ci:
            bar += f'<td width="{ci}%" bgcolor="#{c_fill}">&nbsp;</td>'
        if rest:
            bar += f'<td width="{rest}%"></td>'
        bar += "</tr></table>"
        yield (
            f"<tr><td>{escape(load.party)}</td><td align='right'>{load.owning:,}</td>"
            f"<td align='right'>{load.only_told:,}</td><td>{bar}</td></tr>"
        )
    yield "</table>"


def _parties(report: Report) -> Iterator[str]:
    only = escape(report.only_party) if report.only_party is not None else None
    yield f"<h2>{say.parties_heading(only)}</h2>"
    yield f"<p class='muted'>{say.PARTIES_NOTE}</p>"
    for i, part in enumerate(report.party_parts):
        if i:
            yield _BREAK  # one team's pages can be handed to that team
        yield from _party(part)


def _party(part: PartyPart) -> Iterator[str]:
    yield f"<h3>{escape(part.party.name)}</h3>"
    yield f"<p>{say.party_load(part.load)}</p>"
    if not part.owns:
        yield f"<p><i>{say.OWNS_NOTHING}</i></p>"
    for block in part.owns:
        yield from _duty_block(block)
    if part.told:
        yield f"<h3>{say.told_heading(escape(part.party.name))}</h3>"
        yield f"<table {_LIST}><thead>{_head(say.TOLD_COLUMNS, (30, 8, 0))}</thead>"
        lines = [(block, duty) for block in part.told for duty in block.duties]
        for i, (block, duty) in enumerate(lines):
            yield (
                f"{_tr(i)}<td>{escape(block.area.name)}</td>{_mark(duty.letters)}"
                f"<td>{escape(duty.label)}</td></tr>"
            )
        yield "</table>"


def _duty_block(block: AreaDuties) -> Iterator[str]:
    yield f"<table {_LIST} style='margin-top: 8px'><thead><tr><th width='7%'>Letters</th>"
    yield f"<th width='57%' align='left'>{escape(block.area.name)} "
    yield f"<span class='muted'>({escape(block.area.group)})</span>: what is done</th>"
    yield "<th width='29%'>Services</th><th width='7%'>Source</th></tr></thead>"
    for i, duty in enumerate(block.duties):
        text = escape(duty.text) if duty.text else f"<i>{say.NO_RULE}</i>"
        if duty.overridden:
            text += f"<br><i>{say.set_by_hand(escape(duty.rationale))}</i>"
        source = f"[{duty.source}]" if duty.source else "—"
        yield (
            f"{_tr(i)}{_mark(duty.letters)}<td>{text}</td>"
            f"<td>{escape(duty.label)}</td><td align='center'>{source}</td></tr>"
        )
    yield "</table>"


def _overrides(report: Report) -> Iterator[str]:
    yield f"<h2>{say.HEADING['overrides']}</h2>"
    if not report.overrides:
        yield f"<p>{say.NO_OVERRIDES}</p>"
        return
    yield f"<p class='muted'>{say.overrides_note(report)}</p>"
    for (rationale, author, day), lines in report.override_blocks:
        why = escape(rationale) if rationale else f"<i>{say.NO_RATIONALE}</i>"
        by = say.signed_by(escape(author), escape(day))
        yield f"<table {_LIST} style='margin-top: 8px'><thead><tr><th colspan='5' align='left'>"
        yield f"{why} <span class='muted'>({by})</span></th></tr>" if by else f"{why}</th></tr>"
        yield f"{_head(say.OVERRIDE_COLUMNS, (22, 14, 7, 7, 0))}</thead>"
        for i, o in enumerate(lines):
            now = _mark(o.letters) if o.letters else f"<td>{say.NO_LETTERS}</td>"
            was = _mark(o.rule_letters) if o.rule_letters else f"<td>{say.NO_LETTERS}</td>"
            yield (
                f"{_tr(i)}<td>{escape(o.area)}</td><td>{escape(o.party)}</td>{now}{was}"
                f"<td>{escape(o.label)}</td></tr>"
            )
        yield "</table>"


def _findings(report: Report) -> Iterator[str]:
    yield f"<h2>{say.HEADING['findings']}</h2>"
    if not report.findings:
        yield f"<p>{say.NO_FINDINGS}</p>"
        return
    yield "<ul>"
    for line in report.finding_lines:
        yield f"<li>{escape(line)}</li>"
    yield "</ul>"
    if report.more_findings:
        command = f"<tt>{say.VALIDATE}</tt>"
        yield f"<p>{say.more_findings(report.more_findings, command)}</p>"


def _sources(sources: tuple[SourceEntry, ...]) -> Iterator[str]:
    yield f"<h2>{say.HEADING['sources']}</h2>"
    yield f"<p class='muted'>{say.SOURCES_NOTE}</p>"
    yield f"<table {_LIST}><thead><tr><th width='4%'>#</th><th>Citation</th>"
    yield "<th width='30%'>Cited for</th></tr></thead>"
    for i, entry in enumerate(sources):
        c = entry.citation
        if c.derived:
            what = f"<b>Derived:</b> {escape(c.reasoning)}<br>Consulted: "
            what += ", ".join(escape(u) for u in c.consulted)
        else:
            what = (
                f"<b>{escape(c.document)}</b> — <i>“{escape(c.quote)}”</i> "
                f"(read {escape(c.read)})<br>{escape(c.url)}"
            )
        yield (
            f"{_tr(i)}<td align='center'>[{entry.number}]</td><td>{what}</td>"
            f"<td>{escape('; '.join(entry.cited_for))}</td></tr>"
        )
    yield "</table>"


def _signoff(report: Report) -> Iterator[str]:
    yield f"<h2>{say.HEADING['sign-off']}</h2>"
    yield f"<p>{say.SIGN_OFF}</p>"
    yield f"<table {_BORDER}><thead>{_head(say.SIGN_COLUMNS, (22, 22, 18, 12, 0))}</thead>"
    for who in report.signers:
        yield (
            f"<tr><td><b>{escape(who)}</b><br><br><br></td><td></td><td></td><td></td>"
            "<td></td></tr>"
        )
    yield "</table>"
