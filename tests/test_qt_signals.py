"""Guard against PySide6 6.12.0 on CPython 3.11: every Signal.emit() dropped a reference to True
and the interpreter aborted after ~600 emits ("Fatal Python error: bool_dealloc"). The pins in
pyproject.toml keep that version out; this test proves the installed pair survives heavy use.
It runs in a child process so a crash is reported as a failure, not as a dead test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        changed = Signal(bool)
        moved = Signal(int, int)

    app = QCoreApplication([])
    emitter = Emitter()
    seen = []
    emitter.changed.connect(lambda flag: seen.append(flag))
    emitter.moved.connect(lambda a, b: None)
    for i in range(10_000):
        emitter.changed.emit(i % 2 == 0)
        emitter.moved.emit(i, -i)
    assert len(seen) == 10_000 and seen.count(True) == 5_000
    print("ok", len(seen))
    """
)


def test_ten_thousand_signal_emits_do_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert "bool_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 10000"
