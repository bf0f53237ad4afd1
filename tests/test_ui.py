"""The project's pages over a real Datasette: the case card, readable table pages, /methodology (figures read from
bench/results/), the Atom feed of new cases, escaping of planted markup, and serve's errors on bad input."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import httpx
import pytest
import yaml

from tests.conftest import ROOT
from tests import planted_markup
from tests.planted_markup import planted_pages, planted_server  # noqa: F401  (a fixture)

CLINTON = "clinton-correctional-2015-escape-joyce-mitchell"
META = yaml.safe_load((ROOT / "metadata.yml").read_text())
UI = META["plugins"]["casebook-ui"]


def load_plugin():
    spec = importlib.util.spec_from_file_location("casebook_ui_under_test", ROOT / "plugins" / "casebook_ui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get(url: str, **params) -> httpx.Response:
    r = httpx.get(url, params=params or None, timeout=30)  # params={} would drop the URL's own query string
    assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:300]}"
    return r


def text_of(page: str) -> str:
    """The visible text of an HTML page, roughly: tags dropped, entities decoded, spaces collapsed."""
    no_tags = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page))  # "<p>a</p>" -> " a "
    return re.sub(r"\s+", " ", html.unescape(no_tags))


# --- the case card -----------------------------------------------------------------------------------------------

def test_case_page_is_a_card_with_timeline_outcome_citation_and_warning_signs(shipped_server):
    base, db_path = shipped_server
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    case = db.execute("select * from cases where id = ?", [CLINTON]).fetchone()
    page = get(f"{base}/casebook/cases/{CLINTON}").text
    shown = text_of(page)
    assert 'class="case-card"' in page and "Joyce Mitchell" in shown
    assert f'badge-{case["status"]}' in page and f"as of {case['last_date']}" in shown
    for value in (case["role"], case["facility_name"], case["region"], case["outcome_quote"], case["citation"]):
        assert value in shown, value
    for tag in ("contraband_smuggling", "escape_assistance", "tools"):
        assert f">{tag}</a>" in page
    timeline = db.execute("select fact, source_url from case_documents where case_id = ?", [CLINTON]).fetchall()
    assert len(timeline) == 4
    for event in timeline:
        assert event["fact"] in shown
        assert f'href="{html.escape(event["source_url"])}"' in page  # every source is a link
    for sign in db.execute("select quote from case_warning_signs where case_id = ?", [CLINTON]):
        assert f"“{sign['quote']}”" in shown  # word for word
    assert f'href="/casebook/cases/{CLINTON}.json"' in page
    assert get(f"{base}/casebook/cases/{CLINTON}.json").json()["rows"][0][0] == CLINTON  # the JSON stays available


def test_an_alleged_case_says_presumed_innocent_with_its_status_note(shipped_server):
    base, db_path = shipped_server
    case_id, note = sqlite3.connect(db_path).execute(
        "select id, status_note from cases where status = 'alleged' order by id limit 1").fetchone()
    shown = text_of(get(f"{base}/casebook/cases/{case_id}").text)
    assert "Presumed innocent." in shown and note in shown and "ALLEGED" in note


# --- readable table pages --------------------------------------------------------------------------------------

def header_columns(page: str) -> list[str]:
    return re.findall(r'<th [^>]*data-column="([^"]+)"', page)  # '<th ... data-column="name" ...>'


@pytest.mark.parametrize("table", sorted(UI["default_columns"]))
def test_wide_tables_open_with_their_main_columns_and_all_are_one_click_away(shipped_server, table):
    base, db_path = shipped_server
    db = sqlite3.connect(db_path)
    every = [r[1] for r in db.execute(f"pragma table_info([{table}])")]
    pks = [r[1] for r in db.execute(f"pragma table_info([{table}])") if r[5]]
    page = get(f"{base}/casebook/{table}").text
    assert header_columns(page) == pks + UI["default_columns"][table]
    link = re.search(r'<a href="([^"]+)">show all columns</a>', page)
    assert link, "no link to all columns"
    assert header_columns(get(base + html.unescape(link.group(1))).text) == every
    assert len(get(f"{base}/casebook/{table}.json", _shape="array").json()[0]) == len(every)  # data is unchanged
    assert '<details class="casebook-columns">' in page  # descriptions folded away, one click opens them
    for column in every:
        assert f"<dt>{column}</dt>" in page


def test_facets_search_and_sorting_still_work_with_the_main_columns(shipped_server):
    base, _ = shipped_server
    page = get(f"{base}/casebook/cases", _search="Clinton", _facet="status").text
    assert "Joyce Mitchell" in page and "Gene Palmer" in page and 'data-column="status"' in page
    assert 'class="facet-results"' in page and "facet-casebook-cases-status" in page
    chosen = get(f"{base}/casebook/cases", _col="name").text  # a reader's own choice of columns wins
    assert header_columns(chosen) == ["id", "name"]


def test_every_page_links_the_methodology_in_its_footer(shipped_server):
    base, _ = shipped_server
    for path in ("/", "/casebook", "/casebook/cases", f"/casebook/cases/{CLINTON}", "/casebook/documents",
                 "/casebook/case_timeline?case_id=" + CLINTON, "/-/dashboards/overview", "/methodology"):
        page = get(base + path).text
        footer = page[page.index('<footer class="ft">'):]
        assert 'href="/methodology"' in footer, path


# --- the methodology page ----------------------------------------------------------------------------------------

def table_rows(page: str, css_class: str) -> list[list[str]]:
    """The cells of the HTML table with this class, row by row, as text."""
    block = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', page, re.S).group(1)
    return [[text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", block, re.S) if "<td" in row]


def test_methodology_shows_the_committed_accuracy_results_per_field_and_kind(shipped_server):
    base, _ = shipped_server
    results = sorted((ROOT / "bench" / "results").glob("accuracy-final-????-??-??.json"))[-1]
    data = json.loads(results.read_text())
    page = get(f"{base}/methodology").text
    assert results.name in page
    sets = list(data["sets"])
    by_field = {row[0]: row[1:] for row in table_rows(page, "accuracy-fields")}
    assert set(by_field) >= {"relevant", "roles", "defendant_names", "stage", "custody_months", "facility_kind"}
    for field, cells in by_field.items():
        assert cells == [f"{data['sets'][s][field]:.3f}" if field in data["sets"][s] else "" for s in sets], field
    kinds = table_rows(page, "accuracy-kinds")
    assert len(kinds) == len(data["kinds"])
    for row, (kind, k) in zip(kinds, data["kinds"].items()):
        assert row[1] == str(k["n"]) and row[3] == f"{k['headline_mean']:.3f}", kind
    by_set = [(r[1], r[3]) for r in table_rows(page, "accuracy-sets")]
    assert by_set == [(str(data["sets"][s]["n"]), f"{data['sets'][s]['headline_mean']:.3f}") for s in sets]
    linking = sorted(p for p in (ROOT / "bench" / "results").glob("case-linking-????-??-??.json"))[-1]
    assert linking.name in page and table_rows(page, "case-linking")


def test_methodology_cites_this_build_and_covers_every_section(shipped_server):
    base, db_path = shipped_server
    info = dict(sqlite3.connect(db_path).execute("select key, value from build_info"))
    shown = text_of(get(f"{base}/methodology").text)
    assert f"version {info['built_at'][:10]}, build {info['build_id']}" in shown
    for words in ("What is included", "Sources, licences and coverage", "How labels are made", "Accuracy",
                  "Prosecutions are not incidence", "How cases are linked", "Anonymity, innocence and takedowns",
                  "How to cite", "Report an error", "corrections.yml", "takedowns.yml", "casebook export",
                  "pd.read_csv", "read.csv", "new_cases_feed.atom", UI["contact_email"]):
        assert words in shown, words
    publishers = sqlite3.connect(db_path).execute("select count(*) from sources where licence = 'ogl-3.0'").fetchone()[0]
    assert re.search(rf"ogl-3\.0 {publishers} ", shown)  # the licence table comes from the database


def test_methodology_reads_the_newest_results_file(tmp_path):
    plugin = load_plugin()
    for date, score in (("2026-01-01", 0.5), ("2027-02-03", 0.75)):
        (tmp_path / f"accuracy-final-{date}.json").write_text(json.dumps({
            "date": date, "command": "python bench/accuracy.py",
            "sets": {"dev": {"relevant": score, "headline_mean": score, "n": 3}},
            "kinds": {"news": {"n": 3, "headline_mean": score}}}))
    (tmp_path / "accuracy-final-notes.json").write_text("{}")  # not a dated results file: ignored
    got = plugin.accuracy_results(tmp_path)
    assert got["date"] == "2027-02-03" and got["fields"] == [{"field": "relevant", "scores": [0.75]}]
    assert got["kinds"][0]["headline"] == 0.75 and plugin.case_linking_results(tmp_path) is None


def test_http_url_links_only_http_and_https():
    plugin = load_plugin()
    assert plugin.http_url("https://www.justice.gov/a") == "https://www.justice.gov/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", None, 3):
        assert plugin.http_url(bad) is None


# --- the feed ------------------------------------------------------------------------------------------------------

def test_atom_feed_lists_the_newest_cases_with_links_to_their_pages(shipped_server):
    base, db_path = shipped_server
    feed = ET.fromstring(get(f"{base}/casebook/new_cases_feed.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    dated = sqlite3.connect(db_path).execute(
        "select id, last_date from cases where last_date is not null order by last_date desc, id").fetchall()
    assert len(entries) == min(50, len(dated))
    assert feed.find("a:title", ns).text == "New and changed cases"
    first = entries[0]
    assert first.find("a:id", ns).text.endswith(dated[0][0]) and first.find("a:updated", ns).text.startswith(dated[0][1])
    get(base + first.find("a:link", ns).get("href"))  # the entry's case page answers
    cases_page = get(f"{base}/casebook/cases").text
    assert 'href="/casebook/new_cases_feed.atom"' in cases_page and 'type="application/atom+xml"' in cases_page


# --- metadata covers every new query and page -------------------------------------------------------------------

def test_every_query_and_page_is_documented_and_default_columns_exist(shipped_server):
    _, db_path = shipped_server
    for name, query in META["databases"]["casebook"]["queries"].items():
        assert query.get("title") and query.get("description"), name
    pages = {p.stem for p in (ROOT / "templates" / "pages").glob("*.html")}
    assert pages and pages == set(UI["pages"])
    db = sqlite3.connect(db_path)
    for table, columns in UI["default_columns"].items():
        existing = {r[1] for r in db.execute(f"pragma table_info([{table}])") if not r[5]}
        assert set(columns) <= existing, table


# --- escaping --------------------------------------------------------------------------------------------------------

def test_planted_markup_is_shown_as_text_and_never_as_markup_or_link(planted_server):
    base, db_path = planted_server
    for path in planted_pages(db_path):
        page = get(base + path).text
        assert "alert(" not in page.replace("alert(&#39;", "").replace("alert(&#x27;", ""), path  # only escaped
        assert not re.search(r"<script>alert|<img src=x|<b onmouseover|href=\"javascript:", page, re.I), path
    card = get(f"{base}/casebook/cases/{planted_markup.CASE_ID}").text
    assert "&lt;script&gt;alert(&#39;planted&#39;)&lt;/script&gt;" in card  # shown, escaped
    assert text_of(card).count(planted_markup.JS_LINK) >= 2  # in the summary, a fact and a warning sign, as text


def test_atom_feed_escapes_planted_markup(planted_server):
    base, _ = planted_server
    body = get(f"{base}/casebook/new_cases_feed.atom").text
    assert "<script>" not in body and "&lt;script&gt;" in body
    ET.fromstring(body.encode())  # still well-formed XML


# --- serve's errors ------------------------------------------------------------------------------------------------

def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook", "serve", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def assert_one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode != 0, r.stdout
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Error: ") and lines[1].startswith("Hint: "), r.stderr
    for w in words:
        assert w in lines[0], r.stderr


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    from db.build import build

    tmp = tmp_path_factory.mktemp("serve-errors")
    build(planted_markup.planted_corpus(tmp), tmp / "ok.db")
    return tmp / "ok.db"


def test_serve_a_text_file_as_database_is_a_clear_error(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("these are my notes, not a database\n")
    assert_one_line_error(serve("--db", str(text)), "notes.db", "not an SQLite database")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert_one_line_error(serve("--db", str(empty)), "not an SQLite database")


def test_serve_a_damaged_or_missing_database_is_a_clear_error(tmp_path, small_db):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(small_db.read_bytes()[:100] + b"\x00garbage" * 200)
    assert_one_line_error(serve("--db", str(damaged)), "damaged.db")
    assert_one_line_error(serve("--db", str(tmp_path / "absent.db")), "no database")
    folder = serve("--db", str(tmp_path))  # click's own check of --db (shared by every command): a usage error
    assert folder.returncode != 0 and "is a directory" in folder.stderr and "Traceback" not in folder.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_serve_an_unreadable_database_is_a_clear_error(tmp_path, small_db):
    locked = tmp_path / "locked.db"
    locked.write_bytes(small_db.read_bytes())
    locked.chmod(0)
    assert_one_line_error(serve("--db", str(locked)), "cannot read")


@pytest.mark.parametrize("content, words", [
    (None, ["no metadata file"]),
    ("title: [unclosed\n", ["not valid YAML", "bad.yml:"]),
    ("- a list\n- not a mapping\n", ["expected a mapping"]),
    ("just a sentence\n", ["expected a mapping", "str"]),
])
def test_serve_with_a_bad_metadata_file_is_a_clear_error(tmp_path, small_db, content, words):
    meta = tmp_path / "bad.yml"
    if content is not None:
        meta.write_text(content)
    assert_one_line_error(serve("--db", str(small_db), "--metadata", str(meta)), *words)


def test_start_in_background_refuses_bad_input_before_starting(tmp_path):
    from casebook.errors import CasebookError
    from db.serve import start_in_background

    text = tmp_path / "x.db"
    text.write_text("not sqlite")
    with pytest.raises(CasebookError, match="not an SQLite database"):
        start_in_background(text, ROOT / "metadata.yml")
    assert not text.with_suffix(".log").exists()  # nothing was started


def test_up_with_bad_metadata_fails_before_building(tmp_path, small_corpus):
    meta = tmp_path / "bad.yml"
    meta.write_text("- not a mapping\n")
    r = subprocess.run([sys.executable, "-m", "casebook", "up", "--corpus", str(small_corpus), "--db",
                        str(tmp_path / "up.db"), "--metadata", str(meta)], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert_one_line_error(r, "expected a mapping")
    assert not (tmp_path / "up.db").exists()
