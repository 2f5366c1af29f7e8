"""The page shell (excursions/web/shell.py): the event's name in Streamlit's page, escaped."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from excursions.web.shell import PageShell, shell_page

PAGE = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Streamlit</title>\n'
    b'<script type="module" src="./static/js/index.js"></script>\n'
    b'    <link rel="stylesheet" crossorigin href="./static/css/index.css">\n'
    b'</head>\n<body>\n<div id="root"></div>\n</body>\n</html>\n'
)


@pytest.mark.parametrize(
    ("lang", "event", "title", "note"),
    [
        ("da", "TM '22 – Æblø & Ås", "Udflugter · TM &#39;22 – Æblø &amp; Ås", "Siden hentes …"),
        ("en", "TM '22 in Odense", "Excursions · TM &#39;22 in Odense", "Loading the page …"),
        (
            "da",
            "<script>alert(1)</script>",
            "Udflugter · &lt;script&gt;alert(1)&lt;/script&gt;",
            "Siden hentes …",
        ),
    ],
)
def test_the_page_names_the_event_first_and_escapes_it(lang, event, title, note):
    page = shell_page(PAGE, lang, event).decode()
    assert f"<title>{title}" in page and "<script>x" not in page
    assert f'<html lang="{lang}">' in page
    body = page.split("<body>", 1)[1]
    # The note comes before Streamlit's stylesheet, which comes before the app's root.
    assert body.index(note) < body.index('rel="stylesheet"') < body.index('id="root"')
    assert 'rel="stylesheet"' not in page.split("<body>", 1)[0]


def test_a_page_that_is_not_streamlits_stays_as_it_is():
    assert shell_page(b"<p>not a page</p>", "da", "TM") == b"<p>not a page</p>"


def _serve(app, path: str, headers=()) -> tuple[int, dict, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"lang=en",
        "headers": list(headers),
    }
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def _streamlit(body: bytes, content_type: bytes = b"text/html; charset=utf-8", gzipped: bool = False):
    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"etag", b'"x"'), (b"content-length", b"1")]
        if gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def test_the_middleware_rewrites_plain_and_gzipped_pages_in_the_pages_language():
    names = lambda: ("da", lambda lang: "Odense" if lang == "en" else "Odense DK")  # noqa: E731
    for gzipped in (False, True):
        body = gzip.compress(PAGE) if gzipped else PAGE
        status, headers, out = _serve(PageShell(_streamlit(body, gzipped=gzipped), names), "/signup")
        page = gzip.decompress(out) if gzipped else out
        assert status == 200 and b"Loading the page" in page and b"Excursions \xc2\xb7 Odense<" in page
        assert headers[b"content-length"] == str(len(out)).encode()
        assert b"etag" not in headers  # one URL, two languages: no stale copy of the other


def test_scripts_and_a_switched_off_shell_pass_through():
    js = b"console.log('<body>')"
    _, _, out = _serve(PageShell(_streamlit(js, b"text/javascript"), lambda: ("da", str)), "/static/x.js")
    assert out == js
    _, _, out = _serve(PageShell(_streamlit(PAGE), lambda: None), "/")
    assert out == PAGE


@pytest.mark.parametrize("path", ["/component/streamlit_folium.st_folium/index.html", "/static/index.html"])
def test_a_components_own_page_gets_no_shell(path):
    """The map is a component in a frame with its own HTML page: a loading note there was
    never hidden, and showed over a map without background tiles."""
    _, _, out = _serve(PageShell(_streamlit(PAGE), lambda: ("da", str)), path)
    assert out == PAGE
