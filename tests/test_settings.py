"""The settings registry: defaults, environment, secrets, and clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from excursions import settings
from excursions.settings import ROOT, SettingError, load


def test_defaults_point_at_the_shipped_event(tmp_path):
    cfg = settings.load(environ={}, secrets_file=tmp_path / "none.toml")
    assert cfg.routes_dir == ROOT / "data" / "routes"
    assert cfg.event_file == ROOT / "data" / "event.toml"
    assert cfg.origin("routes_dir") == "default"


def test_environment_beats_secrets_beats_default(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('tiles = "https://tiles.example/{z}/{x}/{y}.png"\nrefresh_seconds = 12\n')
    cfg = settings.load(environ={"EXCURSIONS_TILES": "none"}, secrets_file=secrets)
    assert cfg.tiles == "none" and cfg.origin("tiles") == "EXCURSIONS_TILES"
    assert cfg.refresh_seconds == 12 and cfg.origin("refresh_seconds") == "secrets"


def test_relative_paths_are_relative_to_the_project(tmp_path):
    cfg = settings.load(environ={"EXCURSIONS_ROUTES_DIR": "elsewhere/routes"}, secrets_file=tmp_path / "x")
    assert cfg.routes_dir == ROOT / "elsewhere" / "routes"
    cfg = settings.load(environ={"EXCURSIONS_ROUTES_DIR": str(tmp_path)}, secrets_file=tmp_path / "x")
    assert cfg.routes_dir == Path(tmp_path)


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_a_bad_value_names_the_variable(tmp_path, value):
    with pytest.raises(SettingError, match="EXCURSIONS_REFRESH_SECONDS"):
        settings.load(environ={"EXCURSIONS_REFRESH_SECONDS": value}, secrets_file=tmp_path / "x")


def test_a_broken_secrets_file_is_named(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("tiles = \n")
    with pytest.raises(SettingError, match=r"secrets\.toml"):
        settings.load(environ={}, secrets_file=secrets)


def test_every_setting_is_described_with_its_variable():
    described = settings.describe()
    assert {d["env"] for d in described} >= {
        "EXCURSIONS_ROUTES_DIR",
        "EXCURSIONS_EVENT_FILE",
        "EXCURSIONS_TILES",
    }
    assert all(d["help"] for d in described)


def test_only_the_registry_reads_the_environment():
    offenders = [
        p.relative_to(ROOT)
        for p in list((ROOT / "excursions").rglob("*.py")) + list((ROOT / "app_pages").glob("*.py"))
        if p.name != "settings.py" and ("os.environ" in p.read_text() or "getenv" in p.read_text())
    ]
    assert offenders == []


def test_the_library_never_imports_streamlit():
    offenders = [
        p.relative_to(ROOT)
        for p in (ROOT / "excursions").rglob("*.py")
        if not {"ui", "serve", "web"} & set(p.relative_to(ROOT / "excursions").parts)
        and ("import streamlit" in p.read_text() or "from streamlit" in p.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("EXCURSIONS_REFRESH_SECOND", "Did you mean EXCURSIONS_REFRESH_SECONDS?"),
        ("EXCURSIONS_TILE", "Did you mean EXCURSIONS_TILES?"),
        ("EXCURSIONS_SOMETHING_ELSE_ENTIRELY", "`excursions settings` lists them all"),
    ],
)
def test_an_unknown_excursions_variable_stops_with_the_nearest_setting(name, hint, tmp_path):
    with pytest.raises(SettingError, match=re.escape(f"{name} is not a setting.")) as caught:
        load({name: "5"}, secrets_file=tmp_path / "none.toml")
    assert hint in str(caught.value)


def test_test_variables_are_not_settings_and_pass(tmp_path):
    assert load({"EXCURSIONS_TEST_TAG": "x"}, secrets_file=tmp_path / "none.toml").tiles == ""


def test_an_unknown_secrets_key_stops_with_the_nearest_setting(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('organiser_pasword_hash = "x"\n')
    with pytest.raises(
        SettingError,
        match=re.escape("'organiser_pasword_hash' is not a setting. Did you mean 'organiser_password_hash'"),
    ):
        load({}, secrets_file=secrets)
