"""AppTest with one registry of Streamlit's v2 components per test process.

Streamlit 1.67's AppTest scans every installed distribution's metadata for component
manifests once per AppTest (11,000 metadata parses, 0.22 s), and the page tests make a new
AppTest for each test: that scan was about a third of the quick layer's time. The installed
packages do not change while the tests run, so one scan serves them all.

This sets a private attribute of AppTest (`_bidi_component_manager`, which AppTest._run
fills when it is None): tests only, switched off with EXCURSIONS_TEST_SHARED_COMPONENTS=0,
and tests/test_apptest_support.py fails when AppTest stops reading it.
"""

from __future__ import annotations

import os
from functools import cache

from streamlit.testing.v1 import AppTest

ATTRIBUTE = "_bidi_component_manager"


def shared() -> bool:
    return os.environ.get("EXCURSIONS_TEST_SHARED_COMPONENTS", "1") != "0"


@cache
def _components():
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def app_test(path: str, **kwargs) -> AppTest:
    at = AppTest.from_file(path, **kwargs)
    if shared() and getattr(at, ATTRIBUTE, "absent") is None:
        setattr(at, ATTRIBUTE, _components())
    return at
