"""The file lifecycle: new, open, save, save as, export CSV, recent files, unsaved changes.

Follows the Qt "application" example: every path that would drop the document asks
:func:`maybe_save` first; a failed save or open shows the file and the problem and leaves the
document exactly as it was. Around that, the guards that make sure work is never lost:

* the open file is locked (:mod:`file_lock`) -- a second window gets it read-only;
* another program's change or deletion is noticed (:mod:`file_watch`) and asked about;
* unsaved work is copied to the recovery folder (:mod:`recovery`) and offered after a crash;
* a damaged file is never written over: if its ``.bak`` reads, that opens as an untitled copy;
  a file from a newer version of the app is refused and left alone.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project, new_project_id
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.atomic import backup_path
from srm_desktop.formats.csv_export import export_csv
from srm_desktop.formats.migrations import NewerSchemaError
from srm_desktop.formats.project_file import loads_with_provider, read_project, save_project
from srm_desktop.ui import prompts, recovery
from srm_desktop.ui.document import Document
from srm_desktop.ui.file_lock import FileLock, LockState
from srm_desktop.ui.file_watch import DiskChange, FileWatcher
from srm_desktop.ui.settings import Settings


def suggested_name(project_name: str, suffix: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", project_name.strip()).strip("-.") or "untitled"
    return stem + suffix


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


class FileController(QObject):
    recentChanged = Signal()
    message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        document: Document,
        settings: Settings,
        *,
        autosave_delay_ms: int = 3000,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.settings = settings
        self.lock: FileLock | None = None
        self.watch = FileWatcher(self)
        self.watch.changedOutside.connect(self.outside_change)
        self.autosave = recovery.AutoSaver(self, delay_ms=autosave_delay_ms)
        self.autosave.failed.connect(self.message)
        self._asking = False
        stack = document.undo_stack
        stack.indexChanged.connect(self._document_changed)
        stack.cleanChanged.connect(self._document_changed)

    def _folder(self) -> str:
        path = self.document.path
        return str(path.parent) if path is not None else str(Path.home())

    def _document_changed(self, *_args: object) -> None:
        try:
            modified = self.document.modified
        except RuntimeError:  # the undo stack is being destroyed with its window
            return
        if modified:
            self.autosave.changed(self.document.project, self.document.path)
        else:
            self.autosave.discard()

    # -- unsaved changes ------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to drop the document (saved, discarded or clean)."""
        if not self.document.modified:
            return True
        choice = prompts.ask_save_changes(self.window, self.document.display_name)
        if choice is prompts.Choice.SAVE:
            return self.save()
        return choice is prompts.Choice.DISCARD

    def close(self) -> None:
        """A clean close (after :meth:`maybe_save`): no recovery copy, no lock, no watching."""
        self.autosave.close()
        self.watch.stop()
        self._set_lock(None)

    # -- commands ---------------------------------------------------------------------------

    def new(self) -> None:
        if self.maybe_save():
            self._adopt(new_project("Untitled", get_provider("aws")), None, None, None)
            self.message.emit("New project")

    def open(self) -> None:
        if not self.maybe_save():
            return
        path = prompts.open_path(
            self.window, "Open Project", self._folder(), prompts.PROJECT_FILTER
        )
        if path is not None:
            self.load(path)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent(path)
            self.recentChanged.emit()
            prompts.error(
                self.window,
                "Open Recent",
                f"{path}: the file no longer exists; it was removed from the recent files.",
            )
            return
        if self.maybe_save():
            self.load(path)

    def load(self, path: Path) -> bool:
        """Open ``path`` without asking about unsaved changes (the caller has asked).

        False, and the document unchanged, when the file cannot be read or the user cancels.
        """
        try:
            project, _, data = read_project(path)
        except SrmError as exc:
            self._refused(path, exc)
            return False
        lock, read_only = self._lock_for(path)
        if lock is None and not read_only:
            return False
        self._adopt(project, path, data, lock if not read_only else None, read_only=read_only)
        self.settings.add_recent(path)
        self.recentChanged.emit()
        self.message.emit(f"Opened {path}" + (" read-only" if read_only else ""))
        if project.migration_notes:
            self._report_migration(path, project.migration_notes)
        return True

    def _report_migration(self, path: Path, notes: tuple[str, ...]) -> None:
        """A file from an older version was brought up to date on opening: say once what moved,
        and leave the document modified, so that saving writes it in the current format (the
        file on disk is untouched until then)."""
        self.document.undo_stack.resetClean()
        lines = "\n".join(f"• {note}" for note in notes)
        prompts.info(
            self.window,
            "Opened from an older version",
            f"{path.name} was written by an older SRM Desktop. Opening it changed:\n\n{lines}"
            "\n\nThe file is unchanged until you save it.",
        )

    def _lock_for(self, path: Path) -> tuple[FileLock | None, bool]:
        """(lock, read_only): the lock taken, or read-only if the user accepts that; (None,
        False) when the user cancels. A folder that refuses lock files opens unlocked."""
        if self.lock is not None and self.lock.path.resolve() == path.resolve():
            return self.lock, False  # reopening our own file
        lock = FileLock(path)
        state = lock.acquire()
        if state is LockState.ACQUIRED:
            return lock, False
        if state is LockState.UNAVAILABLE:
            self.message.emit(f"{path.parent} does not allow a lock file; opened without one")
            return FileLock(path), False
        owner = lock.owner.describe() if lock.owner else "another window"
        if prompts.ask_open_read_only(self.window, str(path), owner):
            return None, True
        return None, False

    def _refused(self, path: Path, exc: SrmError) -> None:
        """A file that cannot be opened: say why; offer a readable ``.bak`` as an untitled copy.

        Untitled, not the original's path, because the damaged file may hold work the backup
        lacks (a git merge conflict, a half-synced copy): nothing may write over it unless the
        user picks it in Save As.
        """
        backup = backup_path(path)
        if isinstance(exc, NewerSchemaError) or not backup.is_file():
            prompts.error(self.window, "Could not open the project", str(exc))
            return
        try:
            project, _, _ = read_project(backup)
        except SrmError:
            prompts.error(self.window, "Could not open the project", str(exc))
            return
        taken = _when(backup.stat().st_mtime)
        if prompts.ask_open_backup(self.window, str(exc), backup.name, taken):
            self._adopt(project, None, None, None, modified=True)
            self.message.emit(
                f"Opened the backup {backup} as an untitled copy; {path} is unchanged"
            )

    def _set_lock(self, lock: FileLock | None) -> None:
        old, self.lock = self.lock, lock
        if old is not None and old is not lock:
            old.release()

    def _adopt(
        self,
        project: Project,
        path: Path | None,
        data: bytes | None,
        lock: FileLock | None,
        *,
        modified: bool = False,
        read_only: bool = False,
    ) -> None:
        self._set_lock(lock)
        self.document.load(project, path, modified=modified, read_only=read_only)
        self.watch.watch(path, data)

    def save(self) -> bool:
        path = self.document.path
        if path is None:
            return self.save_as()
        if self.document.read_only:
            self.message.emit(f"{path.name} is open read-only; save it under another name")
            return self.save_as()
        if self.watch.state() is DiskChange.CHANGED and not self.outside_change(DiskChange.CHANGED):
            return False  # reloaded the other program's version instead
        return self._write(path)

    def save_as(self) -> bool:
        suggestion = str(Path(self._folder()) / suggested_name(self.document.project.name, ".srm"))
        path = prompts.save_path(self.window, "Save Project As", suggestion, prompts.PROJECT_FILTER)
        if path is None:
            return False
        if path.suffix == "":
            path = path.with_suffix(".srm")
        if self.lock is not None and self.lock.path.resolve() == path.resolve():
            return self._write(path)
        lock = FileLock(path)
        if lock.acquire() is LockState.HELD_ELSEWHERE:
            owner = lock.owner.describe() if lock.owner else "another window"
            prompts.error(
                self.window,
                "Could not save the project",
                f"{path}: the file is open in {owner}; save under another name.",
            )
            return False
        if not self._write(path):
            lock.release()
            return False
        self._set_lock(lock)
        return True

    def _write(self, path: Path) -> bool:
        try:
            data = save_project(self.document.project, path)
        except SrmError as exc:
            prompts.error(self.window, "Could not save the project", str(exc))
            return False
        except OSError as exc:  # anything atomic.py did not translate
            prompts.error(self.window, "Could not save the project", f"{path}: {exc}")
            return False
        if path != self.document.path:
            self.document.set_path(path)
            self.watch.watch(path, data)
        else:
            self.watch.remember(data)
        self.document.set_read_only(False)
        self.document.undo_stack.setClean()
        self.autosave.discard()
        self.settings.add_recent(path)
        self.recentChanged.emit()
        self.message.emit(f"Saved {path}")
        return True

    # -- outside changes ------------------------------------------------------------------------

    def outside_change(self, state: DiskChange) -> bool:
        """Another program changed or deleted the file: ask. True when the in-app version is
        kept (and so marked modified), False when the disk version was reloaded."""
        path = self.document.path
        if self._asking or path is None:
            return True
        self._asking = True
        self.watch.paused = True
        try:
            choice = prompts.ask_outside_change(
                self.window, str(path), state is DiskChange.DELETED, self.document.modified
            )
            if choice is prompts.OutsideAnswer.RELOAD and self.reload():
                return False
            self.document.mark_modified()
            self.watch.remember(None)
            if choice is prompts.OutsideAnswer.SAVE:
                self.save()
            return True
        finally:
            self.watch.paused = False
            self._asking = False

    def reload(self) -> bool:
        """Replace the document with what its file holds now; on error keep it (modified)."""
        path = self.document.path
        if path is None:
            return False
        try:
            project, _, data = read_project(path)
        except SrmError as exc:
            prompts.error(
                self.window, "Could not reload the project", f"{exc} (the version here is kept)"
            )
            return False
        self._adopt(project, path, data, self.lock, read_only=self.document.read_only)
        self.message.emit(f"Reloaded {path}")
        return True

    # -- crash recovery -------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """At start: offer each copy a crashed session left; True when one was restored."""
        restored = False
        for claimed in recovery.leftover_entries(self.autosave.folder):
            if restored:
                claimed.release()  # one document per window: the rest wait for the next start
                continue
            entry = claimed.entry
            name = entry.original.name if entry.original else (entry.project_name or "untitled")
            taken = entry.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            choice = prompts.ask_recover(
                self.window,
                name,
                str(entry.original) if entry.original else None,
                taken,
                entry.app_version,
                entry.original_changed_since(),
            )
            if choice is prompts.Recover.LATER:
                claimed.release()
            elif choice is prompts.Recover.DISCARD:
                claimed.discard()
            else:
                restored = self._restore(claimed)
        return restored

    def _restore(self, claimed: recovery.ClaimedEntry) -> bool:
        entry = claimed.entry
        try:
            project, _ = loads_with_provider(claimed.read(), str(entry.data_path))
        except (SrmError, OSError) as exc:
            aside = claimed.set_aside()
            prompts.error(
                self.window, "Could not restore the copy", f"{exc} (the copy was kept as {aside})"
            )
            return False
        original = entry.original
        lock: FileLock | None = None
        read_only = False
        if original is not None:
            lock, read_only = self._lock_for(original)
            if lock is None and not read_only:
                claimed.release()
                return False
        self._adopt(project, original, None, lock, modified=True, read_only=read_only)
        self.autosave.write_now(wait=True)  # our own copy first, then drop the old one
        claimed.discard()
        self.message.emit(f"Restored unsaved changes to {entry.original or 'an untitled project'}")
        return True

    # -- export ---------------------------------------------------------------------------------

    def export_csv(self) -> None:
        suggestion = str(Path(self._folder()) / suggested_name(self.document.project.name, ".csv"))
        path = prompts.save_path(self.window, "Export CSV", suggestion, prompts.CSV_FILTER)
        if path is None:
            return
        if path.suffix == "":
            path = path.with_suffix(".csv")
        try:
            export_csv(self.document.project, self.document.provider, path)
        except SrmError as exc:
            prompts.error(self.window, "Could not export the CSV file", str(exc))
            return
        except OSError as exc:
            prompts.error(self.window, "Could not export the CSV file", f"{path}: {exc}")
            return
        self.message.emit(f"Exported {path}")

    # -- examples ---------------------------------------------------------------------------------

    def open_example(self, path: Path) -> bool:
        """An example opens as an untitled copy of itself, unmodified: saving asks where, so
        nothing is ever written into the installed package, and closing it asks nothing. The
        copy is a new project (its own id): a workbook exported from one copy is refused by
        another."""
        if not self.maybe_save():
            return False
        try:
            project, _, _ = read_project(path)
        except SrmError as exc:
            prompts.error(self.window, "Could not open the example", str(exc))
            return False
        self._adopt(dataclasses.replace(project, id=new_project_id()), None, None, None)
        self.message.emit(f"Opened the example {path.name} as an untitled copy")
        return True
