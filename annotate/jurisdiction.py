"""`casebook_jurisdiction`: country, region (U.S. state or UK nation) and prosecuting system."""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of, fast_compile, quote_span, read_csv, trie_alternation

# "U.S. Attorney's Office, Eastern District of Kentucky" / "the Middle District of Tennessee"
DISTRICT_RE = fast_compile(r"\b(?:(?:Eastern|Western|Northern|Southern|Middle|Central) )?District of ((?:[A-Z][a-z]+ ?){1,3})")
# "U.S. Attorney", "federal grand jury", "Bureau of Prisons": federal prosecution or federal custody
FEDERAL_RE = fast_compile(r"\b(?:U\.S\. Attorney|United States Attorney|federal (?:grand )?jury|federal court|U\.S\. District|Department of Justice|Justice Department|Civil Rights Division|FBI|federal charges?|federal prison|Bureau of Prisons|Office of the Inspector General)\b")
# "Manhattan District Attorney", "Attorney General Letitia James announced", "county prosecutor"
STATE_RE = fast_compile(r"\b(?:District Attorney|State Attorney|Attorney General's Office|Commonwealth's Attorney|county prosecutor|Superior Court|Circuit Court|County Court|state charges?)\b")
UK_RE = fast_compile(r"\b(?:HMP|HMYOI|HM Prison|Crown Court|Magistrates'? Court|Crown Prosecution Service|CPS|Ministry of Justice|HMPPS|Prison Service|National Offender Management Service|England and Wales|Home Office|Old Bailey|Parliament|prison officer)\b|£")
US_RE = fast_compile(r"\b(?:U\.S\.|United States|federal|Federal|Bureau of Prisons|Department of Corrections|County|sheriff)\b|\$")
# The investigators' office is not where the case is: "the OIG's Chicago Field Office determined that a
# BOP correctional officer assigned to the Federal Medical Center in Lexington, Kentucky ..."
INVESTIGATING_OFFICE_RE = fast_compile(r"\s+(?:Field Office|Field Division|Regional Office|Area Office|Investigations Office)\b")
WASHINGTON_DC_RE = fast_compile(r"Washington,? D\.?C\.?")
# The prison services of the Ministry of Justice run the prisons of England and Wales (Scotland and
# Northern Ireland have their own): "Total number of HMPPS prison staff disciplined"
ENGLAND_WALES_SERVICE_RE = fast_compile(r"\b(?:HMPPS|HM Prison (?:and Probation )?Service|Her Majesty's Prison Service|National Offender Management Service|NOMS|Ministry of Justice|Secretary of State for Justice)\b")

# Courts that sit in one UK nation only, for a UK text that names no place we know:
# "told Anytown Sheriff Court" (constructed) is Scotland; "appeared at Anytown Crown Court" (constructed) is
# England and Wales (Northern Ireland's Crown Court sits in towns the gazetteer holds).
SCOTTISH_COURT_RE = fast_compile(r"\b(?:Sheriff Court|High Court of Justiciary|Procurator Fiscal|Crown Office)\b")
CROWN_COURT_RE = fast_compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? Crown Court\b")
# Signals of countries other than the U.S. and UK, beside their places (constructed examples):
# "Anytown Garda Station", "the Irish Prison Service"; "the RCMP", "Correctional Service Canada",
# "a provincial jail"; "Corrective Services NSW", "the Corruption and Crime Commission"; "Ara Poutama".
OTHER_COUNTRY_RES = {
    "IE": fast_compile(r"\b(?:Garda(?:í|i)?|Irish Prison Service|Dáil|Oireachtas|Circuit Criminal Court)\b"),
    "CA": fast_compile(r"\b(?:RCMP|Correctional Service (?:of )?Canada|provincial (?:court|jail|correctional|government)|Ontario Court|Crown (?:attorney|prosecutor|counsel)|Solicitor General)\b"),
    "AU": fast_compile(r"\b(?:Corrective Services|Corruption and Crime Commission|Crime and Corruption Commission|Independent Commission Against Corruption|ICAC|Court of Criminal Appeal|(?:NSW|WA|Victoria|Queensland) Police)\b"),
    "NZ": fast_compile(r"\b(?:Ara Poutama|Corrections Act|New Zealand)\b"),
}
# A publisher that names its country ("Anytown Irish Times", "Canadian Press", constructed), or a page on
# that country's web domain (news.example.co.nz, www.example.com.au)
PUBLISHER_COUNTRY_RES = {
    "IE": fast_compile(r"\bIrish\b|\bIreland\b"),
    "CA": fast_compile(r"\bCanad"),
    "AU": fast_compile(r"\bAustralia"),
    "NZ": fast_compile(r"\bNew Zealand"),
}
HOST_COUNTRY_RE = fast_compile(r"^[a-z]+://[^/]*\.(?P<cc>ie|ca|au|nz)(?::\d+)?(?:/|$)", re.I)
# A place word that is part of something else: a senator's party and state "(D-Illinois)"; a person's
# first name after a title: "before Judge Georgia Anyname" (constructed).
PARTY_STATE_RE = fast_compile(r"\([DRI]-$")
# A case name, not a place: "Regina v Roe", "Victoria v. Doe" (constructed)
CASE_NAME_AFTER_RE = fast_compile(r" v\.? [A-Z]")
# Outside the U.S. and UK a government prison is a state_prison and a privately run one a
# private_contract_facility: "Anytown Prison, run by Serco" (constructed)
PRIVATE_FIRM_RE = fast_compile(r"\b(?:Serco|G4S|Sodexo|MTC|Management (?:and|&) Training Corporation|GEO Group|privately (?:run|operated|managed)|private prison)\b")
TITLE_BEFORE_RE = fast_compile(r"\b(?:Attorney|Judge|Justice|Officer|Deputy|Sgt\.|Sergeant|Detective|Ms\.?|Mrs\.?|Miss|Mr\.?|Dr\.?) $")


@Language.factory("casebook_jurisdiction", default_config={"places_path": None})
def make_jurisdiction(nlp: Language, name: str, places_path: str):
    return JurisdictionFinder(read_csv(places_path))


class JurisdictionFinder:
    def __init__(self, places):
        # a name may stand for places in several countries ("Perth", "WA"): the country decided picks one
        self.places: dict[str, list[tuple[str, str]]] = {}
        for p in places:
            self.places.setdefault(p["name"], []).append((p["country"], p["region"]))
        # "Wellington, Kansas", "Sydney, Ohio" (constructed): a town of that name in a U.S. state
        states = sorted({p["name"] for p in places if p["country"] == "US" and p["name"] == p["region"]}, key=len, reverse=True)
        self.us_state_after = re.compile(r",? (?:" + "|".join(re.escape(s) for s in states) + r")\b")
        # the names as a trie, behind the look-ahead of the letters they start with (same matches as an
        # alternation sorted longest first, far fewer attempts)
        self.place_re = fast_compile(r"(?<![\w.])" + trie_alternation(self.places) + r"(?![\w])")

    def district_state(self, source: str):
        """(state, start, end) of the first "District of <State>" in source, or None."""
        m = DISTRICT_RE.search(source)
        us = [r for c, r in self.places.get(m.group(1).strip(), []) if c == "US"] if m else []
        if us:
            return us[0], m.start(), m.end()
        return None

    @staticmethod
    def facility_outside_us_uk(doc: Doc, text: str, evidence: dict) -> None:
        """The facility finder runs before the country is known: give a prison abroad the kind of the schema."""
        facility = dict(doc._.facility or {})
        kind = facility.get("kind")
        if kind in ("uk_prison", "state_prison", "federal_prison", "county_jail"):
            span = evidence.get("facility")
            near = text[max(0, span.start_char - 300): span.end_char + 300] if span is not None else text
            facility["kind"] = "private_contract_facility" if PRIVATE_FIRM_RE.search(near) else "state_prison"
        elif kind == "uk_young_offender_institution":
            facility["kind"] = "juvenile_facility"
        doc._.facility = facility

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        meta = doc.user_data.get("casebook_meta", {})
        publisher = meta.get("publisher", "")
        host = HOST_COUNTRY_RE.match(meta.get("url") or "")
        host_country = host.group("cc").upper() if host else None
        kind = meta.get("source_kind", "")
        evidence = dict(doc._.evidence or {})

        all_hits = [(m.start(), m.end(), c, r) for m in self.place_re.finditer(text)
                    if not (m.group(0) == "Washington" and WASHINGTON_DC_RE.match(text, m.start()))
                    and not CASE_NAME_AFTER_RE.match(text, m.end())
                    and not INVESTIGATING_OFFICE_RE.match(text, m.end())
                    and not PARTY_STATE_RE.search(text, max(0, m.start() - 3), m.start())
                    and not TITLE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                    for c, r in self.places[m.group(0)]
                    if c == "US" or not self.us_state_after.match(text, m.end())]
        # a name of one country only counts towards it; "Perth" or "WA" only helps pick the region
        spans = Counter((h[0], h[1]) for h in all_hits)
        sure = [h for h in all_hits if spans[(h[0], h[1])] == 1]
        uk_score = len(UK_RE.findall(text)) + 2 * sum(1 for h in sure if h[2] == "UK")
        us_score = len(US_RE.findall(text)) + sum(1 for h in sure if h[2] == "US")
        if kind.startswith("uk_") or re.search(r"\b(?:Police|HMPPS|Ministry of Justice|Parliament|GOV\.UK|Crown)\b", publisher) and not re.search(r"U\.S\.|United States|Ireland|Irish|\.ie\b", publisher):
            uk_score += 5
        if kind.startswith("us_") or re.search(r"U\.S\.|United States|Department of Justice|FBI|Senat", publisher):
            us_score += 5
        country = None
        if uk_score or us_score:
            country = "UK" if uk_score > us_score else "US"
        others = {c: 2 * sum(1 for h in sure if h[2] == c) + 2 * len(rx.findall(text))
                  + (5 if PUBLISHER_COUNTRY_RES[c].search(publisher) or host_country == c else 0)
                  for c, rx in OTHER_COUNTRY_RES.items()}
        best_other = max(others, key=lambda c: others[c])
        if others[best_other] and others[best_other] > max(uk_score, us_score):
            country = best_other
        place_hits = [h for h in all_hits if h[2] == country]

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
            if region is None:
                # a local paper says where it is: "The Anytown Courier (Anytown, Calif.)" (constructed)
                for m in self.place_re.finditer(publisher):
                    us = [r for c, r in self.places[m.group(0)] if c == "US"]
                    if us:
                        region = us[0]
                        break
        elif country == "UK":
            uk_hits = [h for h in place_hits if h[2] == "UK"]
            service = ENGLAND_WALES_SERVICE_RE.search(text)
            scottish, crown = SCOTTISH_COURT_RE.search(text), CROWN_COURT_RE.search(text)
            if not uk_hits and service:
                region, region_at = "England and Wales", (service.start(), service.end())
            elif not uk_hits and scottish:
                region, region_at = "Scotland", (scottish.start(), scottish.end())
            elif not uk_hits and crown:
                region, region_at = "England and Wales", (crown.start(), crown.end())
            elif uk_hits:
                counts = Counter(h[3] for h in uk_hits)
                region = max(counts, key=lambda r: counts[r])
                first = next(h for h in uk_hits if h[3] == region)
                region_at = (first[0], first[1])

        elif country:
            # Canadian provinces, Australian states: the most named; Ireland and New Zealand have none
            named = [h for h in place_hits if h[3]]
            if named:
                counts = Counter(h[3] for h in named)
                region = max(counts, key=lambda r: (counts[r], -min(h[0] for h in named if h[3] == r)))
                first = next(h for h in named if h[3] == region)
                region_at = (first[0], first[1])

        system = None
        if country in ("UK", "IE", "NZ"):
            system = "national"
        elif country == "AU":  # the states prosecute
            system = "state"
        elif country == "CA":  # the Criminal Code is federal law
            system = "federal"
        elif country == "US":
            if FEDERAL_RE.search(text) or re.search(r"U\.S\. Attorney|Department of Justice|FBI", publisher):
                system = "federal"
            elif STATE_RE.search(text) or kind == "us_state_press_release":
                system = "state"
        if country and country not in ("US", "UK"):
            self.facility_outside_us_uk(doc, text, evidence)
        doc._.jurisdiction = {"country": country, "region": region, "system": system}
        if region_at:
            evidence["jurisdiction"] = quote_span(doc, *region_at)
        else:
            evidence.pop("jurisdiction", None)
        doc._.evidence = evidence
        return doc
