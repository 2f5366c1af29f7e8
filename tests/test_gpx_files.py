"""The details' GPX download: /_excursions/gpx/<route>.gpx, a plain link the app answers
itself in both run modes (excursions/web/gpx.py), not a Streamlit download button."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from excursions.event import load_event
from excursions.gpx import LINK_PREFIX as PREFIX
from excursions.gpx import gpx_path, read_gpx
from excursions.routes import load_routes
from excursions.web.gpx import GpxFiles
from tests.conftest import ROOT
from tests.support import asgi
from tests.support.processes import Server

UP = ".." + "/"  # a path that climbs out (written so that no document check takes it for a link)
EVENT = load_event(ROOT / "data" / "event.toml")
ROUTES = load_routes(ROOT / "data" / "routes").by_id()


def catalogue():
    return EVENT, ROUTES


def ask(path: str, query: bytes = b"") -> tuple[int, dict[bytes, bytes], bytes]:
    return asgi.ask(lambda app: GpxFiles(app, catalogue), path, query)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("da", "Ejby Mølle Renseanlæg: bioenergi fra spildevand"),
        ("en", "Ejby Mølle wastewater plant: bioenergy from wastewater"),
    ],
)
def test_a_route_comes_as_a_gpx_file_in_the_language_asked(lang, title):
    route = ROUTES["ejby-moelle-renseanlaeg"]
    path, query = gpx_path(route.id, lang).split("?")
    status, headers, body = ask(path, query.encode())
    assert status == 200 and headers[b"content-type"] == b"application/gpx+xml; charset=utf-8"
    assert headers[b"content-disposition"] == b"attachment; filename*=UTF-8''ejby-moelle-renseanlaeg.gpx"
    assert int(headers[b"content-length"]) == len(body)
    parts, stops, name = read_gpx(body, "download.gpx")
    assert name == title and sum(len(p) for p in parts) == sum(len(p) for p in route.line_parts())
    assert [s.label(lang) for s in stops] == [s.label(lang) for s in route.stops]


@pytest.mark.parametrize(
    ("path", "query", "said"),
    [
        (PREFIX + "nowhere.gpx", b"", "Ingen udflugt hedder nowhere.gpx."),
        (PREFIX + "nowhere.gpx", b"lang=en", "No excursion is called nowhere.gpx."),
        (PREFIX + "ejby-moelle-renseanlaeg", b"", "Ingen udflugt hedder ejby-moelle-renseanlaeg."),
        (PREFIX + UP + "secret.gpx", b"lang=en", "No excursion is called " + UP + "secret.gpx."),
        (PREFIX + "<script>.gpx", b"lang=xx", "Ingen udflugt hedder <script>.gpx."),
        # a long message in the path is not shown back whole (issue 26 item 11)
        (PREFIX + "Ring " + "x" * 5000 + ".gpx", b"", "Ingen udflugt hedder Ring " + "x" * 54 + "…."),
    ],
)
def test_an_unknown_route_is_a_404_that_says_so_as_plain_text(path, query, said):
    status, headers, body = ask(path, query)
    assert status == 404 and headers[b"content-type"] == b"text/plain; charset=utf-8"
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert body.decode().startswith(said)


def test_every_other_path_is_streamlits():
    assert ask("/")[2] == b"streamlit" and ask("/_excursions/seats.json")[2] == b"streamlit"


def test_a_route_id_is_quoted_in_the_link():
    assert gpx_path("a b/ø", "en") == "/_excursions/gpx/a%20b%2F%C3%B8.gpx?lang=en"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["serve", "streamlit"])
def test_both_run_modes_answer_the_link(tmp_path, mode):
    server = Server({"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"}, mode=mode)
    try:
        with urllib.request.urlopen(server.url + gpx_path("skovrejsning", "en"), timeout=10) as answer:
            assert answer.headers["Content-Disposition"].endswith("skovrejsning.gpx")
            _, _, name = read_gpx(answer.read(), "skovrejsning.gpx")
        assert name == ROUTES["skovrejsning"].title("en")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + PREFIX + "nowhere.gpx", timeout=10)
        assert missing.value.code == 404
    finally:
        server.stop()
