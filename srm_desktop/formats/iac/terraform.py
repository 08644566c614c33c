"""Terraform JSON (``terraform show -json``) -> resources.

Two shapes carry resources: a *plan* (``planned_values.root_module``, with what is not known
until apply listed in ``resource_changes[].change.after_unknown``) and a *state*
(``values.root_module``). Both nest modules in ``child_modules`` to any depth; every level is
read. Only managed resources count: data sources read the account, they add nothing to it.

References between resources come from the plan's ``configuration`` section when it is there
(``expressions.*.references``, addresses relative to their module), and otherwise from values:
a resource whose attributes contain another's ``id`` or ``arn`` (a bucket policy naming its
bucket) refers to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.iac.model import (
    UNKNOWN_VALUE,
    IacDocument,
    Resource,
    check_resources,
    printable,
)

#: Module nesting far beyond real configurations; the JSON reader already bounds recursion.
MAX_MODULE_DEPTH: Final[int] = 64
_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]')
#: A resource type is an identifier; the words the evidence notes use for their own lines
#: ("variant", "gone", "more") are not types.
_TYPE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RESERVED_TYPES: Final[frozenset[str]] = frozenset({"variant", "gone", "more"})
_NOT_RESOURCES: Final[frozenset[str]] = frozenset(
    {"var", "local", "data", "module", "each", "count", "path", "self", "terraform"}
)


def looks_like_terraform(data: Any) -> bool:
    return (
        isinstance(data, Mapping)
        and "format_version" in data
        and any(k in data for k in ("planned_values", "values", "resource_changes"))
    )


def _module_path(where: str, indexes: tuple[int, ...]) -> str:
    """Where a module is, short enough for one line however deep it nests."""
    shown = "".join(f".child_modules[{i}]" for i in indexes[:3])
    if len(indexes) > 3:
        shown += f"… ({len(indexes)} levels down)"
    return where + shown


def _modules(root: Any, source: str, where: str) -> Iterator[Mapping[str, Any]]:
    stack: list[tuple[Any, tuple[int, ...]]] = [(root, ())]
    while stack:
        module, indexes = stack.pop()
        if not isinstance(module, Mapping):
            raise InputError(source, "a module must be an object", _module_path(where, indexes))
        if len(indexes) > MAX_MODULE_DEPTH:
            raise InputError(
                source,
                f"modules nest more than {MAX_MODULE_DEPTH} levels",
                _module_path(where, indexes),
            )
        yield module
        children = module.get("child_modules", [])
        if not isinstance(children, list):
            raise InputError(source, "child_modules must be a list", _module_path(where, indexes))
        stack.extend((c, (*indexes, i)) for i, c in reversed(list(enumerate(children))))


def _with_unknowns(values: Any, unknown: Any) -> Any:
    """Values with every leaf the plan marks unknown set to :data:`UNKNOWN_VALUE`."""
    if unknown is True:
        return UNKNOWN_VALUE
    if isinstance(unknown, Mapping):
        base = dict(values) if isinstance(values, Mapping) else {}
        for key, inner in unknown.items():
            base[key] = _with_unknowns(base.get(key), inner)
        return base
    if isinstance(unknown, list) and unknown:
        items = list(values) if isinstance(values, list) else []
        items += [None] * (len(unknown) - len(items))
        return [
            _with_unknowns(v, unknown[i] if i < len(unknown) else None) for i, v in enumerate(items)
        ]
    return values


def _config_refs(configuration: Any) -> dict[str, set[str]]:
    """Config address (indexes stripped) -> config addresses of the resources it references."""
    out: dict[str, set[str]] = {}
    root = configuration.get("root_module") if isinstance(configuration, Mapping) else None
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        module, prefix = stack.pop()
        if not isinstance(module, Mapping):
            continue
        for res in module.get("resources", []) or []:
            if not isinstance(res, Mapping) or res.get("mode") != "managed":
                continue
            refs: set[str] = set()
            inner: list[Any] = [res.get("expressions")]
            while inner:
                item = inner.pop()
                if isinstance(item, Mapping):
                    for key, value in item.items():
                        if key == "references" and isinstance(value, list):
                            refs.update(
                                _resource_ref(prefix, r) for r in value if isinstance(r, str)
                            )
                        else:
                            inner.append(value)
                elif isinstance(item, list):
                    inner.extend(item)
            out[prefix + str(res.get("address", ""))] = refs - {""}
        calls = module.get("module_calls", {})
        if isinstance(calls, Mapping):
            for name, call in calls.items():
                if isinstance(call, Mapping):
                    stack.append((call.get("module"), f"{prefix}module.{name}."))
    return out


def _resource_ref(prefix: str, ref: str) -> str:
    parts = _INDEX.sub("", ref).split(".")
    if len(parts) < 2 or parts[0] in _NOT_RESOURCES:
        return ""
    return f"{prefix}{parts[0]}.{parts[1]}"


def _strip(address: str) -> str:
    return _INDEX.sub("", address)


def _identities(values: Mapping[str, Any]) -> set[str]:
    out = set()
    for key in ("id", "arn"):
        value = values.get(key)
        if isinstance(value, str) and len(value) >= 3 and value != UNKNOWN_VALUE:
            out.add(value)
    return out


def _top_strings(values: Mapping[str, Any]) -> set[str]:
    out: set[str] = set()
    for value in values.values():
        items = value if isinstance(value, list) else [value]
        out.update(v for v in items if isinstance(v, str))
    return out


def parse_terraform(data: Any, source: str) -> IacDocument:
    """Lower ``terraform show -json`` output to an :class:`IacDocument`."""
    if "planned_values" in data:
        kind, key = "terraform-plan", "planned_values"
    elif "values" in data:
        kind, key = "terraform-state", "values"
    else:
        raise InputError(source, "a plan without planned_values: use `terraform show -json`")
    section = data.get(key)
    if section is None:  # an empty state: `terraform show -json` prints values only when any
        return IacDocument(source, kind, ())
    if not isinstance(section, Mapping):
        raise InputError(source, f"{key} must be an object", key)
    raw = _managed_resources(data, section, source, key)
    refs = _references(raw, _config_refs(data.get("configuration")))
    resources = tuple(
        Resource(address, rtype, values, frozenset(found - {address}))
        for (address, rtype, values), found in zip(raw, refs, strict=True)
    )
    doc = IacDocument(source, kind, resources)
    check_resources(doc, "")
    return doc


def _after_unknown(data: Mapping[str, Any]) -> dict[str, Any]:
    """A plan's ``after_unknown`` per resource address (values known only after apply)."""
    unknown: dict[str, Any] = {}
    for change in data.get("resource_changes", []) or []:
        if isinstance(change, Mapping) and isinstance(change.get("change"), Mapping):
            unknown[str(change.get("address"))] = change["change"].get("after_unknown")
    return unknown


def _managed_resources(
    data: Mapping[str, Any], section: Mapping[str, Any], source: str, key: str
) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(address, type, values) of every managed resource in every module (data sources left)."""
    unknown = _after_unknown(data)
    raw: list[tuple[str, str, Mapping[str, Any]]] = []
    for module in _modules(section.get("root_module", {}), source, f"{key}.root_module"):
        for res in module.get("resources", []) or []:
            if not isinstance(res, Mapping) or res.get("mode", "managed") != "managed":
                continue
            address, rtype = res.get("address"), res.get("type")
            if not isinstance(address, str) or not isinstance(rtype, str):
                place = module.get("address")
                raise InputError(
                    source,
                    "a resource without address or type",
                    printable(place) if isinstance(place, str) else None,
                )
            if not _TYPE.fullmatch(rtype) or rtype in _RESERVED_TYPES:
                shown = printable(repr(rtype))
                raise InputError(
                    source, f"the type {shown} is not a resource type name", printable(address)
                )
            values = res.get("values")
            values = values if isinstance(values, Mapping) else {}
            raw.append((address, rtype, _with_unknowns(values, unknown.get(address))))
    return raw


def _references(
    raw: list[tuple[str, str, Mapping[str, Any]]], config_refs: Mapping[str, Any]
) -> list[set[str]]:
    """Per resource of ``raw``, the addresses it refers to: by an identity (ARN, id, name) in
    its values, or by a reference in the configuration (every instance of the referred one)."""
    owners: dict[str, str] = {}
    for address, _, values in raw:
        for ident in _identities(values):
            owners.setdefault(ident, address)
    by_config: dict[str, list[str]] = {}
    for address, _, _ in raw:
        by_config.setdefault(_strip(address), []).append(address)
    refs: list[set[str]] = []
    for address, _, values in raw:
        found = {owners[s] for s in _top_strings(values) if s in owners}
        for target in config_refs.get(_strip(address), ()):
            found.update(by_config.get(target, ()))
        refs.append(found)
    return refs
