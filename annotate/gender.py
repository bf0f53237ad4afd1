"""`casebook_gender`: each defendant's gender, the inmates' gender, and the gender dynamic between them.

Read from the text alone: pronouns tied to a defendant's mentions, titles (Mr/Ms),
and phrases such as "women in his custody" or "a prison for male inmates".
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_spans
from annotate.text import text_of, body_start, quote_span, sentence_at, sentence_bounds

MALE_RE = re.compile(r"\b(?:he|He|him|Him|himself|his|His)\b")
FEMALE_RE = re.compile(r"\b(?:she|She|herself|her|Her|hers)\b")
NOMINATIVE_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|himself|herself)\b")
SAID_RE = re.compile(r"(?:,|”|\")\s*(?:he|she) (?:said|says|added|stated)\b|\bsaid (?:he|she)\b")
# Pronouns that belong to a title, not a person: "Her Majesty’s Prison and Probation Service", "His Honour Judge Lowe"
TITLE_PRONOUN_RE = re.compile(r"\b(?:Her|His) (?:Majesty|Honou?r|Royal Highness|Excellency)\b")
INMATE_WORD_RE = re.compile(r"\b(?:inmates?|prisoners?|detainees?|victims?|wards?|offenders?|arrestees?)\b", re.I)


@Language.factory("casebook_gender")
def make_gender(nlp: Language, name: str):
    return tag_gender


def pronoun_gender(text: str, nominative_only: bool) -> tuple[str, int, int]:
    """'male', 'female' or 'unknown' from the pronouns in text (one side must clearly dominate)."""
    text = SAID_RE.sub(" ", TITLE_PRONOUN_RE.sub(" ", text))
    if nominative_only:
        words = NOMINATIVE_RE.findall(text)
        male = sum(1 for w in words if w.lower() in ("he", "himself"))
        female = len(words) - male
    else:
        male, female = len(MALE_RE.findall(text)), len(FEMALE_RE.findall(text))
    if male and not female or male >= 3 * max(female, 1):
        return "male", male, female
    if female and not male or female >= 3 * max(male, 1):
        return "female", male, female
    return "unknown", male, female


def mention_sentences(doc: Doc, mentions) -> list[tuple[int, int]]:
    """Sentences that mention a defendant, plus a following sentence that opens with a pronoun."""
    bounds = sentence_bounds(doc)
    out = []
    for ms, _ in mentions:
        s = sentence_at(doc, ms)
        if s not in out:
            out.append(s)
        i = bounds.index(s) if s in bounds else -1
        if 0 <= i < len(bounds) - 1:
            nxt = bounds[i + 1]
            if re.match(r"\s*(?:He|She|His|Her)\b", text_of(doc)[nxt[0]:nxt[1]]) and nxt not in out:
                out.append(nxt)
    return out


def inmate_from_pronouns(doc: Doc, principal, mentions_by_start) -> tuple[str, tuple[int, int] | None]:
    """The inmates' gender from pronouns that follow an inmate word in a sentence and are not the defendant's.

    "Graham grabbed the detainee by the neck and forcefully slammed him" -> male;
    "an inmate ... approached Phillips ... and in exchange he would pay Phillips" -> male (the name follows);
    "he sexually abused an inmate in his custody" -> nothing ("his" is the officer's).
    """
    text = text_of(doc)
    b = body_start(doc)
    staff = principal._.gender
    mentions = mentions_by_start.get(principal.start_char, [(principal.start_char, principal.end_char)])
    male = female = 0
    first = None
    for s, e in sentence_bounds(doc):
        if s < b:
            continue
        sent = text[s:e]
        inmate = INMATE_WORD_RE.search(sent)
        if not inmate:
            continue
        cleaned = SAID_RE.sub(lambda m: " " * len(m.group(0)), TITLE_PRONOUN_RE.sub(lambda m: " " * len(m.group(0)), sent))
        named = [ms - s for ms, _ in mentions if s <= ms < e]
        m_k = f_k = 0
        for p in re.finditer(r"\b(?:he|him|himself|his|she|her|herself)\b", cleaned[inmate.end():], re.I):
            word, at = p.group(0).lower(), inmate.end() + p.start()
            name_after = any(n > at for n in named)
            name_before = any(n < inmate.start() for n in named)
            if word in ("him", "himself"):
                m_k += staff != "male" or name_before
            elif word in ("herself",):
                f_k += staff != "female" or name_before
            elif word == "her":
                f_k += staff != "female"
            elif word == "his":
                m_k += staff != "male"
            elif word == "he":
                m_k += staff != "male" or name_after
            elif word == "she":
                f_k += staff != "female" or name_after
        male, female = male + m_k, female + f_k
        if (m_k or f_k) and first is None:
            first = (s, e)
    if male and not female:
        return "male", first
    if female and not male:
        return "female", first
    return "unknown", None


def tag_gender(doc: Doc) -> Doc:
    text = text_of(doc)
    evidence = dict(doc._.evidence or {})
    defendants = list(doc.spans.get("defendants", []))
    mentions_by_start = doc.user_data.get("casebook_mentions", {})
    evidence.pop("gender", None)
    b = body_start(doc)
    for i, d in enumerate(defendants):
        mentions = mentions_by_start.get(d.start_char, [(d.start_char, d.end_char)])
        sents = mention_sentences(doc, mentions)
        # Mr./Ms. before the surname is the surest sign
        surname = d.text.split()[-1] if d.label_ == "DEFENDANT" else None
        gender = "unknown"
        if surname:
            if re.search(rf"\b(?:Mr\.?|Sir) {re.escape(surname)}\b", text):
                gender = "male"
            elif re.search(rf"\b(?:Ms\.?|Mrs\.?|Miss|Dame) {re.escape(surname)}\b", text):
                gender = "female"
        if gender == "unknown":
            joined = " ".join(text[s:e] for s, e in sents)
            gender, _, _ = pronoun_gender(joined, nominative_only=len(defendants) > 1)
        if gender == "unknown" and len(defendants) == 1:
            gender, _, _ = pronoun_gender(text[b:], nominative_only=True)
        d._.gender = gender
        if i == 0 and gender != "unknown":
            pron = MALE_RE if gender == "male" else FEMALE_RE
            for s, e in sents + [(b, len(text))]:
                m = next((m for m in pron.finditer(text, s, e) if not TITLE_PRONOUN_RE.match(text, m.start())), None)
                if m:
                    evidence["gender"] = quote_span(doc, m.start(), m.end())
                    break

    # inmates: explicit phrases first, then pronouns in sentences about an inmate
    cues = cue_spans(doc, "INMATES:")
    counts = Counter(c.label_.split(":", 1)[1] for c in cues)
    inmate_gender, inmate_ev = "unknown", None
    if counts:
        if counts["female"] and counts["male"]:
            inmate_gender = "mixed" if min(counts.values()) * 2 >= max(counts.values()) else counts.most_common(1)[0][0]
        else:
            inmate_gender = counts.most_common(1)[0][0]
        inmate_ev = next((c for c in cues if c.label_.endswith(inmate_gender)), cues[0])
    elif defendants:
        inmate_gender, first = inmate_from_pronouns(doc, defendants[0], mentions_by_start)
        if first is not None:
            inmate_ev = doc.char_span(first[0], first[1], alignment_mode="expand")
    doc._.inmate_gender = inmate_gender
    if inmate_ev is not None:
        evidence["inmate_gender"] = quote_span(doc, inmate_ev.start_char, inmate_ev.end_char)
    else:
        evidence.pop("inmate_gender", None)

    staff = defendants[0]._.gender if defendants else "unknown"
    dynamic = "unknown"
    if staff in ("male", "female") and inmate_gender in ("male", "female"):
        dynamic = f"{staff}_staff_{inmate_gender}_inmate"
    doc._.gender_dynamic = dynamic
    doc._.evidence = evidence
    return doc
