"""`casebook_jurisdiction`: country, region (U.S. state or UK nation) and prosecuting system."""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of, quote_span, read_csv

# "U.S. Attorney's Office, Eastern District of Kentucky" / "the Middle District of Tennessee"
DISTRICT_RE = re.compile(r"\b(?:(?:Eastern|Western|Northern|Southern|Middle|Central) )?District of ((?:[A-Z][a-z]+ ?){1,3})")
# "U.S. Attorney", "federal grand jury", "Bureau of Prisons": federal prosecution or federal custody
FEDERAL_RE = re.compile(r"\b(?:U\.S\. Attorney|United States Attorney|federal (?:grand )?jury|federal court|U\.S\. District|Department of Justice|Justice Department|Civil Rights Division|FBI|federal charges?|federal prison|Bureau of Prisons|Office of the Inspector General)\b")
# "Manhattan District Attorney", "Attorney General Letitia James announced", "county prosecutor"
STATE_RE = re.compile(r"\b(?:District Attorney|State Attorney|Attorney General's Office|Commonwealth's Attorney|county prosecutor|Superior Court|Circuit Court|County Court|state charges?)\b")
UK_RE = re.compile(r"\b(?:HMP|HMYOI|HM Prison|Crown Court|Magistrates'? Court|Crown Prosecution Service|CPS|Ministry of Justice|HMPPS|Prison Service|National Offender Management Service|England and Wales|Home Office|Old Bailey|Parliament|prison officer)\b|£")
US_RE = re.compile(r"\b(?:U\.S\.|United States|federal|Federal|Bureau of Prisons|Department of Corrections|County|sheriff)\b|\$")
# The investigators' office is not where the case is: "the OIG's Chicago Field Office determined that a
# BOP correctional officer assigned to the Federal Medical Center in Lexington, Kentucky ..."
INVESTIGATING_OFFICE_RE = re.compile(r"\s+(?:Field Office|Field Division|Regional Office|Area Office|Investigations Office)\b")
WASHINGTON_DC_RE = re.compile(r"Washington,? D\.?C\.?")
# The prison services of the Ministry of Justice run the prisons of England and Wales (Scotland and
# Northern Ireland have their own): "Total number of HMPPS prison staff disciplined"
ENGLAND_WALES_SERVICE_RE = re.compile(r"\b(?:HMPPS|HM Prison (?:and Probation )?Service|Her Majesty's Prison Service|National Offender Management Service|NOMS|Ministry of Justice|Secretary of State for Justice)\b")


@Language.factory("casebook_jurisdiction", default_config={"places_path": None})
def make_jurisdiction(nlp: Language, name: str, places_path: str):
    return JurisdictionFinder(read_csv(places_path))


class JurisdictionFinder:
    def __init__(self, places):
        self.places = {p["name"]: (p["country"], p["region"]) for p in places}
        names = sorted(self.places, key=len, reverse=True)
        self.place_re = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")

    def district_state(self, source: str):
        """(state, start, end) of the first "District of <State>" in source, or None."""
        m = DISTRICT_RE.search(source)
        if m and self.places.get(m.group(1).strip(), ("",))[0] == "US":
            return self.places[m.group(1).strip()][1], m.start(), m.end()
        return None

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        meta = doc.user_data.get("casebook_meta", {})
        publisher = meta.get("publisher", "")
        kind = meta.get("source_kind", "")
        evidence = dict(doc._.evidence or {})

        place_hits = [(m.start(), m.end(), *self.places[m.group(0)]) for m in self.place_re.finditer(text)
                      if not (m.group(0) == "Washington" and WASHINGTON_DC_RE.match(text, m.start()))
                      and not INVESTIGATING_OFFICE_RE.match(text, m.end())]
        uk_score = len(UK_RE.findall(text)) + 2 * sum(1 for h in place_hits if h[2] == "UK")
        us_score = len(US_RE.findall(text)) + sum(1 for h in place_hits if h[2] == "US")
        if kind.startswith("uk_") or re.search(r"\b(?:Police|HMPPS|Ministry of Justice|Parliament|GOV\.UK|Crown)\b", publisher) and not re.search(r"U\.S\.|United States", publisher):
            uk_score += 5
        if kind.startswith("us_") or re.search(r"U\.S\.|United States|Department of Justice|FBI|Senat", publisher):
            us_score += 5
        country = None
        if uk_score or us_score:
            country = "UK" if uk_score > us_score else "US"

        region, region_at = None, None
        if country == "US":
            # the prosecuting office first, then a state named in the title, then a district in the text
            b = doc.user_data.get("casebook_body_start", 0)
            found = self.district_state(publisher)
            if found:
                region = found[0]
            if region is None:
                title_hits = [h for h in place_hits if h[2] == "US" and h[0] < b]
                if title_hits:
                    region, region_at = title_hits[0][3], (title_hits[0][0], title_hits[0][1])
            if region is None:
                found = self.district_state(text)
                if found:
                    region, region_at = found[0], found[1:]
            if region is None:
                us_hits = [h for h in place_hits if h[2] == "US"]
                if us_hits:
                    counts = Counter(h[3] for h in us_hits)
                    best = max(counts, key=lambda r: (counts[r], -min(h[0] for h in us_hits if h[3] == r)))
                    region = best
                    first = next(h for h in us_hits if h[3] == best)
                    region_at = (first[0], first[1])
        elif country == "UK":
            uk_hits = [h for h in place_hits if h[2] == "UK"]
            service = ENGLAND_WALES_SERVICE_RE.search(text)
            if not uk_hits and service:
                region, region_at = "England and Wales", (service.start(), service.end())
            elif uk_hits:
                counts = Counter(h[3] for h in uk_hits)
                region = max(counts, key=lambda r: counts[r])
                first = next(h for h in uk_hits if h[3] == region)
                region_at = (first[0], first[1])

        system = None
        if country == "UK":
            system = "national"
        elif country == "US":
            if FEDERAL_RE.search(text) or re.search(r"U\.S\. Attorney|Department of Justice|FBI", publisher):
                system = "federal"
            elif STATE_RE.search(text) or kind == "us_state_press_release":
                system = "state"
        doc._.jurisdiction = {"country": country, "region": region, "system": system}
        if region_at:
            evidence["jurisdiction"] = quote_span(doc, *region_at)
        else:
            evidence.pop("jurisdiction", None)
        doc._.evidence = evidence
        return doc
