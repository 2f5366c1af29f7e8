"""The map's direct use of streamlit-folium's internals (excursions/ui/map_widget.py), held
to the check of serve mode's private patches: this fails when an upgrade changes what the
map relies on, before a participant sees a blank map."""

from __future__ import annotations

import ast
import inspect
import textwrap

import streamlit_folium as sf

from excursions.internals import mismatch
from excursions.ui import map_widget
from tests.conftest import ROOT


def test_the_installed_streamlit_folium_is_the_one_the_map_was_written_for():
    assert mismatch(map_widget.FOLIUM_REQUIRES, map_widget.FOLIUM_TARGETS) == ""
    assert map_widget.folium_internals_checked() == ""


def test_a_changed_function_is_named():
    moved = {"streamlit_folium:st_folium": "0000000000000000"}
    assert mismatch({}, moved).startswith("streamlit_folium:st_folium has changed (fingerprint ")
    assert "not in the tested range" in mismatch({"streamlit-folium": ">=99"}, {})


def _keywords(source: str, func: str) -> set[str]:
    """The keyword names of every call to `func` (an attribute or a name) in the source."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(textwrap.dedent(source))):
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee == func:
                names |= {k.arg for k in node.keywords if k.arg}
    return names


def test_show_map_passes_the_component_what_st_folium_passes_it():
    theirs = _keywords(inspect.getsource(sf.st_folium), "_component_func")
    ours = _keywords(
        (ROOT / "excursions" / "ui" / "map_widget.py").read_text(encoding="utf-8"), "_component_func"
    )
    assert theirs and ours == theirs, (sorted(theirs - ours), sorted(ours - theirs))
