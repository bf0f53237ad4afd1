"""Benchmark: time and peak memory of annotating one very long document (made of shipped corpus texts) in parts.

The document is the shipped corpus's texts one after another, each as a paragraph block, until it holds
--chars characters (default 3,000,000), with one constructed paragraph about an invented defendant at
95% of its length (LATE_PARAGRAPH). It is annotated with annotate.pipeline.annotate_record_labels, which
cuts it into parts of annotate.parts.PART_CHARS; the script checks that every evidence quote stands at its
offsets and that the late defendant is found, prints the numbers and saves them to
bench/results/long-document-<date>.json. Not a timed test: numbers depend on the machine and its load.

    python bench/long_document.py [--chars 3000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from results_file import print_table, save  # noqa: E402

# A constructed paragraph with an invented defendant, put late in the long document.
LATE_NAME = "Dorian Quillfeather"
LATE_PARAGRAPH = (
    f"A former correctional officer was sentenced today to 30 months in federal prison for smuggling "
    f"contraband into a federal prison in exchange for bribes. {LATE_NAME}, 41, pleaded guilty to "
    f"accepting bribes as a public official, in violation of 18 U.S.C. § 201(b)(2). According to court "
    f"documents, {LATE_NAME} smuggled cell phones and tobacco into the prison for inmates in exchange for cash."
)


def long_text(texts: list[str], chars: int, late: str = LATE_PARAGRAPH, late_at: float = 0.95) -> str:
    """texts one after another (a blank line between them) up to chars characters, with late inserted as its
    own paragraph once late_at of the length is reached; cut at chars (the late paragraph is always whole)."""
    out, n, placed, i = [], 0, False, 0
    while n < chars:
        if not placed and n >= chars * late_at:
            out.append(late)
            placed = True
        else:
            out.append(texts[i % len(texts)].strip())
            i += 1
        n += len(out[-1]) + 2
    text = "\n\n".join(out)
    return text[:max(chars, text.index(late) + len(late))] if placed else text[:chars]


def long_record(chars: int, corpus_dir: Path = ROOT / "corpus", keep=None) -> dict:
    """A corpus-format import row holding a long document made from the shipped corpus's texts (those for
    which keep(document) is true, when keep is given)."""
    from casebook.corpus import load_corpus

    texts = [d["text"] for d in load_corpus(corpus_dir) if keep is None or keep(d)]
    return {
        "id": "long-document-test", "url": "https://www.justice.gov/long-document-test",
        "publisher": "U.S. Department of Justice", "source_kind": "government_report",
        "licence": "public-domain-us-gov", "published": "2024-05-01",
        "title": "A Long Report Made of Shipped Press Releases", "text": long_text(texts, chars),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=3_000_000, help="Length of the document's text in characters.")
    args = ap.parse_args()

    from annotate.parts import PART_CHARS, split_text
    from annotate.pipeline import PIPELINE_VERSION, annotate_record_labels, load_nlp

    record = long_record(args.chars)
    t0 = time.perf_counter()
    nlp = load_nlp()
    load_s = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    _, labels, evidence = next(annotate_record_labels([record], nlp))
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text, title = record["text"], record["title"]
    verbatim = all((text if e["location"] == "text" else title)[e["start"]:e["end"]] == e["quote"] for e in evidence)
    names = [d["name"] for d in labels["defendants"]]
    result = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "pipeline_version": PIPELINE_VERSION,
        "text_chars": len(text),
        "part_chars": PART_CHARS,
        "parts": len(split_text(text)),
        "load_pipeline_s": round(load_s, 2),
        "annotate_s": round(seconds, 2),
        "chars_per_s": round(len(text) / seconds),
        "peak_rss_mb_before_annotating": round(rss_before / 1024),
        "peak_rss_mb": round(rss / 1024),
        "evidence_quotes": len(evidence),
        "evidence_verbatim": verbatim,
        "late_defendant_found": LATE_NAME in names,
        "defendants": len(names),
        "note": "2 shared cores, other jobs running: times are noisy",
    }
    print_table(result)
    save("long-document", result)


if __name__ == "__main__":
    main()
