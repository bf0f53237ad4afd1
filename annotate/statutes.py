"""`casebook_statutes`: statutes the text cites, normalised ("18 U.S.C. § 2243(b)"), via eyecite plus our own patterns."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annotate.text import text_of, quote_span, fast_compile

# Cheap gate: only texts with something that looks like a citation go to eyecite.
GATE_RE = fast_compile(r"U\.\s?S\.\s?C|United States Code|USC|§|Penal (?:Law|Code)|O\.C\.G\.A|Stat\.|[Mm]isconduct in (?:a )?(?:public )?office|\bAct (?:19|20)\d\d\b|[Pp]ervert")
# Where eyecite can find a law citation at all: it runs only on windows around these (it is the slowest step).
LAW_CITE_RE = fast_compile(r"U\.\s?S\.\s?C|United States Code|USC|§|Stat\.|Code\b")
EYECITE_WINDOW = 150
# eyecite misses a U.S. Code cite without the § sign: "in violation of 18 U.S.C. 201(b)(2)(C)"
USC_NO_SIGN_RE = fast_compile(r"\b(\d{1,2})\s+U\.\s?S\.\s?C\.?\s+(?:Sections?\s+|Sec\.\s+)?(\d+[a-z]?(?:\([0-9a-zA-Z]+\))*)")
# ... and the rest of a list: "See 18 U.S.C. §§ 2241, 2243, and 2244."
USC_LIST_RE = fast_compile(r"\b(\d{1,2})\s+U\.\s?S\.\s?C\.?\s*§§\s*((?:\d+[a-z]?(?:\([0-9a-zA-Z]+\))*(?:-\d+)?(?:,?\s+and\s+|,?\s+or\s+|,\s*)?)+)")
# "Title 18, United States Code, Sections 241 and 242"
TITLE_LIST_RE = fast_compile(r"\bTitle\s+(\d{1,2}),?\s+United States Code,?\s+Sections?\s+((?:\d+[a-z]?(?:\([0-9a-zA-Z]+\))*(?:,?\s+and\s+|,\s*)?)+)")
# State statutes as cited: "O.C.G.A. § 42-5-18", "Penal Law § 205.25", "Cal. Penal Code § 289.6", "Fla. Stat. § 951.221"
STATE_RE = fast_compile(
    r"\b((?:O\.C\.G\.A\.|(?:[A-Z][a-z]{1,5}\.\s)?Penal (?:Law|Code)|(?:[A-Z][a-z]{1,5}\.\s)?Stat\.(?:\sAnn\.)?|(?:[A-Z][a-z]{1,5}\.\s)?Rev\.\sStat\.|(?:[A-Z][a-z]{1,5}\.\s)?Code(?:\sAnn\.)?|K\.S\.A\.|N\.J\.S\.A\.|M\.C\.L\.|R\.C\.W\.|A\.R\.S\.)\s*§+\s*(\d[\w.:-]*(?:\([0-9a-zA-Z]+\))*))"
)
# UK common-law offences are named, not cited: "charged with misconduct in a public office"
UK_OFFENCE_RE = fast_compile(r"\b(misconduct in (?:a )?public office)\b", re.I)
# The same offence where the common law of England was received (Australia, Ireland, ...): "pleaded guilty
# to misconduct in office" (constructed); not in the U.S., where "misconduct in office" is a state offence
# named without a citation
COMMON_LAW_OFFICE_RE = fast_compile(r"\b(misconduct in office)\b", re.I)
# "denies trying to pervert the course of justice", "admitted conspiracy to pervert the course of justice" (constructed)
PERVERT_RE = fast_compile(r"\b(?:(attempt(?:ing|ed)? to|conspir(?:acy|ing) to) pervert|pervert(?:ing)?) the course of justice\b", re.I)
# State statutes cited without "§": "(California Penal Code 289.6(a)(2))" (constructed), "RSA 632-A:10"
STATE_NO_SIGN_RE = fast_compile(
    r"\b((?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming) Penal (?:Code|Law) (?:[Ss]ection )?\d[\d.]*(?:\([0-9a-zA-Z]+\))*|RSA \d+(?:-[A-Z])?(?::\d+(?:,\s?[IVX]+)?)?)"
)
# UK statutes: "section 40B of the Prison Act 1952", "contrary to section 1 of the Bribery Act 2010"
UK_ACT_RE = fast_compile(r"\b[Ss](?:ection|\.)\s?(\d+[A-Z]{0,2}(?:\(\d+\))?)\s+of\s+the\s+((?:[A-Z][a-z]+\s){1,5}Act\s(?:19|20)\d\d)")

SECTION_RE = fast_compile(r"\d+[a-z]?(?:\([0-9a-zA-Z]+\))*")


def usc(title: str, section: str) -> str:
    return f"{int(title)} U.S.C. § {section}"


def expand_range(section: str) -> list[str]:
    """"2243-44" -> ["2243", "2244"]; "2241-2244" -> four sections; anything else unchanged."""
    m = re.fullmatch(r"(\d+)-(\d+)", section)
    if not m:
        return [section]
    lo, hi = m.group(1), m.group(2)
    hi_full = lo[: len(lo) - len(hi)] + hi if len(hi) < len(lo) else hi
    a, b = int(lo), int(hi_full)
    return [str(n) for n in range(a, b + 1)] if 0 < b - a <= 5 else [section]


def citation_windows(text: str) -> list[tuple[int, int]]:
    """Merged (start, end) windows around law-citation markers, widened to whitespace so no word is cut."""
    windows: list[tuple[int, int]] = []
    for m in LAW_CITE_RE.finditer(text):
        lo, hi = max(0, m.start() - EYECITE_WINDOW), min(len(text), m.end() + EYECITE_WINDOW)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


@Language.factory("casebook_statutes", default_config={"use_eyecite": True})
def make_statutes(nlp: Language, name: str, use_eyecite: bool):
    return StatuteFinder(use_eyecite)


class StatuteFinder:
    def __init__(self, use_eyecite: bool):
        self.use_eyecite = use_eyecite
        if use_eyecite:  # import at load time: eyecite builds its reporter regexes on import (~0.3 s)
            from eyecite import get_citations
            from eyecite.models import FullLawCitation

            self.get_citations, self.law_citation = get_citations, FullLawCitation

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, normalised statute) for every citation in text, in order."""
        if not GATE_RE.search(text):
            return []
        out = []
        if self.use_eyecite:
            for lo, hi in citation_windows(text):
                for c in self.get_citations(text[lo:hi]):
                    if not isinstance(c, self.law_citation):
                        continue
                    g = c.groups
                    reporter = g.get("reporter", "")
                    s, e = c.span()
                    s, e = s + lo, e + lo
                    if reporter in ("U.S.C.", "United States Code", "USC", "U.S.C.A."):
                        pin = getattr(c.metadata, "pin_cite", None) or ""
                        pin = pin if pin.startswith("(") else ""
                        for sec in expand_range(g["section"]):
                            out.append((s, e, usc(g["title"], sec + pin)))
                    else:
                        out.append((s, e, re.sub(r"\s+", " ", c.matched_text())))
        for m in USC_NO_SIGN_RE.finditer(text):
            out.append((m.start(), m.end(), usc(m.group(1), m.group(2))))
        for regex in (USC_LIST_RE, TITLE_LIST_RE):
            for m in regex.finditer(text):
                for sec in SECTION_RE.findall(m.group(2)):
                    out.append((m.start(), m.end(), usc(m.group(1), sec)))
        for m in STATE_RE.finditer(text):
            out.append((m.start(), m.end(), re.sub(r"\s*§+\s*", " § ", m.group(1))))
        for m in UK_OFFENCE_RE.finditer(text):
            out.append((m.start(), m.end(), "misconduct in public office"))
        for m in STATE_NO_SIGN_RE.finditer(text):
            out.append((m.start(), m.end(), m.group(1)))
        for m in PERVERT_RE.finditer(text):
            name = "attempting to pervert the course of justice" if m.group(1) and m.group(1).lower().startswith("attempt") \
                else "conspiracy to pervert the course of justice" if m.group(1) else "perverting the course of justice"
            out.append((m.start(), m.end(), name))
        for m in UK_ACT_RE.finditer(text):
            out.append((m.start(), m.end(), f"{m.group(2)}, s. {m.group(1)}"))
        return sorted(out)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = self.find(text)
        # the jurisdiction component runs first: a common-law "misconduct in office" outside the U.S.
        if (doc._.jurisdiction or {}).get("country") not in (None, "US"):
            found = sorted(found + [(m.start(), m.end(), "misconduct in public office")
                                    for m in COMMON_LAW_OFFICE_RE.finditer(text)])
        else:
            found = [f for f in found if f[2] not in ("attempting to pervert the course of justice",
                                                      "conspiracy to pervert the course of justice",
                                                      "perverting the course of justice")]
        seen, statutes = set(), []
        for s, e, norm in found:
            key = re.sub(r"[^a-z0-9()]", "", norm.lower())
            if key not in seen:
                seen.add(key)
                statutes.append(norm)
        doc._.statutes = statutes
        evidence = dict(doc._.evidence or {})
        if found:
            evidence["statutes"] = quote_span(doc, found[0][0], found[0][1])
        else:
            evidence.pop("statutes", None)
        doc._.evidence = evidence
        return doc
