"""A real Datasette process on 127.0.0.1: documents JSON, facets, search, and metadata covering every column."""

from __future__ import annotations

import httpx
import sqlite_utils
import yaml

from tests.conftest import ROOT


def test_documents_table_answers_json(datasette_server):
    base, _ = datasette_server
    rows = httpx.get(f"{base}/casebook/documents.json?_shape=array&_col=title", timeout=10).json()
    assert len(rows) == 8 and all("title" in r for r in rows)


def test_facet_query_counts_stages(datasette_server):
    base, db_path = datasette_server
    data = httpx.get(f"{base}/casebook/annotations.json?_facet=stage&_size=0", timeout=10).json()
    counted = {r["value"]: r["count"] for r in data["facet_results"]["stage"]["results"]}
    expected = {}
    for row in sqlite_utils.Database(db_path).query("select stage, count(*) n from annotations where stage is not null group by stage"):
        expected[row["stage"]] = row["n"]
    assert counted == expected


def test_search_and_read_only(datasette_server):
    base, _ = datasette_server
    hits = httpx.get(f"{base}/casebook/documents.json?_search=Salcido&_shape=array", timeout=10).json()
    assert any("salcido" in h["id"] for h in hits)
    denied = httpx.get(f"{base}/casebook.json?sql=delete+from+documents", timeout=10)
    assert denied.status_code >= 400


def test_every_table_and_column_is_described_in_metadata(tmp_path, small_corpus):
    from db.build import build

    build(small_corpus, tmp_path / "m.db")
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["casebook"]["tables"]
    db = sqlite_utils.Database(tmp_path / "m.db")
    missing = []
    for table in db.table_names() + db.view_names():
        if table.startswith(("documents_fts", "cases_fts")):
            assert meta.get(table, {}).get("hidden"), f"{table} should be hidden"
            continue
        if not (meta.get(table, {}).get("description") or meta.get(table, {}).get("description_html")):
            missing.append(table)
        for col in db[table].columns:  # a table or a view
            if not (meta.get(table, {}).get("columns") or {}).get(col.name):
                missing.append(f"{table}.{col.name}")
    assert missing == []
