"""`casebook eval` over several gold files, per kind of text, and over relevance-only labels of bulk releases.

The bulk-label test builds its own small gzip of invented releases, so it runs without ../shared;
the tests on ../shared/gold skip when ../shared is absent (CI has it).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotate.evaluate import score
from annotate.goldsets import load_gold
from annotate.pipeline import annotate_records
from casebook.cli import cli
from tests.conftest import GOLD, SHARED

SCORER = SHARED / "tools" / "score_annotations.py"
WIDE = SHARED / "gold" / "wide.jsonl"
DOJ_FULL = SHARED / "gold" / "doj-opa-fields-odd-years.jsonl"

# Invented releases in the DOJ wording; two years, one labelled relevant, one labelled not, one unlisted.
RELEASES = [
    {"id": "doj-opa-2011-guard-sentenced", "published": "2011-03-02", "source_kind": "us_federal_press_release",
     "title": "Former Correctional Officer Sentenced for Sexually Abusing an Inmate",
     "text": "A former correctional officer at the Federal Correctional Institution in Anytown, Ohio, was sentenced "
             "today to 24 months in prison for sexually abusing a female inmate in his custody. John Roe, 41, pleaded "
             "guilty to sexual abuse of a ward."},
    {"id": "doj-opa-2011-bank-fraud", "published": "2011-05-09", "source_kind": "us_federal_press_release",
     "title": "Bank Officer Sentenced for Wire Fraud",
     "text": "A former bank officer was sentenced today to 30 months in prison for wire fraud. Richard Poe, 50, "
             "pleaded guilty in January. He must report to prison in June."},
    {"id": "doj-opa-2011-trade-case", "published": "2011-07-01", "source_kind": "us_federal_press_release",
     "title": "Company Agrees to Pay Civil Penalty", "text": "A company agreed to pay a civil penalty for export violations."},
    {"id": "doj-opa-2012-other-year", "published": "2012-01-01", "source_kind": "us_federal_press_release",
     "title": "Not of a labelled year", "text": "This release is of a year the labels do not cover."},
]
LABELS = [
    {"id": "doj-opa-2011-guard-sentenced", "relevant": True, "why": "officer abused inmate"},
    {"id": "doj-opa-2011-bank-fraud", "relevant": False, "why": "bank fraud"},
]


@pytest.fixture
def bulk_files(tmp_path):
    bulk = tmp_path / "bulk.jsonl.gz"
    with gzip.open(bulk, "wt", encoding="utf-8") as f:
        for r in RELEASES:
            f.write(json.dumps(r) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in LABELS), encoding="utf-8")
    return bulk, labels


def test_relevance_labels_cover_every_release_of_their_years(bulk_files):
    bulk, labels = bulk_files
    gold, kind = load_gold(labels, bulk)
    assert kind == "relevance"
    assert sorted(gold) == ["doj-opa-2011-bank-fraud", "doj-opa-2011-guard-sentenced", "doj-opa-2011-trade-case"]
    assert [gold[i]["not_relevant"] for i in sorted(gold)] == [True, False, True]
    assert gold["doj-opa-2011-trade-case"]["labelled"] is False


def test_eval_scores_bulk_relevance_with_and_without_the_prefilter(bulk_files, tmp_path):
    bulk, labels = bulk_files
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["eval", str(labels), "--bulk", str(bulk), "--json", str(out), "--show-errors", "relevant"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["all"]["documents"] == 3
    # the pre-filter keeps releases with a custody word (ingest/sources.yml): "prison" is not one of them,
    # so the bank officer's release does not pass; the guard's does ("inmate", "correctional")
    assert report["prefiltered"]["documents"] == 1
    assert report["all"]["tp"] == 1 and report["all"]["fn"] == 0 and report["all"]["fp"] == 0
    assert "pre-filter" in result.output


def test_eval_without_the_bulk_file_is_a_clear_error(bulk_files, tmp_path):
    _, labels = bulk_files
    result = CliRunner().invoke(cli, ["eval", str(labels), "--bulk", str(tmp_path / "absent.jsonl.gz")])
    assert result.exit_code == 1
    assert "absent.jsonl.gz" in result.output and "Hint:" in result.output
    assert "Traceback" not in result.output


def test_eval_prints_a_per_kind_table_for_each_file(tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["eval", str(GOLD), str(GOLD), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("== ") == 2
    report = json.loads(out.read_text())["dev.jsonl"]
    assert set(report["kinds"]) == {"federal", "uk", "report"}
    assert sum(k["n"] for k in report["kinds"].values()) == 47


@pytest.mark.skipif(not (SCORER.exists() and WIDE.exists() and DOJ_FULL.exists()), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("gold_path", [WIDE, DOJ_FULL], ids=["wide", "doj-full"])
def test_eval_agrees_with_the_shared_scorer_on_shared_sets(gold_path, tmp_path):
    gold, _ = load_gold(gold_path)
    preds = list(annotate_records(gold.values()))
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds))
    report, _ = score(gold, {p["id"]: p for p in preds})
    out = tmp_path / "shared.json"
    subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred_path), "--json", str(out)], check=True, capture_output=True)
    shared = json.loads(out.read_text())
    for field, metrics in shared.items():
        for key, value in metrics.items():
            if isinstance(value, float):
                assert report[field][key] == pytest.approx(value, abs=1e-12), field
            else:
                assert report[field][key] == value, field
    assert report["evidence_verbatim"]["accuracy"] == 1.0


def test_eval_scores_a_case_grouping_for_staff_defendant_names(bulk_files, tmp_path):
    bulk, _ = bulk_files
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"id": "doj-opa-2011-guard-sentenced",
                                 "defendants": [{"name": "John Roe", "case": "roe-john-ohio"}]}) + "\n", encoding="utf-8")
    gold, kind = load_gold(cases, bulk)
    assert kind == "names" and list(gold) == ["doj-opa-2011-guard-sentenced"]
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["eval", str(cases), "--bulk", str(bulk), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert (report["releases"], report["tp"], report["fn"]) == (1, 1, 0)
    assert "staff defendant names" in result.output
