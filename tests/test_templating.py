"""HTML from templates with autoescape on (issue 28, item 4): what people and route files
type stays text in the projector's panels and the mail; a value the code forgets is an
error, not an empty cell or "None"."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from excursions.templating import render, render_macro
from tests.conftest import ROOT

HOSTILE = "<script>alert('ø')</script> & \"Æble\""


def test_the_projectors_panels_show_hostile_text_as_text():
    panel = render_macro("kickoff.html.j2", "event_panel", name=HOSTILE, deadline="Lukker 19. april")
    assert "<script>" not in panel
    assert "&lt;script&gt;alert(&#39;ø&#39;)&lt;/script&gt; &amp; &#34;Æble&#34;" in panel
    url = render_macro("kickoff.html.j2", "address_panels", scan="Scan", address="tm22.dk/tilmeld?x=<å>")
    assert url.endswith("<div class='kick-panel kick-url'>tm22.dk/<wbr>tilmeld?x=&lt;å&gt;</div>")


def test_the_mails_html_part_shows_hostile_text_as_text():
    values = dict(
        lang="da",
        hello=f"Hej {HOSTILE}",
        paragraphs=["Du er tilmeldt."],
        facts=[("Mødested", HOSTILE)],
        link_intro="Dit link:",
        link="https://tm22.dk/?t=a&b=<c>",
        link_keep="Gem mailen.",
        after=[],
        regards="Venlig hilsen",
        sender="TM '22",
        questions="",
    )
    page = render("mail.html.j2", **values)
    assert "<script>" not in page and page.count("&lt;script&gt;") == 2
    assert '<a href="https://tm22.dk/?t=a&amp;b=&lt;c&gt;">' in page


def test_a_value_the_code_forgets_is_an_error_not_an_empty_cell():
    with pytest.raises(UndefinedError):
        render_macro("kickoff.html.j2", "event_panel", name="TM '22")


@pytest.mark.parametrize(
    "path", ["excursions/ui/overview_panel.py", "app_pages/kickoff.py", "excursions/mail/compose.py"]
)
def test_the_html_writers_escape_through_templates_not_by_hand(path):
    assert "html.escape" not in (ROOT / path).read_text(encoding="utf-8"), path
