"""The footer shows the installed package's version, and CHANGELOG.md has an entry for it."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

import lvzhi

pytestmark = pytest.mark.django_db
CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"


def test_it_shows_the_package_version_in_the_footer(client):
    assert lvzhi.__version__ == version("lvzhi")
    page = client.get("/accounts/login/").content.decode()
    assert f"lvzhi {version('lvzhi')}</footer>" in page


def test_it_says_in_the_changelog_what_this_version_brought():
    headings = [line for line in CHANGELOG.read_text().splitlines() if line.startswith("## ")]
    assert any(h.startswith(f"## {version('lvzhi')} ") for h in headings)
