"""Incremental builds and quarantine: a rebuild redoes only what changed, gives the same rows as a build from
scratch, and a document that fails a publication check is left out while the rest is published.

Real corpora (gold documents and constructed public-domain-style releases with invented names), the real
pipeline, real SQLite files.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from casebook.corpus import content_sha256, document_path, iter_document_paths, read_document, serialise
from casebook.errors import CasebookError
from db.build import build, quarantine_path
from db.state import state_path
from tests.conftest import write_jsonl
from tests.test_build import dump

DOJ = {"url": "https://www.justice.gov/example/{id}", "publisher": "U.S. Department of Justice",
       "source_kind": "us_federal_press_release", "licence": "public-domain-us-gov"}
# Constructed releases with invented names: a victim named in one, the same whole name (as a defendant's
# variant) in another, and a release that merely mentions that name.
VICTIM_NAMED = {"id": "constructed-victim-named", "published": "2023-03-01",
                "title": "Former Correctional Officer Sentenced for Sexual Abuse of an Inmate",
                "text": "A former correctional officer at a federal prison, Dale Ransome, 44, was sentenced today to 60 months "
                        "in prison for sexual abuse of a ward.\n\nThe victim, Marisol Quenby, told investigators that Ransome "
                        "abused her in a storage room. Quenby reported the abuse to a staff member.\n\nRansome pleaded guilty in 2022."}
SAME_NAME_AS_DEFENDANT = {"id": "constructed-other-officer", "published": "2024-05-01",
                          "title": "Former Jail Officer Pleads Guilty to Smuggling Contraband",
                          "text": "A former detention officer, Marisol Q. Quenby, 39, pleaded guilty today to smuggling contraband "
                                  "into a county jail in exchange for bribes.\n\nAccording to court documents, Marisol Quenby "
                                  "accepted cash payments to bring cell phones and drugs to inmates."}
MENTIONS_NAME = {"id": "constructed-mentions-name", "published": "2021-01-10",
                 "title": "Former Prison Guard Sentenced for Accepting Bribes",
                 "text": "A former correctional officer, Lowell Tarrant, 31, was sentenced today to 24 months in prison for "
                         "accepting bribes to smuggle tobacco into a state prison. Marisol Quenby attended the hearing."}


def release(row: dict) -> dict:
    return {**{k: v.format(id=row["id"]) for k, v in DOJ.items()}, **row}


def import_rows(corpus, rows, tmp_path, name="rows.jsonl"):
    from ingest.importer import import_file

    import_file(write_jsonl(tmp_path / name, rows), corpus)


def edit(corpus, doc_id: str, extra: str) -> None:
    path = next(p for p in iter_document_paths(corpus) if p.stem == doc_id)
    doc = read_document(path)
    doc["text"] += extra
    doc["content_sha256"] = content_sha256(doc["title"], doc["text"])
    path.write_text(serialise(doc), encoding="utf-8")


def fts_ok(db_path) -> None:
    conn = sqlite3.connect(db_path)
    for table in ("documents_fts", "cases_fts"):
        conn.execute(f"insert into {table}({table}) values('integrity-check')")  # raises when the index is out of step
    assert conn.execute("select count(*) from documents_fts").fetchone()[0] == conn.execute("select count(*) from documents").fetchone()[0]


def all_text(db_path) -> str:
    conn = sqlite3.connect(db_path)
    out = []
    for (table,) in conn.execute("select name from sqlite_master where type = 'table' and name not like '%fts%'"):
        out += [json.dumps(r, ensure_ascii=False) for r in conn.execute(f"select * from [{table}]")]
    return "\n".join(out)


def test_incremental_build_equals_a_build_from_scratch(tmp_path, small_corpus):
    first = build(small_corpus, tmp_path / "inc.db")
    assert first["mode"] == "full"
    ids = sorted(p.stem for p in iter_document_paths(small_corpus))
    edit(small_corpus, ids[0], "\n\nThe officer was also ordered to pay a $5,000 fine.")
    edit(small_corpus, ids[1], "\n\nHe was sentenced to 18 months in prison.")
    next(p for p in iter_document_paths(small_corpus) if p.stem == ids[2]).unlink()
    import_rows(small_corpus, [release(MENTIONS_NAME)], tmp_path)
    again = build(small_corpus, tmp_path / "inc.db")
    assert again["mode"] == "incremental" and again["annotated"] == 3
    scratch = build(small_corpus, tmp_path / "scratch.db", full=True)
    assert scratch["mode"] == "full"
    inc, full = dump(tmp_path / "inc.db"), dump(tmp_path / "scratch.db")
    assert inc == full
    assert ids[2] not in {d["id"] for d in inc["documents"]}
    assert "constructed-mentions-name" in {d["id"] for d in inc["documents"]}
    fts_ok(tmp_path / "inc.db")


def test_a_rebuild_with_nothing_changed_does_not_touch_the_database(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "a.db")
    before = (tmp_path / "a.db").stat().st_mtime_ns
    s = build(small_corpus, tmp_path / "a.db")
    assert s["mode"] == "unchanged" and s["documents"] == 8 and s["annotated"] == 0
    assert (tmp_path / "a.db").stat().st_mtime_ns == before


def test_a_changed_corrections_file_rebuilds_from_scratch(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "a.db")
    doc_id = sorted(p.stem for p in iter_document_paths(small_corpus))[0]
    (small_corpus / "corrections.yml").write_text(
        f"corrections:\n  - document: {doc_id}\n    field: stage\n    value: charged\n    reviewer: Test Reviewer\n"
        "    date: 2026-11-30\n    reason: constructed test correction\n", encoding="utf-8")
    s = build(small_corpus, tmp_path / "a.db")
    assert s["mode"] == "full" and s["corrections"] == 1
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("select stage from annotations where document_id = ?", [doc_id]).fetchone()[0] == "charged"


def test_a_database_replaced_by_hand_is_not_patched(tmp_path, small_corpus):
    build(small_corpus, tmp_path / "a.db")
    (tmp_path / "a.db").unlink()
    assert build(small_corpus, tmp_path / "a.db")["mode"] == "full"
    state_path(tmp_path / "a.db").write_bytes(b"not a database")
    assert build(small_corpus, tmp_path / "a.db")["mode"] == "full"


def test_a_name_withheld_later_is_withheld_in_older_documents_too(tmp_path):
    corpus = tmp_path / "corpus"
    import_rows(corpus, [release(MENTIONS_NAME)], tmp_path, "a.jsonl")
    build(corpus, tmp_path / "inc.db")
    assert "Marisol Quenby" in all_text(tmp_path / "inc.db")
    import_rows(corpus, [release(VICTIM_NAMED)], tmp_path, "b.jsonl")
    s = build(corpus, tmp_path / "inc.db")
    assert s["mode"] == "incremental"
    assert "Quenby" not in all_text(tmp_path / "inc.db")
    build(corpus, tmp_path / "scratch.db", full=True)
    assert dump(tmp_path / "inc.db") == dump(tmp_path / "scratch.db")


def test_a_doubtful_document_is_quarantined_and_the_rest_published(tmp_path):
    corpus = tmp_path / "corpus"
    import_rows(corpus, [release(VICTIM_NAMED), release(SAME_NAME_AS_DEFENDANT), release(MENTIONS_NAME)], tmp_path)
    s = build(corpus, tmp_path / "q.db")
    assert [q["document_id"] for q in s["quarantined"]] == ["constructed-other-officer"]
    text = all_text(tmp_path / "q.db")
    assert "constructed-other-officer" not in text and "Quenby" not in text
    assert s["documents"] == 2
    with open(quarantine_path(tmp_path / "q.db"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["document_id"] == "constructed-other-officer" and "possible victim" in rows[0]["reason"]
    assert "Quenby" not in quarantine_path(tmp_path / "q.db").read_text(encoding="utf-8")
    with pytest.raises(CasebookError, match="1 document\\(s\\) quarantined"):
        build(corpus, tmp_path / "strict.db", strict=True)
    assert (tmp_path / "strict.db").exists()  # published without it; --strict only changes the exit status


def test_a_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(CasebookError, match="no such corpus folder"):
        build(tmp_path / "nowhere", tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists()
