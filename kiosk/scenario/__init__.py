"""``kiosk scenario run``: plays a YAML scenario (shared/specs/scenario.md) against the real lane and the real
drivers talking to the simulators, headless, with a simulated clock. No special cases for the runner."""
