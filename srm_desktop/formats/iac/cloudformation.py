"""CloudFormation and SAM templates (YAML or JSON) -> resources.

A template's ``Resources`` section is all the inventory needs: each logical id, its ``Type`` and
its ``Properties``. References between resources (``Ref``, ``Fn::GetAtt``, ``${Name}`` inside
``Fn::Sub``) are collected too, because a bucket policy belongs with its bucket and a launch
template with the node group that uses it. SAM templates get their ``Globals`` applied and the
resources the SAM transform would create (see :mod:`.sam`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.iac.model import IacDocument, Resource, check_resources, printable
from srm_desktop.formats.iac.sam import SAM_TRANSFORM, apply_globals, implicit_resources

_SUB_NAME = re.compile(r"\$\{(?!!)([A-Za-z0-9]+)(?:\.[^}]*)?\}")
NOT_IAC = (
    "not infrastructure code: neither a CloudFormation/SAM template (no Resources section) "
    "nor Terraform JSON from `terraform show -json`"
)
_TYPE = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)*$")


def looks_like_template(data: Any) -> bool:
    """A mapping with a ``Resources`` mapping, or CloudFormation's own version key."""
    return isinstance(data, Mapping) and (
        isinstance(data.get("Resources"), Mapping) or "AWSTemplateFormatVersion" in data
    )


def _strings(value: Any) -> Iterator[str]:
    """Every string inside ``value``, keys included (iterative: templates nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            for k, v in item.items():
                if isinstance(k, str):
                    yield k
                stack.append(v)
        elif isinstance(item, list):
            stack.extend(item)


def references(value: Any, names: frozenset[str]) -> frozenset[str]:
    """Logical ids among ``names`` that ``value`` points at through Ref, GetAtt or Sub."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, inner in item.items():
                if key == "Ref" and isinstance(inner, str):
                    found.add(inner)
                elif key == "Fn::GetAtt":
                    if isinstance(inner, list) and inner and isinstance(inner[0], str):
                        found.add(inner[0])
                    elif isinstance(inner, str):
                        found.add(inner.partition(".")[0])
                elif key == "Fn::Sub":
                    text = inner[0] if isinstance(inner, list) and inner else inner
                    if isinstance(text, str):
                        found.update(_SUB_NAME.findall(text))
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(found & names)


def is_sam(data: Mapping[str, Any]) -> bool:
    transform = data.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in transforms


FOREACH = "Fn::ForEach::"


def _loop_size(loop: Any) -> tuple[int, bool]:
    """Resources one ``Fn::ForEach`` loop would make, and whether that count is exact.

    ``[identifier, collection, {key: resource or inner loop}]``: a literal collection multiplies
    the templates; a ``Ref`` to a parameter is counted once (at least that many).
    """
    if not isinstance(loop, list) or len(loop) != 3 or not isinstance(loop[2], Mapping):
        return 1, False
    times, exact = (len(loop[1]), True) if isinstance(loop[1], list) else (1, False)
    total = 0
    for key, body in loop[2].items():
        if isinstance(key, str) and key.startswith(FOREACH):
            inner, inner_exact = _loop_size(body)
            total, exact = total + inner, exact and inner_exact
        else:
            total += 1
    return total * times, exact


def _foreach_note(loops: dict[str, Any]) -> str:
    sizes = [_loop_size(body) for body in loops.values()]
    count, exact = sum(n for n, _ in sizes), all(e for _, e in sizes)
    what = "resource" if count == 1 else "resources"
    return (
        f"Fn::ForEach loops are not expanded: {'' if exact else 'at least '}{count} {what} "
        f"not read ({', '.join(printable(k) for k in loops)})"
    )


def parse_template(data: Any, source: str) -> IacDocument:
    """Lower a parsed template to an :class:`IacDocument`; bad structure is an InputError.

    ``Fn::ForEach`` loops (``AWS::LanguageExtensions``) are skipped, and the document's notes
    say how many resources they would have made; the rest of the template is read.
    """
    if not looks_like_template(data):
        raise InputError(source, NOT_IAC)
    resources = data.get("Resources")
    if not isinstance(resources, Mapping) or not resources:
        raise InputError(source, "the template has no resources", "Resources")
    loops = {str(k): v for k, v in resources.items() if str(k).startswith(FOREACH)}
    names = frozenset(str(k) for k in resources if str(k) not in loops)
    sam = is_sam(data)
    globals_ = data.get("Globals") if sam else None
    out: list[Resource] = []
    taken = set(names)
    for key, body in resources.items():
        logical_id = str(key)
        if logical_id in loops:
            continue
        if not isinstance(body, Mapping):
            where = f"Resources.{printable(logical_id)}"
            raise InputError(source, "a resource must be a mapping with a Type", where)
        rtype = body.get("Type")
        if not isinstance(rtype, str) or not _TYPE.match(rtype):
            where = f"Resources.{printable(logical_id)}"
            shown = printable(repr(rtype))
            raise InputError(source, f"Type must be a resource type name, not {shown}", where)
        props = body.get("Properties", {})
        if not isinstance(props, Mapping):
            props = {}  # an intrinsic (Fn::If) in place of Properties: nothing to read
        if isinstance(globals_, Mapping):
            props = apply_globals(rtype, props, globals_)
        refs = references(props, names) - {logical_id}
        resource = Resource(logical_id, rtype, props, refs)
        out.append(resource)
        if sam:
            for generated in implicit_resources(resource, taken):
                out.append(generated)
                taken.add(generated.address)
    kind = "sam" if sam or any(r.type.startswith("AWS::Serverless::") for r in out) else ""
    notes = (_foreach_note(loops),) if loops else ()
    doc = IacDocument(source, kind or "cloudformation", tuple(out), notes)
    check_resources(doc, "Resources.")
    return doc


def all_strings(value: Any) -> Iterator[str]:
    """Public for the context rules (user data that joins instances to a cluster)."""
    return _strings(value)
