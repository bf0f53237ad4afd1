"""Build: deterministic rows, atomic replacement, FTS, foreign keys, incremental annotation."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from casebook.corpus import iter_document_paths
from casebook.errors import InvalidRecord
from db.build import build


def dump(db_path) -> dict:
    """Every table's rows in primary-key order (the FTS shadow tables and the build time left out)."""
    db = sqlite_utils.Database(db_path)
    out = {}
    for t in db.table_names():
        if t.startswith(("documents_fts", "cases_fts")):
            continue
        pk = db[t].pks
        out[t] = [r for r in db[t].rows_where(order_by=", ".join(f"[{k}]" for k in pk)) if r.get("key") != "built_at"]
    return out


def test_build_twice_gives_the_same_rows(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "a.db")
    build(small_corpus, tmp_path / "b.db")
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert a == b
    assert len(a["documents"]) == 8 and len(a["annotations"]) == 8


def test_second_build_annotates_nothing(tmp_path, small_corpus):
    assert build(small_corpus, tmp_path / "a.db")["annotated"] == 8
    assert build(small_corpus, tmp_path / "a.db")["annotated"] == 0


def test_failed_build_leaves_the_old_database_untouched(tmp_path, small_corpus):
    db_path = tmp_path / "casebook.db"
    build(small_corpus, db_path)
    before = db_path.read_bytes()
    bad = iter_document_paths(small_corpus)[0]
    doc = json.loads(bad.read_text())
    doc["licence"] = "stolen"
    bad.write_text(json.dumps(doc))
    with pytest.raises(InvalidRecord, match="licence"):
        build(small_corpus, db_path)
    assert db_path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_full_text_search_finds_a_known_phrase(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    hits = [r["id"] for r in db["documents"].search('"sexual abuse of a ward"')]
    assert "doj-edky-salcido-sentenced-sexual-abuse-of-ward" in hits


def test_foreign_keys_hold_and_facet_columns_are_indexed(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    indexed = {tuple(i.columns) for i in db["annotations"].indexes}
    assert {("stage",), ("role",), ("gender_dynamic",), ("facility_kind",)} <= indexed
    fks = {(fk.column, fk.other_table) for fk in db["evidence"].foreign_keys}
    assert ("document_id", "documents") in fks


def test_evidence_offsets_point_at_the_quote(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    rows = list(db.query("select e.quote, e.location, e.start, e.end, d.title, d.text from evidence e join documents d on d.id = e.document_id"))
    assert rows
    for r in rows:
        source = r["text"] if r["location"] == "text" else r["title"]
        assert source[r["start"]:r["end"]] == r["quote"]
