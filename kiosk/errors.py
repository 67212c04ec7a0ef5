"""The one exception type that means "the input is wrong" (exit code 2), whatever command met it.

Why a shared base: the CLI must tell bad input (a file, key or value the user can fix; a message without a
traceback) from a bug (exit 3 with the traceback in the log) without importing every module that validates
something — the scenario loader pulls in YAML, the catalog SQLAlchemy, and start-up must stay light.
"""

from __future__ import annotations


class BadInput(Exception):
    """Input a person can fix. ``str()`` names the file, key or value and the reason, in one line."""

    kind = "bad input"  # how the CLI introduces the message, e.g. "configuration error"
