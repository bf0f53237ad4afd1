"""Where every benchmark saves its numbers: bench/results/<name>-<date>.json (and prints the path)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def print_table(result: dict) -> None:
    width = max(len(k) for k in result) + 2
    for k, v in result.items():
        print(f"{k:{width}} {v}")


def save(name: str, result: dict) -> Path:
    """Write the result as JSON under its name and date; returns the path."""
    out = RESULTS / f"{name}-{result['date']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"saved bench/results/{out.name}")
    return out
