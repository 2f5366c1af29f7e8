"""The root of the library's domain exceptions: each carries a message for a person."""


class ExcursionsError(Exception):
    """A problem a user can act on; str() is the message to show them."""
