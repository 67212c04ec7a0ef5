"""Cross-check: every symbology the simulator can send decodes to the same symbology in the driver.

The golden-vector tests pin each side to the spec on its own; this one catches a table entry that one side
has and the other lacks.
"""

from __future__ import annotations

import pytest

from drivers.contracts import Symbology
from drivers.scanner.framing import DecodedScan, FrameDecoder, SerialScannerProtocol
from simulators.scanner.encoder import AIM_IDENTIFIERS, ScannerProgramming, encode_scan

SAME_AIM_ID = {"UPCA": Symbology.EAN13, "UPCE": Symbology.EAN13}  # ]E0 does not tell them apart


@pytest.mark.parametrize("name", sorted(AIM_IDENTIFIERS))
def test_round_trip(name: str) -> None:
    wire = encode_scan("0123456789", name, ScannerProgramming(prefix=b"#", suffix=b"\r\n"))
    frames = FrameDecoder(SerialScannerProtocol(prefix=b"#", suffix=b"\r\n")).feed(wire)
    assert frames == [
        DecodedScan("0123456789", SAME_AIM_ID.get(name, Symbology[name]), AIM_IDENTIFIERS[name])
    ]
