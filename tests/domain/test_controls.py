"""The control mappings (resources/controls/) and the per-control verdicts built on them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.areas import Area
from srm_desktop.domain.control_rollup import (
    CcmOwnership,
    Inheritance,
    ccm_ownership,
    grouped_lines,
    inheritance,
    rollup,
    unmapped_areas,
)
from srm_desktop.domain.controls import (
    Framework,
    control_mappings,
    mappings_from_data,
    sort_key,
    well_formed,
)
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, default_areas
from srm_desktop.domain.rules import Owner

FIXTURES = Path(__file__).parent / "fixtures"
RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "controls"
P, C, S, N = Owner.PROVIDER, Owner.CUSTOMER, Owner.SHARED, Owner.NOT_APPLICABLE


def _catalog(name: str) -> dict[str, str]:
    """A committed id list: ``id<TAB>title`` lines under a header naming where it came from."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def _raw() -> tuple[dict[str, Any], dict[str, Any]]:
    mappings = tomllib.loads((RESOURCES / "mappings.toml").read_text(encoding="utf-8"))
    titles = tomllib.loads((RESOURCES / "controls.toml").read_text(encoding="utf-8"))
    return mappings, titles


# -- the data ----------------------------------------------------------------------------------


def test_every_default_area_is_mapped_or_says_why_not() -> None:
    mappings = control_mappings()
    areas = [a.id for a in default_areas()]
    assert len(areas) == 23
    assert set(mappings.areas) == set(areas)
    for area_id in areas:
        mapping = mappings.areas[area_id]
        assert mapping.nist or mapping.unmapped, area_id
        assert mapping.basis == "derived" or mapping.basis in mappings.sources, area_id
        if mapping.basis == "derived":
            # one sentence of reasoning, not a placeholder
            assert len(mapping.reasoning.split()) >= 12, area_id
            assert mapping.reasoning.count(". ") == 0, area_id


def test_every_800_53_id_exists_in_the_nist_catalog_with_its_title() -> None:
    catalog = _catalog("nist-800-53r5-controls.tsv")
    assert len(catalog) > 400  # the HIGH and PRIVACY baselines
    titles = control_mappings().titles[Framework.NIST]
    used = {c for m in control_mappings().areas.values() for c in m.nist}
    assert used <= set(titles)
    for control_id in used:
        assert control_id.lower() in catalog, f"{control_id} is not in NIST SP 800-53 Rev. 5"
        assert titles[control_id] == catalog[control_id.lower()], control_id


def test_every_ccm_id_exists_in_ccm_v4_with_its_title() -> None:
    catalog = _catalog("ccm-v4-controls.tsv")
    assert len(catalog) == 197  # CCM v4.0: 197 control objectives in 17 domains
    assert len({c.split("-")[0] for c in catalog}) == 17
    titles = control_mappings().titles[Framework.CCM]
    for control_id in {c for m in control_mappings().areas.values() for c in m.ccm}:
        assert control_id in catalog, f"{control_id} is not a CCM v4 control"
        assert titles[control_id] == catalog[control_id], control_id


def test_iso_ids_are_annex_a_numbers_with_short_titles_of_our_own() -> None:
    titles = control_mappings().titles[Framework.ISO]
    for control_id, title in titles.items():
        assert well_formed(Framework.ISO, control_id), control_id
        # a few words: a label, never ISO's control text
        assert len(title.split()) <= 6, title
    assert well_formed(Framework.ISO, "A.8.34")
    assert not well_formed(Framework.ISO, "A.8.35")  # theme 8 has 34 controls
    assert not well_formed(Framework.ISO, "A.6.9")  # theme 6 has 8
    assert not well_formed(Framework.ISO, "A.12.4.1")  # a 2013 number


def test_only_ids_the_mappings_use_carry_titles() -> None:
    mappings = control_mappings()
    for framework in Framework:
        used = {c for m in mappings.areas.values() for c in m.ids(framework)}
        assert set(mappings.titles[framework]) == used, framework


@pytest.mark.parametrize(
    ("framework", "good", "bad"),
    [
        (Framework.NIST, ["AC-2", "SC-28", "PE-3"], ["ac-2", "AC-02", "AC-2(1)", "XX-1", "AC2"]),
        (Framework.CCM, ["DCS-07", "A&A-01", "UEM-14"], ["DCS-7", "dcs-07", "ABC-01"]),
        (Framework.ISO, ["A.5.1", "A.7.14", "A.8.24"], ["5.1", "A.9.1", "A.5.38", "A.5.0"]),
    ],
)
def test_id_shapes(framework: Framework, good: list[str], bad: list[str]) -> None:
    assert all(well_formed(framework, i) for i in good)
    assert not any(well_formed(framework, i) for i in bad)


def test_controls_come_in_catalog_order_with_their_areas() -> None:
    by_control = control_mappings().areas_by_control(Framework.NIST)
    ids = list(by_control)
    assert ids == sorted(ids, key=sort_key)
    assert ids.index("AC-2") < ids.index("AC-3") < ids.index("AU-2")
    assert ids.index("SC-7") < ids.index("SC-12") < ids.index("SC-28")
    assert by_control["SC-7"] == ("network-config", "firewall")
    assert by_control["SC-28"] == ("client-encryption", "server-encryption")


# -- a broken file names itself and the entry -----------------------------------------------


def _broken(change: Any) -> str:
    mappings, titles = _raw()
    change(mappings, titles)
    with pytest.raises(InputError) as caught:
        mappings_from_data(mappings, titles)
    return str(caught.value)


def test_a_malformed_id_is_named_with_its_file_and_area() -> None:
    message = _broken(lambda m, t: m["areas"]["iam"].update(nist=["AC-2", "AC 3"]))
    assert message == (
        "resources/controls/mappings.toml: [areas.iam]: 'AC 3' is not a NIST SP 800-53 Rev. 5 id"
    )


def test_an_id_without_a_title_is_refused() -> None:
    message = _broken(lambda m, t: m["areas"]["iam"].update(nist=["AC-2", "AC-17"]))
    assert "[areas.iam]: AC-17 has no title in resources/controls/controls.toml [nist]" in message


def test_a_derived_mapping_needs_its_reasoning() -> None:
    message = _broken(lambda m, t: m["areas"]["backup"].update(reasoning=" "))
    assert "[areas.backup]" in message
    assert "a derived mapping needs its reasoning" in message


def test_a_basis_must_be_derived_or_a_listed_source() -> None:
    message = _broken(lambda m, t: m["areas"]["backup"].update(basis="csa-mapping"))
    assert "basis 'csa-mapping' is neither 'derived' nor under [sources]" in message


def test_an_area_with_no_controls_must_say_why() -> None:
    def empty(m: dict[str, Any], t: dict[str, Any]) -> None:
        m["areas"]["backup"].update(nist=[], ccm=[], iso=[])

    assert "maps no control" in _broken(empty)
    mappings, titles = _raw()
    mappings["areas"]["backup"].update(nist=[], ccm=[], iso=[], unmapped="Not a control topic.")
    assert mappings_from_data(mappings, titles).areas["backup"].unmapped


def test_a_cited_mapping_names_a_source_with_an_https_address() -> None:
    mappings, titles = _raw()
    mappings["sources"]["csa"] = {"document": "CSA CCM v4 mapping", "url": "http://example.org"}
    with pytest.raises(InputError, match=r"\[sources\.csa\]: a source needs an https URL"):
        mappings_from_data(mappings, titles)


# -- the verdicts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owners", "verdict"),
    [
        ([P, P, P], Inheritance.YES),
        ([P, N, P], Inheritance.YES),  # n/a rows do not count
        ([C, C], Inheritance.NO),
        ([C, None], Inheritance.NO),  # no owner yet: the customer's, not inherited
        ([None], Inheritance.NO),
        ([P, C], Inheritance.PARTIAL),
        ([S], Inheritance.PARTIAL),
        ([P, S, N], Inheritance.PARTIAL),
        ([P, None], Inheritance.PARTIAL),
        ([N, N], Inheritance.NOT_APPLICABLE),
        ([], Inheritance.NOT_APPLICABLE),
    ],
)
def test_inheritance_rule(owners: list[Owner | None], verdict: Inheritance) -> None:
    assert inheritance(owners) is verdict


def test_ccm_ownership_is_the_same_rule_in_csa_words() -> None:
    assert ccm_ownership([P, P]) is CcmOwnership.CSP
    assert ccm_ownership([C, None]) is CcmOwnership.CSC
    assert ccm_ownership([P, C]) is CcmOwnership.SHARED
    assert ccm_ownership([N]) is CcmOwnership.NOT_APPLICABLE
    assert CcmOwnership.SHARED.value == "Shared CSP and CSC"


def test_rollup_follows_the_matrix_and_its_overrides(demo: Project, aws: Provider) -> None:
    controls = {c.control_id: c for c in rollup(demo, aws, Framework.NIST)}
    # Physical access: AWS's for every service of the demo.
    assert controls["PE-3"].inheritance is Inheritance.YES
    assert len(controls["PE-3"].parts) == len(demo.services)
    # Account management is the customer's everywhere.
    assert controls["AC-2"].inheritance is Inheritance.NO

    # The customer takes physical security of EC2 on itself (an Outposts rack at home).
    edited = edits.set_cells(
        demo,
        [
            CellChange("ec2", "physical", "aws", "I"),
            CellChange("ec2", "physical", "customer", "R/A"),
        ],
        rationale="Outposts rack in our own data centre",
    )
    after = {c.control_id: c for c in rollup(edited, aws, Framework.NIST)}
    assert after["PE-3"].inheritance is Inheritance.PARTIAL
    ec2 = next(p for p in after["PE-3"].parts if p.entry.id == "ec2")
    assert ec2.owner is Owner.CUSTOMER
    assert ec2.customer_text == "Set by hand: Outposts rack in our own data centre"


def test_hidden_and_custom_areas(demo: Project, aws: Provider) -> None:
    hidden = edits.update_area(demo, "physical", hidden=True)
    assert "PE-3" not in {c.control_id for c in rollup(hidden, aws, Framework.NIST)}
    custom = edits.add_area(demo, aws, Area(id="ml-models", name="ML models"))
    assert [a.id for a in unmapped_areas(custom)] == ["ml-models"]
    assert unmapped_areas(demo) == []


def test_services_sharing_a_text_share_a_line(demo: Project, aws: Provider) -> None:
    control = next(c for c in rollup(demo, aws, Framework.NIST) if c.control_id == "PE-3")
    lines = grouped_lines(control.parts, lambda p: p.provider_text, max_names=2)
    # the demo's services fall under a few rules: one line per distinct text, not per service
    assert len(lines) < len(control.parts)
    assert all(re.match(r"^[^:]+ \(Physical & environmental security\): ", line) for line in lines)
    many = list(control.parts) * 3
    counted = grouped_lines(many, lambda p: "same", max_names=2)
    assert counted == [
        f"Amazon EC2, Amazon RDS and {len(many) - 2} more (Physical & environmental security): same"
    ]
