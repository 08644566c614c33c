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
from srm_desktop.formats.reading import decode_utf8

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
    if not data or data.isspace():  # not data.strip(): that copies a large file to find out
        raise InputError(source, "file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(
            source, "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(source, "file is UTF-16; project files are UTF-8")
    text = decode_utf8(data, source)
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


# -- the fast path for large files ----------------------------------------------------------------


class NotStrict(ValueError):
    """Raised by :func:`loads_pairs` and :func:`from_pairs` where :func:`loads` would refuse the
    input; the caller then reads it again with :func:`loads` to name the problem."""


_PAIRS = json.JSONDecoder(object_pairs_hook=tuple, parse_constant=_no_constants)


def loads_pairs(data: bytes) -> Any:
    """``data`` parsed with every JSON object as a tuple of its (key, value) pairs.

    Why: a hook that builds a dict for every object and checks it for duplicate keys is a
    Python call per object, a fifth of the parse of a large project; ``tuple`` as the hook stays
    in C and is cheaper than even a plain dict. Pairs are hashable, so a caller can also share
    and check equal objects once (a large project repeats its override records thousands of
    times). Duplicate keys are not refused here: every object must go through
    :func:`from_pairs` or :func:`object_from_pairs`. Raises :class:`NotStrict` for anything
    else :func:`loads` refuses.
    """
    if len(data) > MAX_FILE_BYTES or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise NotStrict("refused before parsing")
    try:
        # What json.loads(text, object_pairs_hook=tuple, parse_constant=...) does, without a
        # new decoder per call (the project file parses ~2,500 small rows this way); its other
        # check, a leading BOM, was refused above.
        return _PAIRS.decode(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError too
        raise NotStrict(str(exc)) from None


def object_from_pairs(pairs: Any) -> dict[str, Any]:
    """One object of :func:`loads_pairs` as the dict :func:`loads` gives (its values as they
    are); :class:`NotStrict` when it is not an object or repeats a key."""
    if type(pairs) is not tuple:
        raise NotStrict("not an object")
    result = dict(pairs)
    if len(result) != len(pairs):
        raise NotStrict("duplicate key")
    return result


def from_pairs(value: Any) -> Any:
    """A value of :func:`loads_pairs` (objects at any depth) as :func:`loads` gives it."""
    kind = type(value)
    if kind is tuple:
        result = {key: from_pairs(item) for key, item in value}
        if len(result) != len(value):
            raise NotStrict("duplicate key")
        return result
    if kind is list:
        return [from_pairs(item) for item in value]
    return value
