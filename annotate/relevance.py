"""`casebook_relevance`: is this document about custody staff's misconduct involving people in custody?

Relevant: a specific case, or official figures and findings about such misconduct. Not relevant: inmates
assaulting staff, outsiders smuggling alone, police force on the street, policy with no misconduct in it,
and everything else a national feed carries (health-care fraud, military bribery, gangs, awards).

Cues come from patterns/relevance.jsonl (each row has a note and an example), read per sentence:
  STAFF       a custody institution's staff ("correctional officer", "jailer", "warden")
  ACTOR       an official who may or may not work in custody ("deputy", "police officer", "staff")
  INMATE      a person in custody ("inmate", "prisoner", "pretrial detainee", "a ward")
  DETAINEE    a person held, perhaps by police on the street ("detainee", "arrestee", "in his custody")
  FACILITY    a place of custody ("the county jail", "detention center", "holding cell")
  WRONG       wrongdoing of the custody kind (force, sexual abuse, smuggling, civil-rights crimes)
  WRONG2      wrongdoing that is custody misconduct only beside an inmate or a facility (cover-up, bribery)
  NEGLECT     deliberate indifference, failure to protect: wrongdoing only in a sentence about a criminal
              case (CASE: charged, indicted, pleaded ...), not in conditions findings about medical care
  STAFF_MISCONDUCT  staff misconduct named as a kind ("staff sexual misconduct", "abuse by correctional staff")
and guards that cancel the cues they overlap:
  NOT_ACTOR       not custody staff ("Army Staff Sergeant", "chief executive officer", "Assistant Attorney General")
  VICTIM_STAFF    staff as the victim ("assaulting a correctional officer"): cancels the actor and the deed
  SENTENCE_PLACE  the prison of a sentence, not a place ("N months in prison", "Bureau of Prisons")
  DEED_GUARD      a deed an institution prevents ("to prevent and detect contraband", "Prison Rape Elimination Act")

A sentence shows custody misconduct when wrongdoing stands within REACH characters of a custody actor
and (for an ACTOR, or for WRONG2) of an inmate or a custody place; a STAFF term carries the custody
setting itself. The document is relevant, and the evidence quote is the words that show it, when
  1. such a sentence is in the opening (the title and the first LEAD_SENTENCES sentences), or
  2. the opening names a staff member as charged or employed, and one of its sentences puts a deed
     beside an inmate or a custody place (title: "Former Jail Officer Sentenced for Lying to the FBI";
     later: "... his false report about the assault of an inmate"), or
  3. an official findings or settlement release (GENRE:findings) finds excessive force at a facility, or
  4. two sentences anywhere show it (one in reports and judgments, which have no summarising opening).
A policy document (GENRE:policy in the opening: rules, lesson plans, bills) is never relevant.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import body_start, fast_compile, lower_text_of, per_doc, quote_span, read_jsonl, sentence_bounds, text_of

PATTERNS = Path(__file__).resolve().parent / "patterns" / "relevance.jsonl"
# Sentences of the body, after the title, that state what a release is about (the opening).
LEAD_SENTENCES = 4
# Sentences anywhere that must show custody misconduct when none is in the opening: two, for a release
# mentions other cases in passing; one in the kinds of text that have no summarising opening.
MIN_BODY_SENTENCES = 2
NO_LEAD_KINDS = ("government_report", "court_judgment", "court_sentencing_remarks")
# Cues read first, in every sentence near a custody word; the rest only in the opening and where an
# actor was found (and in the sentences next to it).
# A guard is read only where there is something for it to cancel.
ACTOR_CUES = ("STAFF", "ACTOR")
ACTOR_GUARDS = ("NOT_ACTOR", "VICTIM_STAFF")
DEED_CUES = ("CASE", "INMATE", "DETAINEE", "FACILITY", "WRONG", "WRONG2", "NEGLECT")
GUARDS = {
    "NOT_ACTOR": ("STAFF", "ACTOR"), "VICTIM_STAFF": ("STAFF", "ACTOR", "WRONG"), "SENTENCE_PLACE": ("FACILITY",),
    "DEED_GUARD": ("WRONG", "WRONG2", "STAFF_MISCONDUCT"),
}


@Language.factory("casebook_relevance", default_config={"patterns_path": None})
def make_relevance(nlp: Language, name: str, patterns_path: str | None):
    return RelevanceTagger(read_patterns(patterns_path or PATTERNS))


def read_patterns(path) -> list[tuple[str, re.Pattern, bool]]:
    """(label, regex, case) from relevance.jsonl.

    Patterns are written in lower case and run on the lower-cased text without re.IGNORECASE (about
    three times faster); a row with "case": true keeps its capitals and runs on the text as written
    ("BOP", "CO Jane Roe").
    """
    out = []
    for n, row in enumerate(read_jsonl(path), 1):
        case = bool(row.get("case"))
        pattern = row["pattern"]
        if not case and pattern != pattern.lower():
            raise ValueError(f"{path}:{n}: write the pattern in lower case or mark the row \"case\": true")
        try:
            out.append((row["label"], re.compile(pattern), case))
        except re.error as e:
            raise ValueError(f"{path}:{n}: pattern: {e}") from None
    return out


class RelevanceTagger:
    def __init__(self, patterns):
        # one alternation per label (and case): the text is scanned once per label, not once per row
        rows: dict[tuple[str, bool], list[str]] = {}
        for label, regex, case in patterns:
            rows.setdefault((label, case), []).append(regex.pattern)
        self.patterns: dict[str, list[tuple[re.Pattern, bool]]] = {}
        for (label, case), alternatives in rows.items():
            joined = "|".join(f"(?:{p})" for p in alternatives)
            self.patterns.setdefault(label, []).append((fast_compile(joined), case))

    def find(self, label: str, text: str, lower: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        end = len(text) if end is None else end
        return [m.span() for regex, case in self.patterns.get(label, ()) for m in regex.finditer(text if case else lower, start, end)]

    def scan(self, doc: Doc) -> dict:
        """Once per doc: the sentences near a custody word (TRIGGER, and their neighbours), staff
        misconduct named as a kind anywhere (a table of contents included), and a memo of cue look-ups.

        Only those sentences are read: most of a national feed never mentions custody, and one pass of
        the trigger costs less than every cue.
        """
        text, lower = texts(doc)
        bounds = sentence_bounds(doc)
        starts = [s for s, _ in bounds]
        near: set[int] = set()
        for s, e in self.find("TRIGGER", text, lower):
            # "sentenced to N months in prison" is in nearly every release: not a custody setting.
            if lower.startswith(("prison", "jail", "custod", "penitentiar", "imprison"), s):
                if any(ps <= s < pe for ps, pe in self.find("SENTENCE_PLACE", text, lower, max(0, s - 60), min(len(text), e + 40))):
                    continue
            i = max(bisect.bisect_right(starts, s) - 1, 0)
            near.update((i - 1, i, i + 1))
        named: dict[int, list[tuple[int, int]]] = {}
        if near:
            for span in self.find("STAFF_MISCONDUCT", text, lower):
                i = max(bisect.bisect_right(starts, span[0]) - 1, 0)
                named.setdefault(i, []).append(span)
        return {"near": near, "named": named, "memo": {}}

    def cues_at(self, doc: Doc, state: dict, labels: tuple[str, ...], i: int) -> dict[str, list[tuple[int, int]]]:
        """self.cues of sentence i, looked up once per doc."""
        key = (labels, i)
        if key not in state["memo"]:
            text, lower = texts(doc)
            state["memo"][key] = self.cues(labels, text, lower, *sentence_bounds(doc)[i])
        return state["memo"][key]

    def sentence_flags(self, doc: Doc, lead: set[int], only: set[int] | None = None,
                       lead_deeds: bool = True) -> dict[int, dict[str, list[tuple[int, int]]]]:
        """{sentence index: {cue label: [(start, end)]}}, after the guards have cancelled what they cover.

        With `only`, just those sentences (the same flags as a full pass gives them): the opening is read
        first, and the rest of a long report only when the opening does not decide. With lead_deeds=False an
        opening sentence gets its deeds read only when an actor is in it or next to it, as any other sentence:
        which sentences show misconduct is the same, and it is all the decision needs until the opening
        names a staff member.
        """
        state = per_doc(doc, "casebook_relevance_scan", self.scan)
        if not state["near"]:
            return {}
        n = len(sentence_bounds(doc))
        near = {i for i in state["near"] | set(state["named"]) | lead if 0 <= i < n}
        wanted = near if only is None else near & only

        def actor_flags(i: int) -> dict:
            f = {"STAFF_MISCONDUCT": state["named"][i]} if i in state["named"] else {}
            if i in near:
                f.update(self.cues_at(doc, state, ACTOR_CUES, i))
                if f:
                    f.update(self.cues_at(doc, state, ACTOR_GUARDS, i))
            return f

        flags = {}
        for i in sorted(wanted):
            f = actor_flags(i)
            if (lead_deeds and i in lead) or any(actor_flags(j) for j in (i - 1, i + 1) if 0 <= j < n) or f:
                f.update(self.cues_at(doc, state, DEED_CUES, i))
                if "FACILITY" in f:
                    f.update(self.cues_at(doc, state, ("SENTENCE_PLACE",), i))
                if "WRONG" in f or "WRONG2" in f or "NEGLECT" in f or "STAFF_MISCONDUCT" in f:
                    f.update(self.cues_at(doc, state, ("DEED_GUARD",), i))
            f = guarded(f)
            if f:
                flags[i] = f
        return flags

    def cues(self, labels, text: str, lower: str, start: int, end: int) -> dict[str, list[tuple[int, int]]]:
        out = {}
        for label in labels:
            spans = self.find(label, text, lower, start, end)
            if spans:
                out[label] = spans
        return out

    def __call__(self, doc: Doc) -> Doc:
        quote = self.decide(doc)
        evidence = dict(doc._.evidence or {})
        doc._.relevant = quote is not None
        if quote is not None:
            evidence["relevant"] = quote_span(doc, *quote)
        else:
            evidence.pop("relevant", None)
        doc._.evidence = evidence
        return doc

    def decide(self, doc: Doc) -> tuple[int, int] | None:
        """(start, end) of the words that show custody misconduct, or None when the doc is not relevant."""
        text, lower = texts(doc)
        bounds = sentence_bounds(doc)
        lead = self.lead(doc)
        state = per_doc(doc, "casebook_relevance_scan", self.scan)
        if not state["near"]:
            return None
        # The opening first (with the sentence after each, which a cut line reads on into); the rest of a
        # long report is read only as far as the decision needs.
        opening_and_next = lead | {i + 1 for i in lead}
        flags = self.sentence_flags(doc, lead, opening_and_next, lead_deeds=False)
        if any(self.find("GENRE:policy", text, lower, *bounds[i]) for i in lead):
            return None
        in_lead = self.shows(doc, flags, sorted(lead))
        if in_lead:
            return in_lead[0][1]
        # The opening names the staff member, and a sentence or two on says what was done to whom, where
        # (constructed): "Former Jail Officer Sentenced for Lying to the FBI" + "... about the assault of an inmate".
        opening = sorted(lead)
        staff = any(deed_near(flags.get(i, {}), ("STAFF",), ("WRONG", "WRONG2", "CASE")) for i in opening)
        charged = [i for i in opening if "ACTOR" in flags.get(i, {}) and deed_near(flags[i], ("ACTOR",))]
        if staff or charged:
            flags = self.sentence_flags(doc, lead, opening_and_next)  # every opening sentence's deeds now
            for i in opening:
                where = deed_near(flags.get(i, {}), ("INMATE", "FACILITY"))
                if where:
                    return where
        # (constructed) "Former Deputy Convicted of Civil Rights Charges" + "... he beat two inmates, said ..."
        if charged and any("INMATE" in flags.get(i, {}) for i in opening):
            return bounds[charged[0]]
        shows = self.first_shows(doc, lead, state["near"] | set(state["named"]), MIN_BODY_SENTENCES)
        findings = any(self.find("GENRE:findings", text, lower, *bounds[i]) for i in lead)
        if findings and not shows and self.sentence_flags(doc, lead):
            # Official findings of force at a facility: force in custody is the staff's.
            starts = [s for s, _ in bounds]
            for i in sorted({max(bisect.bisect_right(starts, s) - 1, 0) for s, _ in self.find("FORCE", text, lower)}):
                f = self.cues(("INMATE", "FACILITY", "SENTENCE_PLACE", "DEED_GUARD"), text, lower, *bounds[i])
                f["WRONG"] = self.find("FORCE", text, lower, *bounds[i])
                where = deed_near(guarded(f), ("INMATE", "FACILITY"), ("WRONG",))
                if where:
                    return where
        # Reports and judgments have no summarising opening: one sentence anywhere tells.
        unsummarised = (doc.user_data.get("casebook_meta") or {}).get("source_kind") in NO_LEAD_KINDS
        if shows and (len(shows) >= MIN_BODY_SENTENCES or findings or unsummarised):
            return shows[0][1]
        return None

    def first_shows(self, doc: Doc, lead: set[int], near: set[int], enough: int) -> list[tuple[int, tuple[int, int]]]:
        """The first `enough` sentences (in order) that show custody misconduct, reading no further."""
        n = len(sentence_bounds(doc))
        out = []
        for i in sorted(j for j in near if 0 <= j < n):
            out += self.shows(doc, self.sentence_flags(doc, lead, {i, i + 1}, lead_deeds=False), [i])
            if len(out) >= enough:
                break
        return out

    def shows(self, doc: Doc, flags: dict, indices) -> list[tuple[int, tuple[int, int]]]:
        """(sentence, words) for each of the sentences that shows custody misconduct, in order."""
        text = text_of(doc)
        bounds = sentence_bounds(doc)
        b = body_start(doc)
        out = []
        for i in indices:
            f = flags.get(i)
            if not f:
                continue
            s, e = bounds[i]
            # A sentence cut by a line break (a headline, a PDF line) reads on into the next one.
            if i + 1 < len(bounds) and not TERMINAL_RE.search(text, s, e) and (s >= b or bounds[i + 1][0] < b):
                f = merge(f, flags.get(i + 1, {}))
            where = shows_misconduct(f)
            if where:
                out.append((i, where))
        return out

    def lead(self, doc: Doc) -> set[int]:
        """The title's sentences and the first LEAD_SENTENCES sentences of the body with six words or more
        (a repeat of the title, a dateline or "None" left by the scraper do not count)."""
        text = text_of(doc)
        b = body_start(doc)
        title = " ".join(text[:b].split())
        lead, substantive = set(), 0
        for i, (s, e) in enumerate(sentence_bounds(doc)):
            if s < b:
                lead.add(i)
            elif len(WORD_RE.findall(text, s, e)) >= 6 and " ".join(text[s:e].split()) != title:
                lead.add(i)
                substantive += 1
                if substantive >= LEAD_SENTENCES:
                    break
        return lead


TERMINAL_RE = re.compile(r"[.!?:;\"'”’)\]]\s*$")
WORD_RE = re.compile(r"[A-Za-z]{2,}")
# How far (characters) an actor or a custody word may stand from the wrongdoing it goes with.
REACH = 250


def deed_near(f: dict, labels: tuple[str, ...], deeds: tuple[str, ...] = ("WRONG", "WRONG2")) -> tuple[int, int] | None:
    """(start, end) of wrongdoing (or another of deeds) with one of labels within REACH of it, or None."""
    for deed in deeds:
        for ds, de in f.get(deed, ()):
            for label in labels:
                for s, e in f.get(label, ()):
                    if s < de + REACH and e > ds - REACH:
                        return min(s, ds), max(e, de)
    return None


def guarded(f: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """The cues of a sentence without the guards and without what a guard overlaps.

    Once a sentence has made a staff member the victim, a later staff word in it is that victim again
    (constructed: "he kicked a prison guard until the guard lost consciousness").
    """
    f = dict(f)
    neglect = f.pop("NEGLECT", ())
    if neglect and "CASE" in f:
        f["WRONG"] = f.get("WRONG", []) + list(neglect)
    victims = f.get("VICTIM_STAFF", ())
    if victims:
        first = min(s for s, _ in victims)
        for label in ("STAFF", "ACTOR"):
            if label in f:
                f[label] = [(s, e) for s, e in f[label] if s < first]
    for guard, labels in GUARDS.items():
        for gs, ge in f.pop(guard, ()):
            for label in labels:
                if label in f:
                    f[label] = [(s, e) for s, e in f[label] if not (gs < e and s < ge)]
    return {label: spans for label, spans in f.items() if spans}


def merge(a: dict, b: dict) -> dict:
    return {label: a.get(label, []) + b.get(label, []) for label in set(a) | set(b)}


def shows_misconduct(f: dict[str, list[tuple[int, int]]]) -> tuple[int, int] | None:
    """Wrongdoing with a custody actor and the custody setting near it: (start, end) of those words, or None."""
    for span in f.get("STAFF_MISCONDUCT", ()):
        return span
    for deed in ("WRONG", "WRONG2"):
        for ds, de in f.get(deed, ()):
            near = {label: [(s, e) for s, e in spans if s < de + REACH and e > ds - REACH] for label, spans in f.items()}
            near = {label: spans for label, spans in near.items() if spans}
            custody = [x for label in ("INMATE", "FACILITY") for x in near.get(label, ())]
            if "STAFF" in near:
                ok = deed == "WRONG" or custody or "DETAINEE" in near
                actor = near["STAFF"]
            elif "ACTOR" in near:
                ok = bool(custody)
                actor = near["ACTOR"]
            else:
                continue
            if ok:
                spans = [(ds, de), *actor, *custody]
                return min(s for s, _ in spans), max(e for _, e in spans)
    return None


def texts(doc: Doc) -> tuple[str, str]:
    """The text and a lower-cased copy with the same offsets."""
    return text_of(doc), lower_text_of(doc)
