"""One entry point for every supported file: decide what it is, read it within limits.

The file's content decides, not its name: a SAM template is often ``template.yaml``, a plan is
whatever the user redirected ``terraform show -json`` into. JSON goes through the project's
strict JSON reader (duplicate keys, NaN, deep nesting all refused with a line), YAML through the
safe CloudFormation loader. Anything that is neither a template nor Terraform JSON is refused
with a one-line message naming the file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Final

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.iac.cfn_yaml import load_yaml
from srm_desktop.formats.iac.cloudformation import NOT_IAC, looks_like_template, parse_template
from srm_desktop.formats.iac.model import IacDocument
from srm_desktop.formats.iac.terraform import looks_like_terraform, parse_terraform
from srm_desktop.formats.reading import decode_utf8, read_input
from srm_desktop.formats.strict_json import loads

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
    """
    shown = Path(path).as_posix()
    target = Path(path)
    source = shown
    if target.suffix.lower() in (".tf", ".hcl"):
        raise InputError(
            source, "Terraform source (HCL) is not read; give the JSON of `terraform show -json`"
        )
    data = read_input(shown, limit=MAX_TERRAFORM_BYTES)
    doc = parse_iac(data, source)
    return replace(doc, source=label) if label else doc


def parse_iac(data: bytes, source: str) -> IacDocument:
    """Parse the bytes of ``source`` (what :func:`read_iac` does once the file is read)."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.lstrip()[:1] in (b"{", b"["):
        doc = loads(data, source)
        if looks_like_terraform(doc):
            return parse_terraform(doc, source)
        return parse_template(doc, source)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InputError(
            source, f"file is {len(data):,} bytes; a template may have {MAX_TEMPLATE_BYTES:,}"
        )
    if b"\x00" in data:
        raise InputError(source, f"a binary file: {NOT_IAC}")
    text = decode_utf8(data, source, allow_bom=True)
    doc = load_yaml(text, source)
    if not looks_like_template(doc):
        raise InputError(source, NOT_IAC)
    return parse_template(doc, source)
