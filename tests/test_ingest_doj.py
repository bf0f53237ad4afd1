"""The DOJ scraper end to end against a real local HTTP server, and into the database."""

from __future__ import annotations

import gzip
import json

import pytest
import sqlite_utils

from db.build import build
from tests.fakeweb import FakeWeb, Reply, example
from tests.ingest_helpers import Waits, doj_site, documents, fast_config, log_entries, run


@pytest.fixture
def web():
    w = FakeWeb()
    yield w
    w.close()


@pytest.fixture
def cfg(tmp_path):
    return fast_config(tmp_path)


def test_doj_fixtures_end_to_end_into_the_database(web, cfg, tmp_path):
    doj_site(web)
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert (counts["new"], counts["rejected"], counts["failed"]) == (2, 1, 0)
    docs = documents(corpus)
    by_url = {d["url"]: d for d in docs.values()}
    ward = by_url["https://www.justice.gov/usao-ndex/pr/former-federal-correctional-officer-sentenced-sexual-abuse-ward"]
    assert ward["title"].endswith("FCI Exampleville & Obstruction")  # entity unescaped
    assert ward["publisher"] == "U.S. Department of Justice (U.S. Attorney's Office, Northern District of Exampleshire)"
    assert ward["published"] == "2024-03-05" and ward["licence"] == "public-domain-us-gov"
    assert "###" not in ward["text"] and "18 U.S.C. § 2243(b)" in ward["text"]
    prov = ward["provenance"]
    assert prov["source"] == "doj" and prov["native_id"] == "7d1f3c52-0c1e-4d7a-9a11-3f0b6c2e9a01"
    assert prov["http_status"] == 200 and prov["fetched_at"].endswith("Z")
    raw = corpus / "raw" / prov["raw_sha256"][:2] / f"{prov['raw_sha256']}.gz"
    assert json.loads(gzip.decompress(raw.read_bytes()))["results"][0]["uuid"] == prov["native_id"]
    # the empty API body was read from the release page, whose canonical link drops the query string
    jail = by_url["https://www.justice.gov/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail"]
    assert jail["text"].startswith("EXAMPLEVILLE") and jail["provenance"]["fetch_url"].startswith(web.base_url)
    assert jail["provenance"]["details"]["topics"] == ["Public Corruption"]
    rejected = log_entries(corpus, "rejected")
    assert [r["title"] for r in rejected] == ["Tax Preparer Sentenced for Filing False Returns"]
    assert "no custody keyword" in rejected[0]["reason"]
    # the identifying User-Agent and Accept header went with every request
    api = web.hits("/api/v1/press_releases.json")[0]
    assert api["headers"]["User-Agent"].startswith("CustodyCasebook/") and "casebook@example.org" in api["headers"]["User-Agent"]
    assert api["headers"]["Accept"] == "application/json" and api["query"]["pagesize"] == "50"
    # and on into the database
    db_path = tmp_path / "casebook.db"
    build(corpus, db_path)
    rows = {r["id"]: r for r in sqlite_utils.Database(db_path)["documents"].rows}
    assert set(rows) == set(docs)


def test_a_rerun_changes_nothing_and_an_edit_is_a_new_version(web, cfg, tmp_path):
    doj_site(web)
    corpus = tmp_path / "corpus"
    run("doj", corpus, web, cfg)
    before = documents(corpus)
    again = run("doj", corpus, web, cfg)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert documents(corpus) == before
    # the first release is edited on the site: new vuuid and a corrected body
    page0 = json.loads(example("doj", "api_page0.json").body)
    page0["results"][0]["vuuid"] = "a0c4e2f8-5b61-4c3f-8e2d-1d9b7a6c5e99"
    page0["results"][0]["body"] = page0["results"][0]["body"].replace("48 months", "46 months")
    web.route("/api/v1/press_releases.json", Reply(body=json.dumps(page0).encode(), content_type="application/json"), query={"page": 0})
    edited = run("doj", corpus, web, cfg)
    assert (edited["new"], edited["updated"]) == (0, 1)
    after = documents(corpus)
    assert set(after) == set(before)  # the same document, not a second one
    doc = next(d for d in after.values() if d["provenance"]["native_id"] == page0["results"][0]["uuid"])
    assert "46 months" in doc["text"] and len(doc["provenance"]["versions"]) == 1
    assert doc["provenance"]["versions"][0]["native_version"] == "a0c4e2f8-5b61-4c3f-8e2d-1d9b7a6c5e01"


def test_a_record_on_two_pages_is_stored_once(web, cfg, tmp_path):
    page1 = json.loads(example("doj", "api_page1.json").body)
    page1["results"].append(json.loads(example("doj", "api_page0.json").body)["results"][0])
    doj_site(web)
    web.route("/api/v1/press_releases.json", Reply(body=json.dumps(page1).encode(), content_type="application/json"), query={"page": 1})
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert counts["new"] == 2 and counts["unchanged"] == 1
    assert len(documents(corpus)) == 2


def test_500_then_200_is_retried_with_backoff(web, cfg, tmp_path):
    doj_site(web)
    web.route("/api/v1/press_releases.json", Reply(500, b"oops"), Reply(502, b"oops"), example("doj", "api_page0.json"), query={"page": 0})
    waits = Waits()
    counts = run("doj", tmp_path / "corpus", web, cfg, waits=waits)
    assert counts["new"] == 2 and counts["failed"] == 0
    # exponential with jitter: base·2^try plus up to one base (base 0.01 s in the test config)
    assert len(waits) == 2 and 0.01 <= waits[0] <= 0.02 and 0.02 <= waits[1] <= 0.03


def test_429_with_retry_after_waits_that_long(web, cfg, tmp_path):
    doj_site(web)
    web.route("/api/v1/press_releases.json", Reply(429, b"", headers={"Retry-After": "60"}), example("doj", "api_page0.json"), query={"page": 0})
    waits = Waits()
    counts = run("doj", tmp_path / "corpus", web, cfg, waits=waits)
    assert counts["new"] == 2 and 60 in waits


def test_429_without_retry_after_backs_off(web, cfg, tmp_path):
    doj_site(web)
    web.route("/api/v1/press_releases.json", Reply(429, b""), example("doj", "api_page0.json"), query={"page": 0})
    waits = Waits()
    counts = run("doj", tmp_path / "corpus", web, cfg, waits=waits)
    assert counts["new"] == 2 and len(waits) == 1 and 0.01 <= waits[0] < 0.03


def test_a_403_listing_stops_the_run_as_blocked_and_keeps_the_checkpoint(web, cfg, tmp_path):
    doj_site(web)
    web.route("/api/v1/press_releases.json", Reply(403, b"<html>Access Denied</html>"), query={"page": 1})
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert counts["new"] == 1 and counts["failed"] == 1  # page 0 was stored before the block
    assert "blocked" in log_entries(corpus, "failed")[0]["reason"]
    web.route("/api/v1/press_releases.json", example("doj", "api_page1.json"), query={"page": 1})
    resumed = run("doj", corpus, web, cfg)
    assert resumed["new"] == 1 and len(web.hits("/api/v1/press_releases.json")) == 3  # resumed at page 1
    assert len(documents(corpus)) == 2


def test_html_where_json_was_expected_is_a_failure_not_zero_results(web, cfg, tmp_path):
    doj_site(web)
    web.route("/api/v1/press_releases.json", example("doj", "not_found.html", status=404), query={"page": 0})
    corpus = tmp_path / "corpus"
    assert run("doj", corpus, web, cfg)["failed"] == 1
    web.route("/api/v1/press_releases.json", example("doj", "not_found.html"), query={"page": 0})  # 200 but HTML
    assert run("doj", corpus, web, cfg)["failed"] == 1
    assert "expected JSON" in log_entries(corpus, "failed")[-1]["reason"]
    assert not documents(corpus)


def test_an_akamai_challenge_page_is_blocked_never_parsed(web, cfg, tmp_path):
    doj_site(web)
    web.route("/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail", example("doj", "akamai_challenge.html"))
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert counts["new"] == 1 and counts["failed"] == 1
    assert "Akamai" in log_entries(corpus, "failed")[0]["reason"]


def test_robots_txt_disallowing_the_listing_is_obeyed_and_logged(web, cfg, tmp_path):
    doj_site(web)
    web.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /api/\n", content_type="text/plain"))
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert counts["failed"] == 1 and not web.hits("/api/v1/press_releases.json")
    assert "robots.txt" in log_entries(corpus, "failed")[0]["reason"]


def test_an_empty_release_page_is_rejected_not_stored(web, cfg, tmp_path):
    doj_site(web)
    web.route("/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail",
              Reply(body=b"<html><body><main><h1>Detention Officer</h1></main></body></html>"))
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg)
    assert counts["new"] == 1 and counts["rejected"] == 2
    assert any("too little text" in r["reason"] for r in log_entries(corpus, "rejected"))


def test_since_stops_the_walk_at_older_releases(web, cfg, tmp_path):
    doj_site(web)
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg, since="2024-03-05")
    assert counts["new"] == 1 and not web.hits("/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail")
    assert len(web.hits("/api/v1/press_releases.json")) == 1


def test_query_filters_sources_without_a_search_of_their_own(web, cfg, tmp_path):
    doj_site(web)
    corpus = tmp_path / "corpus"
    counts = run("doj", corpus, web, cfg, query="methamphetamine")
    assert counts["new"] == 1 and counts["rejected"] == 2
    assert any("--query" in r["reason"] for r in log_entries(corpus, "rejected"))


def test_epoch_dates_become_washington_dates():
    from ingest.extract import epoch_to_date

    assert epoch_to_date("1709640000") == "2024-03-05"  # 12:00 UTC (how DOJ stores date-only values)
    assert epoch_to_date("1709596800") == "2024-03-04"  # 00:00 UTC is still the evening before in Washington
    assert epoch_to_date("") is None and epoch_to_date(None) is None
