"""Documents to cases: linking, the timeline, manual case records and reviewer corrections, in a real build."""

from __future__ import annotations

import shutil

import pytest
import sqlite_utils

from casebook.case_records import load_case_file
from casebook.errors import CasebookError, InvalidRecord
from db.build import build, check_unique_ids
from db.cases import case_rows, compatible, link, same_person
from tests.conftest import ROOT


@pytest.mark.parametrize("a, b, same", [
    ("Jacob Salcido", "Jacob Salcido", True),
    ("Ray J. Garcia", "Ray Garcia", True),
    ("Chris Jackson", "Christopher Jackson", True),
    ("J. Jackson", "Jack Jackson", True),
    ("Jorge Rodríguez-Pagán", "Jorge Rodriguez-Pagan", True),
    ("Wesley Lanham, Jr.", "Wesley Lanham", True),
    ("Jack Powell", "Jane Powell", False),
    ("Shawn Freeman", "Shawn Freeland", False),
    (None, "Shawn Freeman", False),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same


def mention(doc, name, **kw):
    base = {"origin": "document", "document_id": doc, "position": 0, "name": name, "role": "correctional_officer",
            "staff_gender": "male", "date": "2022-01-01", "stage": "charged", "misconduct": ["sexual_abuse"],
            "contraband": [], "statutes": [], "url": f"https://www.justice.gov/{doc}", "title": doc, "text": "",
            "country": "US", "region": "Kentucky", "facility_kind": "federal_prison", "facility_name": "FMC Lexington"}
    base.update(kw)
    return base


def test_a_charge_and_a_sentence_are_one_case_with_the_sentence_as_its_state():
    groups = link([mention("charge", "Jacob Salcido", date="2021-06-01", disposition="pending"),
                   mention("sentence", "Jacob Salcido", date=None, stage="sentenced", custody_months=100,
                           disposition="pleaded_guilty"),
                   mention("other", "Jacob Salcido", region="Texas")])
    assert sorted(len(g) for g in groups) == [1, 2]
    tables = case_rows(groups, {})
    case = next(c for c in tables["cases"] if c["documents"] == 2)
    assert (case["current_stage"], case["status"], case["custody_months"]) == ("sentenced", "convicted", 100)
    assert "disposition: pending (charge); pleaded_guilty (sentence)" in case["disagreements"]
    assert [r["document_id"] for r in tables["case_documents"] if r["case_id"] == case["id"]] == ["charge", "sentence"]


def test_two_defendants_of_one_document_are_two_cases():
    groups = link([mention("d1", "Jack Powell"), mention("d1", "Jack Powell", position=1)])
    assert len(groups) == 2


def test_two_defendants_of_one_document_stay_apart_through_a_third_mention():
    # "John Smith" and "J. Smith" of one release both match the "John Smith" of another: joining all three
    # would put one document twice in one case (and two people in it); the first pair joins, the other stays out
    groups = link([mention("a", "John Smith"), mention("a", "J. Smith", position=1), mention("b", "John Smith")])
    assert sorted(sorted(m["document_id"] for m in g) for g in groups) == [["a"], ["a", "b"]]
    tables = case_rows(groups, {})
    ids = [r["id"] for r in tables["case_documents"]]
    assert len(ids) == len(set(ids)) == 3


def test_duplicate_row_ids_are_named_not_blamed_on_the_disk():
    row = {"id": "roe-jane-ohio#doj-1", "case_id": "roe-jane-ohio", "document_id": "doj-1"}
    with pytest.raises(CasebookError) as e:
        check_unique_ids({"case_documents": [row, dict(row)], "cases": [{"id": "roe-jane-ohio"}]})
    assert "case_documents" in str(e.value) and "roe-jane-ohio#doj-1" in str(e.value) and "doj-1" in str(e.value)
    assert "disk full" not in (e.value.hint or "")


def test_compatibility_needs_no_contradiction():
    assert compatible({"region": "Kentucky"}, {"region": None})
    assert not compatible({"facility_kind": "county_jail"}, {"facility_kind": "federal_prison"})
    assert not compatible({"date": "2001-01-01"}, {"date": "2012-01-01"})


def test_an_alleged_uk_case_shows_no_warning_signs():
    text = "He exchanged letters and phone calls with a prisoner and gave her gifts before he was charged."
    uk = case_rows(link([mention("uk", "Robin Specimen", country="UK", region="England and Wales", text=text)]), {})
    us = case_rows(link([mention("us", "Robin Specimen", stage="sentenced", text=text)]), {})
    assert uk["cases"][0]["status"] == "alleged" and uk["case_warning_signs"] == []
    assert {w["quote"] for w in us["case_warning_signs"]} == {text}  # verbatim, once


def test_the_clinton_record_validates():
    rec = load_case_file(ROOT / "corpus" / "cases" / "clinton-correctional-2015.yml")
    assert [d["name"] for d in rec["defendants"]] == ["Joyce Mitchell", "Gene Palmer"]


GOOD_RECORD = ("case_group: test-case\nsummary: A test.\nfacility: {name: X Prison, kind: state_prison}\n"
               "jurisdiction: {country: US, region: Ohio, system: state}\ndefendants:\n  - name: Pat Example\n"
               "    gender: female\n    misconduct: [contraband_smuggling]\n    timeline:\n      - date: 2020-01-02\n"
               "        stage: charged\n        fact: Charged.\n        source: https://example.org/a\n"
               "    role: correctional_officer\n")


@pytest.mark.parametrize("old, new, expected", [
    ("    role: correctional_officer", "    role: tailor", "bad.yml:14: defendants.0.role: 'tailor' is not one of"),
    ("        stage: charged", "        stage: sentencing", "bad.yml:11: defendants.0.timeline.0.stage: 'sentencing' is not one of"),
    ("        source: https://example.org/a", "        source: not-a-url", "bad.yml:13: defendants.0.timeline.0.source: not an http(s) URL"),
    ("    gender: female", "    gender: [female]", "bad.yml:7: defendants.0.gender: expected str"),
])
def test_a_bad_case_record_names_file_line_and_field(tmp_path, old, new, expected):
    path = tmp_path / "bad.yml"
    path.write_text(GOOD_RECORD.replace(old, new), encoding="utf-8")
    with pytest.raises(InvalidRecord) as e:
        load_case_file(path)
    assert expected in str(e.value)


@pytest.fixture
def corpus_with_cases(tmp_path, small_corpus):
    shutil.copytree(ROOT / "corpus" / "cases", small_corpus / "cases")
    return small_corpus


def test_build_has_the_clinton_case_with_both_defendants_and_their_sources(tmp_path, corpus_with_cases):
    build(corpus_with_cases, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    rows = {r["name"]: r for r in db.query("select c.* from cases c join cases_fts f on f.rowid = c.rowid "
                                           "where cases_fts match 'Clinton'")}
    mitchell, palmer = rows["Joyce Mitchell"], rows["Gene Palmer"]
    assert (mitchell["custody_months"], mitchell["custody_months_max"], mitchell["fine_amount"]) == (28, 84, 5000)
    assert (palmer["custody_months"], palmer["status"]) == (6, "convicted")
    assert mitchell["origin"] == "manual record" and mitchell["role"] == "education_vocational"
    timeline = list(db.query("select date, stage, source_url from case_documents where case_id = ? order by date", [mitchell["id"]]))
    assert [t["stage"] for t in timeline][:3] == ["charged", "pleaded_guilty", "sentenced"]
    assert all(t["source_url"].startswith("http") for t in timeline)
    assert {r["contraband"] for r in db.query("select contraband from case_contraband where case_id = ?", [palmer["id"]])} == {"tools"}


def test_corrections_override_labels_and_say_so(tmp_path, corpus_with_cases):
    build(corpus_with_cases, tmp_path / "before.db")
    before = sqlite_utils.Database(tmp_path / "before.db")
    doc = next(before.query("select document_id, stage from annotations where relevant = 1 and stage is not null limit 1"))
    (corpus_with_cases / "corrections.yml").write_text(
        "corrections:\n"
        f"  - document: {doc['document_id']}\n    field: stage\n    value: appeal\n"
        "    reviewer: A. Reviewer\n    date: 2026-11-26\n    reason: The release reports an appeal.\n"
        "  - case: clinton-correctional-2015-escape-gene-palmer\n    field: summary\n    value: Passed the tools on.\n"
        "    reviewer: A. Reviewer\n    date: 2026-11-26\n    reason: Shorter summary for trainers.\n", encoding="utf-8")
    build(corpus_with_cases, tmp_path / "after.db")
    db = sqlite_utils.Database(tmp_path / "after.db")
    ann = db["annotations"].get(doc["document_id"])
    assert ann["stage"] == "appeal" and ann["corrected_fields"] == "stage"
    assert not list(db.query("select 1 from evidence where document_id = ? and field = 'stage'", [doc["document_id"]]))
    palmer = db["cases"].get("clinton-correctional-2015-escape-gene-palmer")
    assert palmer["summary"] == "Passed the tools on." and palmer["corrected_fields"] == "summary"
    logged = {r["field"]: r for r in db["corrections"].rows}
    assert logged["stage"]["annotator_value"] == doc["stage"] and logged["stage"]["reviewer"] == "A. Reviewer"


def test_a_correction_for_an_unknown_document_stops_the_build(tmp_path, corpus_with_cases):
    (corpus_with_cases / "corrections.yml").write_text(
        "corrections:\n  - document: no-such-doc\n    field: stage\n    value: sentenced\n"
        "    reviewer: R\n    date: 2026-11-26\n    reason: test\n", encoding="utf-8")
    with pytest.raises(CasebookError, match="corrections.yml:2: document: no document 'no-such-doc'"):
        build(corpus_with_cases, tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()


def test_a_correction_with_a_bad_value_names_the_line(tmp_path, corpus_with_cases):
    (corpus_with_cases / "corrections.yml").write_text(
        "corrections:\n  - document: x\n    field: stage\n    value: finished\n"
        "    reviewer: R\n    date: 2026-11-26\n    reason: test\n", encoding="utf-8")
    with pytest.raises(CasebookError, match=r"corrections.yml:4: corrections.0.value: 'finished' is not one of"):
        build(corpus_with_cases, tmp_path / "x.db")
