"""Load on loopback: N concurrent clients for S seconds against a served database; errors, requests/s, p50/p95.

Hits table pages, facets, full-text search, a row page and every canned query, in turn. Prints the
numbers and (as a script) saves bench/results/load-<date>.json. tests/test_load.py runs the same
function against a fresh server and requires 0 errors (it asserts no timing).

    python bench/load.py [--clients 20] [--seconds 30] [--base http://127.0.0.1:8001]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results_file import print_table, save  # noqa: E402
QUERY_PARAMS = {
    "policy_outcomes_with_citations": {"status": ""},
    "trainers_training_examples": {"role": "", "misconduct": "", "contraband": ""},
    "case_timeline": {"case_id": "clinton-correctional-2015-escape-joyce-mitchell"},
}


def paths() -> list[str]:
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["casebook"]["queries"]
    out = ["/casebook/cases", "/casebook/documents", "/casebook/annotations.json",
           "/casebook/cases?_facet=status&_facet=role&_facet=misconduct", "/casebook/annotations?_facet=stage&_facet=country",
           "/casebook/documents?_search=officer", "/casebook/cases?_search=Clinton", "/casebook/documents.json?_search=contraband",
           "/casebook/cases/clinton-correctional-2015-escape-joyce-mitchell", "/casebook/coverage"]
    for name in sorted(queries):
        params = QUERY_PARAMS.get(name, {})
        out.append(f"/casebook/{name}" + (f"?{urlencode(params)}" if params else ""))
        out.append(f"/casebook/{name}.json" + (f"?{urlencode(params)}" if params else ""))
    return out


def run_load(base: str, clients: int = 20, seconds: float = 30, targets: list[str] | None = None) -> dict:
    """clients threads, each requesting targets (default paths()) in turn for seconds: errors, requests/s, p50/p95."""
    targets = targets or paths()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int):
        with httpx.Client(base_url=base, timeout=30) as http:
            i = k
            while time.monotonic() < stop_at:
                path = targets[i % len(targets)]
                i += 1
                t = time.perf_counter()
                try:
                    r = http.get(path)
                    ok = r.status_code == 200
                    problem = f"{path}: HTTP {r.status_code}"
                except httpx.HTTPError as e:
                    ok, problem = False, f"{path}: {type(e).__name__}"
                took = time.perf_counter() - t
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(problem)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {
        "date": dt.date.today().isoformat(), "clients": clients, "seconds": round(elapsed, 1), "urls": len(targets),
        "requests": len(latencies), "errors": len(errors), "error_examples": errors[:5],
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--base", help="a running server (default: build the shipped corpus and start one)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    proc = None
    base = args.base
    if base is None:
        import tempfile

        from db.build import build
        from db.serve import start_in_background

        db = Path(tempfile.mkdtemp()) / "casebook.db"
        build(ROOT / "corpus", db)
        proc, base = start_in_background(db, ROOT / "metadata.yml")
    try:
        result = run_load(base, args.clients, args.seconds)
    finally:
        if proc is not None:
            from db.serve import stop
            stop(proc)
    print_table(result)
    save("load", result)


if __name__ == "__main__":
    main()
