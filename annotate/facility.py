"""`casebook_facility`: the facility named in the document (first named one in the body) and its kind."""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of, body_start, headline_ranges, quote_span, read_jsonl, read_regex_patterns, sentence_at, fast_compile

# Context that changes the kind of a named facility.
# "McRae Correctional Facility, a private prison operated under a federal contract"
PRIVATE_RE = fast_compile(r"\b(?:private(?:ly)?[- ](?:run |operated |owned )?(?:prison|facility|company|contractor)|privately (?:run|operated|owned)|operated under (?:a )?(?:federal )?contract|contract (?:facility|prison)|CoreCivic|GEO Group|Corrections Corporation of America|Management & Training Corporation)\b", re.I)
# "a former corrections officer with Navajo Nation's Shiprock Detention Center"
TRIBAL_RE = fast_compile(r"\b(?:Navajo|tribal|Tribe|Nation(?:'s|’s))\b")
# "Three Correctional Officers Indicted ... For Introducing Contraband into State Prison"
STATE_SYSTEM_RE = fast_compile(r"\b(?:Department of Corrections?|Department of Corrections? and Rehabilitation|Department of Criminal Justice|state prisons?|state correctional|State Prison)\b", re.I)
# A prisoner-transport company is custody but no facility (constructed): "a former prisoner transport officer",
# "a firm that counties pay to transport prisoners between states"
TRANSPORT_RE = fast_compile(r"\b(?:prisoner[- ]transport\w*|prison transport officers?|(?:company|companies|firm|contractor) that (?:\w+ ){0,6}transport\w*)\b", re.I)
FEDERAL_RE = fast_compile(r"\b(?:Bureau of Prisons|BOP|federal prisons?|federal correctional|federal inmates|federal custody|federal detention)\b", re.I)
JAIL_RE = fast_compile(r"\b(?:county jails?|local jails?|jails?|detention cent(?:er|re)s?)\b", re.I)
UK_PRISON_RE = fast_compile(r"\b(?:HMP|HM Prison|prison officers?|prison and probation|HMPPS|prisons in England)\b")
JUVENILE_RE = fast_compile(r"\b(?:juvenile (?:detention|correctional|facility|justice)|youth (?:detention|correctional|development) (?:center|facility))\b", re.I)
IMMIGRATION_RE = fast_compile(r"\b(?:immigration detention|ICE detention|Immigration and Customs Enforcement)\b")
# A detention center holding immigration detainees (constructed): "the Anytown Detention Center, which holds
# detainees for U.S. Immigration and Customs Enforcement"
DETAINEE_IMMIGRATION_RE = fast_compile(r"\b(?:immigration detainees?|ICE detainees?|immigration detention|Immigration and Customs Enforcement|ICE custody|ICE|DHS|Department of Homeland Security|awaiting deportation|removal proceedings)\b")
ADULT_AND_RE = fast_compile(r"\badult (?:and|or) $", re.I)
# Custody in general: "prisons, jails, and other adult correctional facilities", "State and Federal prisons",
# "local, state, and federal prison officials"
ALL_SYSTEMS_RE = fast_compile(r"\b(?:prisons,? (?:and |or )?(?:local )?jails|jails,? (?:and |or )?prisons|state and federal|federal and state|local, state,? and federal|federal, state,? (?:and|or) local)\b", re.I)
GENERAL_KINDS = ("uk_prison", "federal_prison", "state_prison", "county_jail")
LEADING_RE = fast_compile(r"^(?:the|The|a|A)\s+")


@Language.factory("casebook_facility", default_config={"patterns_path": None})
def make_facility(nlp: Language, name: str, patterns_path: str):
    rows = read_regex_patterns(patterns_path, flags=0)
    anchors = [(re.compile(row["anchor"]), tuple(row.get("window") or (WINDOW, WINDOW))) if row.get("anchor") else None
               for row in read_jsonl(patterns_path)]
    not_names = [regex for kind, regex in rows if kind == "not_a_name"]
    patterns = [(k, r, a) for (k, r), a in zip(rows, anchors) if k != "not_a_name"]
    return FacilityFinder(patterns, not_names[0] if not_names else None)


# Every facility name holds one of these words: the full patterns run only in a window around them (a
# pattern with an "anchor" of its own in facilities.jsonl, only around that: "Juvenile|Youth").
ANCHOR_RE = fast_compile(r"Penitentiary|Correctional|Detention|Jail|[A-Z][\w'’.]* (?:[Cc]ity |County )?(?:jail|prison)\b|Prison|HMP|HMYOI|YOI|FCI|FMC|FCC|USP|FDC|FPC|MDC|MCC|SCI|Federal|Metropolitan|Department of Correction|Rikers|Processing Center|Reformatory|Juvenile|Youth|[Oo]ffenders|Secure Training|Secure Children|Reception|Release|release Cent|Holding")
WINDOW = 160
# The generic word after a facility's own name: "Anytown Prison" -> "Anytown" (checked against not_a_name)
GENERIC_TAIL_RE = fast_compile(r"\s+(?:[Pp]rison|[Jj]ail|Detention (?:Center|Centre|Facility)|Penitentiary)$")
# A facility the defendant was taken to, not where they worked (constructed examples): "was booked into the
# Anytown County Detention Center", "is jailed at HMP Anytown", "was remanded to Anytown Prison"
ELSEWHERE_RE = fast_compile(
    r"\b(?:booked|(?:was|were|is|are|been|being|be|and) (?:\w+ )?(?:jailed|held|detained|taken|transported|transferred|"
    r"moved|remanded|incarcerated|lodged|released|housed|locked up|imprisoned)|serving (?:his|her|their|a) (?:\w+ ){0,3}sentence)"
    r"(?: (?:\w+ ){0,3}?)?(?:in|into|at|to|from)(?: the)? $",
    re.I,
)
WEAK_TAIL_RE = fast_compile(r"\b(?:jail|prison)$")
# Where the defendant worked, said outright (constructed): "a nurse who ran the clinic at SCI Anytown",
# "a guard at the Anytown Jail", "was employed at", "assigned to"
WORKED_RE = fast_compile(r"\b(?:work(?:ed|s|ing)?|employed|assigned|stationed|posted|(?:officer|guard|staffer|employee|nurse|teacher|worker|sergeant|deputy|warden|governor)s?)\b(?: (?:\w+ ){0,6}?)?(?:at|in|to|for|with)(?: the)? $", re.I)
# Kind of a prison named only by its place ("Anytown Prison"): a UK prison where the text is British
UK_TEXT_RE = fast_compile(r"\b(?:HMP|HMYOI|HM Prison|Crown Court|Magistrates'? Court|Crown Prosecution Service|HMPPS|Prison Service|Ministry of Justice|prison officers?)\b|£")


def windows(anchor: re.Pattern, text: str, before: int = WINDOW, after: int = WINDOW) -> list[tuple[int, int]]:
    """Merged (start, end) windows around each anchor word: `before` characters before it, `after` after it."""
    out: list[tuple[int, int]] = []
    for a in anchor.finditer(text):
        lo, hi = max(0, a.start() - before), min(len(text), a.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def in_sorted_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """in_ranges for ranges sorted by start that do not overlap (headline lines): one bisect instead of a scan."""
    i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def non_overlapping(found) -> list[tuple[int, int, str]]:
    """From (priority, start, end, kind) matches, those that overlap no match of a better priority (earlier
    pattern, then earlier position), as (start, end, kind) in text order.

    Two names overlap when each starts before the other ends. The names taken so far never overlap, so
    sorted by (start, end) their ends are sorted too: of the names that start before a new one ends, the
    last has the latest end, and one bisect decides (a scan of all of them was quadratic).
    """
    starts: list[int] = []
    taken: list[tuple[int, int, str]] = []  # sorted by (start, end)
    for _, s, e, kind in sorted(found):  # by pattern priority, then position
        i = bisect.bisect_left(starts, e)  # taken[:i] start before this one ends
        if i and taken[i - 1][1] > s:
            continue
        j = bisect.bisect_right(taken, (s, e, "\uffff"))
        starts.insert(j, s)
        taken.insert(j, (s, e, kind))
    return sorted(taken)


class FacilityFinder:
    def __init__(self, patterns, not_a_name=None):
        self.patterns = patterns
        self.not_a_name = not_a_name

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping facility names (start, end, kind) in text order; where two overlap, the earlier
        (more specific) pattern wins: "U.S. Penitentiary in Atlanta" over a generic "... Penitentiary"."""
        text = text.replace("\n", " ")  # hard-wrapped lines: same offsets, one line
        found = set()
        shared = None  # the windows of the shared anchor list, for a pattern without an anchor of its own
        for priority, (kind, regex, anchor) in enumerate(self.patterns):
            named = "n" in regex.groupindex  # the name is a group: "at (Anytown Prison)"
            if anchor is None and shared is None:
                shared = windows(ANCHOR_RE, text)
            for lo, hi in (windows(anchor[0], text, *anchor[1]) if anchor is not None else shared):
                for m in regex.finditer(text, lo, hi):
                    s, e = m.span("n") if named else m.span()
                    if self.not_a_name is not None:
                        tail = GENERIC_TAIL_RE.search(text, s, e)
                        if tail and self.not_a_name.fullmatch(LEADING_RE.sub("", text[s: tail.start()])):
                            continue
                    found.add((priority, s, e, kind))
        return non_overlapping(found)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        b = body_start(doc)
        found = self.matches(text)
        headlines = headline_ranges(doc)
        prose = [f for f in found if not in_sorted_ranges(f[0], headlines)]
        body = [f for f in prose if f[0] >= b]
        # where the defendant worked, before where someone was booked, jailed or moved to
        flat = text.replace("\n", " ")
        worked = [f for f in (body or prose) if not ELSEWHERE_RE.search(flat, max(0, f[0] - 60), f[0])]
        # a proper name ("Anytown County Detention Center") before a place with a common noun ("Anytown prison",
        # "Anyname County jail"), which news uses for the same or another facility
        strong = [f for f in worked if f[2] != "prison" and not WEAK_TAIL_RE.search(text, f[0], f[1])]
        pool = strong or worked
        said = [f for f in pool if WORKED_RE.search(flat, max(0, f[0] - 60), f[0])]
        chosen = (said or pool or body or prose or found or [None])[0]
        evidence = dict(doc._.evidence or {})
        if chosen:
            start, end, kind = chosen
            name = re.sub(r"\s+", " ", LEADING_RE.sub("", text[start:end])).strip(" ,")
            if kind == "prison":
                kind = "uk_prison" if UK_TEXT_RE.search(text) else "state_prison"
                # "into Anytown's Oakmere Prison" (constructed): the city is not part of the name
                possessive = re.match(r"[A-Z][\w.]*(?: [A-Z][\w.]*)?['’]s (?=[A-Z])", name)
                if possessive:
                    start += possessive.end()
                    name = name[possessive.end():]
            s_start, s_end = sentence_at(doc, start)
            context = text[max(s_start, start - 200): min(len(text), end + 200)]
            if PRIVATE_RE.search(context):
                kind = "private_contract_facility"
            elif kind in ("county_jail", "state_prison") and TRIBAL_RE.search(context):
                kind = "other"
            elif kind == "county_jail" and not re.search(r"\b(?:County|Parish|Regional|City|Jail)\b", name) and DETAINEE_IMMIGRATION_RE.search(text):
                kind = "immigration_detention"
            elif kind == "county_jail" and not re.search(r"\b(?:County|Parish|Regional|City|Jail)\b", name) and STATE_SYSTEM_RE.search(text):
                kind = "state_prison"
            doc._.facility = {"name": name, "kind": kind}
            evidence["facility"] = quote_span(doc, start, end)
        else:
            kind = self.kind_from_context(doc)
            doc._.facility = {"name": None, "kind": kind}
            evidence.pop("facility", None)
        doc._.evidence = evidence
        return doc

    @staticmethod
    def kind_from_context(doc: Doc) -> str | None:
        """No facility named: the kind of custody the text talks about, if it talks of one kind.

        A text that lists several systems ("the Federal Bureau of Prisons, state prison systems, ... jails,
        ... Immigration and Customs Enforcement") is about custody in general: no kind.
        """
        text = text_of(doc)
        if TRANSPORT_RE.search(text):
            return "other"
        counts = {
            "immigration_detention": len(IMMIGRATION_RE.findall(text)),
            # "adult and juvenile correctional facilities" is not about juveniles alone
            "juvenile_facility": sum(1 for m in JUVENILE_RE.finditer(text)
                                     if not ADULT_AND_RE.search(text, max(0, m.start() - 10), m.start())),
            "uk_prison": len(UK_PRISON_RE.findall(text)),
            "federal_prison": len(FEDERAL_RE.findall(text)),
            "state_prison": len(STATE_SYSTEM_RE.findall(text)),
            "county_jail": len(JAIL_RE.findall(text)),
        }
        if sum(1 for n in counts.values() if n) >= 3 or ALL_SYSTEMS_RE.search(text):
            return None
        for specific in ("immigration_detention", "juvenile_facility"):
            if counts[specific]:
                return specific
        if counts["uk_prison"] and not counts["federal_prison"]:
            return "uk_prison"
        ranked = sorted(((k, n) for k, n in counts.items() if k in GENERAL_KINDS), key=lambda kv: -kv[1])
        (best, n1), (_, n2) = ranked[0], ranked[1]
        if n1 == 0 or n2 * 2 > n1:
            return None
        return best
