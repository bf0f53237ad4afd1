"""Benchmark: words per second of the default annotator vs a bare spacy.blank("en") tokenizer, and peak memory.

The whole corpus is replicated until it holds at least 1M words; both run over the same
texts in the same process, alternating, each timed --repeat times (the fastest kept). Prints the numbers and saves
them to bench/results/annotator-speed-<date>.json. Target (issue 3): ratio >= 0.10.

    python bench/annotator_speed.py [--min-words 1000000] [--corpus corpus]
    python bench/annotator_speed.py --bulk     # the 12,005 real DOJ releases of ../shared/bulk instead
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import print_table, save  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-words", type=int, default=1_000_000)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--bulk", action="store_true", help="Run over every release of ../shared/bulk (whole, not replicated).")
    ap.add_argument("--repeat", type=int, default=3, help="Time each side this many times and keep the fastest (as timeit does).")
    args = ap.parse_args()

    import spacy

    from annotate.pipeline import PIPELINE_VERSION, load_nlp, make_doc
    from casebook.corpus import load_corpus

    if args.bulk:
        from annotate.goldsets import BULK, iter_bulk

        if not BULK.exists():
            sys.exit(f"{BULK} not found: --bulk needs ../shared beside this checkout")
        docs = list(iter_bulk(BULK))
    else:
        docs = load_corpus(args.corpus)
    records, texts, words = [], [], 0
    while words < args.min_words or args.bulk:
        for d in docs:
            records.append(d)
            texts.append(f"{d['title'] or ''}\n\n{d['text']}")
            words += len(texts[-1].split())
        if args.bulk:
            break

    blank = spacy.blank("en")
    nlp = load_nlp()
    blank_times, pipe_times = [], []
    for _ in range(max(1, args.repeat)):  # alternate, so that a busy moment of the machine hits both sides
        t = time.perf_counter()
        tokens = sum(len(doc) for doc in blank.tokenizer.pipe(texts, batch_size=256))
        blank_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        for doc in nlp.pipe((make_doc(nlp, r) for r in records), batch_size=64):
            pass
        pipe_times.append(time.perf_counter() - t)
    blank_s, pipe_s = min(blank_times), min(pipe_times)
    # Python-heap peak of the pipeline on one pass of the corpus (tracemalloc slows code, so not timed)
    tracemalloc.start()
    for doc in nlp.pipe((make_doc(nlp, r) for r in docs[:2000]), batch_size=64):
        pass
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    result = {
        "date": dt.date.today().isoformat(),
        "pipeline_version": PIPELINE_VERSION,
        "texts": "shared/bulk/doj-opa-2009-2018.jsonl.gz (every release)" if args.bulk else f"{args.corpus.name}/ replicated",
        "documents": len(records),
        "words": words,
        "tokens": tokens,
        "blank_tokenizer_words_per_s": round(words / blank_s),
        "pipeline_words_per_s": round(words / pipe_s),
        "ratio": round(blank_s / pipe_s, 4),
        "pipeline_seconds": round(pipe_s, 2),
        "blank_seconds": round(blank_s, 2),
        "repeats": max(1, args.repeat),
        "pipeline_seconds_each": [round(x, 2) for x in pipe_times],
        "blank_seconds_each": [round(x, 2) for x in blank_times],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pipeline_python_heap_peak_mib_one_corpus_pass": round(traced_peak / 2**20, 1),
        "heap_pass_documents": min(len(docs), 2000),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
    }
    print_table(result)
    save("annotator-speed-bulk" if args.bulk else "annotator-speed", result)


if __name__ == "__main__":
    main()
