"""The colour language is readable without colour vision: every letter's text colour stands
out from its own fill (WCAG AA, 4.5:1) in light and in dark mode, and the letter is always
shown beside the colour, so a colour-blind reader loses nothing but the hue."""

from __future__ import annotations

from srm_desktop.domain.palette import palette


def _luminance(hex_rgb: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_letter_reads_on_its_fill_in_light_and_dark() -> None:
    colours = [*palette().letters, *palette().owners.values()]
    for colour in colours:
        for mode, swatch in (("light", colour.light), ("dark", colour.dark)):
            ratio = contrast(swatch.fill, swatch.text)
            assert ratio >= 4.5, f"{colour.letter} {mode}: {ratio:.1f}:1"


def test_letter_text_reads_on_the_plain_background_too() -> None:
    """The matrix draws letters without their fill: on white (light) and near-black (dark)."""
    for colour in palette().letters:
        assert contrast(colour.light.text, "FFFFFF") >= 4.5, colour.letter
        assert contrast(colour.dark.text, "1F1F1F") >= 4.5, colour.letter


def test_every_party_colour_reads_its_short_name_in_light_and_dark() -> None:
    """The Overview by team draws a party's short name on the party's colour."""
    from srm_desktop.domain.palette import party_colours

    colours = party_colours()
    assert len(colours) >= 6  # a provider and six teams without repeating a colour
    for colour in colours:
        for mode, swatch in (("light", colour.light), ("dark", colour.dark)):
            ratio = contrast(swatch.fill, swatch.text)
            assert ratio >= 4.5, f"{colour.letter} {mode}: {ratio:.1f}:1"
    fills = [c.light.fill for c in colours]
    assert len(set(fills)) == len(fills)


def test_a_changed_cell_keeps_every_letter_and_its_marker_readable() -> None:
    """The compare view paints a changed cell's background and draws its letters on it in
    their own colours, and a marker in the change colour: all 4.5:1 in both modes."""
    changed = palette().changed
    for mode, swatch in (("light", changed.light), ("dark", changed.dark)):
        assert contrast(swatch.fill, swatch.text) >= 4.5, f"marker {mode}"
        for colour in palette().letters:
            text = colour.on(mode == "dark").text
            ratio = contrast(swatch.fill, text)
            assert ratio >= 4.5, f"{colour.letter} on changed, {mode}: {ratio:.1f}:1"
    # and it is not one of the role colours (a change must never read as a letter or owner)
    fills = {c.light.fill for c in (*palette().letters, *palette().owners.values())}
    assert changed.light.fill not in fills
