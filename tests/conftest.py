"""Suite-wide fixtures: headless Qt, and a test fails on any unexpected WARNING log (guide §8, example 10)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test (and every process it starts) gets its own ``KIOSK_DATA_DIR``: the lane locks its data
    folder, and eight suites running at once must never meet in the platform folder."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def fail_on_unexpected_warnings(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Logs are part of the contract. A test that expects warnings names them:
    ``@pytest.mark.expect_warnings("unavailable", "back")`` allows records containing those substrings only.
    """
    caplog.set_level(logging.INFO)
    yield
    allowed: list[str] = []
    for marker in request.node.iter_markers("expect_warnings"):
        allowed.extend(marker.args)
    unexpected = [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING and not any(text in r.getMessage() for text in allowed)
    ]
    if unexpected:
        pytest.fail("unexpected warnings logged:\n" + "\n".join(unexpected), pytrace=False)
