"""Shared set-up for the scraper tests: a fake web, a fast config, a run that records its waits."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ingest.config import DEFAULT_CONFIG
from ingest.run import Options, ingest
from tests.fakeweb import example


def fast_config(tmp_path: Path, **source_overrides) -> Path:
    """The shipped config with no pacing and short timeouts, written to a temp file."""
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    cfg["client"].update({"timeout_seconds": 1, "max_tries": 3, "backoff_seconds": 0.01, "max_retry_after_seconds": 120})
    for name, src in cfg["sources"].items():
        src["pace_seconds"] = 0
        src.update(source_overrides.get(name, {}))
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return path


class Waits(list):
    """A sleep() that records what it was asked to wait and waits at most 20 ms of it."""

    def __call__(self, seconds):
        import time
        self.append(seconds)
        time.sleep(min(seconds, 0.02))


def run(source, corpus, web, config, waits=None, **options):
    opts = Options(base_url=web.base_url, **options)
    return ingest(source, corpus, opts, config_path=config, sleep=waits if waits is not None else Waits(), progress=False,
                  log=lambda msg: None)


def documents(corpus: Path) -> dict:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((corpus / "documents").glob("*/*.json"))}


def log_entries(corpus: Path, name: str) -> list[dict]:
    path = corpus / ".ingest" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def doj_site(web, page0="api_page0.json", page1="api_page1.json"):
    """The DOJ fixtures on the fake web: three API pages, one release page, robots.txt."""
    web.route("/robots.txt", example("doj", "robots.txt", content_type="text/plain"))
    web.route("/api/v1/press_releases.json", example("doj", page0), query={"page": 0})
    web.route("/api/v1/press_releases.json", example("doj", page1), query={"page": 1})
    web.route("/api/v1/press_releases.json", example("doj", "api_page2_empty.json"), query={"page": 2})
    web.route("/usao-sdex/pr/detention-officer-pleads-guilty-smuggling-contraband-county-jail", example("doj", "release_current.html"))
    return web
