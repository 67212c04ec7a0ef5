from __future__ import annotations

import pytest

from kiosk.catalog.gtin import canonical_gtin, expand_upc_e, is_valid_gtin, with_check_digit


@pytest.mark.parametrize(
    "code",
    ["4006381333931", "4600000000008", "96385074", "036000291452", "00012345600012", "01234565", "04252614"],
)
def test_valid_codes(code: str) -> None:
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",
        "400638133393",
        "40063813339311",
        "",
        "4006381333a31",
        "４００６３８１３３３９３１",
        "123",
    ],
)
def test_invalid_codes(code: str) -> None:
    assert not is_valid_gtin(code)


def test_upc_e_expansion_and_check_digit() -> None:
    assert expand_upc_e("01234565") == "012345000065"
    assert expand_upc_e("04252614") == "042100005264"
    assert expand_upc_e("91234565") is None
    assert with_check_digit("400638133393") == "4006381333931"


@pytest.mark.parametrize(
    ("code", "canonical"),
    [
        ("036000291452", "036000291452"),  # UPC-A as printed
        ("0036000291452", "036000291452"),  # the same, as an EAN-13 scanner sends it
        ("00036000291452", "036000291452"),  # and as a GTIN-14
        ("04006381333931", "4006381333931"),  # a GTIN-14 of an EAN-13
        ("4006381333931", "4006381333931"),
        ("96385074", "96385074"),  # EAN-8 unchanged
        ("01234565", "01234565"),  # UPC-E unchanged
    ],
)
def test_canonical_form_drops_the_zeros_padded_onto_a_upc_a(code: str, canonical: str) -> None:
    assert canonical_gtin(code) == canonical
    assert is_valid_gtin(code) == is_valid_gtin(canonical)
