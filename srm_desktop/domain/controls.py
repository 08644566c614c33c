"""Control mappings: which compliance controls each responsibility area is about.

The data is ``resources/controls/`` (``mappings.toml``: area -> NIST SP 800-53 Rev. 5, CSA CCM
v4.0 and ISO/IEC 27001:2022 Annex A ids, each mapping with its basis; ``controls.toml``: the
titles). Keeping it as data means an auditor can read and correct a mapping without reading code,
and the compliance exports (``formats/oscal.py``, ``formats/compliance_workbooks.py``) all join
the matrix to the same controls.

Loading checks what a reviewer would: every id is well formed for its framework and has a title,
every mapping says where it comes from (a listed source, or ``derived`` with its reasoning), and no
area is named twice. A broken file is an :class:`InputError` naming the file and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Any, Final

from pydantic import ValidationError, model_validator

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.resources import read_toml
from srm_desktop.domain.rules import DERIVED, Source
from srm_desktop.domain.text import Ident

MAPPINGS_FILE: Final[str] = "resources/controls/mappings.toml"
TITLES_FILE: Final[str] = "resources/controls/controls.toml"


class Framework(StrEnum):
    """The three control frameworks the matrix is joined to (the keys of the data files)."""

    NIST = "nist"
    CCM = "ccm"
    ISO = "iso"

    @property
    def label(self) -> str:
        return {
            "nist": "NIST SP 800-53 Rev. 5",
            "ccm": "CSA CCM v4.0",
            "iso": "ISO/IEC 27001:2022 Annex A",
        }[self.value]


#: What an id looks like in each framework: ``AC-2`` (base controls only: an area maps to a
#: control, an enhancement refines how it is met); ``DCS-07`` or ``A&A-01``; ``A.8.24``.
ID_PATTERNS: Final[dict[Framework, re.Pattern[str]]] = {
    Framework.NIST: re.compile(
        r"(AC|AT|AU|CA|CM|CP|IA|IR|MA|MP|PE|PL|PM|PS|PT|RA|SA|SC|SI|SR)-[1-9]\d?"
    ),
    Framework.CCM: re.compile(
        r"(A&A|AIS|BCR|CCC|CEK|DCS|DSP|GRC|HRS|IAM|IPY|IVS|LOG|SEF|STA|TVM|UEM)-\d\d"
    ),
    Framework.ISO: re.compile(r"A\.([5-8])\.([1-9]\d?)"),
}
#: How many controls each Annex A theme has (5 organizational, 6 people, 7 physical,
#: 8 technological): 37 + 8 + 14 + 34 = 93.
ISO_THEME_SIZES: Final[dict[int, int]] = {5: 37, 6: 8, 7: 14, 8: 34}


def well_formed(framework: Framework, control_id: str) -> bool:
    match = ID_PATTERNS[framework].fullmatch(control_id)
    if match is None:
        return False
    if framework is Framework.ISO:
        return int(match.group(2)) <= ISO_THEME_SIZES[int(match.group(1))]
    return True


def sort_key(control_id: str) -> tuple[str, ...]:
    """Catalog order: family, then number (``AC-2`` before ``AC-10``; ``A.5.9`` before
    ``A.5.10``)."""
    return tuple(part.zfill(4) for part in re.split(r"[-.]", control_id))


def oscal_id(control_id: str) -> str:
    """The 800-53 id as NIST's OSCAL catalog writes it (``AC-2`` -> ``ac-2``)."""
    return control_id.lower()


class AreaMapping(FrozenModel):
    """One area's controls in the three frameworks, and why."""

    area: Ident
    nist: tuple[str, ...] = ()
    ccm: tuple[str, ...] = ()
    iso: tuple[str, ...] = ()
    #: A key of ``[sources]`` (a published mapping listing these pairs) or ``derived``.
    basis: str
    reasoning: str = ""
    #: An area deliberately left without controls says why here (and lists none).
    unmapped: str = ""

    @model_validator(mode="after")
    def _checkable(self) -> AreaMapping:
        if self.basis == DERIVED and not self.reasoning.strip():
            raise ValueError("a derived mapping needs its reasoning")
        if not (self.nist or self.ccm or self.iso) and not self.unmapped.strip():
            raise ValueError("maps no control: list some, or say why in `unmapped`")
        return self

    def ids(self, framework: Framework) -> tuple[str, ...]:
        return {Framework.NIST: self.nist, Framework.CCM: self.ccm, Framework.ISO: self.iso}[
            framework
        ]


class ControlMappings(FrozenModel):
    version: str
    sources: Mapping[str, Source]
    areas: Mapping[str, AreaMapping]
    titles: Mapping[Framework, Mapping[str, str]]

    def title(self, framework: Framework, control_id: str) -> str:
        return self.titles[framework].get(control_id, "")

    def areas_by_control(self, framework: Framework) -> dict[str, tuple[str, ...]]:
        """Each control of ``framework`` that some area maps to, in catalog order, with its
        areas in the order of ``resources/areas.toml``."""
        found: dict[str, list[str]] = {}
        for area_id, mapping in self.areas.items():
            for control_id in mapping.ids(framework):
                found.setdefault(control_id, []).append(area_id)
        return {c: tuple(found[c]) for c in sorted(found, key=sort_key)}

    def basis_text(self, area_id: str) -> str:
        """Where the area's mapping comes from, in a sentence: the source's title and address,
        or "derived: <reasoning>"."""
        mapping = self.areas.get(area_id)
        if mapping is None:
            return "no mapping (an area of this project only)"
        if mapping.basis == DERIVED:
            return f"derived: {mapping.reasoning}"
        source = self.sources[mapping.basis]
        return f"{source.document} ({source.url})"


@cache
def control_mappings() -> ControlMappings:
    """The shipped mappings, read and checked once per process."""
    return mappings_from_data(
        read_toml("controls", "mappings.toml"), read_toml("controls", "controls.toml")
    )


def mappings_from_data(data: Mapping[str, Any], titles_data: Mapping[str, Any]) -> ControlMappings:
    """Build and check the mappings from the two parsed files (tests feed broken copies)."""
    titles = _titles(titles_data)
    sources = _sources(data)
    areas: dict[str, AreaMapping] = {}
    raw_areas = data.get("areas", {})
    if not isinstance(raw_areas, Mapping):
        raise InputError(MAPPINGS_FILE, "[areas] must be a table of areas")
    for area_id, entry in raw_areas.items():
        where = f"[areas.{area_id}]"
        try:
            mapping = AreaMapping.model_validate({"area": area_id, **dict(entry)})
        except (ValidationError, TypeError, ValueError) as exc:
            raise InputError(MAPPINGS_FILE, _problem(exc), where) from None
        _check_mapping(mapping, sources, titles, where)
        areas[area_id] = mapping
    return ControlMappings(
        version=str(data.get("version", "")), sources=sources, areas=areas, titles=titles
    )


def _titles(data: Mapping[str, Any]) -> dict[Framework, dict[str, str]]:
    titles: dict[Framework, dict[str, str]] = {}
    for framework in Framework:
        table = data.get(framework.value, {})
        if not isinstance(table, Mapping):
            raise InputError(TITLES_FILE, f"[{framework.value}] must be a table of id = title")
        for control_id, title in table.items():
            if not well_formed(framework, control_id):
                raise InputError(
                    TITLES_FILE, f"{control_id!r} is not a {framework.label} id", f"[{framework}]"
                )
            if not isinstance(title, str) or not title.strip() or "\n" in title:
                raise InputError(
                    TITLES_FILE, "needs a one-line title", f"[{framework}] {control_id}"
                )
        titles[framework] = dict(table)
    return titles


def _sources(data: Mapping[str, Any]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for key, value in dict(data.get("sources", {})).items():
        try:
            source = Source.model_validate(value)
        except ValidationError as exc:
            raise InputError(MAPPINGS_FILE, _problem(exc), f"[sources.{key}]") from None
        if not source.url.startswith("https://"):
            raise InputError(MAPPINGS_FILE, "a source needs an https URL", f"[sources.{key}]")
        sources[key] = source
    return sources


def _check_mapping(
    mapping: AreaMapping,
    sources: Mapping[str, Source],
    titles: Mapping[Framework, Mapping[str, str]],
    where: str,
) -> None:
    if mapping.basis != DERIVED and mapping.basis not in sources:
        raise InputError(
            MAPPINGS_FILE,
            f"basis {mapping.basis!r} is neither 'derived' nor under [sources]",
            where,
        )
    for framework in Framework:
        ids = mapping.ids(framework)
        if len(set(ids)) != len(ids):
            raise InputError(MAPPINGS_FILE, f"a {framework.label} id is listed twice", where)
        for control_id in ids:
            if not well_formed(framework, control_id):
                raise InputError(
                    MAPPINGS_FILE, f"{control_id!r} is not a {framework.label} id", where
                )
            if control_id not in titles[framework]:
                raise InputError(
                    MAPPINGS_FILE,
                    f"{control_id} has no title in {TITLES_FILE} [{framework.value}]",
                    where,
                )


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        place = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        return f"{place}: {message}" if place else message
    return str(exc)
