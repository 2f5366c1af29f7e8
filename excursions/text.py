"""Showing text that came from a file or a person, safely, in Markdown contexts."""

from __future__ import annotations

import re
import unicodedata

# Everything Markdown, Streamlit's :colour[...] directives or LaTeX ($) could read as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


# GitHub-flavoured Markdown turns bare addresses into links even when every character is
# escaped; an invisible word joiner after the scheme or "www" keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=\\?[:.])")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """The one way text from a person or a file goes into Markdown: shown literally, with no
    links (bare addresses included), HTML, images or math."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
    return _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, escaped)


_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


def fold(text: str) -> str:
    """Lower-case, accent-free form for searching: 'Mølle' and 'molle' match."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


ECHO_LIMIT = 60  # characters of a person's own input shown back to them (an unknown id, a path)


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """What a person typed, shown back no longer than limit: a 5,000-character address must
    not fill a page (or carry a message of someone else's to the next reader of a link)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Danish alphabetical order: æ, ø, å after z (in that order), other accents with their letter.
_DANISH_LAST = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the characters after z


def danish_order(text: str) -> str:
    """A sort key for names as a Danish list orders them: "Åse" after "Zeuthen"."""
    lowered = unicodedata.normalize("NFC", str(text).casefold()).translate(_DANISH_LAST)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
