"""`casebook ingest SOURCE`: walk a source, keep what the annotator calls relevant, checkpoint every item.

A source module (`ingest/doj.py`, ...) has `crawl(ctx)`, which yields `Fetched` documents (or
`Failed` items) and calls `ctx.checkpoint(...)` after each listing page. This module does the rest:
the relevance filter, storage, the rejected/failed logs, the progress bar and the summary.
Kill it at any moment and run it again: it resumes from the last checkpoint, and documents are
matched by native id, so nothing is lost and nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from casebook.errors import CasebookError
from ingest.config import load_config, source_settings, user_agent
from ingest.http import FetchError, PoliteClient
from ingest.state import State
from ingest.store import Fetched, index_by_native_id, iso_utc, log_line, store_document

OUTCOMES = ("new", "updated", "unchanged", "rejected", "failed")


@dataclass
class Failed:
    """An item a source could not fetch or parse; logged, counted, retried on the next run."""
    native_id: str
    url: str
    reason: str


@dataclass
class Skipped:
    """An item handled before at the same version (stored or rejected): counted as unchanged, not fetched."""
    native_id: str


class SourceDataError(CasebookError):
    """A response that breaks what sources.md says the source sends: names the source, the row and the field."""

    def __init__(self, source: str, row, field_name: str, problem: str):
        super().__init__(f"{source}: {row}: {field_name}: {problem}",
                         "the site may have changed its format; compare with ingest/examples/" + source)
        self.source, self.row, self.field, self.problem = source, row, field_name, problem


@dataclass
class Options:
    since: str | None = None          # ISO dates, inclusive
    until: str | None = None
    max_items: int | None = None      # stop after this many documents considered
    query: str | None = None          # replaces the configured search terms
    base_url: str | None = None
    targets: list = field(default_factory=list)   # url: the URLs; fcl: named judgment URIs


@dataclass
class Context:
    """What a source's crawl() gets: the client, its settings, the options and the checkpoint."""
    source: str
    settings: dict
    config: dict
    options: Options
    client: PoliteClient
    state: State
    run_key: str
    log: callable

    @property
    def queries(self) -> list[str]:
        return [self.options.query] if self.options.query else list(self.config["queries"])

    def resume(self):
        return self.state.cursor(self.source, self.run_key)

    def checkpoint(self, value) -> None:
        self.state.save_cursor(self.source, self.run_key, value)

    def already_have(self, native_id: str, version: str | None) -> bool:
        """True when this item was handled before at this version (stored or rejected): no need to fetch it."""
        seen = self.state.item(self.source, native_id)
        return bool(seen and version and seen["version"] == version and seen["outcome"] in ("stored", "rejected"))

    def before_since(self, date: str | None) -> bool:
        """True for a date older than --since: a newest-first walk can stop there."""
        return bool(self.options.since and date and date < self.options.since)

    def in_range(self, date: str | None) -> bool:
        if date is None:
            return True
        if self.options.since and date < self.options.since:
            return False
        if self.options.until and date > self.options.until:
            return False
        return True


def run_key(source: str, options: Options, settings: dict) -> str:
    """The checkpoint belongs to one walk: same source, base URL, query, dates and targets."""
    key = json.dumps([source, settings.get("base_url"), options.query, options.since, options.until, options.targets])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def make_relevance():
    """The annotator's verdict on a fetched document: (relevant?, reason)."""
    from annotate.pipeline import annotate_records

    def judge(item: Fetched) -> tuple[bool, str]:
        record = {"id": item.native_id, "title": item.title, "text": item.text, "publisher": item.publisher,
                  "source_kind": item.source_kind}
        labels = next(annotate_records([record]))["labels"]
        if labels.get("relevant"):
            return True, "annotator: relevant"
        return False, "annotator: not about custody staff's misconduct with people in custody"
    return judge


def ingest(source: str, corpus_dir: Path, options: Options, config_path: Path | None = None,
           sleep=time.sleep, relevance=None, progress: bool = True, log=None) -> Counter:
    """Run one source into the corpus; returns the counts of new, updated, unchanged, rejected, failed."""
    cfg = load_config(config_path)
    settings = source_settings(cfg, source, options.base_url)
    module = importlib.import_module(f"ingest.{source}")
    log = log or (lambda msg: tqdm.write(msg, file=sys.stderr))
    state = State(corpus_dir)
    client_cfg = cfg["client"]
    client = PoliteClient(
        user_agent=user_agent(cfg), allowed_hosts=settings["allowed_hosts"], pace_seconds=settings["pace_seconds"],
        timeout_seconds=client_cfg["timeout_seconds"], max_tries=client_cfg["max_tries"],
        backoff_seconds=client_cfg["backoff_seconds"], max_retry_after_seconds=client_cfg["max_retry_after_seconds"],
        max_response_bytes=client_cfg["max_response_bytes"], headers=getattr(module, "headers", lambda s: {})(settings),
        validators=state, sleep=sleep, log=log,
    )
    ctx = Context(source, settings, cfg, options, client, state, run_key(source, options, settings), log)
    judge = relevance or make_relevance()
    index = index_by_native_id(corpus_dir)
    counts = Counter({k: 0 for k in OUTCOMES})
    min_chars = client_cfg["min_text_chars"]
    # Sources without a search of their own (doj, cps, url) apply --query here, word by word.
    query_words = () if getattr(module, "SERVER_SEARCH", False) or not options.query else \
        tuple(w.lower() for w in re.findall(r"\w+", options.query))
    bar = tqdm(total=options.max_items, desc=f"ingest {source}", unit="doc", disable=not progress, file=sys.stderr)
    try:
        for item in module.crawl(ctx):
            if isinstance(item, Skipped):
                counts["unchanged"] += 1
            elif isinstance(item, Failed):
                counts["failed"] += 1
                log_line(corpus_dir, "failed", {"at": iso_utc(time.time()), "source": source, "native_id": item.native_id,
                                                "url": item.url, "reason": item.reason})
                log(f"failed: {item.url}: {item.reason}")
            else:
                outcome = _one(corpus_dir, item, index, judge, state, min_chars, query_words)
                counts[outcome] += 1
            bar.update(1)
            bar.set_postfix({k: v for k, v in counts.items() if v})
            if options.max_items and sum(counts.values()) >= options.max_items:
                break
        else:
            state.clear_cursor(source, ctx.run_key)  # the walk finished: the next run starts afresh
    except FetchError as e:
        counts["failed"] += 1
        log_line(corpus_dir, "failed", {"at": iso_utc(time.time()), "source": source, "native_id": None,
                                        "url": e.url, "reason": f"{e.kind}: {e.problem}"})
        log(f"stopped: {e}")
        if e.kind in ("blocked", "disallowed", "rate-limited", "off-host-redirect"):
            log(f"  ({e.kind}: the run stops here; the checkpoint is kept, so the next run resumes)")
    finally:
        bar.close()
        client.close()
        state.close()
    return counts


def _one(corpus_dir: Path, item: Fetched, index: dict, judge, state: State, min_chars: int, query_words=()) -> str:
    """Filter, store and checkpoint one fetched document; returns its outcome."""
    reason = None
    if item.extra.get("prefilter"):
        reason = item.extra["prefilter"]
    elif query_words and not all(w in f"{item.title or ''} {item.text}".lower() for w in query_words):
        reason = f"does not contain every word of --query {' '.join(query_words)!r}"
    elif len((item.text or "").strip()) < min_chars:
        reason = f"too little text ({len((item.text or '').strip())} characters; an empty or blocked page?)"
    elif not item.extra.get("chosen_by_hand"):
        relevant, why = judge(item)
        if not relevant:
            reason = why
    if reason:
        log_line(corpus_dir, "rejected", {"at": iso_utc(time.time()), "source": item.source, "native_id": item.native_id,
                                          "url": item.url, "title": item.title, "reason": reason})
        state.record(item.source, item.native_id, item.version, None, "rejected", reason)
        return "rejected"
    outcome, doc_id = store_document(corpus_dir, item, index)
    state.record(item.source, item.native_id, item.version, doc_id, "stored")
    return outcome
