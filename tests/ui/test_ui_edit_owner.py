"""One owner for edits: only ``ui/editor.py`` creates and pushes undo commands.

Views, models, dialogs, the window and the importers call ``document.editor``; a command built
or pushed anywhere else in ``ui/`` is a second place that decides how a gesture becomes an undo
step (the review's smell C1). The scan reads the source, so it needs no Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import srm_desktop.ui

UI = Path(srm_desktop.ui.__file__).parent
OWNERS = {UI / "editor.py", UI / "commands.py"}


def _imports_commands(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "srm_desktop.ui.commands" or (
            node.module == "srm_desktop.ui" and any(a.name == "commands" for a in node.names)
        )
    if isinstance(node, ast.Import):
        return any(a.name == "srm_desktop.ui.commands" for a in node.names)
    return False


def _pushes(func: ast.expr) -> bool:
    """``<anything>.undo_stack.push``"""
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "push"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "undo_stack"
    )


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if _imports_commands(node):
            found.append(f"{where} imports ui.commands")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name.endswith("Command") and name != "QUndoCommand":
            found.append(f"{where} constructs {name}")
        if _pushes(func):
            found.append(f"{where} pushes onto the undo stack")
    return found


def test_only_the_editor_creates_and_pushes_undo_commands() -> None:
    offences = [
        f"{p.relative_to(UI)}: {o}"
        for p in sorted(UI.rglob("*.py"))
        if p not in OWNERS
        for o in _offences(p)
    ]
    assert offences == []


def test_the_scan_catches_a_command_pushed_from_a_view(tmp_path: Path) -> None:
    path = tmp_path / "sneaky_view.py"
    path.write_text(
        "from srm_desktop.ui.commands import SetCellsCommand\n"
        "def f(doc, changes):\n"
        "    doc.undo_stack.push(SetCellsCommand(doc, changes, 'x'))\n",
        encoding="utf-8",
    )
    assert len(_offences(path)) == 3
