"""A real browser (Debian's chromium, headless) on the served shipped database: what a reader actually sees.

Loads the index, a case page, every canned query and the dashboard's charts; asserts on the rendered
DOM (after JavaScript ran) and saves a screenshot of each under test-artifacts/screenshots/.
`make test` installs chromium when it is missing and requires these tests to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--hide-scrollbars", "--virtual-time-budget=8000"]
SHOTS = ROOT / "test-artifacts" / "screenshots"
QUERIES = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["casebook"]["queries"]
PARAMS = {
    "policy_outcomes_with_citations": {"status": ""},
    "trainers_training_examples": {"role": "", "misconduct": "escape_assistance", "contraband": ""},
    "case_timeline": {"case_id": "clinton-correctional-2015-escape-joyce-mitchell"},
}

if CHROMIUM is None:
    if os.environ.get("CASEBOOK_REQUIRE_BROWSER"):
        raise RuntimeError("chromium is not installed: `make test` installs it (apt-get install chromium)")
    pytestmark = pytest.mark.skip(reason="chromium is not installed (make test installs it)")


def render(url: str, tmp_path: Path, shot: str) -> str:
    """The DOM after scripts ran, and a screenshot; each run in a fresh profile."""
    profile = tmp_path / f"profile-{shot}"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-1000:]
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}-shot", "--window-size=1280,1400",
                    f"--screenshot={SHOTS / (shot + '.png')}", url], capture_output=True, timeout=120, check=True)
    assert (SHOTS / f"{shot}.png").stat().st_size > 5000
    return dom.stdout


def test_index_page(shipped_server, tmp_path):
    base, _ = shipped_server
    html = render(base + "/", tmp_path, "index")
    assert "Custody Casebook" in html and "Prosecutions are not incidence" in html


def test_case_search_and_case_page(shipped_server, tmp_path):
    base, _ = shipped_server
    html = render(base + "/casebook/cases?_search=Clinton", tmp_path, "cases-search-clinton")
    assert "Joyce Mitchell" in html and "Gene Palmer" in html and "alleged" in html.lower()
    page = render(base + "/casebook/cases/clinton-correctional-2015-escape-joyce-mitchell", tmp_path, "case-joyce-mitchell")
    assert "Joyce Mitchell" in page and "education_vocational" in page and "us-news.us" in page


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_canned_query_renders(shipped_server, tmp_path, name):
    base, _ = shipped_server
    query = urlencode(PARAMS.get(name, {}))
    html = render(f"{base}/casebook/{name}" + (f"?{query}" if query else ""), tmp_path, f"query-{name}")
    assert QUERIES[name]["title"] in html
    assert "<table" in html and "0 rows" not in html


def test_dashboard_draws_its_charts(shipped_server, tmp_path):
    base, _ = shipped_server
    html = render(base + "/-/dashboards/overview", tmp_path, "dashboard-overview")
    assert "Custody Casebook overview" in html and "Cases by misconduct type" in html
    assert html.count('class="marks"') >= 3  # vega drew the charts (an SVG or canvas each)
