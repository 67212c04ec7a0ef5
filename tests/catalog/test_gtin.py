from __future__ import annotations

import pytest

from kiosk.catalog.gtin import expand_upc_e, is_valid_gtin, with_check_digit


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
