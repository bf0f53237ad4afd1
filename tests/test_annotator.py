"""The annotator on real documents from the dev gold set: valid schema output, verbatim evidence, idempotent."""

from __future__ import annotations

import re

import pytest

from annotate.pipeline import annotate_records, load_nlp, make_doc
from tests.conftest import gold_records

VOCAB = {
    "role": {None, "correctional_officer", "supervisor", "healthcare", "education_vocational", "chaplain", "contractor",
             "administrative", "transport_officer", "probation_parole", "other_staff"},
    "gender": {"male", "female", "unknown"},
    "inmate_gender": {"male", "female", "mixed", "unknown"},
    "gender_dynamic": {"male_staff_female_inmate", "female_staff_male_inmate", "male_staff_male_inmate",
                       "female_staff_female_inmate", "unknown"},
    "misconduct": {"sexual_abuse", "inappropriate_relationship", "contraband_smuggling", "bribery", "escape_assistance",
                   "excessive_force", "information_leak", "fraud_other"},
    "contraband": {"phone", "drugs", "tobacco", "alcohol", "weapon", "tools", "cash", "other"},
    "stage": {None, "investigation", "arrested", "charged", "pleaded_guilty", "convicted", "acquitted", "dismissed",
              "sentenced", "appeal"},
    "disposition": {None, "pleaded_guilty", "convicted_at_trial", "acquitted", "dismissed", "pending"},
    "facility_kind": {None, "federal_prison", "state_prison", "county_jail", "private_contract_facility", "juvenile_facility",
                      "immigration_detention", "uk_prison", "uk_young_offender_institution", "police_custody", "other"},
}


@pytest.fixture(scope="module")
def predictions():
    records = gold_records()
    return records, list(annotate_records(records))


def test_every_prediction_uses_the_schema_vocabulary(predictions):
    records, preds = predictions
    assert [p["id"] for p in preds] == [r["id"] for r in records]
    for p in preds:
        lab = p["labels"]
        assert isinstance(lab["relevant"], bool)
        for d in lab["defendants"]:
            assert d["role"] in VOCAB["role"] and d["gender"] in VOCAB["gender"]
            assert d["age"] is None or 16 <= d["age"] <= 90
        assert lab["inmate_gender"] in VOCAB["inmate_gender"] and lab["gender_dynamic"] in VOCAB["gender_dynamic"]
        assert set(lab["misconduct"]) <= VOCAB["misconduct"] and set(lab["contraband"]) <= VOCAB["contraband"]
        assert lab["stage"] in VOCAB["stage"] and lab["outcome"]["disposition"] in VOCAB["disposition"]
        assert lab["facility"]["kind"] in VOCAB["facility_kind"]
        months = lab["outcome"]["custody_months"]
        assert months is None or (isinstance(months, int) and months > 0)


def test_every_evidence_quote_stands_verbatim_in_the_document(predictions):
    records, preds = predictions
    total = 0
    for r, p in zip(records, preds):
        haystack = re.sub(r"\s+", " ", f"{r.get('title') or ''} {r['text']}")
        for field, quote in p["labels"]["evidence"].items():
            total += 1
            assert re.sub(r"\s+", " ", quote.strip()) in haystack, (r["id"], field, quote)
    assert total > 100


def test_tags_carry_evidence(predictions):
    for _, p in zip(*predictions):
        lab = p["labels"]
        if lab["misconduct"]:
            assert lab["evidence"].get("misconduct")
        if lab["stage"]:
            assert lab["evidence"].get("stage")


def test_components_assign_so_running_twice_gives_the_same_result():
    nlp = load_nlp()
    record = gold_records()[0]
    doc = nlp(make_doc(nlp, record))
    first = (doc._.misconduct, doc._.stage, [s.text for s in doc.spans["defendants"]], dict(doc._.outcome))
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert (doc._.misconduct, doc._.stage, [s.text for s in doc.spans["defendants"]], dict(doc._.outcome)) == first


def test_salcido_sentencing_is_read_correctly(predictions):
    records, preds = predictions
    lab = dict(zip([r["id"] for r in records], preds))["doj-edky-salcido-sentenced-sexual-abuse-of-ward"]["labels"]
    assert lab["defendants"][0]["name"] == "Jacob Salcido" and lab["defendants"][0]["age"] == 40
    assert lab["defendants"][0]["role"] == "correctional_officer"
    assert lab["stage"] == "sentenced" and lab["outcome"]["custody_months"] == 100
    assert lab["outcome"]["supervised_release_life"] is True and lab["outcome"]["restitution_amount"] == 63000
    assert lab["inmate_gender"] == "female" and lab["gender_dynamic"] == "male_staff_female_inmate"


def test_annotate_cli_writes_predictions_the_shared_scorer_reads(tmp_path):
    from click.testing import CliRunner

    from casebook.cli import cli
    from tests.conftest import GOLD

    out = tmp_path / "p.jsonl"
    result = CliRunner().invoke(cli, ["annotate", str(GOLD), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == len(gold_records())
