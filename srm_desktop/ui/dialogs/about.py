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

PRIMER_HTML = """
<h2>The shared responsibility model</h2>
<p>A cloud provider secures <i>the cloud</i>: the buildings, hardware, network and the
virtualisation layer. The customer secures what they put <i>in</i> the cloud: their data,
identities, configuration and code. Where the line falls depends on the kind of service:</p>
<ul>
<li><b>Infrastructure</b> (EC2, EBS, VPC): the customer runs the guest operating system and
everything above it.</li>
<li><b>Container / managed platform</b> (RDS, ECS on EC2, EMR): the provider runs the operating
system and platform; the customer configures it, controls access and protects data.</li>
<li><b>Abstracted / serverless</b> (S3, DynamoDB, Lambda): the provider runs nearly everything;
the customer owns data, identities and their configuration.</li>
</ul>
<p>A <b>variant</b> can move the line: Lambda container images make the image's contents the
customer's, ECS on Fargate takes the hosts away from the customer.</p>
<h2>RACI</h2>
<table cellpadding="3">
<tr><td><b>R</b></td><td>Responsible — does the work.</td></tr>
<tr><td><b>A</b></td><td>Accountable — owns the outcome; exactly one per row.</td></tr>
<tr><td><b>C</b></td><td>Consulted — asked before a decision (two-way).</td></tr>
<tr><td><b>I</b></td><td>Informed — told after a decision (one-way).</td></tr>
</table>
<p>Every row needs exactly one A and at least one R; in a <b>shared</b> row the customer side needs
an R too. The Problems panel checks this as you edit.</p>
<h2>Working in the matrix</h2>
<ul>
<li>Type <b>R</b>, <b>A</b>, <b>C</b> or <b>I</b> to toggle that letter on every selected cell;
<b>Delete</b> clears; <b>Enter</b> or <b>F2</b> opens the editor.</li>
<li>Copy and paste ranges to and from a spreadsheet; <b>Ctrl+D</b> fills down.</li>
<li>An edited cell becomes a <i>manual override</i> (italic, with a corner mark); give it a
rationale in the Details panel. Auto-fill never overwrites an override; Reset to Rule does.</li>
</ul>
"""


class PrimerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Primer — Shared Responsibility and RACI")
        browser = QTextBrowser(self)
        browser.setHtml(PRIMER_HTML)
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
