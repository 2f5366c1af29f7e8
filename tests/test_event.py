"""The event file's theme labels: what a participant reads for a route file's theme ids."""

from __future__ import annotations

import pytest

from excursions.event import EventFileError, load_event
from tests.conftest import EVENT_FILE


def event_with(tmp_path, themes: str):
    path = tmp_path / "event.toml"
    path.write_text(EVENT_FILE.read_text(encoding="utf-8").split("\n[themes]")[0] + themes, encoding="utf-8")
    return load_event(path), path


def test_shipped_themes_have_danish_and_english_labels(event):
    assert event.theme("cirkulær økonomi", "da") == "cirkulær økonomi"
    assert event.theme("cirkulær økonomi", "en") == "circular economy"
    assert event.theme("not-in-the-file", "en") == "not-in-the-file"  # shown as written


def test_a_theme_with_only_a_danish_label_reads_as_the_id_in_english(tmp_path):
    event, _ = event_with(tmp_path, '\n[themes]\nskov = { da = "skov og træer" }\n')
    assert (event.theme("skov", "da"), event.theme("skov", "en")) == ("skov og træer", "skov")


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('skov = "forest"', '[themes] "skov" must be a table like { da = "natur", en = "nature" }.'),
        ('skov = { da = "skov", de = "Wald" }', "[themes] \"skov\" has labels for unknown languages ['de']."),
    ],
)
def test_a_bad_theme_table_is_named(tmp_path, table, says):
    with pytest.raises(EventFileError) as err:
        event_with(tmp_path, f"\n[themes]\n{table}\n")
    assert says in str(err.value) and "event.toml" in str(err.value)
