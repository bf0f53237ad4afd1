"""Victim anonymity, measured on the planted set: no planted name reaches the database in any form."""

from __future__ import annotations

import json
import re

import sqlite_utils

from db.build import build
from db.redact import MARKER, Redactor
from ingest.importer import import_file
from tests.planted import planted_records

TEXT_COLUMNS = {"documents": ("title", "text"), "evidence": ("quote",), "case_documents": ("fact", "quote"),
                "case_warning_signs": ("quote",), "cases": ("summary", "outcome_quote", "citation", "name"),
                "defendants": ("name",), "annotations": ("principal_name",)}


def build_planted(tmp_path):
    planted = planted_records()
    src = tmp_path / "planted.jsonl"
    src.write_text("".join(json.dumps(p["record"], ensure_ascii=False) + "\n" for p in planted), encoding="utf-8")
    import_file(src, tmp_path / "corpus")
    build(tmp_path / "corpus", tmp_path / "p.db")
    return planted, sqlite_utils.Database(tmp_path / "p.db")


def published_text(db) -> str:
    return "\n".join(str(v) for table, cols in TEXT_COLUMNS.items() for row in db[table].rows for c in cols if (v := row.get(c)))


def test_no_planted_victim_name_reaches_the_database(tmp_path):
    planted, db = build_planted(tmp_path)
    everything = published_text(db)
    leaks = [form for p in planted for form in (f"{p['first']} {p['last']}", p["last"], p["initials"])
             if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w])", everything)]
    assert leaks == []
    assert everything.count(MARKER) >= 3 * len(planted)  # every planted mention became the marker


def test_defendants_stay_named(tmp_path):
    planted, db = build_planted(tmp_path)
    for p in planted:
        doc = db["documents"].get(p["record"]["id"])
        for name in p["defendants"]:
            assert name.split()[-1] in doc["text"] + (doc["title"] or ""), (p["record"]["id"], name)


def test_the_forms_a_name_takes_are_all_found():
    r = Redactor()
    text = ("Officer John Smith, 40, pleaded guilty. The victim, Marisol Quenby, reported it. Quenby's cellmate agreed. "
            "Court papers call her M.Q. “I was afraid,” said Marisol Quenby. Ms. Quenby was released. "
            "Judge Anne Conway sentenced Smith, said U.S. Attorney Carlton Shier.")
    red = r.names_to_withhold(text, ["John Smith"])
    out = r.redact(text, r.pattern_for(red.withheld, red.kept))
    assert "Quenby" not in out and "M.Q." not in out and out.count(MARKER) == 5
    assert "John Smith" in out and "Anne Conway" in out and "Carlton Shier" in out


def test_a_document_not_about_a_sexual_offence_is_left_alone():
    r = Redactor()
    assert not r.is_sexual({"misconduct": ["contraband_smuggling"]}, "He smuggled tobacco for inmate Jane Roe.")
    assert r.is_sexual({}, "He was convicted of sexual abuse of a ward.")
