"""The report's PDF through Qt's own printing: pages, paper, text, repeated headers, no widget.

Outside the Qt-blocked core run (``tests/render``): this layer is Qt by design."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtGui", reason="the PDF renderer needs Qt", exc_type=ImportError)

from PySide6.QtGui import QTextDocument, QTextTable

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.project_file import load_project
from srm_desktop.formats.report.model import build_report
from srm_desktop.render.pdf import report_documents, report_pdf, write_report_pdf
from tests.formats.report_fixtures import hostile_project

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "three-tier-web.srm"
DAY = date(2026, 11, 30)
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


def _text(path: Path) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFKC", out)  # the font's "ﬁ" ligature back to "fi"


def _info(path: Path) -> dict[str, str]:
    assert PDFINFO is not None
    out = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.mark.skipif(PDFTOTEXT is None or PDFINFO is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(("paper", "size"), [("a4", "842 x 595"), ("letter", "792 x 612")])
def test_example_pdf_pages_paper_and_text(
    tmp_path: Path, aws: Provider, paper: str, size: str
) -> None:
    report = build_report(load_project(EXAMPLE), aws, day=DAY)
    path = tmp_path / "shop.pdf"
    write_report_pdf(report, path, paper)  # type: ignore[arg-type]
    info = _info(path)
    assert info["Page size"].startswith(size)  # landscape
    pages = int(info["Pages"])
    assert 5 <= pages <= 60
    text = _text(path)
    assert text.count("\f") == pages
    for words in (
        "Storefront (three-tier web)",
        "The shared responsibility model in five lines",
        "Who owns what: the owner heat map",
        "What is ours, party by party",
        "Overrides and their rationale",
        "Open findings",
        "Sources",
        "Sign-off",
        f"page {pages} of {pages}",
    ):
        assert words in text, words


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_a_split_area_block_repeats_its_header(tmp_path: Path, aws: Provider) -> None:
    # Forty services, each with its own reason for the customer's guest OS: forty lines.
    project = new_project("Long", aws, ["ec2"] * 40)
    customer = project.parties[project.customer_parties[0]].id
    for i, entry in enumerate(project.services):
        change = CellChange(entry.id, "guest-os", customer, "R")
        why = f"Reason {i}: the fleet is patched by the team that runs it. " * 3
        project = edits.set_cells(project, [change], rationale=why, at="2026-11-30T10:00:00Z")
    report = build_report(project, aws, day=DAY)
    _front, doc = report_documents(report)
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    # Every area block of the list has a header row, which Qt repeats on each page it spans.
    blocks = [t for t in tables if t.cellAt(0, 0).firstCursorPosition().block().text() == "Letters"]
    assert len(blocks) > 15  # one per area the customer holds R or A in
    assert all(t.format().headerRowCount() == 1 for t in blocks)
    path = tmp_path / "long.pdf"
    path.write_bytes(report_pdf(report))
    pages = _text(path).split("\f")
    header = "Guest operating system (Compute & platform): what is done"
    # (The overrides section, further on, lists the reasons too.)
    ours = pages[: next(i for i, p in enumerate(pages) if p.startswith("Overrides and their"))]
    spanned = [p for p in ours if "Reason " in p]
    assert len(spanned) >= 2  # the block spans pages...
    assert all(header in p for p in spanned)  # ...and each of them starts with its header


def test_no_text_below_nine_points(aws: Provider) -> None:
    sizes = set()
    for doc in report_documents(build_report(hostile_project(aws), aws, day=DAY)):
        assert doc.defaultFont().pointSizeF() >= 9
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                size = it.fragment().charFormat().fontPointSize()
                if size:
                    sizes.add(size)
                it += 1
            block = block.next()
    assert sizes
    assert min(sizes) >= 9


def test_hostile_text_is_printed_as_text(tmp_path: Path, aws: Provider) -> None:
    front, back = report_documents(build_report(hostile_project(aws), aws, day=DAY))
    plain = front.toPlainText() + back.toPlainText()
    assert '<script>alert("x")</script> & "Ops" [U+202E]evil' in plain
    assert "<img src=x onerror=alert(1)>" in plain
    assert "\u202e" not in plain
    assert "<script" not in back.toHtml()


def test_renderer_needs_no_widgets() -> None:
    probe = (
        "import sys\n"
        "from srm_desktop.domain.factory import new_project\n"
        "from srm_desktop.domain.provider import get_provider\n"
        "from srm_desktop.formats.report.model import build_report\n"
        "from srm_desktop.render.pdf import report_pdf\n"
        "aws = get_provider('aws')\n"
        "data = report_pdf(build_report(new_project('P', aws, ['ec2']), aws))\n"
        "assert data.startswith(b'%PDF-')\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6.')))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "QtWidgets" not in result.stdout
    assert "PySide6.QtGui" in result.stdout


def test_a_document_is_a_qt_text_document(aws: Provider) -> None:
    front, back = report_documents(build_report(new_project("P", aws, ["s3"]), aws, day=DAY))
    assert isinstance(front, QTextDocument)
    assert isinstance(back, QTextDocument)
    assert "Shared responsibility report" in front.toPlainText()
    assert "Sign-off" in back.toPlainText()


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_a_long_heat_map_repeats_its_area_names_on_every_page(
    tmp_path: Path, aws: Provider
) -> None:
    report = build_report(new_project("Map", aws, ["ec2", "s3"]), aws, day=DAY)
    template = report.heat.rows[0]
    rows = tuple(
        dataclasses.replace(template, label=f"Row {i:03d} <b>&amp;</b>") for i in range(150)
    )
    report = dataclasses.replace(report, heat=dataclasses.replace(report.heat, rows=rows))
    path = tmp_path / "map.pdf"
    path.write_bytes(report_pdf(report))
    pages = [p for p in _text(path).split("\f") if "Row " in p]
    assert len(pages) >= 3
    for page in pages:
        assert "Service" in page
        assert "Physical & environmental security" in page
        assert "Backup & disaster recovery" in page
    text = "".join(pages)
    assert all(f"Row {i:03d} <b>&amp;</b>" in text for i in range(150))  # every row, as text
