"""Presumption of innocence and takedowns, in a real build."""

from __future__ import annotations

import shutil

import pytest
import sqlite_utils

from casebook.errors import CasebookError
from db.build import build
from db.cases import case_rows, link
from tests.conftest import ROOT
from tests.test_cases import mention


def test_every_case_says_its_legal_position_in_words():
    rows = case_rows(link([mention("a", "Pat Roe", stage="charged", date="2024-02-01"),
                           mention("b", "Lee Doe", stage="sentenced", date="2023-05-01"),
                           mention("c", "Kim Poe", stage="acquitted", date="2022-01-01"),
                           mention("d", "Sam Coe", stage="charged", country="UK", region="England and Wales")]), {})["cases"]
    notes = {r["name"]: r["status_note"] for r in rows}
    assert notes["Pat Roe"].startswith("ALLEGED: charged, not convicted, as of 2024-02-01") and "presumed innocent" in notes["Pat Roe"]
    assert notes["Lee Doe"] == "CONVICTED (sentenced) as of 2023-05-01."
    assert notes["Kim Poe"].startswith("ACQUITTED")
    assert "UK proceedings may be active" in notes["Sam Coe"]


@pytest.fixture
def corpus(tmp_path, small_corpus):
    shutil.copytree(ROOT / "corpus" / "cases", small_corpus / "cases")
    return small_corpus


def all_text(db_path) -> str:
    db = sqlite_utils.Database(db_path)
    return "\n".join(str(v) for t in db.table_names() for row in db[t].rows for v in row.values() if v is not None)


def test_a_takedown_by_document_id_removes_it_and_all_derived_rows(tmp_path, corpus):
    build(corpus, tmp_path / "before.db")
    before = sqlite_utils.Database(tmp_path / "before.db")
    doc = next(before.query("select d.id, d.url from documents d join case_documents c on c.document_id = d.id limit 1"))
    (corpus / "takedowns.yml").write_text(
        f"takedowns:\n  - document: {doc['id']}\n    reason: Test takedown.\n    date: 2026-11-26\n", encoding="utf-8")
    result = build(corpus, tmp_path / "after.db")
    assert doc["id"] not in all_text(tmp_path / "after.db") and doc["url"] not in all_text(tmp_path / "after.db")
    after = sqlite_utils.Database(tmp_path / "after.db")
    assert after["documents"].count == before["documents"].count - 1
    assert after["build_info"].get("takedowns_applied")["value"] == "1"
    log = (tmp_path / "after.takedowns.log").read_text()
    assert "Test takedown." in log and doc["id"] in log  # the reason is logged beside the database, not in it
    assert result["takedowns"][0]["removed"] == [f"document {doc['id']}"]


def test_a_takedown_by_url_and_by_case(tmp_path, corpus):
    build(corpus, tmp_path / "before.db")
    before = sqlite_utils.Database(tmp_path / "before.db")
    doc = next(before.query("select id, url from documents order by id limit 1"))
    (corpus / "takedowns.yml").write_text(
        f"takedowns:\n  - url: {doc['url']}\n    reason: By URL.\n    date: 2026-11-26\n"
        "  - case: clinton-correctional-2015-escape-gene-palmer\n    reason: By case.\n    date: 2026-11-26\n", encoding="utf-8")
    build(corpus, tmp_path / "after.db")
    text = all_text(tmp_path / "after.db")
    assert doc["url"] not in text and "Gene Palmer" not in text
    assert "Joyce Mitchell" in text  # the other defendant of the record stays


def test_a_bad_takedown_file_names_line_and_field_and_publishes_nothing(tmp_path, corpus):
    (corpus / "takedowns.yml").write_text("takedowns:\n  - document: x\n    date: 2026-11-26\n", encoding="utf-8")
    with pytest.raises(CasebookError, match=r"takedowns.yml:2: takedowns.0.reason: is missing"):
        build(corpus, tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
