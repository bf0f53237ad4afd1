"""Helpers shared by the components: pattern files, sentence look-up by character, verbatim quotes."""

from __future__ import annotations

import bisect
import csv
import json
import re
from pathlib import Path

from spacy.tokens import Doc, Span

MAX_QUOTE = 280


def per_doc(doc: Doc, key: str, compute):
    """compute(doc), worked out once per doc and kept in doc.user_data[key]."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = compute(doc)
    return value


def text_of(doc: Doc) -> str:
    """The doc's text, cached: spaCy rebuilds Doc.text from every token on each access."""
    return per_doc(doc, "casebook_text", lambda d: d.text)


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_regex_patterns(path, flags=re.IGNORECASE) -> list[tuple[str, re.Pattern]]:
    """(label, compiled regex) from a JSONL file whose rows are {label, pattern, example}."""
    out = []
    for n, row in enumerate(read_jsonl(path), 1):
        try:
            out.append((row.get("label") or row.get("kind"), re.compile(row["pattern"], flags)))
        except re.error as e:
            raise ValueError(f"{path}:{n}: pattern: {e}") from None
    return out


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_words(path) -> set[str]:
    return {w.strip() for w in Path(path).read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")}


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence, computed once per doc."""
    return per_doc(doc, "casebook_sent_bounds", lambda d: [(s.start_char, s.end_char) for s in d.sents])


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    starts = per_doc(doc, "casebook_sent_starts", lambda d: [b[0] for b in bounds])
    i = max(bisect.bisect_right(starts, char) - 1, 0)
    return bounds[i] if bounds else (0, len(text_of(doc)))


def body_start(doc: Doc) -> int:
    """Where the body text begins (the doc is title + blank line + text)."""
    return doc.user_data.get("casebook_body_start", 0)


def quote_span(doc: Doc, start: int, end: int) -> Span | None:
    """A verbatim evidence span: the sentence around [start, end), cut to MAX_QUOTE characters."""
    text = text_of(doc)
    s_start, s_end = sentence_at(doc, start)
    s_end = max(s_end, min(end, len(text)))
    # Never let a quote run from the title into the body.
    b = body_start(doc)
    if s_start < b <= start:
        s_start = b
    elif start < b < s_end:
        s_end = b
    if s_end - s_start > MAX_QUOTE:
        mid = (start + end) // 2
        lo = max(s_start, mid - MAX_QUOTE // 2)
        hi = min(s_end, lo + MAX_QUOTE)
        lo = max(s_start, min(lo, start))
        hi = max(hi, min(end, s_end))
        # widen to word boundaries
        while lo > s_start and not text[lo - 1].isspace():
            lo -= 1
        while hi < s_end and not text[hi].isspace():
            hi += 1
        s_start, s_end = lo, hi
    while s_start < s_end and text[s_start].isspace():
        s_start += 1
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    span = doc.char_span(s_start, s_end, alignment_mode="expand")
    return span


TITLE_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "over", "after"}


def headline_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of headline-style lines (most words capitalised), where capitals say nothing about names.

    "Correctional Officer Pleads Guilty to Federal Racketeering Charge" is a headline;
    "Jacob Salcido, 40, of Lexington, pleaded guilty" is not. Cached per doc.
    """
    return per_doc(doc, "casebook_headlines", _find_headlines)


def _find_headlines(doc: Doc) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text_of(doc)):
        words = [w for w in TITLE_WORD_RE.findall(m.group(0)) if w.lower() not in SMALL_WORDS]
        if len(words) < 4:
            continue
        caps = sum(1 for w in words if w[0].isupper())
        if caps / len(words) >= 0.8:
            out.append((m.start(), m.end()))
    return out


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def furniture_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Site furniture scraped with the page: teaser lines ending in "..." and the headline just above each.

    "Ex-Mexican Security Chief Sentenced for Bribery ...\\nGenaro Garcia Luna, Mexico's former Secretary of..."
    belongs to another story; cues there must not label this document. Cached per doc.
    """
    return per_doc(doc, "casebook_furniture", _find_furniture)


def _find_furniture(doc: Doc) -> list[tuple[int, int]]:
    lines = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+", text_of(doc)) if m.group(0).strip()]
    out = []
    for i, (s, e, line) in enumerate(lines):
        if re.search(r"(?:\.\.\.|…)\s*$", line) and len(line) < 400:
            out.append((s, e))
            if i and len(lines[i - 1][2]) < 200:
                out.append((lines[i - 1][0], lines[i - 1][1]))
    return out
