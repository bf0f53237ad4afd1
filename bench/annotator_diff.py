"""Before an annotator change lands: what it changes, field by field, over the corpus and every gold set.

    python bench/annotator_diff.py save /tmp/before.jsonl     # with the old code
    ... change the annotator ...
    python bench/annotator_diff.py diff /tmp/before.jsonl     # prints every changed field, then counts

Covers the shipped corpus, tests/gold/*.jsonl, ../shared/gold/wide.jsonl and the full-length odd-year
DOJ releases (when ../shared is present). The saved file holds labels only (no evidence quotes, so no
text of a copyrighted document); keep it outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.goldsets import SHARED  # noqa: E402
from annotate.text import read_jsonl  # noqa: E402

SETS = {
    "dev": ROOT / "tests" / "gold" / "dev.jsonl",
    "project": ROOT / "tests" / "gold" / "project.jsonl",
    "wide": SHARED / "gold" / "wide.jsonl",
    "doj-full": SHARED / "gold" / "doj-opa-fields-odd-years.jsonl",
}


def records() -> list[tuple[str, dict]]:
    from casebook.corpus import load_corpus

    out = [("corpus", d) for d in load_corpus(ROOT / "corpus")]
    for name, path in SETS.items():
        if path.exists():
            out += [(name, r) for r in read_jsonl(path)]
    return out


def flat(labels: dict) -> dict:
    """The compared values: every label but the evidence quotes."""
    return {k: v for k, v in labels.items() if k != "evidence"}


def annotate_all() -> dict[str, dict]:
    from annotate.pipeline import annotate_records

    recs = records()
    preds = annotate_records([r for _, r in recs])
    return {f"{s}/{r['id']}": flat(p["labels"]) for (s, r), p in zip(recs, preds)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "diff"])
    ap.add_argument("file", type=Path)
    args = ap.parse_args()
    now = annotate_all()
    if args.action == "save":
        with open(args.file, "w", encoding="utf-8") as f:
            for k, v in now.items():
                f.write(json.dumps({"key": k, "labels": v}, sort_keys=True) + "\n")
        print(f"saved {len(now)} documents' labels to {args.file}")
        return
    before = {r["key"]: r["labels"] for r in read_jsonl(args.file)}
    changed = Counter()
    for key in sorted(set(before) | set(now)):
        a, b = before.get(key, {}), now.get(key, {})
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                changed[(key.split("/")[0], field)] += 1
                print(f"{key}: {field}: {json.dumps(a.get(field))} -> {json.dumps(b.get(field))}")
    print(f"\n{sum(changed.values())} changed fields over {len(now)} documents")
    for (s, field), n in sorted(changed.items()):
        print(f"  {s:<9} {field:<15} {n}")


if __name__ == "__main__":
    main()
