"""Reading JSON the strict way: every kind of bad input becomes one clear :class:`InputError`.

The standard library is lenient where a project file must not be (duplicate keys -- the last
one silently wins; ``NaN`` and ``Infinity``) and fails in ways that are not ``ValueError`` (deep
nesting raises ``RecursionError``). This module closes those gaps and turns each into a message
that names the file and the line or the JSON path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, NamedTuple

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.reading import decode_utf8

#: Ten times the benchmark estate (``benchmarks/generate.py`` ``large_project``: 1,000 services
#: x 30 areas x 8 parties = 240,000 cells, 6.0 MB): 64 MB. A larger file is refused before a byte
#: of it is read (:func:`~srm_desktop.formats.reading.read_input`).
MAX_FILE_BYTES: Final[int] = 64 * 1024 * 1024
#: The most digits Python converts to an integer (``sys.get_int_max_str_digits``'s default).
MAX_INT_DIGITS: Final[int] = 4300


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


class _LongNumber(ValueError):
    pass


def _int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _LongNumber(text)
    return int(text)


def _long_number(text: str, source: str, digits: str) -> InputError:
    """A number of more digits than Python converts, named with its line and column."""
    found = re.search(rf"(?<![\d.eE+-]){re.escape(digits[:64])}", text)
    where = "" if found is None else line_column(text, found.start())
    count = len(digits.lstrip("-"))
    return InputError(source, f"a number of {count:,} digits (at most {MAX_INT_DIGITS:,})", where)


def line_column(text: str | bytes, offset: int) -> str:
    """``line 3, column 21`` for an offset into ``text`` (of bytes: the column counts bytes)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return f"line {line}, column {offset - text.rfind(newline, 0, offset)}"  # type: ignore[arg-type]


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
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants, parse_int=_int
        )
    except _LongNumber as exc:
        raise _long_number(text, source, str(exc)) from None
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


_PAIRS = json.JSONDecoder(object_pairs_hook=tuple, parse_constant=_no_constants, parse_int=_int)


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


# -- the shape of a document, before any value is built -----------------------------------------


class ShapeProblem(NamedTuple):
    """Why a document cannot be what its reader expects, and where (an offset in the text)."""

    problem: str
    path: str
    offset: int


#: At the top level: a string (with the colon that makes it a key), or a bracket.
_TOP_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"(?:\s*:)?|[\[\]{}]')
#: Inside a value: everything up to the next bracket that is not in a string, and that bracket.
_NEXT_BRACKET = re.compile(rb'(?:[^"\[\]{}]++|"(?:[^"\\]++|\\.)*+")*+([\[\]{}])')


def shape_problem(
    data: bytes, shapes: Mapping[str, str], end: int | None = None
) -> ShapeProblem | None:
    """The first top-level key not in ``shapes``, or the first value nested otherwise than its
    key's shape allows, in ``data[:end]``; None when there is neither (or when ``data`` is not
    an object, or is malformed: the parser names that).

    A shape is the brackets a value may open, outermost first: ``"[{"`` is an array of objects
    of plain values, ``""`` a plain value. Nothing is built, nothing is decoded: the walk is
    regular expressions (in C) from bracket to bracket, and it stops at the first key or bracket
    that does not fit -- so a hostile file costs its own size in memory, not the ~50x a parse of
    small objects costs.
    """
    stop = len(data) if end is None else end
    first = _TOP_TOKEN.search(data, 0, stop)
    if first is None or first[0] != b"{" or data[: first.start()].strip():
        return None
    depth, shape, key, pos = 1, "", "", first.end()
    while True:
        if depth == 1:
            match = _TOP_TOKEN.search(data, pos, stop)
            if match is None:
                return None
            pos, char, at = match.end(), match[0], match.start()
            if char[:1] == b'"':
                if char.endswith(b":"):
                    try:
                        key = json.loads(char[:-1].rstrip())
                    except ValueError:  # a bad escape or byte: the parser names it
                        return None
                    if key not in shapes:
                        return ShapeProblem("unknown key", json_path((key,)), at)
                    shape = shapes[key]
                continue
        else:
            match = _NEXT_BRACKET.match(data, pos, stop)
            if match is None:
                return None
            pos, char, at = match.end(), match[1], match.start(1)
        if char in (b"[", b"{"):
            if depth > len(shape) or shape[depth - 1] != char.decode():
                return ShapeProblem("nested otherwise", json_path((key,)), at)
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return None
