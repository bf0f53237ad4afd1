"""`casebook_facility`: the facility named in the document (first named one in the body) and its kind."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of, body_start, headline_ranges, in_ranges, quote_span, read_regex_patterns, sentence_at

# Context that changes the kind of a named facility.
# "McRae Correctional Facility, a private prison operated under a federal contract"
PRIVATE_RE = re.compile(r"\b(?:private(?:ly)?[- ](?:run |operated |owned )?(?:prison|facility|company|contractor)|privately (?:run|operated|owned)|operated under (?:a )?(?:federal )?contract|contract (?:facility|prison)|CoreCivic|GEO Group|Corrections Corporation of America|Management & Training Corporation)\b", re.I)
# "a former corrections officer with Navajo Nation's Shiprock Detention Center"
TRIBAL_RE = re.compile(r"\b(?:Navajo|tribal|Tribe|Nation(?:'s|’s))\b")
# "Three Correctional Officers Indicted ... For Introducing Contraband into State Prison"
STATE_SYSTEM_RE = re.compile(r"\b(?:Department of Corrections?|Department of Correction and Rehabilitation|state prisons?|state correctional|State Prison)\b", re.I)
FEDERAL_RE = re.compile(r"\b(?:Bureau of Prisons|BOP|federal prisons?|federal correctional|federal inmates|federal custody|federal detention)\b", re.I)
JAIL_RE = re.compile(r"\b(?:county jails?|local jails?|jails?|detention cent(?:er|re)s?)\b", re.I)
UK_PRISON_RE = re.compile(r"\b(?:HMP|HM Prison|prison officers?|prison and probation|HMPPS|prisons in England)\b")
JUVENILE_RE = re.compile(r"\b(?:juvenile (?:detention|correctional|facility|justice)|youth (?:detention|correctional|development) (?:center|facility))\b", re.I)
IMMIGRATION_RE = re.compile(r"\b(?:immigration detention|ICE detention|Immigration and Customs Enforcement)\b")
ADULT_AND_RE = re.compile(r"\badult (?:and|or) $", re.I)
# Custody in general: "prisons, jails, and other adult correctional facilities", "State and Federal prisons",
# "local, state, and federal prison officials"
ALL_SYSTEMS_RE = re.compile(r"\b(?:prisons,? (?:and |or )?(?:local )?jails|jails,? (?:and |or )?prisons|state and federal|federal and state|local, state,? and federal|federal, state,? (?:and|or) local)\b", re.I)
GENERAL_KINDS = ("uk_prison", "federal_prison", "state_prison", "county_jail")
LEADING_RE = re.compile(r"^(?:the|The|a|A)\s+")


@Language.factory("casebook_facility", default_config={"patterns_path": None})
def make_facility(nlp: Language, name: str, patterns_path: str):
    return FacilityFinder(read_regex_patterns(patterns_path, flags=0))


# Every facility name holds one of these words: the full patterns run only in a window around them.
ANCHOR_RE = re.compile(r"Penitentiary|Correctional|Detention|Jail|Prison|HMP|HMYOI|YOI|FCI|FMC|FCC|USP|FDC|FPC|MDC|MCC|Federal|Metropolitan|Department of Correction|Rikers|Processing Center|Reformatory|Juvenile|Youth")
WINDOW = 160


class FacilityFinder:
    def __init__(self, patterns):
        self.patterns = patterns

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping facility names (start, end, kind) in text order; where two overlap, the earlier
        (more specific) pattern wins: "U.S. Penitentiary in Atlanta" over a generic "... Penitentiary"."""
        windows = []
        for a in ANCHOR_RE.finditer(text):
            lo, hi = max(0, a.start() - WINDOW), min(len(text), a.end() + WINDOW)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        found = set()
        for lo, hi in windows:
            for priority, (kind, regex) in enumerate(self.patterns):
                for m in regex.finditer(text, lo, hi):
                    found.add((priority, m.start(), m.end(), kind))
        taken: list[tuple[int, int, str]] = []
        for _, s, e, kind in sorted(found):  # by pattern priority, then position
            if all(e <= ts or s >= te for ts, te, _ in taken):
                taken.append((s, e, kind))
        return sorted(taken)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        b = body_start(doc)
        found = self.matches(text)
        headlines = headline_ranges(doc)
        prose = [f for f in found if not in_ranges(f[0], headlines)]
        body = [f for f in prose if f[0] >= b]
        chosen = (body or prose or found or [None])[0]
        evidence = dict(doc._.evidence or {})
        if chosen:
            start, end, kind = chosen
            name = LEADING_RE.sub("", text[start:end]).strip(" ,")
            s_start, s_end = sentence_at(doc, start)
            context = text[max(s_start, start - 200): min(len(text), end + 200)]
            if PRIVATE_RE.search(context):
                kind = "private_contract_facility"
            elif kind in ("county_jail", "state_prison") and TRIBAL_RE.search(context):
                kind = "other"
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
