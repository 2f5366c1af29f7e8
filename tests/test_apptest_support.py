"""The canary of tests/support/apptest.py: it sets a private attribute of Streamlit's
AppTest, and must fail loudly (not just get slow) when Streamlit stops reading it."""

from __future__ import annotations

import inspect

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.support.apptest import ATTRIBUTE, _components, app_test


def test_apptest_still_scans_for_components_only_when_it_has_no_registry():
    source = inspect.getsource(AppTest._run)
    assert f"self.{ATTRIBUTE} is None" in source  # else: shared registries no longer apply
    assert "discover_and_register_components" in source


def test_every_app_test_gets_the_one_registry():
    first = app_test(str(ROOT / "navigation.py"))
    second = app_test(str(ROOT / "navigation.py"))
    assert getattr(first, ATTRIBUTE) is getattr(second, ATTRIBUTE) is _components()
