"""`casebook_outcome`: the sentence imposed — custody in months, suspension, probation, supervised release, money."""

from __future__ import annotations

import re
from fractions import Fraction

from spacy.language import Language
from spacy.tokens import Doc
from text_to_num import text2num

from annotate.text import text_of, quote_span, fast_compile

# Words text2num does not read as numbers: "a year", "an 18-month term", "half a year"
WORDS = {"a": 1, "an": 1, "half": Fraction(1, 2)}
# "two and a half", "three-and-a-half" (constructed): the whole number before it
HALF_RE = re.compile(r"(.+?)[- ]and[- ]a[- ]half")
# A number, in figures or words (words read by text2num): "100", "2 1/3", "2-1/3", "two", "twenty-four",
# "a", "one hundred and twenty"; with "and a half": "two and a half", "three-and-a-half", "1 and a half" (constructed)
NUM = (r"(?:(?:\d+(?:[ -]\d/\d)?(?:\.\d+)?"
       r"|(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[- ]hundred(?:[- ]and)?[- ])?"
       r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)|[A-Za-z]+))"
       r"(?:[- ]and[- ]a[- ]half)?)")
# "eight years and six months", "five years, four months", "100 months", "18-month", "a year and a day", "six weeks",
# "a year and a half" (constructed)
TERM_RE = fast_compile(
    rf"\b(?:(?P<y>{NUM})[- ](?:years?|yrs?)(?:,? (?:and )?(?P<ym>{NUM})[- ]months?|(?P<yhalf> and a half))?(?P<day> and (?:a|one) day)?"
    rf"|(?P<m>{NUM})[- ]months?(?: and (?:a|one) day)?|(?P<w>{NUM})[- ]weeks?|(?P<d>{NUM})[- ]days?)\b",
    re.I,
)
# The term right after the word that imposes it: "jailed for", "sentenced to", "was given" (then a following
# "after he admitted" is the story, not "two years after the assault"): "has been jailed for two years after he
# admitted conveying drugs" (constructed)
IMPOSED_BEFORE_RE = fast_compile(r"\b(?:jailed|imprisoned|locked up|sentenced|given|handed|received|serve|serving)\s+(?:for\s+|to\s+)?(?:a\s+(?:total\s+of\s+|term\s+of\s+)?)?$", re.I)
AFTER_CLAUSE_RE = fast_compile(r"^\s*after\b", re.I)
# "2 1/3 to 7 years in prison" (a range: the minimum and the maximum)
RANGE_RE = fast_compile(rf"\b(?P<lo>{NUM})(?: years?)? (?:to|-) (?P<hi>{NUM})[- ]years?\b", re.I)
# A sentence that imposes a term: "was sentenced today to 100 months", "jailed for 15 months"
IMPOSE_RE = fast_compile(r"\b(?:sentenced|jailed|imprisoned|sentence of|term of|given|received|handed|serve|ordered to serve|committed to)\b", re.I)
# "five years, all but eight months suspended" (constructed): the custody served is the part not suspended
ALL_BUT_RE = fast_compile(r"\ball but (?P<serve>(?:\w+[- ]){1,2}(?:years?|months?|weeks?|days?)(?: and (?:\w+[- ]){1,2}months?)?) (?:of (?:it|the sentence|that) )?(?:was |were )?suspended\b", re.I)
LIFE_RE = fast_compile(r"\b(?:sentenced to life|life (?:in prison|imprisonment|sentence)|life without (?:the possibility of )?parole)\b", re.I)
# What follows a term that is not custody: "five years of supervised release", "three years' probation";
# constructed Commonwealth wording: "a two-year intensive correction order", "a 12-month conditional discharge"
NOT_CUSTODY_AFTER_RE = fast_compile(r"^\s*(?:-old\b|(?:of |’|')?\s*(?:supervised release|probation|community|unpaid work|home (?:detention|confinement)|house arrest|intensive correction|conditional discharge|good behaviou?r bond|curfew|electronic(?:ally)? monitor|suspended|licen[cs]e|ban|disqualif|old|after|ago|later|earlier|before|for (?:the|each)|in (?:19|20)\d\d))", re.I)
NOT_CUSTODY_BEFORE_RE = fast_compile(r"(?:maximum (?:of |sentence of |penalty of |term of )?(?:up to )?|up to |faces |facing |at least |minimum (?:of )?|between |within |period of |for the past |over |in the |first |last |next |old |aged |than |after |spanning |each |every |,? ?suspended for |probation (?:for|of) |release (?:for|of) )$", re.I)
SUSPENDED_RE = fast_compile(r"\b(?:suspended (?:sentence|for|jail|prison)|sentence (?:was |is )?suspended|, suspended|suspended term)\b", re.I)
SUPERVISED_RE = fast_compile(rf"\b(?P<n>{NUM})[- ](?P<u>years?|months?)(?:’|')? (?:of )?(?:federal )?supervised release|supervised release (?:term )?(?:of|for) (?P<n2>{NUM})[- ](?P<u2>years?|months?)", re.I)
SUPERVISED_LIFE_RE = fast_compile(r"\b(?:lifetime (?:of|term of) supervised release|supervised release for (?:the rest of (?:his|her) life|life)|life(?:time)? supervised release|lifetime supervision)\b", re.I)
PROBATION_RE = fast_compile(rf"\b(?P<n>{NUM})[- ](?P<u>years?|months?)(?:’|')? (?:of )?(?:supervised )?probation|probation (?:for|of) (?P<n2>{NUM})[- ](?P<u2>years?|months?)", re.I)
def MONEY(i: int) -> str:
    """A money amount with numbered groups (Python's re forbids a group name twice): "$21,000", "£4,000"."""
    return rf"(?P<cur{i}>[$£])\s?(?P<amt{i}>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<mult{i}>million|thousand))?"
# "a $1,000 fine", "fined $5,000", "a fine of £500"
FINE_RE = fast_compile(rf"(?:\bfined\s|\bfine of\s|\bpay a\s)(?:\w+ ){{0,2}}?{MONEY(1)}|{MONEY(2)}\s(?:criminal )?fine\b", re.I)
# "restitution of $21,000 to each of the three victims", "$63,000 in restitution"
RESTITUTION_RE = fast_compile(rf"\brestitution (?:of|in the amount of|totaling|totalling|amounting to)\s{MONEY(1)}|{MONEY(2)}\s(?:in )?restitution\b|\bpay {MONEY(3)} (?:in )?(?:restitution|compensation)", re.I)
EACH_RE = fast_compile(rf"\s*(?:\w+ ){{0,3}}to each of (?:the |his |her )?(?P<k>{NUM}) (?:victims|inmates|women|men)", re.I)


def number(word: str | None):
    """'100' -> 100, 'eight' -> 8, '2 1/3' -> 7/3, 'twenty-four' -> 24, 'two and a half' -> 5/2; None if not a number.

    Words go to text2num ("one hundred and twenty" -> 120); "a"/"an" (one) and "half" are ours.
    """
    if word is None:
        return None
    w = word.lower().strip()
    m = HALF_RE.fullmatch(w)
    if m:
        whole = number(m.group(1))
        return None if whole is None else whole + Fraction(1, 2)
    m = re.fullmatch(r"(\d+)[ -](\d)/(\d)", w)
    if m:
        return int(m.group(1)) + Fraction(int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return Fraction(w)
    if w in WORDS:
        return WORDS[w]
    try:
        return text2num(re.sub(r"^an? ", "one ", w), "en")  # text2num reads "one hundred", not "a hundred"
    except ValueError:
        return None


def term_months(m: re.Match) -> int | None:
    """Months of a TERM_RE match: years*12 + months; weeks and days rounded to whole months (30 days is 1)."""
    if m.group("y"):
        y = number(m.group("y"))
        if y is None:
            return None
        extra = number(m.group("ym")) if m.group("ym") else 0
        return round(y * 12 + (extra or 0) + (6 if m.group("yhalf") else 0))
    if m.group("m"):
        n = number(m.group("m"))
        return None if n is None else round(n)
    if m.group("w"):
        n = number(m.group("w"))
        return None if n is None else max(1, round(n * 7 / 30.44))
    if m.group("d"):
        n = number(m.group("d"))
        return None if n is None else max(1, round(n / 30.44))
    return None


def months_of(n, unit) -> int | None:
    v = number(n)
    if v is None:
        return None
    return round(v * 12) if unit.lower().startswith("year") else round(v)


def _matched(m: re.Match):
    """The (amount, currency) of whichever alternative of a money regex matched."""
    d = {k.rstrip("0123456789"): v for k, v in m.groupdict().items() if v is not None}
    if "amt" in d and "cur" in d:
        amt = float(d["amt"].replace(",", ""))
        mult = (d.get("mult") or "").lower()
        amt *= 1_000_000 if mult == "million" else 1000 if mult == "thousand" else 1
        return amt, "USD" if d["cur"] == "$" else "GBP"
    return None


@Language.factory("casebook_outcome")
def make_outcome(nlp: Language, name: str):
    return tag_outcome


def find_custody(text: str):
    """(months, max months, life?, start, end) of the first custodial term imposed in the text."""
    for sm in re.finditer(r"[^.!?\n]*(?:[.!?](?!\d)|\n|$)", text):
        sentence = sm.group(0)
        if not IMPOSE_RE.search(sentence):
            continue
        base = sm.start()
        if LIFE_RE.search(sentence):
            lm = LIFE_RE.search(sentence)
            return None, None, True, base + lm.start(), base + lm.end()
        for rm in RANGE_RE.finditer(sentence):
            lo, hi = number(rm.group("lo")), number(rm.group("hi"))
            before = sentence[max(0, rm.start() - 40):rm.start()]
            if lo is not None and hi is not None and lo < hi and not NOT_CUSTODY_BEFORE_RE.search(before):
                return round(lo * 12), round(hi * 12), False, base + rm.start(), base + rm.end()
        if re.search(r"\ba year and a day\b", sentence, re.I) and not re.search(r"\d|\b(?:months?|years)\b", sentence.split("a year and a day")[0][-40:]):
            m = re.search(r"\ba year and a day\b", sentence, re.I)
            return 12, None, False, base + m.start(), base + m.end()
        am = ALL_BUT_RE.search(sentence) if "all but" in sentence.lower() else None
        if am:
            tm = TERM_RE.match(sentence, am.start("serve"))
            months = term_months(tm) if tm else None
            if months:
                return months, None, False, base + am.start(), base + am.end()
        for m in TERM_RE.finditer(sentence):
            months = term_months(m)
            if months is None or months <= 0:
                continue
            after, before = sentence[m.end():m.end() + 40], sentence[max(0, m.start() - 40):m.start()]
            imposed_here = IMPOSED_BEFORE_RE.search(before) is not None
            if (NOT_CUSTODY_AFTER_RE.match(after) and not (imposed_here and AFTER_CLAUSE_RE.match(after))) or NOT_CUSTODY_BEFORE_RE.search(before):
                continue
            # the term must come after the word that imposes it
            imp = IMPOSE_RE.search(sentence)
            if imp and imp.start() > m.start():
                continue
            return months, None, False, base + m.start(), base + m.end()
    return None, None, False, None, None


def tag_outcome(doc: Doc) -> Doc:
    text = text_of(doc)
    outcome = {
        "disposition": doc._.disposition, "custody_months": None, "custody_months_max": None, "suspended": False,
        "probation_months": None, "supervised_release_months": None, "supervised_release_life": False,
        "fine_amount": None, "restitution_amount": None, "currency": None,
    }
    evidence = dict(doc._.evidence or {})
    evidence.pop("outcome", None)
    if doc._.stage in ("sentenced", "appeal"):
        months, months_max, life, s, e = find_custody(text)
        outcome["custody_months"], outcome["custody_months_max"] = months, months_max
        if s is not None:
            evidence["outcome"] = quote_span(doc, s, e)
            window = text[s: e + 120]
            outcome["suspended"] = bool(SUSPENDED_RE.search(window))
        low = text.lower()  # each whole-text search only where its key word is (the same matches, sooner)
        m = SUPERVISED_RE.search(text) if "supervised release" in low else None
        if m:
            outcome["supervised_release_months"] = months_of(m.group("n") or m.group("n2"), m.group("u") or m.group("u2"))
        outcome["supervised_release_life"] = bool(SUPERVISED_LIFE_RE.search(text))
        m = PROBATION_RE.search(text) if "probation" in low else None
        if m:
            outcome["probation_months"] = months_of(m.group("n") or m.group("n2"), m.group("u") or m.group("u2"))
        currencies = []
        m = FINE_RE.search(text)
        if m and _matched(m):
            outcome["fine_amount"], cur = _matched(m)
            currencies.append(cur)
        m = RESTITUTION_RE.search(text)
        if m and _matched(m):
            amount, cur = _matched(m)
            each = EACH_RE.match(text, m.end())
            k = number(each.group("k")) if each else None
            outcome["restitution_amount"] = amount * (k or 1)
            currencies.append(cur)
        if currencies:
            outcome["currency"] = currencies[0]
    doc._.outcome = outcome
    doc._.evidence = evidence
    return doc
