"""The one error an import raises for unusable input or arguments."""

from __future__ import annotations


class ImportFailure(Exception):
    """Unusable input or arguments: the CLI prints the message as one line and exits 2.
    Nothing has been written when it is raised."""
