"""The repository agrees with itself: messages, settings, documents and layers."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from excursions.i18n import LANGS, STRINGS
from excursions.settings import SETTINGS
from tests.conftest import ROOT

APP_SOURCES = [
    *ROOT.glob("excursions/**/*.py"),
    *ROOT.glob("app_pages/*.py"),
    ROOT / "navigation.py",
    ROOT / "dashboard.py",
]


def placeholders(text: str | dict[str, str]) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    assert all(entry[lang] for lang in LANGS), key
    assert placeholders(entry["da"]) == placeholders(entry["en"]), key
    for text in entry.values():
        if isinstance(text, dict):  # plural forms: 'other' is the fallback every language needs
            assert "other" in text, key


def test_every_message_is_used():
    """By its literal key, or by a key made from a prefix: t(f"mode_{mode.value}", ...)."""
    catalogue = (ROOT / "excursions" / "i18n.py").read_text()
    code = "\n".join(p.read_text() for p in APP_SOURCES if p.name != "i18n.py")
    code += catalogue.split("\ndef t(", 1)[1]  # the catalogue's own functions, not its table
    prefixes = set(re.findall(r"""f["']([a-z_]+_)\{""", code))
    unused = [
        key
        for key in STRINGS
        if f'"{key}"' not in code and f"'{key}'" not in code and not key.startswith(tuple(prefixes))
    ]
    assert unused == []


def test_the_reference_settings_table_lists_exactly_the_registry():
    reference = (ROOT / "docs" / "reference.md").read_text()
    table = reference.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(EXCURSIONS_[A-Z_]+)` \|", table, flags=re.M)
    assert documented == [s.env_var for s in SETTINGS]


def test_nothing_refers_to_documents_outside_the_repository():
    tracked = [
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".md", ".toml", ".js", ".css", ".j2", ".sh"}
        and not {".venv", "node_modules", ".git", "vendor"} & set(p.relative_to(ROOT).parts)
        and p != Path(__file__)
    ]
    present = {p.name for p in tracked}
    named = re.compile(r"[\w./-]*\b([A-Z][A-Z_]+\.md)\b|(\.\./[\w.-]+)")  # NOTES.md, ../elsewhere
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in tracked
        for m in named.finditer(p.read_text())
        if (m.group(2) and not (p.parent / m.group(2)).resolve().is_relative_to(ROOT))
        or (m.group(1) and m.group(1) not in present)
    ]
    assert found == []


# --- layers: pages -> ui -> library -> store ------------------------------------------------


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


LIBRARY = [
    p
    for p in ROOT.glob("excursions/**/*.py")
    if not {"ui", "serve", "web"} & set(p.relative_to(ROOT / "excursions").parts[:-1]) and p.name != "cli.py"
]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_library_never_imports_streamlit_the_ui_or_serve_mode(path):
    bad = {
        name
        for name in imports_of(path)
        if name.split(".")[0] in {"streamlit", "streamlit_folium"}
        or within(name, "excursions.ui", "excursions.serve", "excursions.web", "excursions.cli")
    }
    assert bad == set()


def within(name: str, *packages: str) -> bool:
    """name is one of the packages or inside one (excursions.climate is not excursions.cli)."""
    return any(name == p or name.startswith(p + ".") for p in packages)


PURE = [
    *("model", "signups", "fillup", "overview", "seats", "people", "checkin"),
    *("exports", "pace", "throttle", "limits", "drafts", "route_edits", "addresses", "browsers"),
]


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_do_not_import_the_database(name):
    bad = {
        n
        for n in imports_of(ROOT / "excursions" / f"{name}.py")
        if n.startswith(("sqlalchemy", "excursions.store"))
    }
    assert bad == set()


@pytest.mark.parametrize("path", [*ROOT.glob("app_pages/*.py"), ROOT / "navigation.py"], ids=lambda p: p.name)
def test_pages_import_only_the_ui_package_and_the_library(path):
    bad = {
        name
        for name in imports_of(path)
        if name.startswith(
            (
                "excursions.serve",
                "excursions.cli",
                "excursions.store",
                "excursions.store.schema",
                "sqlalchemy",
            )
        )
    }
    assert bad == set()


def test_the_app_entry_builds_only_the_app_and_its_protections():
    """dashboard.py is what `streamlit run` serves: st.App around the pages, with the
    middleware both run modes share, and nothing else (no page code, no database)."""
    assert imports_of(ROOT / "dashboard.py") == {
        "streamlit",
        "starlette.middleware",
        "excursions.web.browser_id",
        "excursions.web.gpx",
        "excursions.web.organiser_pass",
        "excursions.web.seats",
        "excursions.web.shell",
        "excursions.web.reruns",
        "excursions.web.warmup",
    }


@pytest.mark.parametrize("path", sorted(ROOT.glob("excursions/web/*.py")), ids=lambda p: p.name)
def test_the_endpoints_both_run_modes_use_stand_apart_from_the_event_day_runner(path):
    """excursions/web is in front of Streamlit in `streamlit run` too: it never imports the
    event-day runner and its patches, the pages' ui package or the command line."""
    bad = {
        name
        for name in imports_of(path)
        if within(name, "excursions.serve", "excursions.ui", "excursions.cli")
    }
    assert bad == set()


def test_the_ui_package_does_not_import_serve_mode_or_the_command_line():
    bad = {
        f"{p.relative_to(ROOT)}: {name}"
        for p in ROOT.glob("excursions/ui/**/*.py")
        for name in imports_of(p)
        if within(name, "excursions.serve", "excursions.cli")
    }
    assert bad == set()
