"""`casebook eval` computes the schema's metrics exactly as the shared scorer does, and the scores hold on both gold sets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotate.evaluate import score
from annotate.pipeline import annotate_records
from casebook.cli import cli
from tests.conftest import GOLD, PROJECT_GOLD, SHARED, gold_records

SCORER = SHARED / "tools" / "score_annotations.py"


@pytest.fixture(scope="module", params=[GOLD, PROJECT_GOLD], ids=["dev", "project"])
def dev_report(request, tmp_path_factory):
    gold = {r["id"]: r for r in gold_records(request.param)}
    preds = list(annotate_records(gold.values()))
    path = tmp_path_factory.mktemp("eval") / "pred.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in preds))
    report, _ = score(gold, {p["id"]: p for p in preds})
    return report, path, request.param


@pytest.mark.skipif(not SCORER.exists(), reason="../shared is not beside this checkout")
def test_eval_agrees_with_the_shared_scorer(dev_report, tmp_path):
    report, pred_path, gold_path = dev_report
    out = tmp_path / "shared.json"
    subprocess.run([sys.executable, str(SCORER), str(gold_path), str(pred_path), "--json", str(out)], check=True, capture_output=True)
    shared = json.loads(out.read_text())
    assert shared.keys() == report.keys()
    for field, metrics in shared.items():
        for key, value in metrics.items():
            assert report[field][key] == pytest.approx(value, abs=1e-12) if isinstance(value, float) else report[field][key] == value, field


def test_headline_stays_at_or_above_target(dev_report):
    report, _, _ = dev_report
    assert report["headline_mean"]["accuracy"] >= 0.95
    assert report["evidence_verbatim"]["accuracy"] == 1.0
    for field in ("relevant", "roles", "defendant_names", "misconduct", "contraband", "statutes"):
        assert report[field]["f1"] >= 0.80, field
    for field in ("staff_gender", "inmate_gender", "gender_dynamic", "stage", "disposition", "custody_months",
                  "facility_name", "facility_kind", "country", "region"):
        assert report[field]["accuracy"] >= 0.80, field


def test_eval_command_prints_the_table_and_errors(tmp_path):
    result = CliRunner().invoke(cli, ["eval", str(GOLD), "--show-errors", "all", "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "headline_mean" in result.output and "evidence_verbatim" in result.output
    assert json.loads((tmp_path / "r.json").read_text())["headline_mean"]["n"] == 16
