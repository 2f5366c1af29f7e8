"""The root of the library's domain exceptions: each carries a message for a person."""

from __future__ import annotations


class ExcursionsError(Exception):
    """A problem a user can act on; str() is the message to show them (in English, for the
    shell). Where a page shows it too, ``code`` and ``values`` let the page word it from
    its own catalogue in the reader's language."""

    def __init__(self, message: str, code: str = "", **values: object):
        super().__init__(message)
        self.code = code
        self.values = values
