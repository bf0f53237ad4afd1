"""The annotator on the shared gold sets (issue 10's targets); skipped when ../shared is absent (CI has it).

- wide.jsonl (news, state, UK, courts; copyrighted texts read in place, never copied) and the whole odd-year
  DOJ releases: headline mean >= 0.92 with no headline field under 0.80, evidence verbatim;
- relevance over every odd-year bulk release: precision and recall >= 0.95, with and without the `doj`
  keyword pre-filter (about a minute: 6,643 releases).
These sets were tuned on; the published accuracy comes from held-out sets (README, "Accuracy").
"""

from __future__ import annotations

import pytest

from annotate.evaluate import HEADLINE, relevance_report, score
from annotate.goldsets import BULK, SHARED, load_gold
from annotate.pipeline import annotate_records

WIDE = SHARED / "gold" / "wide.jsonl"
DOJ_FULL = SHARED / "gold" / "doj-opa-fields-odd-years.jsonl"
BULK_LABELS = SHARED / "gold" / "doj-opa-relevance-odd-years.jsonl"


def value(metrics: dict) -> float:
    return metrics.get("f1", metrics.get("accuracy"))


@pytest.mark.skipif(not (WIDE.exists() and DOJ_FULL.exists()), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("path", [WIDE, DOJ_FULL], ids=["wide", "doj-full"])
def test_fields_hold_beyond_doj_openings(path):
    gold, _ = load_gold(path)
    report, _ = score(gold, {p["id"]: p for p in annotate_records(gold.values())})
    assert report["headline_mean"]["accuracy"] >= 0.92
    low = {f: round(value(report[f]), 3) for f in HEADLINE if value(report[f]) < 0.80}
    assert not low, low
    assert report["evidence_verbatim"]["accuracy"] == 1.0


@pytest.mark.skipif(not (BULK.exists() and BULK_LABELS.exists()), reason="../shared is not beside this checkout")
def test_relevance_holds_on_the_odd_year_national_feed():
    gold, kind = load_gold(BULK_LABELS)
    assert kind == "relevance" and len(gold) > 6000
    preds = {p["id"]: p for p in annotate_records(gold.values())}
    report = relevance_report(gold, preds)
    for part in ("all", "prefiltered"):
        assert report[part]["precision"] >= 0.95, (part, report[part])
        assert report[part]["recall"] >= 0.95, (part, report[part])
    # every kept release says why: a verbatim quote (the custody setting and the staff actor)
    kept = [p for p in preds.values() if p["labels"]["relevant"]]
    assert kept and all(p["labels"]["evidence"].get("relevant") for p in kept)
