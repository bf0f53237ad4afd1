"""Long documents and control characters: a 3,000,000-character document builds, with verbatim evidence;
import refuses a text over the size limit and removes control characters; a stored file holding one is refused."""

from __future__ import annotations

import json
import sys

import sqlite_utils
from click.testing import CliRunner

from casebook.cli import cli
from casebook.corpus import MAX_TEXT_CHARS, content_sha256, iter_document_paths, load_corpus, read_document
from annotate.parts import PART_CHARS, merge_parts, split_text
from tests.conftest import ROOT, gold_records, write_jsonl

sys.path.insert(0, str(ROOT / "bench"))
from long_document import LATE_NAME, long_record  # noqa: E402

# Shipped press releases about contraband and bribery (one defendant each, no sexual offence: the
# redaction pass reads every name of a sexual-offence document, see the README), copied into the long text.
LONG_TEXT_SOURCES = {
    "doj-oig-2008-thompson-fci-ashland-tobacco-plea", "usao-md-2007-phillips-fci-cumberland-bribes-tobacco-plea",
    "usao-ndga-2018-thomas-usp-atlanta-bribes-tobacco-plea", "usao-sdga-kerr-mcrae-cf-bribery-cigarettes-indicted",
    "usao-wdva-austin-usp-lee-bribes-contraband-sentenced", "doj-oig-2016-bop-contraband-interdiction-review",
}


def row(**fields) -> dict:
    """An import row of a constructed document with invented names."""
    base = {"id": "constructed-1", "url": "https://www.justice.gov/constructed-1", "publisher": "U.S. Attorney's Office",
            "source_kind": "us_federal_press_release", "licence": "public-domain-us-gov", "published": "2024-05-01",
            "title": "Former Jailer Sentenced", "text": "Jane Quarrow, a former jailer, was sentenced today."}
    return {**base, **fields}


def test_a_corpus_with_a_3_000_000_character_document_builds_with_verbatim_evidence(tmp_path):
    record = long_record(3_000_000, keep=lambda d: d["id"] in LONG_TEXT_SOURCES)
    text = record["text"]
    assert len(text) >= 3_000_000 and text.index(LATE_NAME) > 2_800_000
    source = write_jsonl(tmp_path / "long.jsonl", [record, *gold_records()[:3]])
    corpus, db_path = tmp_path / "corpus", tmp_path / "casebook.db"
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(source), "--corpus", str(corpus)])
    assert imported.exit_code == 0, imported.output
    built = runner.invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db_path)])
    assert built.exit_code == 0, built.output

    db = sqlite_utils.Database(db_path)
    doc = db["documents"].get(record["id"])
    assert doc["text"] == text
    evidence = list(db["evidence"].rows_where("document_id = ?", [record["id"]]))
    assert {"relevant", "misconduct", "stage", "statutes"} <= {e["field"] for e in evidence}
    for e in evidence:
        where = doc["text"] if e["location"] == "text" else doc["title"]
        assert where[e["start"]:e["end"]] == e["quote"], e["field"]
    # labels from late in the text: the invented defendant and the statute only its paragraph cites
    names = [r["name"] for r in db["defendants"].rows_where("document_id = ? order by position", [record["id"]])]
    assert LATE_NAME in names and names.count(LATE_NAME) == 1
    statutes = [r["statute"] for r in db["document_statutes"].rows_where("document_id = ?", [record["id"]])]
    assert any("201" in s for s in statutes)
    quote = next(e for e in evidence if e["field"] == "statutes")
    assert quote["start"] > 2_800_000 and "201" in quote["quote"]
    assert db["documents"].count == 4


def test_split_text_cuts_at_paragraph_breaks_and_puts_the_text_back_together():
    paragraph = "A former officer pleaded guilty.\nThe court accepted the plea.\n\n"
    text = paragraph * 10_000
    parts = split_text(text)
    assert "".join(p for _, p in parts) == text
    assert len(parts) >= len(text) / PART_CHARS and all(len(p) <= PART_CHARS for _, p in parts)
    assert all(text[offset:offset + len(p)] == p for offset, p in parts)
    assert all(p.endswith("\n\n") for _, p in parts[:-1])  # each cut follows a blank line
    # no blank line: a line break; no line break: a space; neither: a hard cut at the part size
    assert split_text("word " * 100_000)[0][1].endswith(" ")
    assert [len(p) for _, p in split_text("x" * (PART_CHARS + 5))] == [PART_CHARS, 5]
    assert split_text("short") == [(0, "short")]


def test_merge_parts_moves_quotes_to_the_whole_text_and_takes_the_furthest_stage():
    def labels(**kw):
        base = {"relevant": False, "jurisdiction": {"country": None, "region": None, "system": None},
                "facility": {"name": None, "kind": None}, "defendants": [], "inmate_gender": "unknown",
                "gender_dynamic": "unknown", "misconduct": [], "contraband": [], "statutes": [], "stage": None,
                "outcome": {"disposition": None}, "evidence": {}}
        return {**base, **kw}

    def quote(field, start, q, location="text"):
        return {"field": field, "quote": q, "location": location, "start": start, "end": start + len(q)}

    first = labels(defendants=[{"name": "Jane Quarrow", "age": None, "gender": "female", "role": "correctional_officer"}],
                   stage="charged", misconduct=["bribery"])
    later = labels(relevant=True, stage="sentenced", outcome={"disposition": "pleaded_guilty"}, misconduct=["bribery", "contraband_smuggling"],
                   defendants=[{"name": "Quarrow", "age": None, "gender": "female", "role": None},
                               {"name": "Tom Ellery", "age": 40, "gender": "male", "role": None}])
    merged, evidence = merge_parts([
        (0, first, [quote("stage", 10, "was charged"), quote("misconduct", 0, "Jailer Charged", "title")]),
        (1000, later, [quote("stage", 5, "was sentenced"), quote("relevant", 50, "smuggled phones")]),
    ])
    assert merged["relevant"] is True
    assert merged["stage"] == "sentenced" and merged["outcome"] == {"disposition": "pleaded_guilty"}
    assert [d["name"] for d in merged["defendants"]] == ["Jane Quarrow", "Tom Ellery"]
    assert merged["misconduct"] == ["bribery", "contraband_smuggling"]
    by_field = {e["field"]: e for e in evidence}
    assert (by_field["stage"]["start"], by_field["stage"]["end"]) == (1005, 1018)
    assert by_field["relevant"]["start"] == 1050
    assert by_field["misconduct"] == quote("misconduct", 0, "Jailer Charged", "title")  # title quotes unchanged
    assert merged["evidence"] == {e["field"]: e["quote"] for e in evidence}


def test_a_text_over_the_size_limit_is_refused_naming_file_line_and_field(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", [row(), row(id="constructed-2", text="word " * (MAX_TEXT_CHARS // 5 + 1))])
    result = CliRunner().invoke(cli, ["import", str(path), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 1
    assert f"big.jsonl:2: text: {MAX_TEXT_CHARS + 5:,} characters, more than the limit of {MAX_TEXT_CHARS:,}" in result.output
    assert "Hint:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "corpus").exists() or iter_document_paths(tmp_path / "corpus") == []


def test_import_removes_control_characters_and_hashes_the_cleaned_text(tmp_path):
    dirty = ("Jane Quarrow,\x00 a former\x0bjailer,\x1b[0m was sentenced\x7f today.\x85"
             "She\x80 smuggled\x9f phones.\r\nEnd.\x0cNext page.\tTabbed.")
    path = write_jsonl(tmp_path / "dirty.jsonl", [row(title="Former\x00 Jailer Sentenced", text=dirty)])
    result = CliRunner().invoke(cli, ["import", str(path), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    [doc] = load_corpus(tmp_path / "corpus")  # the stored file validates
    assert doc["text"] == ("Jane Quarrow, a former\njailer,[0m was sentenced today.\n"
                           "She smuggled phones.\nEnd.\nNext page.\tTabbed.")
    assert doc["title"] == "Former Jailer Sentenced"
    assert doc["content_sha256"] == content_sha256(doc["title"], doc["text"])


def test_a_stored_file_with_a_control_character_is_refused_and_reimport_replaces_it(tmp_path):
    corpus = tmp_path / "corpus"
    path = write_jsonl(tmp_path / "clean.jsonl", [row()])
    assert CliRunner().invoke(cli, ["import", str(path), "--corpus", str(corpus)]).exit_code == 0
    [stored] = iter_document_paths(corpus)
    doc = json.loads(stored.read_text(encoding="utf-8"))
    doc["text"] = doc["text"].replace("former", "for\x00mer")
    doc["content_sha256"] = content_sha256(doc["title"], doc["text"])
    stored.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert f"{stored.name}: text: holds a control character (U+0000 at character" in result.output
    assert "Hint: casebook import removes control characters" in result.output
    assert not (tmp_path / "c.db").exists()
    again = write_jsonl(tmp_path / "again.jsonl", [doc])  # the file's own JSON, its hash of the text as given
    result = CliRunner().invoke(cli, ["import", str(again), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    assert read_document(stored)["text"] == row()["text"]
