"""Serving at scale: canned-query plans use indexes, summary tables equal their queries, facets are indexed,
table counts come from the inspect file, and `casebook serve --workers 2` answers from two processes on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
import yaml

from tests.conftest import ROOT

META = yaml.safe_load((ROOT / "metadata.yml").read_text())
QUERIES = META["databases"]["casebook"]["queries"]
CHARTS = {f"dashboard {k}": v["query"] for k, v in META["plugins"]["datasette-dashboards"]["overview"]["charts"].items()
          if "query" in v}
# Tables that grow with the corpus (100,000 documents: 400,000 evidence rows, 40,000 cases).
BIG = {"documents", "annotations", "cases", "case_documents", "evidence", "defendants", "document_misconduct",
       "document_contraband", "document_statutes", "case_misconduct", "case_contraband", "case_statutes",
       "case_warning_signs"}


def plan_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The EXPLAIN QUERY PLAN lines that read every row of a big table, named by table.

    "SCAN cases" reads the table; "SCAN c USING INDEX idx_cases_role" reads it too, row by row in index order.
    "SCAN ... USING COVERING INDEX" reads only an index (a count per facet value) and "SEARCH" only what matches.
    """
    # "from case_contraband cc", "join cases c": the plan names a table by its alias
    aliases = {m.group(2) or m.group(1): m.group(1)
               for m in re.finditer(r"\b(?:from|join)\s+(\w+)(?:\s+(?:as\s+)?(?!where|join|on|group|order|left|inner|limit)(\w+))?", sql, re.I)}
    params = {name: "" for name in re.findall(r":(\w+)", sql)}
    out = []
    for row in conn.execute("explain query plan " + sql, params):
        # "SCAN cases", "SCAN c" and "SCAN c USING INDEX idx_cases_role" read every row; a covering index or SEARCH does not
        m = re.match(r"SCAN (\w+)(?: USING INDEX \w+)?\s*$", row[3])
        if m and aliases.get(m.group(1), m.group(1)) in BIG:
            out.append(f"{aliases.get(m.group(1), m.group(1))}: {row[3]!r}")
    return out


@pytest.mark.parametrize("name", sorted(QUERIES) + sorted(CHARTS))
def test_no_canned_query_scans_a_big_table_without_an_index(shipped_server, name):
    _, db_path = shipped_server
    sql = QUERIES[name]["sql"] if name in QUERIES else CHARTS[name]
    conn = sqlite3.connect(db_path)
    scans = plan_scans(conn, sql)
    assert not scans, (
        f"{name}: EXPLAIN QUERY PLAN reads a whole big table: {'; '.join(scans)}. At 100,000 documents this is "
        "hundreds of milliseconds a request. Add the index the WHERE/ORDER BY needs to db/summaries.py INDEXES, or, "
        "when the query aggregates, precompute it in db/summaries.py SUMMARIES and read that table.")


def test_plan_check_notices_a_full_scan(shipped_server):
    _, db_path = shipped_server
    conn = sqlite3.connect(db_path)
    assert plan_scans(conn, "select * from cases c where c.summary like '%x%'") == ["cases: 'SCAN c'"]
    assert plan_scans(conn, "select role, max(summary) from cases group by role") == [
        "cases: 'SCAN cases USING INDEX idx_cases_role'"]
    assert plan_scans(conn, "select role, count(*) from cases group by role") == []  # the index alone answers
    assert plan_scans(conn, "select * from cases where status = 'convicted' order by last_date desc") == []


def test_summary_tables_hold_exactly_what_their_queries_give(shipped_server):
    from db.summaries import SUMMARIES

    _, db_path = shipped_server
    conn = sqlite3.connect(db_path)
    for table, sql in SUMMARIES.items():
        stored = conn.execute(f"select * from [{table}] order by rowid").fetchall()
        assert stored == conn.execute(sql).fetchall(), f"{table} is stale: create_summaries must run after the rows change"
        assert stored, f"{table} is empty on the shipped corpus"
    assert conn.execute("select type from sqlite_master where name = 'coverage'").fetchone() == ("table",)


def test_every_facet_of_metadata_has_an_index(shipped_server):
    _, db_path = shipped_server
    conn = sqlite3.connect(db_path)
    missing = []
    for table, tmeta in META["databases"]["casebook"]["tables"].items():
        for facet in tmeta.get("facets") or []:
            first_columns = {conn.execute(f"pragma index_info([{ix[1]}])").fetchone()[2]
                             for ix in conn.execute(f"pragma index_list([{table}])")}
            if facet not in first_columns:
                missing.append(f"{table}.{facet}")
    assert missing == [], f"facet columns without an index (add them to db/summaries.py INDEXES): {missing}"


def test_table_counts_come_from_the_inspect_file(tmp_path, small_corpus):
    """Datasette counts a table page's rows from the inspect file, not with count(*) on every request."""
    from db.build import build
    from db.serve import inspect_file, start_in_background, stop

    db_path = tmp_path / "casebook.db"
    build(small_corpus, db_path)
    path = inspect_file(db_path)
    data = json.loads(path.read_text())
    data["casebook"]["tables"]["cases"]["count"] = 123456  # a count no query of this database would give
    path.write_text(json.dumps(data))
    proc, base = start_in_background(db_path, ROOT / "metadata.yml")
    try:
        page = httpx.get(f"{base}/casebook/cases.json", params={"_size": 0}, timeout=20).json()
        assert page["filtered_table_rows_count"] == 123456
        filtered = httpx.get(f"{base}/casebook/cases.json", params={"_size": 0, "status": "convicted"}, timeout=20).json()
        assert filtered["filtered_table_rows_count"] < 123456  # a filtered page still counts
    finally:
        stop(proc)


def worker_processes(pid: int) -> list[int]:
    """The uvicorn workers of a server process: its children started by multiprocessing (spawn_main)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
            cmdline = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(") ", 1)[1].split()[1]) == pid and "spawn_main" in cmdline:
            out.append(int(entry))
    return out


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on a TCP port, from /proc/net/tcp (IPv4) and tcp6."""
    out = set()
    for name in ("tcp", "tcp6"):
        try:
            lines = open(f"/proc/net/{name}").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and state == "0A":  # 0A: LISTEN
                out.add(addr)
    return out


def test_serve_with_two_workers_answers_from_two_processes_on_loopback(tmp_path, small_corpus):
    from db.build import build

    db_path = tmp_path / "casebook.db"
    build(small_corpus, db_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "casebook", "serve", "--db", str(db_path), "--port", str(port),
                             "--workers", "2"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert httpx.get(f"{base}/casebook/cases", timeout=20).status_code == 200, (tmp_path / "serve.log").read_text()
        rows = httpx.get(f"{base}/casebook/documents.json", params={"_shape": "array"}, timeout=20).json()
        assert len(rows) == 8
        assert httpx.get(f"{base}/casebook/researchers_cases_by_gender_dynamic_and_year.json", timeout=20).status_code == 200
        assert httpx.get(f"{base}/-/databases.json", timeout=10).json()[0]["is_mutable"] is False
        assert httpx.get(f"{base}/casebook.json", params={"sql": "delete from cases"}, timeout=10).status_code >= 400
        workers = worker_processes(proc.pid)
        assert len(workers) == 2, f"expected 2 worker processes under {proc.pid}, found {workers}"
        assert listening_addresses(port) == {"0100007F"}, "the default host must be 127.0.0.1 only"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        log.close()
    time.sleep(0.5)
    assert not [w for w in workers if os.path.exists(f"/proc/{w}") and "zombie" not in open(f"/proc/{w}/status").read().lower()]


def test_serve_refuses_zero_workers(tmp_path):
    r = subprocess.run([sys.executable, "-m", "casebook", "serve", "--workers", "0"], cwd=ROOT, capture_output=True,
                       text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode != 0 and "--workers" in r.stderr and "Traceback" not in r.stderr


def test_replicate_multiplies_rows_with_distinct_ids_and_working_search(shipped_server, tmp_path):
    """bench/serving.py replicate(): the big database the serving benchmark (and bench/scale.py) measures."""
    sys.path.insert(0, str(ROOT / "bench"))
    from serving import replicate
    from db.summaries import SUMMARIES

    _, src = shipped_server
    out = tmp_path / "big" / "casebook.db"
    counts = replicate(src, out, n_docs=3 * 94, progress=lambda message: None)
    conn, orig = sqlite3.connect(out), sqlite3.connect(src)
    n = orig.execute("select count(*) from documents").fetchone()[0]
    assert counts["copies"] == round(3 * 94 / n)
    for table in ("documents", "cases", "case_documents", "evidence", "defendants", "case_warning_signs"):
        rows = conn.execute(f"select count(*), count(distinct id) from {table}").fetchone()
        assert rows[0] == rows[1] == counts["copies"] * orig.execute(f"select count(*) from {table}").fetchone()[0], table
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    hits = "select count(*) from documents_fts where documents_fts match 'officer'"
    assert conn.execute(hits).fetchone()[0] == counts["copies"] * orig.execute(hits).fetchone()[0]
    years = {r[0] for r in conn.execute("select distinct substr(published, 1, 4) from documents")}
    assert len(years) > len({r[0] for r in orig.execute("select distinct substr(published, 1, 4) from documents")})
    for table, sql in SUMMARIES.items():  # made again from the multiplied rows
        assert conn.execute(f"select * from [{table}] order by rowid").fetchall() == conn.execute(sql).fetchall(), table
    case = "clinton-correctional-2015-escape-joyce-mitchell"
    assert conn.execute("select count(*) from cases where id = ?", (case,)).fetchone()[0] == 1  # copy 0 keeps its ids
