"""The Teams tab (F10), the Overview coloured by accountable team, and Parties & Teams' roles
without a team (F11) and partner parties (F21), driven as a user drives them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import PartyKind
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.team_view import team_load
from srm_desktop.formats.project_file import load_project, save_project
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.parties import PartiesDialog
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import TAB_MATRIX, TAB_TEAMS, MainWindow
from srm_desktop.ui.models.overview import BY_TEAM
from srm_desktop.ui.models.team import COL_LETTERS, COL_OVERRIDE, TeamModel
from srm_desktop.ui.team_view import TeamView
from tests.ui.conftest import shown_window

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _rows(model: TeamModel) -> dict[tuple[str, str], str]:
    """(service, area) -> letters, as the list shows them (service headings left out)."""
    out = {}
    for r in range(model.rowCount()):
        index = model.index(r, COL_LETTERS)
        item = model.item(index)
        if item is not None:
            out[(item.service_id, item.area_id)] = str(index.data())
    return out


def _headings(model: TeamModel) -> list[str]:
    return [str(model.index(r, 0).data()) for r in range(model.rowCount()) if model.is_heading(r)]


def _chart(view: TeamView) -> dict[str, tuple[int, int]]:
    return {pid: (r, a) for pid, _name, r, a in view.chart.rows}


@pytest.fixture
def teams(window: MainWindow) -> TeamView:
    window.tabs.setCurrentIndex(TAB_TEAMS)
    QCoreApplication.processEvents()
    return window.teams


def test_the_lists_pass_the_model_tester(
    qtmodeltester, window: MainWindow, teams: TeamView
) -> None:
    teams.show_ci.setChecked(True)
    qtmodeltester.check(teams.model)
    qtmodeltester.check(teams.others_model)
    # Rows come and go as cells change: a service's heading with its first and last row.
    doc = window.document
    doc.editor.set_cells([CellChange("ec2", "iam", "security", "")], "Clear")
    doc.editor.set_cells([CellChange("s3", "iam", "security", "")], "Clear")
    teams.select_party("data-owner")
    doc.editor.set_cells([CellChange("lambda", "guest-os", "data-owner", "R")], "Give R")
    qtmodeltester.check(teams.model)


def test_a_service_heading_comes_and_goes_with_its_rows(
    window: MainWindow, teams: TeamView
) -> None:
    teams.select_party("data-owner")
    project = window.document.project
    before = _headings(teams.model)
    rows = [k for k in _rows(teams.model) if k[0] == "rds"]
    assert rows
    window.document.editor.set_cells(
        [CellChange("rds", a, "data-owner", "") for _s, a in rows], "Clear rds"
    )
    assert project.service("rds").name not in _headings(teams.model)
    window.document.undo_stack.undo()
    assert _headings(teams.model) == before


def test_the_first_customer_party_is_shown_first(teams: TeamView) -> None:
    assert teams.party_id == "platform"
    assert teams.party.currentText() == "Platform (customer)"
    assert teams.model.rowCount() > 0


def test_picking_a_party_lists_its_r_and_a_rows_by_service(
    window: MainWindow, teams: TeamView
) -> None:
    teams.select_party("security")
    project = window.document.project
    rows = _rows(teams.model)
    assert rows[("ec2", "iam")] == "A"
    assert ("ec2", "guest-os") not in rows  # only Consulted there
    assert all("R" in v or "A" in v for v in rows.values())
    services = _headings(teams.model)
    assert services[0] == project.service("ec2").name
    assert len(services) == len(project.services)
    assert "Security" in teams.summary.text()


def test_consulted_and_informed_rows_show_on_request(teams: TeamView) -> None:
    teams.select_party("security")
    assert teams.others.isHidden()
    teams.show_ci.setChecked(True)
    assert teams.others.isVisible()
    rows = _rows(teams.others_model)
    assert rows[("ec2", "guest-os")] == "C"
    assert all(set(v) <= set("CI/") for v in rows.values())


def test_the_chart_counts_r_and_a_per_party(window: MainWindow, teams: TeamView) -> None:
    load = team_load(window.document.project)
    assert _chart(teams) == {p.party.id: (p.responsible, p.accountable) for p in load.parties}
    assert [row[1] for row in teams.chart.rows] == [p.name for p in window.document.project.parties]


def test_an_edit_and_its_undo_update_the_list_and_the_counts(
    window: MainWindow, teams: TeamView
) -> None:
    teams.select_party("security")
    before_rows, before_chart = _rows(teams.model), _chart(teams)
    doc = window.document
    doc.editor.set_cells(
        [CellChange("ec2", "iam", "security", ""), CellChange("ec2", "iam", "platform", "R/A")],
        "Move A",
    )
    rows = _rows(teams.model)
    assert ("ec2", "iam") not in rows
    assert _chart(teams)["security"] == (
        before_chart["security"][0],
        before_chart["security"][1] - 1,
    )
    assert _chart(teams)["platform"][1] == before_chart["platform"][1] + 1
    doc.editor.set_cells([CellChange("ec2", "backup", "security", "R")], "Give R")
    assert _rows(teams.model)[("ec2", "backup")] == "R"
    item = teams.model.item(_index_of(teams.model, "ec2", "backup", COL_OVERRIDE))
    assert item is not None
    assert item.overridden
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert _rows(teams.model) == before_rows
    assert _chart(teams) == before_chart
    assert _chart(teams) == {
        p.party.id: (p.responsible, p.accountable) for p in team_load(doc.project).parties
    }


def test_edits_while_the_tab_is_hidden_are_counted_when_it_is_shown(
    window: MainWindow, teams: TeamView
) -> None:
    window.tabs.setCurrentIndex(TAB_MATRIX)
    window.document.editor.set_cells([CellChange("rds", "iam", "application", "R/A")], "Edit")
    window.document.editor.set_cells([CellChange("rds", "iam", "security", "")], "Edit")
    window.tabs.setCurrentIndex(TAB_TEAMS)
    QCoreApplication.processEvents()
    load = team_load(window.document.project)
    assert _chart(teams) == {p.party.id: (p.responsible, p.accountable) for p in load.parties}
    teams.select_party("application")
    assert _rows(teams.model)[("rds", "iam")] == "R/A"


def _index_of(model: TeamModel, service: str, area: str, column: int) -> QModelIndex:
    for r in range(model.rowCount()):
        index = model.index(r, column)
        item = model.item(index)
        if item is not None and (item.service_id, item.area_id) == (service, area):
            return index
    raise AssertionError(f"{service} › {area} not listed")


def test_double_clicking_a_row_selects_its_cell_in_the_matrix(
    window: MainWindow, teams: TeamView, qtbot: object
) -> None:
    teams.select_party("security")
    index = _index_of(teams.model, "rds", "iam", 0)
    teams.tree.scrollTo(index)
    rect = teams.tree.visualRect(index)
    viewport, left = teams.tree.viewport(), Qt.MouseButton.LeftButton
    qtbot.mousePress(viewport, left, pos=rect.center())  # type: ignore[attr-defined]
    qtbot.mouseDClick(viewport, left, pos=rect.center())  # type: ignore[attr-defined]
    assert window.tabs.currentIndex() == TAB_MATRIX
    assert window.matrix.selected_keys() == [("rds", "iam", "security")]


def test_the_window_still_fits_a_half_screen_tile_with_the_teams_tab(
    window: MainWindow, teams: TeamView
) -> None:
    teams.show_ci.setChecked(True)
    assert window.minimumSizeHint().width() <= 1024


def test_the_overview_colours_by_accountable_team(window: MainWindow) -> None:
    view = window.overview
    model = view.model
    view.set_colour_by(BY_TEAM)
    project = window.document.project
    col = [a.id for a in project.visible_areas].index("iam")
    row = [s.id for s in project.services].index("ec2")
    cell = model.index(row, col)
    assert cell.data() == "Se"  # Security is Accountable for IAM
    assert "Security" in view.legend.text()
    platform = model.index(row, [a.id for a in project.visible_areas].index("guest-os"))
    assert platform.data() == "Pl"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) != platform.data(
        Qt.ItemDataRole.BackgroundRole
    )
    window.document.editor.set_cells(
        [CellChange("ec2", "iam", "security", "C"), CellChange("ec2", "iam", "platform", "R/A")],
        "Move A",
    )
    assert cell.data() == "Pl"
    window.document.undo_stack.undo()
    assert cell.data() == "Se"
    view.colour_by.setCurrentIndex(0)
    assert cell.data() == "C"  # the owner again


def test_the_overview_by_team_is_wide_enough_for_a_mark_and_its_count(qtbot: object) -> None:
    """ "AWS 7" under an area AWS is accountable for on every entry: the column takes the
    width the team marks need (it was set, then narrowed back to the owner's "P 7")."""
    from PySide6.QtGui import QFont, QFontMetrics

    document = Document(load_project(EXAMPLES / "three-tier-web.srm"))
    window = MainWindow(document)
    window.show()
    try:
        view = window.overview
        window.show_tab(2)
        view.set_colour_by(BY_TEAM)
        QCoreApplication.processEvents()
        model, table = view.model, view.table
        bold = QFont(view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        last = model.rowCount() - 1
        counts = [str(model.index(last, c).data()) for c in range(model.columnCount() - 1)]
        singles = [(c, line) for c, text in enumerate(counts) for line in text.split("\n")]
        assert "AWS\u00a07" in [t for _c, t in singles]
        for column, text in singles:
            assert table.columnWidth(column) >= metrics.horizontalAdvance(text) + 8, text
        # a line per accountable party, and the count row as tall as its most mixed column
        most = max(text.count("\n") + 1 for text in counts)
        assert most >= 2
        assert table.rowHeight(last) >= metrics.lineSpacing() * most
    finally:
        document.undo_stack.setClean()
        window.close()
        window.deleteLater()


# -- Parties & Teams: roles without a team (F11) and partners (F21) ------------------------


@pytest.fixture
def three_teams(qtbot: object) -> Iterator[MainWindow]:
    project = new_project("T", get_provider("aws"), ["ec2", "s3"], ["Platform", "Security", "App"])
    with shown_window(Document(project)) as win:
        yield win


def test_the_dialog_says_which_role_has_no_team_and_who_takes_it(three_teams: MainWindow) -> None:
    doc = three_teams.document
    dialog = PartiesDialog(doc.project, doc.provider, three_teams)
    assert set(dialog.role_lines) == {"data-owner"}
    line = dialog.role_lines["data-owner"].text()
    assert "Data owner" in line
    assert "Customer data (A)" in line
    assert "Platform" in line
    assert dialog.role_choices["data-owner"].currentText() == "First team (default)"
    dialog.deleteLater()


def test_picking_who_takes_a_role_survives_save_and_reopen(
    monkeypatch: pytest.MonkeyPatch, three_teams: MainWindow, tmp_path: Path
) -> None:
    def run(dialog: object) -> bool:
        assert isinstance(dialog, PartiesDialog)
        choice = dialog.role_choices["data-owner"]
        choice.setCurrentIndex(choice.findData("security"))
        choice.activated.emit(choice.currentIndex())
        assert "Security" in dialog.role_lines["data-owner"].text()
        return True

    monkeypatch.setattr(prompts, "exec_dialog", run)
    three_teams.acts.parties.trigger()
    doc = three_teams.document
    assert doc.project.cell("ec2", "customer-data", "security") == "A"
    assert doc.project.cell("ec2", "customer-data", "platform") == ""
    doc.revalidate()
    assert not [f for f in doc.findings if f.code == "role-without-team"]
    path = tmp_path / "t.srm"
    save_project(doc.project, path, backup=False)
    reopened = load_project(path)
    assert reopened.cell("s3", "customer-data", "security") == "A"
    again = PartiesDialog(reopened, doc.provider, three_teams)
    assert again.role_choices["data-owner"].currentData() == "security"
    again.deleteLater()
    doc.undo_stack.undo()  # one undo step
    assert doc.project.cell("ec2", "customer-data", "platform") == "A"


def test_the_idle_default_customer_can_be_removed(window: MainWindow) -> None:
    doc = window.document
    project = new_project("T", doc.provider, ["ec2"])
    from srm_desktop.domain.edits import add_party
    from srm_desktop.domain.project import Party

    for name in ("Platform", "Security"):
        project = add_party(
            project, doc.provider, Party(id=name.lower(), name=name, kind=PartyKind.CUSTOMER)
        )
    dialog = PartiesDialog(project, doc.provider, window)
    dialog.remove_default_button.click()
    assert [p.name for p in dialog.project.parties] == ["AWS", "Platform", "Security"]
    dialog.deleteLater()


def test_a_party_is_made_a_partner_in_the_dialog(window: MainWindow) -> None:
    project = load_project(EXAMPLES / "three-tier-web.srm")
    dialog = PartiesDialog(project, get_provider("aws"), window)
    dialog.parties.setCurrentRow(2)
    assert dialog.kind.isEnabled()
    assert dialog.kind.currentText() == "Partner (MSP)"
    assert "(partner)" in dialog.parties.item(2).text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("customer"))
    dialog.kind.activated.emit(dialog.kind.currentIndex())
    assert dialog.project.party("northwind-ms").kind is PartyKind.CUSTOMER
    dialog.parties.setCurrentRow(0)  # the provider's kind is fixed
    assert not dialog.kind.isEnabled()
    dialog.deleteLater()


def test_the_teams_tab_shows_a_partner_by_its_kind(qtbot: object) -> None:
    with shown_window(Document(load_project(EXAMPLES / "three-tier-web.srm"))) as win:
        win.tabs.setCurrentIndex(TAB_TEAMS)
        view = win.teams
        assert view.party_id == "customer"
        view.select_party("northwind-ms")
        assert view.party.currentText() == "Northwind Managed Services (partner)"
        assert _rows(view.model) == {("web", "guest-os"): "R", ("app", "guest-os"): "R"}


def test_the_teams_tab_works_from_the_keyboard(window: MainWindow, qtbot: object) -> None:
    """Ctrl+4 opens it, Alt+Y reaches the party, Enter on a row goes to its cell."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert window.tabs.currentIndex() == TAB_TEAMS
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert window.teams.party.hasFocus()
    window.teams.select_party("security")
    table = window.teams.tree
    table.setFocus()
    table.setCurrentIndex(_index_of(window.teams.model, "rds", "iam", 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert window.tabs.currentIndex() == TAB_MATRIX
    assert window.matrix.selected_keys() == [("rds", "iam", "security")]


def test_the_provider_party_reads_what_the_provider_does(teams: TeamView) -> None:
    teams.select_party("aws")
    header = teams.model.headerData(2, Qt.Orientation.Horizontal)
    assert header == "What AWS does"
    teams.select_party("security")
    assert teams.model.headerData(2, Qt.Orientation.Horizontal) == "What the customer does"


def test_the_teams_tab_is_built_when_first_shown(qtbot: object) -> None:
    """The Teams tab's view waits for its tab (start-up speed): showing the tab builds it,
    filled and showing the customer's rows, and a double-click still reaches the matrix."""
    win = MainWindow(Document(load_project(EXAMPLES / "three-tier-web.srm")))
    win.show()
    page = win.tabs.widget(TAB_TEAMS)
    assert page is not None
    assert page.findChild(TeamView) is None
    win.tabs.setCurrentIndex(TAB_TEAMS)
    QCoreApplication.processEvents()
    view = page.findChild(TeamView)
    assert view is win.teams
    assert view.isVisible()
    assert _rows(view.model)[("web", "guest-os")] == "A"  # the customer is Accountable
    view.cellActivated.emit("web", "guest-os", "customer")
    assert win.tabs.currentIndex() == TAB_MATRIX
