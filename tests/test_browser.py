"""A real browser (Debian's chromium, headless) on the served shipped database: what a reader actually sees.

Loads the index, a case page, every canned query and the dashboard's charts; asserts on the rendered
DOM (after JavaScript ran) and saves a screenshot of each under test-artifacts/screenshots/. The project's own
pages (case card, cases table, methodology, dashboard, planted markup) are driven over the DevTools protocol
(tests/cdp.py), which also sees console errors, dialogs and where an element stands on a 1400x900 screen.
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


# --- the project's pages, driven over the DevTools protocol: console errors, dialogs, layout on the first screen ---

from tests.planted_markup import JS_LINK, MARK, planted_pages, planted_server  # noqa: E402,F401  (a fixture)

CLINTON = "clinton-correctional-2015-escape-joyce-mitchell"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """One headless chromium (1400x900) for this module's DevTools tests."""
    from tests.cdp import Page

    p = Page(CHROMIUM, tmp_path_factory.mktemp("cdp-profile"), width=1400, height=900)
    yield p
    p.close()


def loaded(page, url: str):
    """Open url and check it loaded cleanly: no console error, no uncaught exception, no dialog."""
    page.open(url)
    assert page.console_errors == [], (url, page.console_errors)
    assert page.dialogs == [], (url, page.dialogs)
    return page


def test_case_page_shows_the_card_with_timeline_outcome_quote_and_citation(shipped_server, page):
    base, db_path = shipped_server
    import sqlite3

    quote, citation = sqlite3.connect(db_path).execute(
        "select outcome_quote, citation from cases where id = ?", [CLINTON]).fetchone()
    loaded(page, f"{base}/casebook/cases/{CLINTON}")
    card = page.evaluate("document.querySelector('.case-card').innerText")
    assert "Joyce Mitchell" in card and "CONVICTED" in card and quote in card
    assert page.evaluate("document.querySelector('pre.citation').innerText") == citation
    assert page.evaluate("document.querySelectorAll('table.timeline tbody tr').length") == 4
    assert page.evaluate("document.querySelectorAll('table.timeline a[href^=\"http\"]').length") >= 4
    page.screenshot(SHOTS / "case-page.png", full_page=True)


def test_cases_table_shows_its_first_row_on_the_first_screen(shipped_server, page):
    base, _ = shipped_server
    loaded(page, f"{base}/casebook/cases")
    bottom = page.evaluate("document.querySelector('table.rows-and-columns tbody tr').getBoundingClientRect().bottom")
    assert 0 < bottom <= page.evaluate("window.innerHeight") == 900
    assert page.evaluate("document.querySelector('details.casebook-columns').open") is False  # folded
    tallest = page.evaluate("Math.max(...[...document.querySelectorAll('table.rows-and-columns tbody tr')]"
                            ".map(r => r.getBoundingClientRect().height))")
    assert tallest < 60  # one line per row: long values are clipped (the row page shows them)
    page.screenshot(SHOTS / "cases-table.png")


def test_methodology_page_shows_the_accuracy_table_from_bench_results(shipped_server, page):
    import json

    import httpx

    base, _ = shipped_server
    assert httpx.get(f"{base}/methodology", timeout=30).status_code == 200
    results = sorted((ROOT / "bench" / "results").glob("accuracy-final-????-??-??.json"))[-1]
    data = json.loads(results.read_text())
    loaded(page, f"{base}/methodology")
    rows = page.evaluate("[...document.querySelectorAll('table.accuracy-fields tbody tr')]"
                         ".map(r => [...r.cells].map(c => c.innerText.trim()))")
    sets = list(data["sets"])
    assert len(rows) >= 16
    for row in rows:
        assert row[1:] == [f"{data['sets'][s][row[0]]:.3f}" for s in sets], row
    page.screenshot(SHOTS / "methodology.png", full_page=True)


def test_dashboard_loads_without_console_errors(shipped_server, page):
    base, _ = shipped_server
    loaded(page, f"{base}/-/dashboards/overview")
    assert page.evaluate("document.querySelectorAll('.marks').length") >= 3  # vega drew the charts
    page.screenshot(SHOTS / "dashboard-overview-1400.png")


def test_planted_script_and_javascript_links_never_run(planted_server, page):
    base, db_path = planted_server
    for path in planted_pages(db_path):
        loaded(page, base + path)  # no alert() dialog, no console error (an <img src=x> would log one)
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0, path
        assert page.evaluate("[...document.scripts].filter(s => s.text.includes('alert(')).length") == 0, path
        assert page.evaluate("document.querySelectorAll('[onerror],[onmouseover]').length") == 0, path
    loaded(page, f"{base}/casebook/cases/planted-markup-2020-orla-pennick")
    shown = page.evaluate("document.body.innerText")
    assert MARK in shown and JS_LINK in shown  # the raw text, shown escaped
