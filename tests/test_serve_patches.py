"""Serve mode's patch registry: canaries for every private patch, the switch, and the
patched functions doing what Streamlit's own do."""

from __future__ import annotations

import logging
from copy import deepcopy

import pytest

from excursions.serve import patches, tunings
from excursions.serve.patches import Kind, PatchSelectionError, State

PRIVATE = [p for p in tunings.PATCHES if p.kind is Kind.PRIVATE]


@pytest.mark.parametrize("patch", PRIVATE, ids=lambda p: p.name)
def test_canary_every_patched_function_is_the_one_the_patch_was_written_for(patch):
    # Fails after a Streamlit or uvicorn upgrade that touches a patched function: re-read
    # the function, adapt the patch, then update its fingerprint in excursions/serve/tunings.py.
    for path, expected in patch.targets.items():
        assert patches.fingerprint(path) == expected, f"{patch.name}: {path} changed upstream"
    assert patches.check(patch) == ""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("all", {p.name for p in tunings.PATCHES}),
        ("", {p.name for p in tunings.PATCHES}),
        ("none", set()),
        ("busy_sessions, static_gzip", {"busy_sessions", "static_gzip"}),
    ],
)
def test_selection(spec, expected):
    assert patches.select(spec) == expected


def test_an_unknown_patch_name_is_refused_with_the_nearest_one():
    with pytest.raises(PatchSelectionError, match=r"'busy_session'.*Did you mean 'busy_sessions'"):
        patches.select("busy_session")


def test_a_patch_whose_target_changed_is_skipped_with_a_warning(monkeypatch, caplog):
    from streamlit.delta_generator import DeltaGenerator

    def __deepcopy__(self, memo):  # as if an upgrade had changed Streamlit's own
        return self

    monkeypatch.setattr(DeltaGenerator, "__deepcopy__", __deepcopy__)
    with caplog.at_level(logging.WARNING, logger="excursions.serve"):
        plans = {p.patch.name: p for p in patches.apply(["deepcopy_memo"])}
    assert plans["deepcopy_memo"].state is State.SKIPPED
    assert "DeltaGenerator.__deepcopy__ has changed" in plans["deepcopy_memo"].reason
    assert DeltaGenerator.__deepcopy__ is __deepcopy__  # left as it was
    warning = [r.getMessage() for r in caplog.records]
    assert len(warning) == 1 and warning[0].startswith("serve patch deepcopy_memo skipped:")
    assert patches.status()["deepcopy_memo"]["state"] == "skipped"


def test_a_patch_outside_its_tested_versions_is_skipped_naming_the_version(monkeypatch):
    from excursions import internals  # where the check reads the versions

    monkeypatch.setattr(internals, "installed", lambda dist: "1.99.0" if dist == "streamlit" else "0.54.0")
    plans = {p.patch.name: p for p in patches.plan(patches.select("all"))}
    assert plans["busy_sessions"].state is State.SKIPPED
    assert plans["busy_sessions"].reason == "streamlit 1.99.0 is not in the tested range >=1.67,<1.68"
    assert plans["static_gzip"].state is State.ACTIVE  # public tunings need no version


def test_switched_off_patches_are_off_not_skipped():
    plans = patches.plan(patches.select("none"))
    assert {p.state for p in plans} == {State.OFF}


def test_config_once_builds_the_same_messages_as_streamlit():
    from streamlit.proto.NewSession_pb2 import Config, CustomThemeConfig
    from streamlit.runtime import app_session

    config_once, theme_once = tunings.config_once_functions()
    for _ in range(2):  # built, then from memory
        ours, theirs = Config(), Config()
        config_once(ours)
        app_session._populate_config_msg(theirs)
        assert ours == theirs
        for section in ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar"):
            ours, theirs = CustomThemeConfig(), CustomThemeConfig()
            theme_once(ours, section)
            app_session._populate_theme_msg(theirs, section)
            assert ours == theirs, section


def test_deepcopy_memo_copies_each_container_once_and_keeps_the_chain(monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    root = DeltaGenerator(root_container=0)
    middle = DeltaGenerator(root_container=0, parent=root, block_type="vertical")
    leaf = DeltaGenerator(root_container=0, parent=middle, block_type="column")
    theirs = deepcopy(leaf)
    monkeypatch.setattr(DeltaGenerator, "__deepcopy__", tunings.deepcopy_with_memo())
    memo: dict = {}
    copies = [deepcopy(dg, memo) for dg in (leaf, middle)]
    assert copies[0]._parent is copies[1]  # the leaf's parent is the middle's copy, not another
    chain = lambda dg: [(d._block_type, d._root_container) for d in dg._ancestors]  # noqa: E731
    assert chain(copies[0]) == chain(theirs) == chain(leaf)
