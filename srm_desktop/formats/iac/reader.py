"""One entry point for every supported file: decide what it is, read it within limits.

The file's content decides, not its name: a SAM template is often ``template.yaml``, a plan is
whatever the user redirected ``terraform show -json`` into. JSON goes through the project's
strict JSON reader (duplicate keys, NaN, deep nesting all refused with a line), YAML through the
safe CloudFormation loader. Anything that is neither a template nor Terraform JSON is refused
with a one-line message naming the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.iac.cfn_yaml import load_yaml
from srm_desktop.formats.iac.cloudformation import NOT_IAC, looks_like_template, parse_template
from srm_desktop.formats.iac.model import IacDocument, printable, unsafe_character
from srm_desktop.formats.iac.terraform import looks_like_terraform, parse_terraform
from srm_desktop.formats.reading import decode_utf8, read_input

#: CloudFormation itself accepts at most 1 MB (from S3); SAM templates are smaller still.
MAX_TEMPLATE_BYTES: Final[int] = 5 * 1024 * 1024
#: Plans of large estates run to tens of megabytes; beyond this is not a plan we can show.
MAX_TERRAFORM_BYTES: Final[int] = 200 * 1024 * 1024


def source_label(path: Path | str, base: Path | str | None = None) -> str:
    """How a file is named in evidence: relative to ``base`` (the project's folder) when it is
    inside it, else its file name -- never an absolute path that only exists on one machine."""
    target = Path(path).resolve()
    if base is not None:
        try:
            return target.relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            pass
    return target.name


def read_iac(path: Path | str, label: str | None = None) -> IacDocument:
    """Read one CloudFormation/SAM template or Terraform JSON file.

    Messages name the file as given; the document's ``source`` is ``label`` (default: the path).
    A file name the evidence notes could not hold on one line (a control character) is refused.
    """
    shown = Path(path).as_posix()
    target = Path(path)
    source = printable(shown, limit=1000)
    for name in (shown, label or ""):
        bad = unsafe_character(name)
        if bad is not None:
            raise InputError(source, f"the file name contains {bad}; rename the file")
    if target.suffix.lower() in (".tf", ".hcl"):
        raise InputError(
            source, "Terraform source (HCL) is not read; give the JSON of `terraform show -json`"
        )
    data = read_input(shown, limit=MAX_TERRAFORM_BYTES)
    doc = parse_iac(data, source)
    return replace(doc, source=label) if label else doc


_UTF16_BOMS: Final[dict[bytes, str]] = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16"/"UTF-32" for text saved that way (with a byte-order mark or without), else None."""
    for bom, name in _UTF16_BOMS.items():
        if data.startswith(bom):
            return name
    head = data[:64]
    if len(head) >= 4 and head.count(0) * 2 >= len(head) - 1:
        odd, even = head[1::2], head[0::2]
        if not odd.strip(b"\x00") or not even.strip(b"\x00"):
            return "UTF-16"
    return None


def _size_limit(data: bytes, source: str) -> None:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InputError(
            source,
            f"file is {len(data):,} bytes; a template may have {MAX_TEMPLATE_BYTES:,} "
            f"(Terraform JSON {MAX_TERRAFORM_BYTES:,})",
        )


def parse_iac(data: bytes, source: str) -> IacDocument:
    """Parse the bytes of ``source`` (what :func:`read_iac` does once the file is read)."""
    if not data or data.isspace():
        raise InputError(source, "file is empty")
    wide = _wide_encoding(data)
    if wide is not None:
        raise InputError(source, f"file is {wide}; save the template as UTF-8")
    if data.lstrip()[:1] in (b"{", b"["):
        # Only Terraform JSON may be larger than a template; it names its format_version.
        if b'"format_version"' not in data:
            _size_limit(data, source)
        doc = load_json(data, source)
        if looks_like_terraform(doc):
            return parse_terraform(doc, source)
        _size_limit(data, source)
        return parse_template(doc, source)
    _size_limit(data, source)
    if b"\x00" in data:
        raise InputError(source, f"a binary file: {NOT_IAC}")
    text = decode_utf8(data, source, allow_bom=True)
    doc = load_yaml(text, source)
    if not looks_like_template(doc):
        raise InputError(source, NOT_IAC)
    return parse_template(doc, source)


# -- strict JSON, in a template's words -----------------------------------------------------------

#: What ``int()`` converts by default (``sys.get_int_max_str_digits``); a template needs none.
MAX_INT_DIGITS: Final[int] = 4300
_LONG_INT = re.compile(rb"-?[0-9]{%d,}" % (MAX_INT_DIGITS + 1))


class _Refused(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key {printable(key)!r} appears twice in the same object")
            seen.add(key)
    return result


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not valid JSON (numbers must be finite)")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused("long integer")
    return int(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer)


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def load_json(data: bytes, source: str) -> Any:
    """``data`` as strict UTF-8 JSON (the project loader's rules), messages saying "template":
    duplicate keys, NaN and Infinity, integers of more than 4,300 digits and deep nesting are
    each one line with the place."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM is common in templates saved on Windows; YAML allows it too
    text = decode_utf8(data, source)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, exc.msg, f"line {exc.lineno}, column {exc.colno}") from None
    except _Refused as exc:
        long = _LONG_INT.search(data)
        if str(exc) == "long integer" and long is not None:
            digits = len(long.group().lstrip(b"-"))
            raise InputError(
                source,
                f"a number of {digits:,} digits; at most {MAX_INT_DIGITS:,} are read",
                _where(data, long.start()),
            ) from None
        raise InputError(source, str(exc)) from None
    except RecursionError:
        raise InputError(source, "nested too deeply to be a template") from None
