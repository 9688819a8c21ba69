"""The one error a loader raises: the file cannot be turned into a Document."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be turned into a Document; the message is the reason shown to the user."""
