from kiosk.lane.diagram import OUTPUT, render


def test_the_generated_transition_diagram_is_current() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == render(), "run: python -m kiosk.lane.diagram"
