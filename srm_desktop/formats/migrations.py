"""Schema migrations for project files, run on the raw dict before strict validation.

``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n+1`` one. Migrations work on
plain dicts (never on the current models, which only know the newest schema), run in order, and
each has a fixture in ``tests/formats/fixtures/`` with a test of its own.

Schema 1 is the first released format, so the table is empty; the machinery, the refusal of
files from the future and the error messages are tested with a migration the tests register.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from srm_desktop.domain.errors import InputError

FORMAT_ID: Final[str] = "srm-desktop/project"
SCHEMA_VERSION: Final[int] = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class NewerSchemaError(InputError):
    """A file written by a newer version of the app: refused, and never to be written over
    (the window offers no ``.bak`` for it: the file is fine, the app is old)."""

    def __init__(self, source: str, version: int, current: int) -> None:
        super().__init__(
            source,
            f"written by a newer SRM Desktop (schema {version}; this version reads up to "
            f"{current}); update SRM Desktop to open it -- the file was not changed",
        )
        self.version = version


def migrate(raw: Any, source: str, current: int = SCHEMA_VERSION) -> dict[str, Any]:
    """Check the format id and version of ``raw`` and bring it up to ``current``."""
    if not isinstance(raw, dict):
        raise InputError(source, f"expected a JSON object at the top, found {_kind(raw)}", "$")
    fmt = raw.get("format")
    if fmt != FORMAT_ID:
        found = "no 'format' key" if fmt is None else f"format {fmt!r}"
        raise InputError(source, f"not an SRM Desktop project ({found}; expected {FORMAT_ID!r})")
    version = raw.get("schema_version")
    if version is None:
        raise InputError(source, "missing 'schema_version'", "$.schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError(
            source, f"schema_version must be a whole number, found {version!r}", "$.schema_version"
        )
    if version > current:
        raise NewerSchemaError(source, version, current)
    if version < 1:
        raise InputError(source, f"schema_version {version} does not exist", "$.schema_version")
    doc = raw
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise InputError(source, f"no migration from schema {version} to {version + 1}")
        try:
            doc = step(dict(doc))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                source, f"cannot migrate from schema {version}: {type(exc).__name__}: {exc}"
            ) from None
        version += 1
        doc["schema_version"] = version
    return doc


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )
