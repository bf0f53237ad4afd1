"""CPS, Find Case Law, CourtListener and any-URL scrapers end to end against a real local HTTP server."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.errors import CasebookError
from tests.fakeweb import FakeWeb, Reply, example
from tests.ingest_helpers import Waits, documents, fast_config, log_entries, run


@pytest.fixture
def web():
    w = FakeWeb()
    yield w
    w.close()


# -- CPS ---------------------------------------------------------------------------------------

def cps_site(web):
    web.route("/robots.txt", example("cps", "robots.txt", content_type="text/plain"))
    web.route("/news", example("cps", "listing_page0.html"))
    web.route("/news", example("cps", "listing_page1.html"), query={"page": 1})
    web.route("/mersey-cheshire/news/prison-officer-jailed-smuggling-phones", example("cps", "article_area.html"))
    web.route("/cps/news/former-prison-officer-charged-misconduct-public-office", example("cps", "article_national.html"))


def test_cps_listing_and_articles(web, tmp_path):
    cps_site(web)
    corpus = tmp_path / "corpus"
    counts = run("cps", corpus, web, fast_config(tmp_path))
    assert (counts["new"], counts["failed"]) == (2, 0)
    docs = {d["provenance"]["native_id"]: d for d in documents(corpus).values()}
    area = docs["/mersey-cheshire/news/prison-officer-jailed-smuggling-phones"]
    assert area["publisher"] == "Crown Prosecution Service (Mersey-Cheshire)" and area["licence"] == "ogl-3.0"
    assert area["published"] == "2024-08-09" and area["source_kind"] == "uk_cps_news"
    assert area["text"].endswith("40 months’ imprisonment.") and "\n\nNotes to editors\n\n" in area["text"]
    national = docs["/cps/news/former-prison-officer-charged-misconduct-public-office"]
    assert national["published"] == "2024-08-02"  # no <time>: the written date near the top
    assert not web.hits("/cy/node/8374")  # Welsh duplicate skipped
    assert len(web.hits("/news")) == 2  # the relative next-page link was followed to the empty page


def test_cps_article_403_is_a_failed_item_and_the_rest_goes_on(web, tmp_path):
    cps_site(web)
    web.route("/mersey-cheshire/news/prison-officer-jailed-smuggling-phones", Reply(403, b"Forbidden"))
    corpus = tmp_path / "corpus"
    counts = run("cps", corpus, web, fast_config(tmp_path))
    assert (counts["new"], counts["failed"]) == (1, 1)
    assert "blocked" in log_entries(corpus, "failed")[0]["reason"]


# -- Find Case Law -----------------------------------------------------------------------------

def fcl_site(web):
    web.route("/robots.txt", example("fcl", "robots.txt", content_type="text/plain"))
    web.route("/atom.xml", example("fcl", "feed_page1.xml", content_type="application/atom+xml"), query={"page": 1})
    web.route("/atom.xml", example("fcl", "feed_page2.xml", content_type="application/atom+xml"), query={"page": 2})
    web.route("/ewca/crim/2024/901/data.xml", example("fcl", "judgment_ewca_crim.xml", content_type="application/akn+xml"))
    web.route("/ewcr/2024/55/data.xml", example("fcl", "decision_party.xml", content_type="application/akn+xml"))


def test_fcl_bulk_sweep_is_blocked_without_the_computational_licence(web, tmp_path):
    fcl_site(web)
    with pytest.raises(CasebookError, match="computational licence"):
        run("fcl", tmp_path / "corpus", web, fast_config(tmp_path))
    assert not web.hits("/atom.xml")


def test_fcl_named_judgment_is_fetched_one_by_one(web, tmp_path):
    fcl_site(web)
    corpus = tmp_path / "corpus"
    counts = run("fcl", corpus, web, fast_config(tmp_path), targets=["ewcr/2024/55"])
    assert counts["new"] == 1 and not web.hits("/atom.xml")
    (doc,) = documents(corpus).values()
    assert doc["licence"] == "open-justice-licence" and doc["url"] == "https://caselaw.nationalarchives.gov.uk/ewcr/2024/55"
    assert "Open Justice Licence v2.0" in doc["attribution"] and doc["published"] == "2024-06-03"
    assert doc["text"].startswith("1. Robin Specimen") and doc["provenance"]["details"]["chosen_by_hand"] is True


def test_fcl_sweep_with_a_licence_follows_next_links_and_honours_429(web, tmp_path):
    fcl_site(web)
    web.route("/atom.xml", Reply(429, headers={"Retry-After": "30"}), example("fcl", "feed_page1.xml", content_type="application/atom+xml"), query={"page": 1})
    cfg = fast_config(tmp_path, fcl={"computational_licence": "TEST-LICENCE-REF"})
    waits = Waits()
    corpus = tmp_path / "corpus"
    counts = run("fcl", corpus, web, cfg, waits=waits, query="prison officer")
    assert counts["new"] == 2 and 30 in waits
    assert {h["query"].get("page") for h in web.hits("/atom.xml")} == {"1", "2"}
    hashes = {d["provenance"]["native_version"] for d in documents(corpus).values()}
    assert "3f5a0c0e2b1d4f6a8c9e7b5d3a1f0e2c4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a" in hashes


def test_fcl_refuses_xml_entity_tricks(web, tmp_path):
    fcl_site(web)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><judgment>&lol2;</judgment></akomaNtoso>')
    web.route("/ewcr/2024/55/data.xml", Reply(body=bomb, content_type="application/xml"))
    with pytest.raises(CasebookError, match="refused"):
        run("fcl", tmp_path / "corpus", web, fast_config(tmp_path), targets=["ewcr/2024/55"])


# -- CourtListener -----------------------------------------------------------------------------

def cl_site(web):
    web.route("/robots.txt", example("courtlistener", "robots.txt", content_type="text/plain"))
    web.route("/api/rest/v4/search/", example("courtlistener", "search_page1.json"))
    web.route("/api/rest/v4/search/", example("courtlistener", "search_page2.json"), query={"cursor": "cz0yMDI0LTA1LTAxJnA9Mg=="})
    for n in ("101", "202", "303"):
        web.route(f"/api/rest/v4/opinions/{n}/", example("courtlistener", f"opinion_{n}.json"))


def test_courtlistener_search_pages_and_opinions(web, tmp_path, monkeypatch):
    monkeypatch.setenv("COURTLISTENER_TOKEN", "0123456789abcdef0123456789abcdef01234567")
    cl_site(web)
    corpus = tmp_path / "corpus"
    counts = run("courtlistener", corpus, web, fast_config(tmp_path), query='"sexual abuse of a ward"')
    assert (counts["new"], counts["rejected"]) == (2, 1)  # the tax opinion is not about custody
    search = web.hits("/api/rest/v4/search/")
    assert search[0]["headers"]["Authorization"] == "Token 0123456789abcdef0123456789abcdef01234567"
    assert search[0]["query"]["type"] == "o" and search[1]["query"]["cursor"] == "cz0yMDI0LTA1LTAxJnA9Mg=="
    docs = {d["provenance"]["native_id"]: d for d in documents(corpus).values()}
    assert docs["5001"]["url"] == "https://www.courtlistener.com/opinion/101/united-states-v-sample/"
    assert docs["5001"]["published"] == "2024-05-01" and docs["5002"]["published"] is None  # never invent a date
    assert docs["5002"]["text"].startswith("Casey R. Placeholder") and "CourtListener" in docs["5002"]["attribution"]


def test_courtlistener_without_a_token_says_how_to_get_one(web, tmp_path, monkeypatch):
    monkeypatch.delenv("COURTLISTENER_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["ingest", "courtlistener", "--base-url", web.base_url, "--corpus", str(tmp_path / "c"),
                                      "--config", str(fast_config(tmp_path)), "--no-progress"])
    assert result.exit_code == 1 and "COURTLISTENER_TOKEN" in result.output and "Traceback" not in result.output


def test_courtlistener_bad_token_stops_the_run(web, tmp_path, monkeypatch):
    monkeypatch.setenv("COURTLISTENER_TOKEN", "wrong")
    cl_site(web)
    web.route("/api/rest/v4/search/", example("courtlistener", "unauthorized.json", status=401))
    corpus = tmp_path / "corpus"
    counts = run("courtlistener", corpus, web, fast_config(tmp_path), query="x")
    assert counts["failed"] == 1 and "HTTP 401" in log_entries(corpus, "failed")[0]["reason"]


def test_courtlistener_invalid_saved_cursor_restarts_the_query(web, tmp_path, monkeypatch):
    monkeypatch.setenv("COURTLISTENER_TOKEN", "0123456789abcdef0123456789abcdef01234567")
    cl_site(web)
    web.route("/api/rest/v4/search/", example("courtlistener", "search_page1.json"), query={"q": "x"})
    web.route("/api/rest/v4/opinions/202/", Reply(403, b"no"))  # a failed item; the run goes on
    web.route("/api/rest/v4/search/", example("courtlistener", "invalid_cursor.json", status=404), query={"cursor": "cz0yMDI0LTA1LTAxJnA9Mg=="})
    corpus = tmp_path / "corpus"
    first = run("courtlistener", corpus, web, fast_config(tmp_path), query="x")
    assert first["failed"] == 2  # opinion 202 blocked, then page 2 refused: the cursor is kept for the next run
    web.route("/api/rest/v4/opinions/202/", example("courtlistener", "opinion_202.json"))
    second = run("courtlistener", corpus, web, fast_config(tmp_path), query="x")
    assert second["new"] == 1  # restarted from page 1 after the refused cursor; 5002 now stored


# -- any URL -----------------------------------------------------------------------------------

def test_url_pages_from_an_unlisted_host_keep_only_a_short_quote(web, tmp_path):
    web.route("/robots.txt", Reply(404))
    web.route("/news/jailer-sentenced", example("url", "state_ag_release.html"))
    corpus = tmp_path / "corpus"
    counts = run("url", corpus, web, fast_config(tmp_path), targets=[web.base_url + "/news/jailer-sentenced"])
    assert counts["new"] == 1
    (doc,) = documents(corpus).values()
    assert doc["licence"] == "copyrighted" and doc["text_is_excerpt"] is True and len(doc["text"]) <= 300
    assert doc["url"] == "https://ag.example.gov/news/jailer-sentenced" and doc["published"] == "2024-02-14"
    assert doc["provenance"]["raw_sha256"] is None and not (corpus / "raw").exists()  # no copy of a page we may not republish


def test_url_pages_from_a_configured_host_keep_the_full_text(web, tmp_path):
    web.route("/robots.txt", Reply(404))
    web.route("/news/officer-jailed", example("url", "police_news_cp1252.html", content_type="text/html; charset=windows-1252"))
    cfg = fast_config(tmp_path, url={"hosts": {web.host: {"source_kind": "uk_gov_news", "licence": "ogl-3.0", "publisher": "Example Police"}}})
    corpus = tmp_path / "corpus"
    counts = run("url", corpus, web, cfg, targets=[web.base_url + "/news/officer-jailed"])
    assert counts["new"] == 1
    (doc,) = documents(corpus).values()
    assert doc["licence"] == "ogl-3.0" and "the prison’s drug dogs" in doc["text"] and doc["published"] == "2023-03-03"


def test_url_an_empty_page_is_rejected_with_the_reason(web, tmp_path):
    web.route("/robots.txt", Reply(404))
    web.route("/empty", Reply(body=b"<html><body></body></html>"))
    corpus = tmp_path / "corpus"
    assert run("url", corpus, web, fast_config(tmp_path), targets=[web.base_url + "/empty"])["rejected"] == 1
    assert "too little text" in log_entries(corpus, "rejected")[0]["reason"]


def test_ingest_cli_errors_are_friendly(tmp_path):
    r = CliRunner().invoke(cli, ["ingest", "url", "--corpus", str(tmp_path)])
    assert r.exit_code == 1 and "no URLs given" in r.output
    r = CliRunner().invoke(cli, ["ingest", "doj", "--since", "2024-13-01", "--corpus", str(tmp_path)])
    assert r.exit_code == 1 and "--since" in r.output
    bad = tmp_path / "bad.yml"
    bad.write_text("client: {timeout_seconds: -1}\n")
    r = CliRunner().invoke(cli, ["ingest", "doj", "--config", str(bad), "--corpus", str(tmp_path)])
    assert r.exit_code == 1 and "bad.yml: client.timeout_seconds" in r.output


def test_every_source_into_one_corpus_and_on_into_the_database(tmp_path, monkeypatch):
    import sqlite_utils

    from tests.ingest_helpers import doj_site

    monkeypatch.setenv("COURTLISTENER_TOKEN", "0123456789abcdef0123456789abcdef01234567")
    corpus, cfg, webs = tmp_path / "corpus", fast_config(tmp_path), []
    try:
        for source, site, extra in (("doj", doj_site, {}), ("cps", cps_site, {}), ("fcl", fcl_site, {"targets": ["ewca/crim/2024/901"]}),
                                    ("courtlistener", cl_site, {"query": "x"})):
            w = FakeWeb()
            webs.append(w)
            site(w)
            assert run(source, corpus, w, cfg, **extra)["new"] >= 1, source
    finally:
        for w in webs:
            w.close()
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(tmp_path / "c.db")
    ids = {r["id"] for r in db["documents"].rows}
    assert {i.split("-")[0] for i in ids} == {"doj", "cps", "fcl", "courtlistener"}
    relevant = {r["document_id"] for r in db["annotations"].rows_where("relevant = 1")}
    assert {i.split("-")[0] for i in relevant} >= {"doj", "cps", "courtlistener"}


def test_a_url_host_with_an_unknown_licence_is_a_config_error(tmp_path):
    import yaml

    from casebook.errors import CasebookError
    from ingest.config import DEFAULT_CONFIG, load_config

    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    cfg["sources"]["url"]["hosts"]["example.org"] = {"source_kind": "news_report", "licence": "cc-by-4.0", "publisher": "Example"}
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    with pytest.raises(CasebookError, match=r"sources.url.hosts.example.org.licence: 'cc-by-4.0' is not one of"):
        load_config(path)
