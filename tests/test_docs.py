"""The docs a newcomer reads: a short README that leads on, every link inside the repository
found, and the generated reference equal to the code (issue 28)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))


def test_the_readme_is_short_and_leads_to_every_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 120
    for guide in ("participants", "organisers", "operations", "route-format", "reference", "architecture"):
        assert f"(docs/{guide}.md)" in readme, guide
    assert "uv run streamlit run dashboard.py" in readme and "uv run pytest" in readme
    assert "app_pages/" in readme and "`pages/`" in readme  # why the pages are not in pages/


@pytest.mark.parametrize("doc", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_relative_link_and_image_is_in_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
    missing = [t for t in targets if "://" not in t and not (doc.parent / t).exists()]
    assert missing == []


def test_the_generated_reference_equals_the_code():
    """docs/reference.md is made from the settings registry and the argument parser."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "reference.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
