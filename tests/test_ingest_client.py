"""The polite HTTP client against every transport fault of sources.md §7, on a real local server."""

from __future__ import annotations

import pytest

from ingest.http import FetchError, PoliteClient, decode, retry_after_seconds
from ingest.state import State
from tests.fakeweb import FakeWeb, Reply, example
from tests.ingest_helpers import Waits


@pytest.fixture
def web():
    w = FakeWeb()
    w.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    yield w
    w.close()


def client(web, **kw):
    args = dict(user_agent="CustodyCasebook/test (+https://example.org; test@example.org)", allowed_hosts=[web.host],
                pace_seconds=0, timeout_seconds=0.5, max_tries=3, backoff_seconds=0.01, sleep=Waits())
    args.update(kw)
    return PoliteClient(**args)


def test_a_slow_response_times_out_and_is_retried(web):
    web.route("/slow", Reply(body=b"late", delay=1.5), Reply(body=b"in time"))
    with client(web) as c:
        assert c.get(web.base_url + "/slow").content == b"in time"
    assert len(web.hits("/slow")) == 2


def test_a_connection_reset_is_retried(web):
    web.route("/reset", Reply(reset=True), Reply(body=b"ok"))
    with client(web) as c:
        assert c.get(web.base_url + "/reset").content == b"ok"


def test_a_truncated_body_is_retried_then_given_up(web):
    web.route("/cut", Reply(body=b"<html>half", truncate=True))
    with client(web) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/cut")
    assert e.value.kind == "failed" and "3 tries" in e.value.problem and len(web.hits("/cut")) == 3


def test_a_redirect_chain_with_relative_locations_is_followed(web):
    web.route("/old/page", Reply(301, headers={"Location": "/moved/page"}))
    web.route("/moved/page", Reply(302, headers={"Location": "final"}))  # relative to /moved/
    web.route("/moved/final", Reply(body=b"<p>here</p>"))
    with client(web) as c:
        r = c.get(web.base_url + "/old/page")
    assert r.url == web.base_url + "/moved/final" and r.content == b"<p>here</p>"


def test_a_redirect_off_the_allow_list_is_refused(web):
    web.route("/go", Reply(302, headers={"Location": "https://evil.example.com/steal"}))
    with client(web) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/go")
    assert e.value.kind == "off-host-redirect"


def test_a_host_off_the_allow_list_is_never_contacted(web):
    with client(web, allowed_hosts=["www.justice.gov"]) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/anything")
    assert e.value.kind == "off-list" and not web.requests


def test_robots_txt_is_read_once_and_obeyed(web):
    web.route("/private/x", Reply(body=b"secret"))
    web.route("/public", Reply(body=b"ok"))
    with client(web) as c:
        c.get(web.base_url + "/public")
        c.get(web.base_url + "/public")
        with pytest.raises(FetchError) as e:
            c.get(web.base_url + "/private/x")
    assert e.value.kind == "disallowed" and not web.hits("/private/x") and len(web.hits("/robots.txt")) == 1


def test_a_403_is_blocked_and_not_retried(web):
    web.route("/blocked", Reply(403, b"denied"))
    with client(web) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/blocked")
    assert e.value.kind == "blocked" and len(web.hits("/blocked")) == 1


def test_a_retry_after_beyond_the_cap_gives_up_at_once(web):
    web.route("/limited", Reply(429, headers={"Retry-After": "86400"}))
    with client(web, max_retry_after_seconds=300) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/limited")
    assert e.value.kind == "rate-limited" and len(web.hits("/limited")) == 1


def test_a_response_over_the_size_cap_is_refused(web):
    web.route("/big", Reply(body=b"x" * 5000))
    with client(web, max_response_bytes=1000) as c, pytest.raises(FetchError) as e:
        c.get(web.base_url + "/big")
    assert e.value.kind == "too-large"


def test_a_cp1252_page_is_decoded(web):
    web.route("/old", example("doj", "archive_cp1252.html", content_type="text/html"))
    with client(web) as c:
        text = c.get(web.base_url + "/old").text
    assert "“gifts”" in text and "inmate’s" in text
    assert decode("café".encode("utf-8"), "text/html") == "café"
    assert decode("café".encode("latin-1"), "text/html; charset=iso-8859-1") == "café"


def test_conditional_get_sends_the_validators_and_accepts_304(web, tmp_path):
    web.route("/page", Reply(body=b"v1", headers={"ETag": '"abc"', "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"}))
    state = State(tmp_path)
    with client(web, validators=state) as c:
        c.get(web.base_url + "/page")
        web.route("/page", Reply(304))
        assert c.get(web.base_url + "/page").not_modified
    second = web.hits("/page")[1]["headers"]
    assert second["If-None-Match"] == '"abc"' and second["If-Modified-Since"] == "Wed, 01 May 2024 10:00:00 GMT"
    state.close()


def test_pace_spaces_requests_to_one_host(web):
    web.route("/p", Reply(body=b"ok"))
    waits = Waits()
    with client(web, pace_seconds=0.5, sleep=waits) as c:
        c.get(web.base_url + "/p")
        c.get(web.base_url + "/p")
    assert waits and all(0 < w <= 0.5 for w in waits)


def test_justice_gov_is_never_asked_more_than_four_times_a_second():
    waits = Waits()
    c = PoliteClient(user_agent="t", allowed_hosts=["www.justice.gov"], pace_seconds=0, sleep=waits)
    c.wait_turn("www.justice.gov")
    c.wait_turn("www.justice.gov")
    c.close()
    assert waits and 0.2 < waits[0] <= 0.25


def test_retry_after_in_both_forms():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == pytest.approx(60, abs=1)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
