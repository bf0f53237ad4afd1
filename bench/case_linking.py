"""Case linking measured on the dev gold set: pairwise precision and recall of "same prosecution".

Gold pairs (issue 5's definition): two relevant gold documents are one case when they share a
defendant name (the linker's fuzzy rule) and a facility (same name after normalising, or one of
the two names none). Predicted pairs: documents that db/cases.link puts in one case when it runs
on the annotator's labels. Prints and saves bench/results/case-linking-<date>.json.

    python bench/case_linking.py [GOLD.jsonl ...]
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import save  # noqa: E402


def facility_key(name: str | None) -> set[str]:
    stop = {"the", "in", "at", "of", "fci", "fmc", "federal", "correctional", "institution", "center", "county", "s"}
    return {w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in stop}


def gold_pairs(records: list[dict]) -> set[tuple[str, str]]:
    from db.cases import same_person

    rel = [r for r in records if not r.get("not_relevant") and (r["labels"].get("defendants") or [])]
    pairs = set()
    for a, b in itertools.combinations(rel, 2):
        names = any(same_person(x.get("name"), y.get("name")) for x in a["labels"]["defendants"] for y in b["labels"]["defendants"])
        fa, fb = facility_key(a["labels"]["facility"].get("name")), facility_key(b["labels"]["facility"].get("name"))
        if names and (not fa or not fb or fa & fb):
            pairs.add(tuple(sorted((a["id"], b["id"]))))
    return pairs


def predicted_pairs(records: list[dict]) -> set[tuple[str, str]]:
    from annotate.pipeline import annotate_records
    from db.cases import link, mentions_from_documents

    labels = {p["id"]: p["labels"] for p in annotate_records(records)}
    docs = [{"id": r["id"], "url": r["url"], "published": r.get("published"), "title": r.get("title"),
             "publisher": r.get("publisher"), "text": r.get("text")} for r in records]
    pairs = set()
    for group in link(mentions_from_documents(docs, labels)):
        ids = sorted({m["document_id"] for m in group})
        pairs |= {tuple(p) for p in itertools.combinations(ids, 2)}
    return pairs


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [ROOT / "tests" / "gold" / "dev.jsonl"]
    result = {"date": dt.date.today().isoformat(), "sets": {}}
    for path in paths:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold, pred = gold_pairs(records), predicted_pairs(records)
        tp = len(gold & pred)
        p = tp / len(pred) if pred else 1.0
        r = tp / len(gold) if gold else 1.0
        result["sets"][path.name] = {"gold_pairs": len(gold), "predicted_pairs": len(pred), "true_positive_pairs": tp,
                                     "precision": round(p, 3), "recall": round(r, 3),
                                     "missed": sorted(gold - pred), "wrong": sorted(pred - gold)}
        print(f"{path.name}: gold pairs {len(gold)}, predicted {len(pred)}, precision {p:.3f}, recall {r:.3f}")
        for pair in sorted(gold - pred):
            print("  missed:", *pair)
        for pair in sorted(pred - gold):
            print("  wrong: ", *pair)
    save("case-linking", result)


if __name__ == "__main__":
    main()
