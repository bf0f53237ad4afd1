"""Serving under load, read-only, with a time limit: a real Datasette on loopback, the shipped database."""

from __future__ import annotations

import sys

import httpx

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from load import run_load  # noqa: E402  (bench/load.py: the same measurement as the benchmark script)


def test_20_clients_for_30_seconds_get_no_errors(shipped_server):
    base, _ = shipped_server
    result = run_load(base, clients=20, seconds=30)
    print(f"\nload: {result}")
    assert result["requests"] > 0 and result["errors"] == 0, result["error_examples"]


def test_write_attempts_and_non_select_sql_are_refused(shipped_server):
    base, db_path = shipped_server
    before = db_path.read_bytes()
    for sql in ("delete from cases", "insert into cases (id) values ('x')", "drop table documents",
                "attach database ':memory:' as m", "pragma writable_schema = 1"):
        r = httpx.get(f"{base}/casebook.json", params={"sql": sql}, timeout=10)
        assert r.status_code >= 400, sql
    assert httpx.post(f"{base}/casebook/cases", data={"id": "x"}, timeout=10).status_code >= 400
    assert httpx.post(f"{base}/casebook/-/create", json={"table": "x"}, timeout=10).status_code >= 400
    assert db_path.read_bytes() == before


def test_a_slow_query_is_cut_off_by_the_time_limit(shipped_server):
    base, _ = shipped_server
    slow = "with recursive r(i) as (select 1 union all select i + 1 from r where i < 1000000000) select count(*) from r"
    r = httpx.get(f"{base}/casebook.json", params={"sql": slow}, timeout=60)
    assert r.status_code >= 400 and "interrupted" in r.text.lower()  # SQLite was stopped at the limit
