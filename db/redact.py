"""Victim anonymity: names in documents about sexual offences are withheld before anything is published.

In a document about a sexual offence, every personal name that is not a defendant's, an official's,
a lawyer's or a judge's is replaced by "[name withheld]" in the title, the text, the evidence
quotes and everything derived from them (case timelines, warning signs, citations), in every form
it takes: the full name, the surname alone ("Quenby told ..."), the possessive ("Quenby's"),
initials ("M.Q."), and a title with the surname ("Ms Quenby"). The corpus files keep the
original; only the database is redacted. UK law gives sexual-offence complainants lifelong
anonymity; U.S. releases say "Victim 1". After the build, `check_published` scans every text the
database holds and the build refuses to publish if a withheld name, or an unexplained name in a
sexual-offence document, is still there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from annotate.defendants import OFFICIAL_BEFORE_RE, DefendantFinder
from annotate.pipeline import PATTERNS
from annotate.text import read_csv, read_words
from casebook.errors import CasebookError
from db.cases import name_parts, same_person

MARKER = "[name withheld]"
# A document is about a sexual offence when its labels say sexual_abuse or its text names one:
# "sexual abuse of a ward", "raped", "indecent assault", "voyeurism", "abusive sexual contact"
SEXUAL_RE = re.compile(r"\b(?:sexual(?:ly)?\s+(?:abus|assault|contact|act|misconduct|activit|relation|intercourse|penetrat|exploit|battery)\w*"
                       r"|rape[ds]?|raping|sodomy|indecen\w+ (?:assault|exposure)|voyeur\w*|molest\w*)\b", re.I)
# Words before a name that make its bearer an official, a lawyer or a judge (as well as the
# annotator's list of official titles): "defense attorney Pat Lawyer", "represented by Sam Counsel"
KEEP_BEFORE_RE = re.compile(
    r"(?:(?:defendant|he|she),? (?:formerly|also|previously) known as|defen[cs]e (?:attorney|lawyer|counsel)|represented by|prosecutors?|barrister|solicitor|Recorder|"
    r"Honou?r|President|Governor|Warden|Mayor|Minister|Spokes(?:man|woman|person)|Sergeant|Lieutenant|Captain|Officer)\s*$", re.I)
# Words after a name that make its bearer an official: "Kenneth A. Polite, Jr., Assistant Attorney General"
KEEP_AFTER_RE = re.compile(
    r"^,?\s*(?:Jr\.,\s*)?(?:the |a |an )?(?:U\.S\. Attorney|United States Attorney|Assistant|Acting|Deputy|Special Agent|"
    r"Inspector|Attorney General|Judge|Director|Chief|Sheriff|Commissioner|Secretary|spokes\w+|prosecutor|"
    r"(?:defen[cs]e )?(?:attorney|lawyer|counsel)|barrister|solicitor|Detective|Superintendent|Governor|Warden|"
    r"Senior Crown Prosecutor|Crown Prosecutor|Chief Crown Prosecutor|head of)\b")
# A run followed by an institution word is part of a place's name: "Julia Tutwiler Prison", "Grant County"
PLACE_AFTER_RE = re.compile(
    r"^\s*(?:Prison|Correctional|Center|Centre|County|Parish|Detention|Facility|Institution|Institute|Jail|Unit|Hall|"
    r"School|College|University|Road|Street|Avenue|Park|Building|Courthouse|Federal|Regional|Medical|Hospital|Police|"
    r"Sheriff|Department|Office|Division|District|State|City|Township|Law|Act|Foundation|Project|Commission)\b")
# How a name is used as a person's (the detector looks at these around each capitalised run):
#   "the victim, Marisol Quenby,"  "abused Jane Roe"  "Quenby, 24,"  "Quenby told investigators"  "Quenby's cellmate"
PERSON_VERBS = (r"said|says|told|testified|reported|wrote|stated|alleged|described|recalled|disclosed|complained|"
                r"was (?:assaulted|abused|raped|attacked|touched|groped|a victim|an inmate|a prisoner|incarcerated|housed|held)|"
                r"had been|has been|feared|cried|asked|refused")
PERSON_BEFORE_RE = re.compile(
    r"(?:\b(?:victims?|complainants?|survivors?|inmates?|prisoners?|detainees?|wards?|woman|women|man|girl|boy|mother|"
    r"daughter|wife|husband|sister|brother|friend|cellmate|named|identified as|known as|said|says|according to)\s*,?\s*"
    r"|\b(?:abused|assaulted|raped|molested|touched|groped|kissed|fondled|photographed|filmed|harassed|threatened)\s+"
    r"|\b(?:sex(?:ual (?:acts?|contact|relationship|intercourse))? with|relationship with)\s+"
    r"|\b(?:Ms|Mrs|Miss|Mr|Mx|Dr)\.?\s+)$", re.I)
PERSON_AFTER_RE = re.compile(rf"^(?:,\s*\d{{1,2}}\s*,|\s*\(\d{{1,2}}\)|['’]s\b|,?\s+(?:{PERSON_VERBS})\b)")
# A title and a single name: "Ms Quenby", "Mrs. Quenby", "Miss Quenby", "Mr Quenby"
TITLED_RE = re.compile(r"\b(Ms|Mrs|Miss|Mr|Mx)\.?\s+([A-Z][a-zà-ÿ]+(?:[-'’][A-Z][a-zà-ÿ]+)?)\b")
# A single name in a victim's context: "the victim, Marisol", "inmate Quenby"
VICTIM_CONTEXT_RE = re.compile(
    r"\b(?:victims?|complainants?|survivors?|inmates?|prisoners?|detainees?|wards?)\s*,?\s+(?:identified as\s+|named\s+)?"
    r"([A-Z][a-zà-ÿ]+(?:[-'’][A-Z][a-zà-ÿ]+)?)\b")


def names_regex(forms: set[str]) -> re.Pattern | None:
    """Any of the forms, longest first, with an optional title before it ("Ms Quenby"), as whole words."""
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:(?:Ms|Mrs|Miss|Mr|Mx)\.?\s+)?(?:{alternatives})(?![\w])")


@dataclass
class Redaction:
    """What was withheld in one document and the names that were kept (and why they may stay)."""
    withheld: set[str] = field(default_factory=set)   # full names and single names
    kept: set[str] = field(default_factory=set)


NOT_PERSON_WORDS = Path(__file__).resolve().parent / "patterns" / "not_person_words.txt"
# Text columns of the tables built from documents and case records: where a name could be published.
PUBLISHED_TEXT = {
    "documents": ("title", "text"), "evidence": ("quote",), "case_documents": ("fact", "quote"),
    "case_warning_signs": ("quote",), "cases": ("summary", "outcome_quote", "citation", "disagreements"),
}


class Redactor:
    def __init__(self):
        self.not_person = read_words(NOT_PERSON_WORDS)
        not_name = read_words(PATTERNS / "not_name_words.txt")
        places = {row["name"] for row in read_csv(PATTERNS / "places.csv")}
        self.finder = DefendantFinder(not_name, places)
        self.not_name = not_name | {"Ms", "Mrs", "Miss", "Mr", "Mx", "The", "He", "She", "His", "Her", "They"}

    def person_like(self, name: str) -> bool:
        """Two to four name words, none of them an organisation, place or headline word."""
        words = name.replace(",", " ").split()
        words = [w for w in words if w not in ("Jr.", "Sr.", "II", "III", "IV")]
        return 2 <= len(words) <= 4 and not any(w in self.not_person or w.rstrip("'’s") in self.not_person for w in words) \
            and not all(re.fullmatch(r"[A-Z]\.", w) for w in words)

    def is_sexual(self, labels: dict, text: str) -> bool:
        return "sexual_abuse" in (labels.get("misconduct") or []) or bool(SEXUAL_RE.search(text or ""))

    def in_person_context(self, text: str, s: int, e: int, surname: str) -> bool:
        """Is the run at text[s:e] used as a person: a title, an age, a person word before, a verb after,
        or its surname alone elsewhere as a person ("Quenby told", "Quenby's")?"""
        before, after = text[max(0, s - 60):s], text[e:e + 60]
        if PERSON_BEFORE_RE.search(before) or PERSON_AFTER_RE.match(after):
            return True
        lone = re.compile(rf"(?<![\w.-]){re.escape(surname)}(?:['’]s\b|(?=\s+(?:{PERSON_VERBS})\b))")
        return bool(lone.search(text))

    def names_to_withhold(self, text: str, keep: list[str]) -> Redaction:
        """Every name used as a person in text that is not a defendant's (keep), an official's, a lawyer's or a judge's."""
        red = Redaction(kept=set(k for k in keep if k))
        keep_surnames = {p[1] for p in (name_parts(k) for k in keep) if p}
        for s, e, name in self.finder.name_runs(text):
            if not self.person_like(name):
                continue
            before, after = text[max(0, s - 90):s].rsplit("\n", 1)[-1], text[e:e + 80]
            if any(same_person(name, k) for k in keep) or name in red.kept:
                red.kept.add(name)
            elif OFFICIAL_BEFORE_RE.search(before) or KEEP_BEFORE_RE.search(before) or KEEP_AFTER_RE.match(after) \
                    or PLACE_AFTER_RE.match(after):
                red.kept.add(name)
            elif self.in_person_context(text, s, e, name.replace(",", " ").split()[-1]):
                red.withheld.add(name)
        kept_surnames = keep_surnames | {p[1] for p in (name_parts(k) for k in red.kept) if p}
        for regex, group in ((TITLED_RE, 2), (VICTIM_CONTEXT_RE, 1)):
            for m in regex.finditer(text):
                single = m.group(group)
                if single in self.not_name or single in self.not_person or single.lower() in kept_surnames:
                    continue
                if regex is TITLED_RE and OFFICIAL_BEFORE_RE.search(text[max(0, m.start() - 60):m.start()]):
                    continue
                red.withheld.add(single)
        # a surname the defendant shares is never withheld alone (it would hide the defendant)
        red.withheld = {w for w in red.withheld if not (" " not in w and w.lower() in keep_surnames)}
        return red

    def pattern_for(self, withheld: set[str], keep: set[str]) -> re.Pattern | None:
        """One regex for every form of every withheld name, longest first."""
        keep_surnames = {p[1] for p in (name_parts(k) for k in keep) if p}
        forms: set[str] = set()
        for name in withheld:
            forms.add(name)
            parts = name_parts(name)
            words = [w for w in re.split(r"\s+", name) if w]
            if parts and len(words) >= 2:
                surname = words[-1].rstrip(",")
                if surname.lower() not in keep_surnames:
                    forms.add(surname)
                first = words[0]
                forms.add(f"{first} {surname}")
                initials = f"{first[0]}.{surname[0]}."
                forms.update({initials, f"{first[0]}. {surname[0]}."})
        return names_regex(forms)

    def full_name_pattern(self, names: set[str]) -> re.Pattern | None:
        """Whole names only ("Marisol Quenby", "Ms Marisol Quenby"): safe to look for in every document."""
        forms = set()
        for name in names:
            words = name.replace(",", " ").split()
            if len(words) >= 2:
                forms.update({name, f"{words[0]} {words[-1]}"})
        return names_regex(forms)

    def redact(self, text: str | None, pattern: re.Pattern | None) -> str | None:
        if text is None or pattern is None:
            return text
        return pattern.sub(MARKER, text)


@lru_cache(maxsize=1)
def shared_redactor() -> Redactor:
    """One Redactor per process: its word lists are read once, not at every step of a build."""
    return Redactor()


def local_redaction(doc: dict, labels: dict) -> Redaction | None:
    """What one document about a sexual offence withholds by itself (None for other documents)."""
    redactor = shared_redactor()
    full = f"{doc.get('title') or ''}\n\n{doc['text']}"
    if not redactor.is_sexual(labels, full):
        return None
    keep = [d.get("name") for d in labels.get("defendants") or [] if d.get("name")]
    return redactor.names_to_withhold(full, keep)


def everywhere_names(red: Redaction | None) -> set[str]:
    """The names a document withholds in every other document too: its whole names (two words or more)."""
    return {w for w in red.withheld if " " in w} if red else set()


def redact_document(doc: dict, ann: dict, red: Redaction | None, everywhere: set[str]) -> tuple[dict, dict, set[str]]:
    """The published copy of one document and its evidence, and the names of `everywhere` that it held.

    `everywhere` is the union of every document's whole withheld names: a name withheld in one
    sexual-offence document is withheld (as a whole name) in every document, except where it is the
    document's own defendant. An evidence quote that cannot be found verbatim after redaction is
    left out rather than misquoted.
    """
    redactor = shared_redactor()
    keep = {d.get("name") for d in ann["labels"].get("defendants") or [] if d.get("name")}
    patterns = [redactor.pattern_for(red.withheld, red.kept)] if red else []
    title, text = doc.get("title"), doc["text"]
    full = f"{title or ''}\n\n{text}"
    present = names_present(full, frozenset(everywhere))
    patterns.append(redactor.full_name_pattern({w for w in present if not any(same_person(w, k) for k in keep)}))
    patterns = [p for p in patterns if p is not None]
    for p in patterns:
        title, text = redactor.redact(title, p), redactor.redact(text, p)
    if title == doc.get("title") and text == doc["text"]:
        return doc, ann, present
    withheld = len(re.findall(re.escape(MARKER), f"{title or ''} {text}"))
    evidence = []
    for e in ann["evidence"]:
        quote = e["quote"]
        for p in patterns:
            quote = redactor.redact(quote, p)
        haystack = title if e["location"] == "title" else text
        at = (haystack or "").find(quote)
        if at < 0:
            continue  # cannot point at it verbatim any more: leave it out rather than misquote
        evidence.append({**e, "quote": quote, "start": at, "end": at + len(quote)})
    return {**doc, "title": title, "text": text, "names_withheld": withheld}, {**ann, "evidence": evidence}, present


def names_present(text: str, names: frozenset[str]) -> set[str]:
    """Which of the whole names occur in text (any of their forms): only names whose last word is a word of
    the text are looked for, so a list of thousands of names costs one pass over the words."""
    if not names:
        return set()
    by_last = _by_last_word(names)
    candidates = frozenset(n for w in set(WORD_RE.findall(text)) for n in by_last.get(w, ()))
    if not candidates:
        return set()
    pattern, forms = _names_finder(candidates)
    found = set()
    for m in pattern.finditer(text):
        found |= forms.get(TITLE_PREFIX_RE.sub("", m.group(0)), set())
    return found


# the words of a text, as a name's last word is written: "Quenby", "O'Neill", "Smith-Jones"
WORD_RE = re.compile(r"[\w'’-]+")
# "Ms Marisol Quenby" -> "Marisol Quenby" (names_regex allows a title before any form)
TITLE_PREFIX_RE = re.compile(r"^(?:Ms|Mrs|Miss|Mr|Mx)\.?\s+")


@lru_cache(maxsize=4)
def _by_last_word(names: frozenset[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name in names:
        words = name.replace(",", " ").split()
        if len(words) >= 2:
            out.setdefault(words[-1], set()).add(name)
    return out


@lru_cache(maxsize=256)
def _names_finder(names: frozenset[str]) -> tuple[re.Pattern, dict[str, set[str]]]:
    forms: dict[str, set[str]] = {}
    for name in names:
        words = name.replace(",", " ").split()
        for form in (name, f"{words[0]} {words[-1]}"):
            forms.setdefault(form, set()).add(name)
    return shared_redactor().full_name_pattern(set(names)), forms


def redact_documents(docs: list[dict], annotations: dict) -> tuple[list[dict], dict, dict]:
    """Published copies of docs and their evidence; returns (docs, annotations, {doc id: Redaction})."""
    report = {d["id"]: r for d in docs if (r := local_redaction(d, annotations[d["id"]]["labels"])) is not None}
    everywhere = {w for red in report.values() for w in everywhere_names(red)}
    out_docs, out_ann = [], dict(annotations)
    for doc in docs:
        new_doc, out_ann[doc["id"]], _ = redact_document(doc, annotations[doc["id"]], report.get(doc["id"]), everywhere)
        out_docs.append(new_doc)
    return out_docs, out_ann, report


def unexplained_name(doc: dict, red: Redaction | None) -> str | None:
    """Why a published document about a sexual offence may still name a victim (None when it may not)."""
    if red is None:
        return None
    again = shared_redactor().names_to_withhold(f"{doc.get('title') or ''}\n\n{doc['text']}", sorted(red.kept))
    if not again.withheld:
        return None
    full = f"{doc.get('title') or ''}\n\n{doc['text']}"
    name = sorted(again.withheld)[0]
    at = full.find(name)
    # the report lives beside the database: it points at the place, it does not repeat the name
    return f"a name the rules cannot explain is still in the text (at character {at} of title + text)"


def redact_case_records(records: list[dict], everywhere: set[str] = frozenset()) -> list[dict]:
    """Manual records: names in summaries, facts, quotes and signs withheld in records about a sexual offence,
    and in every record the whole names that some document withholds (`everywhere`), as in documents."""
    import copy

    redactor = shared_redactor()
    out = []
    for rec in records:
        misconduct = {m for d in rec["defendants"] for m in d.get("misconduct") or []}
        keep = [d["name"] for d in rec["defendants"]]
        texts = [rec["summary"]] + [e["fact"] for d in rec["defendants"] for e in d["timeline"]] + \
                [e.get("quote") or "" for d in rec["defendants"] for e in d["timeline"]] + \
                [s for d in rec["defendants"] for s in d.get("warning_signs") or []]
        joined = "\n\n".join(texts)
        patterns = []
        if "sexual_abuse" in misconduct:
            red = redactor.names_to_withhold(joined, keep)
            patterns.append(redactor.pattern_for(red.withheld, red.kept))
        present = {w for w in names_present(joined, frozenset(everywhere)) if not any(same_person(w, k) for k in keep)}
        patterns.append(redactor.full_name_pattern(present))
        patterns = [p for p in patterns if p is not None]
        if not patterns:
            out.append(rec)
            continue
        rec = copy.deepcopy(rec)

        def clean(text):
            for p in patterns:
                text = redactor.redact(text, p)
            return text
        rec["summary"] = clean(rec["summary"])
        for d in rec["defendants"]:
            for e in d["timeline"]:
                e["fact"] = clean(e["fact"])
                e["quote"] = clean(e.get("quote"))
            d["warning_signs"] = [clean(s) for s in d.get("warning_signs") or []]
        out.append(rec)
    return out


def check_published(tables: dict[str, list[dict]], report: dict) -> None:
    """Refuse to publish if any withheld name is anywhere in the database, or a sexual-offence
    document still holds a name the rules cannot explain (a defendant, an official, a lawyer, a judge)."""
    redactor = shared_redactor()
    withheld = {w for red in report.values() for w in red.withheld if " " in w}
    defendants = {r["name"] for r in tables.get("defendants", []) if r.get("name")}
    pattern = redactor.full_name_pattern({w for w in withheld if w not in defendants})
    problems = []
    if pattern is not None:
        for table, cols in PUBLISHED_TEXT.items():
            for row in tables.get(table, []):
                for col in cols:
                    value = row.get(col)
                    if isinstance(value, str) and pattern.search(value):
                        problems.append(f"{table}.{col} of {row.get('id') or row.get('document_id') or row.get('case_id')}")
    by_id = {d["id"]: d for d in tables.get("documents", [])}
    for doc_id, red in report.items():
        doc = by_id.get(doc_id)
        if doc is None:
            continue
        again = redactor.names_to_withhold(f"{doc.get('title') or ''}\n\n{doc['text']}", sorted(red.kept))
        if again.withheld:
            problems.append(f"documents.text of {doc_id} (still names {sorted(again.withheld)[0]!r})")
    if problems:
        raise CasebookError(
            f"refusing to publish: {len(problems)} place(s) may name a victim of a sexual offence: " + "; ".join(problems[:5]),
            hint="the previous database is untouched; see db/redact.py, and add a correction or a takedown if a name is wrong",
        )
