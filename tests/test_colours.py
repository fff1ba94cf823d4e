"""Site colours: parsed from site.yml and held to WCAG 2.2 AA contrast against white."""

from __future__ import annotations

import pytest

from papers.content.fieldtypes import contrast_ratio, parse_colour
from papers.content.settings import Colours


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
        ("#777777", "#ffffff", 4.48),
        ("#00466e", "#ffffff", 9.99),
    ],
)
def test_contrast_ratio_matches_wcag_formula(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(expected, abs=0.01)


def test_short_and_upper_case_colours_are_normalised():
    assert parse_colour("#04E") == "#0044ee"
    assert parse_colour(" #00466E ") == "#00466e"


def test_boundary_colour_passes_and_next_lighter_fails():
    assert Colours(primary="#767676").primary == "#767676"
    with pytest.raises(ValueError, match=r"4\.48:1"):
        Colours(primary="#777777")


def test_default_palette_passes():
    defaults = Colours()
    assert contrast_ratio(defaults.primary, "#ffffff") >= 4.5
    assert contrast_ratio(defaults.accent, "#ffffff") >= 4.5
