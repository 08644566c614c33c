"""Help: a short primer on the shared responsibility model and RACI, and About."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from srm_desktop import __version__
from srm_desktop.domain.words import words

#: The app's own part of the Primer: how to work in the matrix (the model, the categories and
#: the letters come from ``resources/words.toml``, which the workbook's Legend reads too).
_WORKING_HTML = """
<h2>Working in the matrix</h2>
<ul>
<li>Type <b>R</b>, <b>A</b>, <b>C</b> or <b>I</b> to toggle that letter on every selected cell;
<b>Delete</b> clears; <b>Enter</b> or <b>F2</b> opens the editor.</li>
<li>Copy and paste ranges to and from a spreadsheet; <b>Ctrl+D</b> fills down.</li>
<li>An edited cell becomes a <i>manual override</i> (italic, with a corner mark); give it a
rationale in the Details panel. Auto-fill never overwrites an override; Reset to Rule does.</li>
</ul>
"""


def primer_html() -> str:
    """The Primer: the shared responsibility model, the categories, RACI, the matrix."""
    w = words()
    categories = "\n".join(f"<li>{c.primer}</li>" for c in w.categories.values())
    letters = "\n".join(
        f"<tr><td><b>{k}</b></td><td>{v.name} — {v.meaning}.</td></tr>"
        for k, v in w.letters.items()
    )
    return (
        f"<h2>The shared responsibility model</h2>\n<p>{w.primer_intro}</p>\n"
        f"<ul>\n{categories}\n</ul>\n<p>{w.primer_variants}</p>\n"
        f'<h2>RACI</h2>\n<table cellpadding="3">\n{letters}\n</table>\n'
        f"<p>{w.raci_rules}</p>" + _WORKING_HTML
    )


class PrimerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Primer — Shared Responsibility and RACI")
        browser = QTextBrowser(self)
        browser.setHtml(primer_html())
        browser.setAccessibleName("Primer")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        self.resize(640, 600)


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About SRM Desktop",
        f"<h3>SRM Desktop {__version__}</h3>"
        "<p>An editor for cloud shared responsibility matrices: list the services a workload "
        "uses, get a RACI matrix derived from the provider's shared responsibility model with a "
        "citation for every rule, review and override it, and share it as a workbook.</p>"
        "<p>Licensed under the Apache License 2.0.</p>",
    )
