"""Reading JSON the strict way: every kind of bad input becomes one clear :class:`InputError`.

The standard library is lenient where a project file must not be (duplicate keys -- the last
one silently wins; ``NaN`` and ``Infinity``) and fails in ways that are not ``ValueError`` (deep
nesting raises ``RecursionError``). This module closes those gaps and turns each into a message
that names the file and the line or the JSON path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from srm_desktop.domain.errors import InputError

#: Far beyond any real project (a 1,000-service, 30-area, 8-party project is ~3 MB).
MAX_FILE_BYTES: Final[int] = 256 * 1024 * 1024


def json_path(loc: Sequence[str | int]) -> str:
    """``("services", 3, "name")`` -> ``$.services[3].name``."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").replace("-", "").isalnum() and not part[:1].isdigit():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (numbers must be finite)")


def loads(data: bytes, source: str) -> Any:
    """Parse ``data`` (the bytes of ``source``) as strict UTF-8 JSON."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(source, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(
            source, "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(source, "file is UTF-16; project files are UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", f"line {line}"
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        raise InputError(source, f"key {str(exc)!r} appears twice in the same object") from None
    except json.JSONDecodeError as exc:
        raise InputError(source, exc.msg, f"line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise InputError(source, str(exc)) from None
    except RecursionError:
        # The C scanner guards its recursion with the interpreter's limit (~1,000 levels); a real
        # project file nests five levels deep, so this is a hostile or broken file.
        raise InputError(source, "nested too deeply to be a project file") from None
