"""The explore page through Streamlit's AppTest: what a participant sees and can do."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from excursions.routes import Mode
from tests.conftest import DATA, HOSTILE, hostile_doc, write_route


def listing(at: AppTest) -> list[str]:
    """The excursion list as shown: one (Markdown-escaped) label per excursion."""
    (radio,) = at.radio
    return list(radio.options)


def unescape(label: str) -> str:
    return re.sub(r"\\(.)", r"\1", label)


def all_text(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += [e.value for e in at.header] + [e.body for e in at.info] + [e.body for e in at.warning]
    return "\n".join(str(p) for p in parts)


def test_default_page_lists_all_24_excursions_by_departure(app):
    at = app()
    assert not at.exception
    labels = [unescape(label) for label in listing(at)]
    assert len(labels) == 24
    first = labels[0].split("  \n")[1].split(" · ")  # mode, length, duration, departure, seats
    assert first[0] == "Cykel" and first[1].endswith("km") and "," in first[1]  # Danish decimal comma
    assert first[4].endswith("ledige")
    departures = [label.split(" · ")[3] for label in labels]
    assert departures == sorted(departures)
    assert "Viser 24 af 24 udflugter" in all_text(at)


def test_route_in_the_url_opens_its_details(app):
    at = app({"route": "ejby-moelle-renseanlaeg"})
    text = all_text(at)
    assert "Ejby Mølle Renseanlæg" in at.subheader[0].value
    assert "20\\. april 2022 kl\\. 13\\:45" in text
    assert "Odense Congress Center, busholdepladsen" in text.replace("\\", "")
    assert [m.value for m in at.metric] == ["10,5 km", "2 t 30 min"]
    assert ":orange-badge[:material/directions_bus: Bus]" in [m.value for m in at.markdown]  # the mode
    pills = [h.proto.body for h in at.get("html") if '<span class="seat-pill"' in h.proto.body]  # kept live
    assert len(pills) == 1 and 'data-seats-route="ejby-moelle-renseanlaeg"' in pills[0]
    assert 'data-seats-level="free"' in pills[0] and ">45 af 45 ledige</span>" in pills[0]
    assert not at.info  # a seed excursion carries no "illustrative" note
    (link,) = [h.proto.body for h in at.get("html") if "class='gpx-link'" in h.proto.body]  # a plain link
    assert "href='/_excursions/gpx/ejby-moelle-renseanlaeg.gpx?lang=da'" in link
    assert "download='ejby-moelle-renseanlaeg.gpx'" in link and "<span>Hent ruten som GPX</span>" in link
    assert not at.get("download_button")  # no file registered with Streamlit on every run


def test_the_sign_up_button_opens_the_form_for_this_excursion_on_the_map_page(app):
    at = app({"route": "biogas-fangel"})
    assert "f_name" not in [w.key for w in at.text_input]  # no form until asked for
    at = at.button(key="signup_cta").click().run()
    assert not at.exception
    assert [w.key for w in at.text_input if w.key.startswith("f_")] == ["f_name", "f_email", "f_org"]
    assert at.selectbox(key="f_route").value == "biogas-fangel"
    # (the list stays behind it, a dialog over the page: AppTest shows only the dialog's run,
    # so tests/browser/test_signup_browser.py looks at the page behind it)


def test_illustrative_routes_say_so(app):
    at = app({"route": "skovrejsning"})
    assert "Illustrativ udflugt" in at.info[0].body


def test_a_long_text_in_the_url_is_not_shown_back_whole(app):
    """Issue 26 item 11: ?route=<5,000 characters> was echoed to the participant."""
    message = "Ring 112 og bed om " + "hjælp " * 900
    at = app({"route": message})
    (warning,) = at.warning
    text = warning.body.replace("\\", "")
    assert "Ring 112 og bed om" in text and len(text) < 300 and "…" in text


def test_unknown_route_in_the_url_says_so_and_shows_the_list(app):
    at = app({"route": "no-such-route"})
    assert "findes ikke" in at.warning[0].body
    assert len(listing(at)) == 24 and "route" not in at.query_params


def open_filters(at: AppTest) -> AppTest:
    """What a tap on "Filtrér" does: the popover opens and the page runs with its widgets."""
    at.session_state["filters_open"] = True
    return at.run()


def test_filter_widgets_are_drawn_only_while_their_popover_is_open(app):
    at = app()
    assert [w.key for w in at.text_input] == [] and not at.slider
    at = open_filters(at)
    assert [w.key for w in at.text_input] == ["f_query"] and [w.key for w in at.slider] == ["f_hours"]


def test_filters_stay_on_after_the_popover_closes_and_show_when_it_opens_again(app):
    at = open_filters(app())
    at.text_input(key="f_query").set_value("mølle").run()
    at.session_state["filters_open"] = False
    at.run()
    assert len(listing(at)) == 1 and "Viser 1 af 24 udflugter" in all_text(at)
    at = open_filters(at)
    assert at.text_input(key="f_query").value == "mølle"
    assert len(listing(at)) == 1


def test_search_narrows_the_list_and_the_count(app):
    at = open_filters(app())
    at.text_input(key="f_query").set_value("mølle").run()
    (only,) = listing(at)
    assert unescape(only).startswith("**Ejby Mølle Renseanlæg: bioenergi fra spildevand**")
    assert "Viser 1 af 24 udflugter" in all_text(at)


def test_mode_filter(app):
    at = open_filters(app())
    at.button_group(key="f_modes").set_value([Mode.BUS]).run()
    labels = [unescape(label) for label in listing(at)]
    assert len(labels) == 8 and all(label.split("  \n")[1].startswith("Bus ·") for label in labels)


def test_no_match_says_how_to_get_results_back(app):
    at = open_filters(app())
    at.text_input(key="f_query").set_value("zzzz").run()
    assert not at.radio
    assert "Fjern et filter" in at.info[0].body


def test_english_switch(app):
    at = app({"lang": "en", "route": "campus-odense-paa-cykel"})
    assert at.subheader[0].value == "By bike to Campus Odense"
    assert unescape(listing(at)[0]).split("  \n")[1].startswith("Bike · ") and " left" in listing(at)[0]
    assert at.metric[0].value == "12.9 km"


def test_bad_route_files_are_listed_and_good_ones_shown(app, tmp_path):
    for name in ("alpha-walk", "bad-mode", "polygon"):
        (tmp_path / f"{name}.geojson").write_bytes((DATA / "routes_broken" / f"{name}.geojson").read_bytes())
    at = app(routes_dir=str(tmp_path))
    assert len(listing(at)) == 1
    (problems,) = at.code
    assert "bad-mode.geojson: mode" in problems.value and "polygon.geojson" in problems.value
    assert "2 rutefiler har fejl" in at.expander[0].label


def test_hostile_text_is_shown_as_text(app, tmp_path):
    write_route(tmp_path, hostile_doc())
    at = app({"route": "hostile"}, routes_dir=str(tmp_path))
    assert not at.exception
    (label,) = listing(at)
    assert unescape(label).startswith(f"**{HOSTILE}**")  # shown as the text it is
    md = [e.value for e in at.markdown] + [at.subheader[0].value, label.replace("**", "")]
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


def sign_up_in_dialog(at: AppTest) -> AppTest:
    at = at.button(key="signup_cta").click().run()
    at.text_input(key="f_name").set_value("Anna Berg")
    at.text_input(key="f_email").set_value("anna@odense.dk")
    at.checkbox(key="f_consent").check()
    return at.button(key="FormSubmitter:signup-Tilmeld").click().run()


def test_after_signing_up_the_page_says_where_you_are_going_and_counts_your_seat(app):
    at = sign_up_in_dialog(app({"route": "skovrejsning"}))
    at = at.run()  # the dialog closed: the page runs again
    (banner,) = [s.body for s in at.success if "Du er tilmeldt" in s.body]
    assert unescape(banner).startswith("Du er tilmeldt: Nye skove i Odense – afgang 13:45 fra ")
    assert "/signup?token=" in banner
    (mine,) = [unescape(label) for label in listing(at) if "Nye skove" in label]
    assert mine.endswith("44 af 45 ledige")  # already counting this sign-up


def test_opening_the_dialog_again_shows_the_sign_up_with_switch_and_cancel(app):
    at = sign_up_in_dialog(app({"route": "skovrejsning"})).run()
    at.radio[0].set_value("biogas-fangel").run()
    at = at.button(key="signup_cta").click().run()
    assert "f_name" not in [w.key for w in at.text_input]  # not an empty form
    assert (
        at.button(key="panel_switch").label == "Skift til Biogas og landbrug ved Fangel"
    )  # item 9: names where to
    assert at.button(key="panel_cancel").label == "Meld fra"
    at = at.button(key="panel_switch").click().run()
    (banner,) = [unescape(s.body) for s in at.success if "Du er tilmeldt" in s.body]
    assert banner.startswith("Du er tilmeldt: Biogas og landbrug ved Fangel")
    # (cancelling from the dialog asks first: the browser test, since AppTest closes dialogs)
