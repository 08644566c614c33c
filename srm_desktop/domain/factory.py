"""Creating projects: a new project is the provider's areas, parties, and auto-filled rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from pydantic import TypeAdapter, ValidationError

from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Party, PartyKind, Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.teams import default_template
from srm_desktop.domain.text import LongText, Name, OptionalName, unique_ident

DEFAULT_CUSTOMER = "Customer"
_NAME: TypeAdapter[str] = TypeAdapter(Name)
#: How the project file checks each of a project's properties.
_PROPERTY: dict[str, TypeAdapter[str]] = {
    "name": _NAME,
    "description": TypeAdapter(LongText),
    "owner": TypeAdapter(OptionalName),
    "review": TypeAdapter(OptionalName),
}
PROPERTIES = tuple(_PROPERTY)


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a project, party or service name -- the rule the loader applies
    (1-200 characters, no control characters, no surrounding blanks) -- or None."""
    return property_problem("name", value)


def property_problem(field: str, value: str) -> str | None:
    """Why ``value`` cannot be the project's ``field`` (one of :data:`PROPERTIES`) -- the
    loader's rule: a name for ``name``, long text for ``description``, empty or a name for
    ``owner`` and ``review`` -- or None."""
    try:
        _PROPERTY[field].validate_python(value)
    except ValidationError as exc:
        return " ".join(str(exc.errors(include_url=False)[0]["msg"]).split())
    return None


def with_properties(project: Project, changes: Mapping[str, str]) -> Project:
    """``project`` with other properties (``changes``: field -> value, fields of
    :data:`PROPERTIES`), each checked as the loader checks it; the first a file would refuse is an
    :class:`EditError` naming the field. Unchanged values are ignored; nothing changed gives
    ``project`` itself."""
    values = {field: getattr(project, field) for field in _PROPERTY}
    for field, value in changes.items():
        if field not in _PROPERTY:
            raise EditError(f"{field!r} is not a project property")
        problem = property_problem(field, value)
        if problem is not None:
            raise EditError(f"{field} {value!r}: {problem}")
        values[field] = value
    if all(getattr(project, field) == value for field, value in values.items()):
        return project
    return replace(
        project,
        name=values["name"],
        description=values["description"],
        owner=values["owner"],
        review=values["review"],
    )


def _checked_name(value: str, what: str) -> str:
    problem = name_problem(value)
    if problem is not None:
        raise EditError(f"{what} {value!r}: {problem}")
    return value


def make_parties(provider: Provider, teams: Sequence[str] = ()) -> tuple[Party, ...]:
    """The provider party plus "Customer", or plus one party per team."""
    names = list(teams) or [DEFAULT_CUSTOMER]
    taken: set[str] = set()
    pid = unique_ident(provider.party_name, taken, "provider")
    taken.add(pid)
    parties = [Party(id=pid, name=provider.party_name, kind=PartyKind.PROVIDER)]
    seen_names: set[str] = {provider.party_name.casefold()}
    for name in names:
        _checked_name(name, "party name")
        if name.casefold() in seen_names:
            raise EditError(f"party name {name!r} is given twice")
        seen_names.add(name.casefold())
        pid = unique_ident(name, taken, "team")
        taken.add(pid)
        parties.append(Party(id=pid, name=name, kind=PartyKind.CUSTOMER))
    return tuple(parties)


def service_entry(
    provider: Provider,
    spec: str,
    taken_ids: set[str],
    taken_names: set[str],
) -> ServiceEntry:
    """An inventory entry from ``KEY[:VARIANT]`` (key, name or alias). A repeated service gets a
    numbered name ("Amazon EC2 2") so each component stays distinguishable."""
    try:
        service, variant = provider.catalog.resolve(spec)
    except LookupError as exc:
        raise EditError(str(exc)) from None
    name, n = service.name, 2
    while name.casefold() in taken_names:
        name = f"{service.name} {n}"
        n += 1
    sid = unique_ident(service.key, taken_ids, service.key)
    taken_ids.add(sid)
    taken_names.add(name.casefold())
    return ServiceEntry(id=sid, name=name, service=service.key, variant=variant)


def new_project(
    name: str,
    provider: Provider,
    services: Sequence[str] = (),
    teams: Sequence[str] = (),
) -> Project:
    """A new, auto-filled project. ``services`` are ``KEY[:VARIANT]`` specs; a name the
    project file would refuse is an :class:`EditError`."""
    _checked_name(name, "project name")
    parties = make_parties(provider, teams)
    customers = [(p.id, p.name) for p in parties if p.kind is PartyKind.CUSTOMER]
    template = default_template().for_parties(customers) if len(customers) > 1 else {}
    ids: set[str] = set()
    names: set[str] = set()
    entries = tuple(service_entry(provider, spec, ids, names) for spec in services)
    project = Project(
        name=name,
        provider=provider.key,
        parties=parties,
        areas=provider.areas,
        services=entries,
        team_template=template,
    )
    return autofill(project, provider)[0]
