"""The served database of the shipped corpus: cases, the Clinton case, every canned query, the dashboard, robots."""

from __future__ import annotations

import httpx
import pytest
import yaml

from tests.conftest import ROOT

QUERIES = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["casebook"]["queries"]
# Parameters each canned query is run with in the test (empty means "any").
PARAMS = {
    "policy_outcomes_with_citations": {"status": ""},
    "trainers_training_examples": {"role": "", "misconduct": "", "contraband": ""},
    "case_timeline": {"case_id": "clinton-correctional-2015-escape-joyce-mitchell"},
}


def get_json(url, **params):
    r = httpx.get(url, params={"_shape": "array", **params}, timeout=20)
    assert r.status_code == 200, (url, r.text[:500])
    return r.json()


def test_a_search_for_clinton_finds_both_defendants_with_outcomes_and_sources(shipped_server):
    base, _ = shipped_server
    rows = {r["name"]: r for r in get_json(f"{base}/casebook/cases.json", _search="Clinton")}
    assert {"Joyce Mitchell", "Gene Palmer"} <= set(rows)
    assert rows["Joyce Mitchell"]["custody_months"] == 28 and rows["Joyce Mitchell"]["custody_months_max"] == 84
    assert rows["Gene Palmer"]["custody_months"] == 6 and rows["Gene Palmer"]["status"] == "convicted"
    for name in ("Joyce Mitchell", "Gene Palmer"):
        timeline = get_json(f"{base}/casebook/case_timeline.json", case_id=rows[name]["id"])
        assert timeline and all(t["source_url"].startswith("http") for t in timeline)
    page = httpx.get(f"{base}/casebook/cases/{rows['Joyce Mitchell']['id']}", timeout=20).text
    assert "Joyce Mitchell" in page and "case_documents" in page  # the row page links to the timeline


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs_and_returns_rows(shipped_server, name):
    base, _ = shipped_server
    rows = get_json(f"{base}/casebook/{name}.json", **PARAMS.get(name, {}))
    assert rows, f"{name} returned no rows on the shipped corpus"


def test_outcomes_with_citations_default_to_convicted_cases_and_cite_verbatim(shipped_server):
    base, db_path = shipped_server
    import sqlite_utils

    rows = get_json(f"{base}/casebook/policy_outcomes_with_citations.json", status="")
    assert rows and {r["status"] for r in rows} == {"convicted"}
    db = sqlite_utils.Database(db_path)
    for r in rows:
        assert r["outcome_source_url"] in r["citation"]
        if r["outcome_quote"] and r["case_id"] and db["cases"].get(r["case_id"])["latest_document_id"]:
            doc = db["documents"].get(db["cases"].get(r["case_id"])["latest_document_id"])
            assert r["outcome_quote"] in (doc["title"] or "") + doc["text"]
    alleged = get_json(f"{base}/casebook/policy_outcomes_with_citations.json", status="alleged")
    assert alleged and {r["status"] for r in alleged} == {"alleged"}


def test_training_examples_filter_and_show_warning_signs(shipped_server):
    base, _ = shipped_server
    rows = get_json(f"{base}/casebook/trainers_training_examples.json", role="", misconduct="escape_assistance", contraband="")
    names = {r["name"] for r in rows}
    assert {"Joyce Mitchell", "Gene Palmer"} <= names
    mitchell = next(r for r in rows if r["name"] == "Joyce Mitchell")
    assert "frozen hamburger meat" in mitchell["warning_signs"] and "http" in mitchell["sources"]


def test_dashboard_coverage_and_robots(shipped_server):
    base, _ = shipped_server
    assert "Custody Casebook overview" in httpx.get(f"{base}/-/dashboards/overview", timeout=20).text
    coverage = get_json(f"{base}/casebook/coverage.json", _size="max")
    assert sum(r["documents"] for r in coverage) == len(get_json(f"{base}/casebook/documents.json", _col="id", _size="max"))
    robots = httpx.get(f"{base}/robots.txt", timeout=10).text
    assert "Disallow: /" in robots


def test_served_read_only_with_limits(shipped_server):
    base, _ = shipped_server
    settings = httpx.get(f"{base}/-/settings.json", timeout=10).json()
    assert settings["suggest_facets"] is False and settings["sql_time_limit_ms"] == 2000
    assert httpx.post(f"{base}/casebook/cases", data={"name": "x"}, timeout=10).status_code >= 400
    bad = httpx.get(f"{base}/casebook.json", params={"sql": "update cases set name = 'x'"}, timeout=10)
    assert bad.status_code >= 400
    db = httpx.get(f"{base}/-/databases.json", timeout=10).json()
    assert db[0]["is_mutable"] is False
