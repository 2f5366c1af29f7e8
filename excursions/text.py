"""Showing text that came from a file or a person, safely, in Markdown contexts."""

from __future__ import annotations

import re
import unicodedata

# Everything Markdown, Streamlit's :colour[...] directives or LaTeX ($) could read as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown so st.markdown shows the text literally (no links, HTML, math)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


def fold(text: str) -> str:
    """Lower-case, accent-free form for searching: 'Mølle' and 'molle' match."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
