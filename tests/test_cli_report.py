"""``srm report``: HTML always, PDF where Qt can load; bad party, suffix and output refused in
one line with nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import new_project, run, run_merged

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "three-tier-web.srm"


def test_html_report_of_an_example(tmp_path: Path) -> None:
    out = tmp_path / "shop.html"
    code, printed = run("report", str(EXAMPLE), "-o", str(out))
    assert code == 0, printed
    assert printed.startswith(f"wrote {out}: report of 7 services, a4 landscape")
    text = out.read_text(encoding="utf-8")
    assert "Storefront (three-tier web)" in text
    assert "Northwind Managed Services" in text
    assert "Sign-off" in text


def test_party_and_paper_options(tmp_path: Path) -> None:
    out = tmp_path / "nw.html"
    code, printed = run(
        "report", str(EXAMPLE), "-o", str(out), "--party", "northwind managed services",
        "--paper", "letter",
    )  # fmt: skip
    assert code == 0
    assert "for Northwind Managed Services" in printed
    text = out.read_text(encoding="utf-8")
    assert "covers <b>Northwind Managed Services</b> only" in text
    assert "letter landscape" in text


def test_customer_only_option(tmp_path: Path) -> None:
    out = tmp_path / "mine.html"
    code, _ = run("report", str(EXAMPLE), "-o", str(out), "--customer-only")
    assert code == 0
    assert "Customer-relevant areas only; left out" in out.read_text(encoding="utf-8")


def test_unknown_party_names_the_closest(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, printed = run_merged("report", str(EXAMPLE), "-o", str(out), "--party", "Custmer")
    assert code == 2
    assert printed.strip() == (
        "srm: --party: no party called 'Custmer' in the project; closest: Customer"
    )
    assert not out.exists()


def test_unknown_suffix_is_refused_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, printed = run_merged("report", str(EXAMPLE), "-o", str(out))
    assert code == 2
    assert printed.count("\n") == 1
    assert "use .html or .pdf" in printed
    assert not out.exists()


def test_unwritable_output_leaves_nothing(tmp_path: Path) -> None:
    project = new_project(tmp_path, "ec2")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    code, printed = run_merged("report", str(project), "-o", str(blocker / "r.html"))
    assert code == 2
    assert printed.count("\n") == 1
    assert str(blocker / "r.html") in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.srm", "not-a-folder"]


def test_existing_report_is_kept_when_the_new_one_fails(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old report")
    code, _ = run_merged("report", str(EXAMPLE), "-o", str(out), "--party", "nobody at all")
    assert code == 2
    assert out.read_text() == "old report"


def test_pdf_without_qt_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "srm_desktop.render.pdf", None)  # import fails
    out = tmp_path / "r.pdf"
    code, printed = run_merged("report", str(EXAMPLE), "-o", str(out))
    assert code == 2
    assert printed.count("\n") == 1
    assert "a PDF needs Qt (PySide6)" in printed
    assert not out.exists()


def test_pdf_report(tmp_path: Path) -> None:
    pytest.importorskip(
        "PySide6.QtGui", reason="a PDF needs Qt, which this run blocks", exc_type=ImportError
    )
    # In a child process, as a user runs it: without a display, with Qt's application its own.
    out = tmp_path / "shop.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "srm_desktop.cli", "report", str(EXAMPLE), "-o", str(out),
         "--paper", "letter"],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: report of 7 services, letter landscape")
    assert out.read_bytes().startswith(b"%PDF-")
