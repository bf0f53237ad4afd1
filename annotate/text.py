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


def first_chars(items) -> set[int] | None:
    """The characters a parsed regex can start with, or None when that is not a small known set.

    Optional parts count too: "\\b(?:deputy |head )?jailers?" can start with d, h or j.
    """
    chars, nullable = _first_of_sequence(items)
    return None if chars is None or nullable else chars


def _first_of_sequence(items) -> tuple[set[int] | None, bool]:
    """(first characters, can the sequence match the empty string) of a parsed regex sequence."""
    from re import _constants as C

    out: set[int] = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: the next op decides
            continue
        first, nullable = _first_of_op(op, av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_of_op(op, av) -> tuple[set[int] | None, bool]:
    from re import _constants as C

    if op is C.LITERAL:
        return {av}, False
    if op is C.IN:
        out: set[int] = set()
        for item_op, item in av:
            if item_op is C.LITERAL:
                out.add(item)
            elif item_op is C.RANGE and item[1] - item[0] < 200:
                out.update(range(item[0], item[1] + 1))
            else:
                return None, False
        return out, False
    if op is C.BRANCH:
        out, nullable = set(), False
        for branch in av[1]:
            first, empty = _first_of_sequence(branch.data)
            if first is None:
                return None, False
            out |= first
            nullable = nullable or empty
        return out, nullable
    if op is C.SUBPATTERN:
        return _first_of_sequence(av[-1].data)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        first, empty = _first_of_sequence(av[2].data)
        return first, av[0] == 0 or empty
    return None, False


def with_first_char_check(pattern: str, flags: int) -> str:
    """The same regex behind a one-character look-ahead of the letters it can start with.

    Python's re cannot skip ahead in a case-insensitive alternation, so it tries every branch at
    every position; "(?=[Ss])(?:\\bsexual...)" rejects most positions in one step. Matches are
    identical (the look-ahead only states what the pattern already requires); the cue regexes
    run about 40% faster (measured over the shipped corpus, see bench/).
    """
    from re import _parser

    try:
        first = first_chars(_parser.parse(pattern, flags).data)
    except Exception:  # an unusual construct: keep the pattern as written
        return pattern
    if not first:
        return pattern
    chars = set()
    for code in first:
        ch = chr(code)
        chars.add(ch)
        if flags & re.IGNORECASE:
            chars.update((ch.lower(), ch.upper()))
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])(?:" + pattern + ")"


def lowercase_pattern(pattern: str) -> str:
    """The pattern with its literal letters in lower case and its escapes (\\b, \\S, \\w) kept.

    Run on lower-cased text (lower_same_length) without re.IGNORECASE, it finds the same matches about
    three times faster: Python's re folds case at every comparison, and a lower-case first character lets
    the look-ahead reject most positions.
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?P<", i):  # a group's name keeps its case
            j = pattern.index(">", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(pattern[i].lower() if len(pattern[i].lower()) == 1 else pattern[i])
            i += 1
    return "".join(out)


def lower_same_length(text: str) -> str:
    """text.lower() with the same offsets ("İ" lower-cases to two characters: such characters stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def lower_text_of(doc: Doc) -> str:
    """The doc's text in lower case, offsets unchanged, computed once per doc."""
    return per_doc(doc, "casebook_lower", lambda d: lower_same_length(text_of(d)))


def trie_alternation(words) -> str:
    """A regex matching any of the literal words, as a trie: "Ala(?:bama|ska)" for Alabama and Alaska.

    Python's re tries the branches of "Alabama|Alaska|..." one by one at every position; the trie shares
    their prefixes. At each branching the longer continuation is tried first, so where one word is a prefix
    of another the longer one wins, as in an alternation sorted longest first.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items(), key=lambda kv: -depth(kv[1])) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    def depth(node: dict) -> int:
        return max((1 + depth(child) for ch, child in node.items() if ch), default=0)

    return "(?:" + build(trie) + ")"


def leading_literals(pattern: str, flags: int = 0, shortest: int = 3) -> set[str] | None:
    """Strings one of which every match of the pattern starts with, or None when there is no such small set.

    "\\b(?:escape[sd]?|prison break)" gives {"escape", "prison break"}: a text that holds none of them
    cannot match, and `str in text` is far cheaper than a regex scan.
    """
    from re import _parser

    try:
        return _leading_literals(list(_parser.parse(pattern, flags).data), shortest)
    except Exception:  # an unusual construct: no gate
        return None


def _leading_literals(items: list, shortest: int) -> set[str] | None:
    from re import _constants as C

    for at, (op, av) in enumerate(items):
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: the next op decides
            continue
        if op is C.SUBPATTERN:
            return _leading_literals(list(av[-1].data) + items[at + 1:], shortest)
        if op is C.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                found = _leading_literals(list(branch.data) + items[at + 1:], shortest)
                if found is None:
                    return None
                out |= found
            return out
        if op is C.LITERAL:
            run = ""
            for op2, av2 in items[at:]:
                if op2 is not C.LITERAL:
                    break
                run += chr(av2)
            return {run} if len(run) >= shortest else None
        return None
    return None


def word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of word not inside a longer word or hyphenated name: what
    re.finditer(r"(?<![\\w-])WORD(?![\\w-])") finds, without compiling a regex for every surname."""
    out, at, n = [], text.find(word), len(word)
    while at != -1 and n:
        before = text[at - 1] if at else ""
        after = text[at + n] if at + n < len(text) else ""
        if not (before and (before.isalnum() or before in "_-")) and not (after and (after.isalnum() or after in "_-")):
            out.append((at, at + n))
            at = text.find(word, at + n)
        else:
            at = text.find(word, at + 1)
    return out


def fast_compile(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile with the first-character look-ahead (with_first_char_check): the same matches, found sooner."""
    return re.compile(with_first_char_check(pattern, flags), flags)


def read_regex_patterns(path, flags=re.IGNORECASE, lowercase: bool = False) -> list[tuple[str, re.Pattern]]:
    """(label, compiled regex) from a JSONL file whose rows are {label, pattern, example}.

    lowercase=True: case-insensitive patterns compiled for lower-cased text (see lowercase_pattern).
    """
    out = []
    for n, row in enumerate(read_jsonl(path), 1):
        try:
            pattern = lowercase_pattern(row["pattern"]) if lowercase else row["pattern"]
            regex = fast_compile(pattern, flags)
            out.append((row.get("label") or row.get("kind"), regex))
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
