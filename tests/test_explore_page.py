"""The explore page through Streamlit's AppTest: what a participant sees and can do."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from excursions.routes import Mode
from tests.conftest import DATA, HOSTILE, hostile_doc, write_route


def table(at: AppTest):
    (frame,) = at.dataframe
    return frame.value


def all_text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += [e.value for e in at.header] + [e.body for e in at.info] + [e.body for e in at.warning]
    return "\n".join(str(p) for p in parts)


def test_default_page_lists_all_24_excursions_by_departure(app):
    at = app()
    assert not at.exception
    frame = table(at)
    assert len(frame) == 24
    assert list(frame.columns) == ["Udflugt", "Pladser", "Transport", "Længde", "Varighed", "Afgang"]
    assert frame["Pladser"][0].endswith("ledige")
    assert list(frame["Afgang"]) == sorted(frame["Afgang"])
    assert "Viser 24 af 24 udflugter" in all_text(at)
    assert all("," in v for v in frame["Længde"])  # Danish decimal comma


def test_route_in_the_url_opens_its_details(app):
    at = app({"route": "ejby-moelle-renseanlaeg"})
    text = all_text(at)
    assert "Ejby Mølle Renseanlæg" in at.subheader[0].value
    assert "20\\. april 2022 kl\\. 13\\:45" in text
    assert "Odense Congress Center, busholdepladsen" in text.replace("\\", "")
    assert [m.value for m in at.metric] == ["10,5 km", "2 t 30 min"]
    assert ":orange-badge[:material/directions_bus: Bus]" in [m.value for m in at.markdown]
    assert not at.info  # a seed excursion carries no "illustrative" note
    assert at.get("download_button")[0].label == "Hent ruten som GPX"


def test_illustrative_routes_say_so(app):
    at = app({"route": "skovrejsning"})
    assert "Illustrativ udflugt" in at.info[0].body


def test_unknown_route_in_the_url_says_so_and_shows_the_list(app):
    at = app({"route": "no-such-route"})
    assert "findes ikke" in at.warning[0].body
    assert len(table(at)) == 24 and "route" not in at.query_params


def test_search_narrows_the_list_and_the_count(app):
    at = app()
    at.text_input(key="f_query").set_value("mølle").run()
    assert list(table(at)["Udflugt"]) == ["Ejby Mølle Renseanlæg: bioenergi fra spildevand"]
    assert "Viser 1 af 24 udflugter" in all_text(at)


def test_mode_filter(app):
    at = app()
    at.button_group(key="f_modes").set_value([Mode.BUS]).run()
    assert set(table(at)["Transport"]) == {"Bus"} and len(table(at)) == 8


def test_no_match_says_how_to_get_results_back(app):
    at = app()
    at.text_input(key="f_query").set_value("zzzz").run()
    assert not at.dataframe
    assert "Fjern et filter" in at.info[0].body


def test_english_switch(app):
    at = app({"lang": "en", "route": "campus-odense-paa-cykel"})
    assert at.subheader[0].value == "By bike to Campus Odense"
    assert table(at).columns[0] == "Excursion"
    assert at.metric[0].value == "12.9 km"


def test_bad_route_files_are_listed_and_good_ones_shown(app, tmp_path):
    for name in ("alpha-walk", "bad-mode", "polygon"):
        (tmp_path / f"{name}.geojson").write_bytes((DATA / "routes_broken" / f"{name}.geojson").read_bytes())
    at = app(routes_dir=str(tmp_path))
    assert len(table(at)) == 1
    (problems,) = at.code
    assert "bad-mode.geojson: mode" in problems.value and "polygon.geojson" in problems.value
    assert "2 rutefil(er)" in at.expander[0].label


def test_hostile_text_is_shown_as_text(app, tmp_path):
    write_route(tmp_path, hostile_doc())
    at = app({"route": "hostile"}, routes_dir=str(tmp_path))
    assert not at.exception
    assert table(at)["Udflugt"][0] == HOSTILE  # the list shows it verbatim (no Markdown there)
    md = [e.value for e in at.markdown] + [at.subheader[0].value]
    assert not any(re.search(r"(?<!\\)[<`$]", m) for m in md)  # every <, ` and $ escaped
    assert any("\\<img src\\=x onerror\\=alert\\(1\\)\\>" in m for m in md)


def test_map_is_one_component_fed_from_local_assets(app):
    at = app()
    (component,) = [
        e for e in at.main if type(e).__name__ == "UnknownElement" and e.type == "component_instance"
    ]
    args = component.proto.json_args
    assert "/app/static/vendor/leaflet/leaflet.js" in args
    assert "cdn" not in args.lower()
