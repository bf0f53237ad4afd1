"""Main-text extraction measured on the shared article-extraction benchmark (181 real news pages).

Runs `../shared/tools/score_extraction.py` (the benchmark's own metric: 4-word shingles, precision and
recall averaged over pages) on `ingest.extract:main_text_of` (with and without its fallback) and on
the beautifulsoup4 heuristic it replaced; `--settings` also scores the trafilatura options weighed when choosing main_text_of's.
Prints and saves bench/results/extraction-<date>.json. Without ../shared it says so and exits 0.

    python bench/extraction.py [--settings]
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
from results_file import print_table, save  # noqa: E402

# The scorer's one line: "pages 181  errors 0  precision 0.840  recall 0.903  F1 0.870  (5.3 s)"
SCORE_RE = re.compile(r"pages (\d+)\s+errors (\d+)\s+precision ([\d.]+)\s+recall ([\d.]+)\s+F1 ([\d.]+)\s+\(([\d.]+) s\)")

EXTRACTORS = {
    "main_text_of": "ingest.extract:main_text_of",
    "main_text_of_without_fallback": "extraction:without_fallback",
    "beautifulsoup4_heuristic": "extraction:heuristic",
}
# trafilatura.extract with one option changed at a time (text output; paragraph breaks do not count in the metric).
SETTINGS = {
    "trafilatura_defaults": {},
    "no_comments": {"include_comments": False},
    "no_comments_favor_precision": {"include_comments": False, "favor_precision": True},
    "no_comments_favor_recall": {"include_comments": False, "favor_recall": True},
    "no_comments_no_tables": {"include_comments": False, "include_tables": False},
    "no_comments_deduplicate": {"include_comments": False, "deduplicate": True},
    "no_comments_fast": {"include_comments": False, "fast": True},
    "no_comments_favor_precision_fast": {"include_comments": False, "favor_precision": True, "fast": True},
}


def heuristic(html_text: str, url: str = "") -> str:
    """The beautifulsoup4 heuristic the url source used before trafilatura (headline dropped, as it was)."""
    from ingest.extract import main_text, page_title, soup_of, without_title

    soup = soup_of(html_text)
    return without_title(main_text(soup), page_title(soup))


def without_fallback(html_text: str, url: str = "") -> str:
    """main_text_of minus its fallback to the heuristic on short texts: does the fallback earn its keep?"""
    from ingest.extract import page_title, soup_of, trafilatura_blocks, without_title

    return without_title("\n\n".join(trafilatura_blocks(html_text, url)), page_title(soup_of(html_text)))


def with_settings(html_text: str, url: str = "") -> str:
    """trafilatura.extract with the options named in $EXTRACTION_SETTINGS (a key of SETTINGS)."""
    import trafilatura

    return trafilatura.extract(html_text, url=url or None, **SETTINGS[os.environ["EXTRACTION_SETTINGS"]]) or ""


def score(target: str, settings: str | None = None) -> dict:
    """One run of the shared scorer on MODULE:FUNCTION, from the project root with our code first on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH), os.environ.get("PYTHONPATH", "")])}
    if settings:
        env["EXTRACTION_SETTINGS"] = settings
    run = subprocess.run([sys.executable, str(SCORER), target], cwd=ROOT, env=env, capture_output=True, text=True)
    m = SCORE_RE.search(run.stdout)
    if run.returncode != 0 or m is None:
        raise SystemExit(f"bench/extraction.py: the scorer failed on {target}: {(run.stderr or run.stdout).strip()[-500:]}")
    pages, errors, p, r, f1, seconds = m.groups()
    return {"precision": float(p), "recall": float(r), "f1": float(f1), "pages": int(pages), "errors": int(errors),
            "seconds": float(seconds)}


def main() -> None:
    if not SCORER.is_file():
        print(f"bench/extraction.py: {SCORER} is absent (../shared not here); nothing measured")
        return
    import trafilatura

    result = {"date": dt.date.today().isoformat(), "benchmark": "../shared/extraction-benchmark (181 news pages)",
              "command": "python bench/extraction.py" + (" --settings" if "--settings" in sys.argv else ""),
              "trafilatura": trafilatura.__version__,
              "note": "seconds are wall time on a shared 2-core machine: noisy"}
    for name, target in EXTRACTORS.items():
        result[name] = score(target)
        print(f"{name:28} {result[name]}")
    if "--settings" in sys.argv:
        result["trafilatura_settings"] = {}
        for name in SETTINGS:
            result["trafilatura_settings"][name] = {**score("extraction:with_settings", name), "options": SETTINGS[name]}
            print(f"{name:40} {result['trafilatura_settings'][name]}")
    print_table({k: v for k, v in result.items() if not isinstance(v, dict)})
    save("extraction", result)


if __name__ == "__main__":
    main()
