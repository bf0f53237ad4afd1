"""Import: every row validated first, errors name file:line: field, nothing half-written, idempotent."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.corpus import iter_document_paths, load_corpus, read_document
from casebook.errors import CasebookError, InvalidRecord
from ingest.importer import import_file
from tests.conftest import gold_records, write_jsonl


def test_import_writes_one_file_per_document_with_every_field(small_corpus):
    docs = load_corpus(small_corpus)
    assert len(docs) == 8
    for path in iter_document_paths(small_corpus):
        doc = json.loads(path.read_text())
        assert path.parent.name == doc["source_kind"] and path.stem == doc["id"]
        assert {"id", "url", "publisher", "source_kind", "licence", "attribution", "published", "title", "text",
                "text_is_excerpt", "retrieved", "content_sha256"} <= set(doc)
        assert "labels" not in doc


def test_reimport_same_content_changes_nothing(small_corpus, small_jsonl):
    before = {p: p.read_bytes() for p in iter_document_paths(small_corpus)}
    summary = import_file(small_jsonl, small_corpus)
    assert (len(summary["new"]), len(summary["updated"]), len(summary["unchanged"])) == (0, 0, 8)
    assert {p: p.read_bytes() for p in iter_document_paths(small_corpus)} == before


def test_changed_content_is_updated_and_reported(small_corpus, tmp_path):
    rows = gold_records()[:8]
    rows[3]["text"] += "\nA correction was issued."
    summary = import_file(write_jsonl(tmp_path / "edited.jsonl", rows), small_corpus)
    assert summary["updated"] == [rows[3]["id"]] and len(summary["unchanged"]) == 7
    assert load_corpus(small_corpus)[[d["id"] for d in load_corpus(small_corpus)].index(rows[3]["id"])]["text"].endswith("issued.")


@pytest.mark.parametrize("field, value, problem", [
    ("licence", "cc-by", "is not one of"),
    ("published", "03/11/2022", "expected an ISO date"),
    ("url", "not a url", "not an http(s) URL"),
    ("text", "", "is empty"),
    ("source_kind", "blog", "is not one of"),
    ("id", "../escape", "is not a slug"),
])
def test_invalid_row_names_file_line_and_field_and_writes_nothing(tmp_path, field, value, problem):
    rows = gold_records()[:5]
    rows[2][field] = value
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    corpus = tmp_path / "corpus"
    with pytest.raises(CasebookError) as err:
        import_file(path, corpus)
    assert f"{path}:3: {field}: " in str(err.value) and problem in str(err.value)
    assert iter_document_paths(corpus) == []


def test_news_text_longer_than_a_short_quote_is_refused(tmp_path):
    row = dict(gold_records()[0], licence="copyrighted", source_kind="news_report")
    with pytest.raises(CasebookError, match=r"bad.jsonl:1: text: licence 'copyrighted' allows only a short quote"):
        import_file(write_jsonl(tmp_path / "bad.jsonl", [row]), tmp_path / "corpus")


def test_not_json_line_is_named(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(gold_records()[0]) + "\n{not json\n")
    with pytest.raises(CasebookError, match=r"broken.jsonl:2: \(line\): not JSON"):
        import_file(path, tmp_path / "corpus")


def test_skip_invalid_writes_good_rows_and_a_rejects_file(tmp_path):
    rows = gold_records()[:4]
    rows[1]["licence"] = "unknown"
    path = write_jsonl(tmp_path / "mixed.jsonl", rows)
    summary = import_file(path, tmp_path / "corpus", skip_invalid=True)
    assert len(summary["new"]) == 3 and summary["rejected"] == 1
    rejects = [json.loads(line) for line in open(summary["rejects_file"])]
    assert rejects == [{"file": str(path), "line": 2, "field": "licence", "problem": "'unknown' is not one of public-domain-us-gov, ogl-3.0, open-justice-licence, copyrighted"}]


def test_corrupt_corpus_file_is_named_on_load(small_corpus):
    path = iter_document_paths(small_corpus)[0]
    doc = json.loads(path.read_text())
    doc["text"] = doc["text"] + " tampered"
    path.write_text(json.dumps(doc))
    with pytest.raises(InvalidRecord, match=rf"{path.name}: content_sha256: does not match"):
        read_document(path)


def test_cli_import_error_is_one_friendly_line_without_traceback(tmp_path):
    rows = gold_records()[:2]
    rows[1]["published"] = "yesterday"
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    result = CliRunner().invoke(cli, ["import", str(path), "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "bad.jsonl:2: published:" in result.output and "Hint:" in result.output
    assert "Traceback" not in result.output
