"""`casebook_gender`: each defendant's gender, the inmates' gender, and the gender dynamic between them.

Read from the text alone: titles (Mr/Ms), words that describe the defendant ("Female prison officer jailed",
"a 30-year-old woman", "a mother of two"), and pronouns tied to whoever they refer to.

Pronouns are resolved with a light rule set rather than counted by the sentence, so that the pronouns of the
people around a defendant (the judge, the prosecutor, the victim) are not read as the defendant's:
the people a sentence mentions are its *references* (a defendant's mentions, an inmate or victim, an official);
"he"/"she"/"his" go to the nearest reference before them in the sentence (after "told an inmate" to the teller),
"him"/"her" as an object to the nearest reference that is not the sentence's subject, and a sentence that opens
with a pronoun continues the previous sentence's subject.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from annotate.cues import cue_spans, term_spans
from annotate.text import text_of, body_start, quote_span, sentence_bounds, headline_ranges, in_ranges, fast_compile

MALE_RE = fast_compile(r"\b(?:he|He|him|Him|himself|his|His)\b")
FEMALE_RE = fast_compile(r"\b(?:she|She|herself|her|Her|hers)\b")
PRONOUN_RE = fast_compile(r"\b(?:he|him|himself|his|she|her|herself)\b", re.I)
# ", he said" / "said she": the speaker of a quote, most often an official
SAID_RE = fast_compile(r"(?:,|”|\")\s*(?:he|she) (?:said|says|added|stated)\b|\bsaid (?:he|she)\b")
# Pronouns that belong to a title, not a person: "Her Majesty’s Prison and Probation Service", "His Honour Judge Lowe"
TITLE_PRONOUN_RE = fast_compile(r"\b(?:Her|His) (?:Majesty|Honou?r|Royal Highness|Excellency)\b")
INMATE_WORD_RE = fast_compile(r"\b(?:inmates?|prisoners?|detainees?|victims?|wards?|offenders?|arrestees?)\b", re.I)
# A single inmate or victim, a reference a singular pronoun can take: "an inmate", "the victim", "Victim 1", "the complainant"
INMATE_REF_RE = fast_compile(r"\b(?:inmate|prisoner|detainee|victim|ward|offender|arrestee|complainant|trusty|resident|youth)\b(?:\s+\d+|\s+(?-i:[A-Z]\.[A-Z]\.))?", re.I)
# An inmate named by initials, as releases do (constructed): "K.L.", "K.L," ("U.S." is not one)
INITIALS_RE = fast_compile(r"\b(?!U\.S\b|U\.K\b|D\.C\b|P\.M\b|A\.M\b)[A-Z]\.[A-Z]\b\.?(?=[\s,;])")
# Officials and other people around a case (constructed): "U.S. Attorney Ann Lee", "Judge Grant", "the prosecutor", "counsel for the Crown"
OTHER_REF_RE = fast_compile(
    r"\b(?:Judge|Justice|Magistrate|Recorder|Attorney|Sheriff|Detective|Inspector|Superintendent|Constable|Const\.|Sgt\.|"
    r"Agent|Director|Commissioner|Chief|Secretary|Governor|Mayor|Senator|Representative|Rep\.|Sen\.|Lord|Lady|Dr\.?|"
    r"spokes(?:man|woman|person)|prosecutor|lawyer|attorney|counsel|Counsel|barrister|solicitor|defen[cs]e attorney|judge|jury|juror|"
    r"witness|investigator|detective|trooper|wife|husband|girlfriend|boyfriend|mother|father|son|daughter|brother|sister|"
    r"co-defendant|codefendant|accomplice|relative|visitor|friend|student|teen(?:ager)?|associate|courier|driver|neighbou?r|colleague|supervisor|nurse|caller)\b(?!['’]s\b|\s+(?:Office|Department|Dept\.?|Service|Court|General's)\b)")
# What only a staff member has: "in his custody", "her shift", "his duties as a correctional officer"
STAFF_THING_RE = fast_compile(r"\s+(?:own\s+)?(?:custody|care|charge|supervision|shifts?|duties|job|position|post|employment|badge|uniform|authority|office|workplace|colleagues?|co-?workers|employer)\b", re.I)
# "He said", "She added": the pronoun of someone who speaks
SPEECH_AFTER_RE = fast_compile(r"\s+(?:also\s+|further\s+)?(?:said|says|added|adds|told|noted|explained|stated|continued|argued|warned)\b")
# "the defendant", "The Appellant": the one defendant of the story
THE_DEFENDANT_RE = fast_compile(r"\b(?:the|The) (?:[Dd]efendant|[Aa]ppellant|[Aa]ccused)\b(?!s)")
# A named speaker (constructed): "Perkins said", "Alvarez told"
NAMED_SPEAKER_RE = fast_compile(r"\b(?!(?:He|She|It|They|We|You|This|That|There|Police|Officials|Prosecutors)\b)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?= (?:said|says|told|testified|added|claimed|alleged)\b)")
# Another person's name, not a defendant's: "Sheriff Tom Baird", "detention officer Jane Roe" (constructed)
PERSON_NAME_RE = fast_compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?:['’][A-Za-z]+)?(?: [A-Z]\.)? [A-Z][a-z]+(?:['’-][A-Za-z]+)?\b")
NOT_PERSON_WORDS = {
    "County", "Department", "Prison", "Prisons", "Correctional", "Corrections", "Center", "Centre", "Court", "Office", "Street",
    "United", "States", "Federal", "State", "Police", "Sheriff", "Jail", "Institution", "Facility", "District", "Attorney",
    "General", "Justice", "Bureau", "Service", "News", "Road", "Avenue", "University", "Complex", "Unit", "Division",
    "Detention", "Medical", "Security", "Superior", "Supreme", "Circuit", "Crown", "Magistrates", "Agency", "Commission",
    "Investigation", "Investigations", "Affairs", "Act", "Law", "Island", "City", "Township", "Park", "Parish",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
    "May", "June", "July", "August", "September", "October", "November", "December", "Inspector", "Program",
    "Rights", "Civil", "Criminal", "Section", "Task", "Force", "Authority", "Board", "Services", "Trust", "Group",
}
# A reference in an object's place, "before Judge Grant", "told an inmate", "paid bribes to the officer" (constructed)
OBJECT_PLACE_RE = fast_compile(
    r"(?:\b(?:before|with|to|from|for|of|against)\s+(?:(?:the|an?|another|one|that|each|every|any|both|several|some|all|two|three|four|his|her|their|U\.S\.)\s+)?(?:(?:[A-Z][\w.-]*|and|of|same|other|female|male|young|second|third)\s+){0,4}"
    r"|\b(?:told|tell|tells|telling|asked|asking|ordered|ordering|instructed|warned|threatened|promised|informed|urged|allowed|let|made|gave|give|giving|pay|paid|paying)\s+(?:(?:the|an?|another|one|that|each|every|any|both|several|some|all|two|three|four|his|her|their)\s+)?(?:(?:same|other|female|male|young|second|third)\s+)?)$")
# "her" is possessive when a word follows that is not a function word: "her cell", "her job" vs "gave her a", "told her that"
NOT_AFTER_POSSESSIVE = {
    "a", "an", "the", "to", "that", "and", "or", "but", "in", "on", "at", "for", "with", "from", "into", "about", "of",
    "by", "as", "if", "when", "while", "because", "after", "before", "not", "he", "she", "it", "they", "this", "some",
    "money", "up", "out", "off", "down", "back", "over", "again", "again.", "is", "was", "were", "had", "has", "would", "could",
}
# how many pronouns resolved to an inmate (and none of the other gender) tell the inmates' gender
INMATE_PRONOUNS = 2
FUNCTION_PREFIX = fast_compile(r"\s+([A-Za-z’']+)")

# Words that describe the staff member (constructed): "Female prison officer jailed", "Woman guard", "a 41-year-old man", "a mother of two"
FEMALE_NOUN = r"(?:woman|women|female|lady|mother|mum|mom|grandmother|wife|girl)"
MALE_NOUN = r"(?:man|men|male|father|dad|grandfather|husband|boy)"
# Not the staff member: "female inmates", "woman prisoner", "women's prison", "a man serving a sentence"
NOT_STAFF_AFTER = r"(?!(?:'s|’s|s'|s’)|\s+(?:inmates?|prisoners?|detainees?|offenders?|victims?|wards?|residents?|youths?|in (?:his|her|their) (?:custody|care)|who (?:was|were) (?:an? )?(?:inmate|prisoner|held|serving|incarcerated|detained)|serving|held|incarcerated|detained|on remand))"
TITLE_LEAD_RE = fast_compile(rf"^\W*(?:(?:Former|Ex-?|Serving|Married|Jailed|Disgraced|Rogue|Corrupt|Young|Trainee|Prison|Jail)\s+)*(?:(?P<f>{FEMALE_NOUN})|(?P<m>{MALE_NOUN}))\b{NOT_STAFF_AFTER}", re.I)
# A describing word just before the role that names the defendant (constructed): "female officer", "woman prison guard"
BEFORE_ROLE_RE = fast_compile(rf"\b(?:(?P<f>{FEMALE_NOUN})|(?P<m>{MALE_NOUN}))\s+(?:(?:former|prison|jail|correctional|corrections|detention|custody|security|senior|chief|detained|juvenile)\s+){{0,2}}$", re.I)
# The words that describe an unnamed defendant or follow a named one (constructed): "a 52-year-old woman", "Jane Doe, a mother of two,"
DESCRIBE_RE = fast_compile(rf"^(?:,\s*|\s+)?(?:\(?\d+\)?,?\s*)?(?:an?\s+|the\s+)?(?:(?:\d+|\w+(?:-\w+)*)-year-old\s+|married\s+|single\s+)?(?:(?P<f>{FEMALE_NOUN})|(?P<m>{MALE_NOUN}))\b{NOT_STAFF_AFTER}", re.I)
IN_SPAN_RE = fast_compile(rf"\b(?:(?P<f>{FEMALE_NOUN})|(?P<m>{MALE_NOUN}))\b{NOT_STAFF_AFTER}", re.I)


@Language.factory("casebook_gender")
def make_gender(nlp: Language, name: str):
    return tag_gender


def pronoun_gender(text: str, nominative_only: bool) -> tuple[str, int, int]:
    """'male', 'female' or 'unknown' from the pronouns in text (one side must clearly dominate)."""
    text = SAID_RE.sub(" ", TITLE_PRONOUN_RE.sub(" ", text))
    if nominative_only:
        words = re.findall(r"\b(?:[Hh]e|[Ss]he|himself|herself)\b", text)
        male = sum(1 for w in words if w.lower() in ("he", "himself"))
        female = len(words) - male
    else:
        male, female = len(MALE_RE.findall(text)), len(FEMALE_RE.findall(text))
    return decide(male, female), male, female


def decide(male: int, female: int, ratio: int = 3) -> str:
    if male and not female or male >= ratio * max(female, 1):
        return "male"
    if female and not male or female >= ratio * max(male, 1):
        return "female"
    return "unknown"


def _g(m) -> str | None:
    if m is None:
        return None
    return "female" if m.group("f") else "male"


def pronoun_windows(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Merged character ranges of each sentence with a pronoun and the sentence before it."""
    bounds = sentence_bounds(doc)
    out: list[list[int]] = []
    i = 0
    for p in PRONOUN_RE.finditer(text):
        while i < len(bounds) - 1 and bounds[i][1] <= p.start():
            i += 1
        s, e = bounds[max(i - 1, 0)][0], bounds[i][1]
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def references(doc: Doc, defendants, mentions_by_start) -> list[tuple[int, int, str]]:
    """(start, end, who) of the people the text mentions: "D0", "D1"… for defendants, "INMATE", "OTHER"."""
    text = text_of(doc)
    refs: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for i, d in enumerate(defendants):
        for s, e in mentions_by_start.get(d.start_char, [(d.start_char, d.end_char)]):
            refs.append((s, e, f"D{i}"))
            taken.append((s, e))
    if len(defendants) <= 1:
        # "the officer", "the former guard": the one defendant, named or not (or the case's staff member, not found)
        for r in term_spans(doc, "ROLE:"):
            before = text[max(0, r.start_char - 12):r.start_char]
            if re.search(r"\b(?:the|The|former|Former)\s+$", before) and not re.search(r"\b(?:other|another|fellow|second)\s+$", before):
                refs.append((r.start_char, r.end_char, "D0"))
                taken.append((r.start_char, r.end_char))
        for m in THE_DEFENDANT_RE.finditer(text):
            refs.append((m.start(), m.end(), "D0"))
            taken.append((m.start(), m.end()))

    taken.sort()
    taken_starts = [t[0] for t in taken]
    longest = max((te - ts for ts, te in taken), default=0)

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_left(taken_starts, s - longest)
        while i < len(taken) and taken[i][0] < e:
            if taken[i][1] > s:
                return False
            i += 1
        return True

    # other people matter only where a pronoun could refer to them: a sentence with a pronoun and the one before it
    windows = pronoun_windows(doc, text)
    headlines = headline_ranges(doc)
    for ws, we in windows:
        for rx in (INMATE_REF_RE, INITIALS_RE):
            for m in rx.finditer(text, ws, we):
                if free(m.start(), m.end()):
                    refs.append((m.start(), m.end(), "INMATE"))
        for m in OTHER_REF_RE.finditer(text, ws, we):
            # "Dr. Jane Doe", "Chief Smith": a title right before a defendant's name is the defendant's
            if free(m.start(), m.end()) and free(m.end() + 1, m.end() + 3):
                refs.append((m.start(), m.end(), "OTHER"))
        for m in PERSON_NAME_RE.finditer(text, ws, we):
            if headlines and in_ranges(m.start(), headlines):
                continue  # "Officer Pleads Guilty": capitals of a headline, not a name
            if free(m.start(), m.end()) and not NOT_PERSON_WORDS.intersection(m.group(0).replace("’", " ").replace("'", " ").split()):
                refs.append((m.start(), m.end(), "OTHER"))
        for m in NAMED_SPEAKER_RE.finditer(text, ws, we):
            if free(m.start(), m.end()):
                refs.append((m.start(), m.end(), "OTHER"))
    refs.sort(key=lambda r: (r[0], r[2] if r[2].startswith("D") else "~" + r[2]))
    out, seen = [], set()
    for r in refs:
        if r[0] in seen or (out and r[1] <= out[-1][1]):
            continue  # the same place, or a surname inside a full name already taken
        seen.add(r[0])
        if out and out[-1][2] == "OTHER" and r[2] == "OTHER" and r[0] - out[-1][1] <= 2 and not text[out[-1][1]:r[0]].strip(" "):
            # "U.S. Attorney Ann Lee", "Justice Paul Grant" (constructed): the title and the name are one person
            out[-1] = (out[-1][0], r[1], "OTHER")
            continue
        out.append(r)
    return out


def resolve_pronouns(doc: Doc, refs, known: dict[str, str] | None = None, _cache: dict | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, gender, who) for each third-person pronoun of the text, who being a reference's label or None.

    known: the gender already read for some references ("D0": "male", "INMATE": "female"); a pronoun of the
    other gender skips them for the next nearest reference ("Doe had contact with an inmate while she was held").
    """
    text = text_of(doc)
    known = known or {}
    out = []
    starts = [r[0] for r in refs]

    cache = _cache if _cache is not None else {}
    if "placed_at" not in cache:
        cache["placed_at"] = {r[0] for r in refs if not OBJECT_PLACE_RE.search(text, max(0, r[0] - 30), r[0])}
        cache["pronouns"] = list(PRONOUN_RE.finditer(text))
        cache["skips"] = sorted([(m.start(), m.end()) for m in SAID_RE.finditer(text)]
                                + [(m.start(), m.end()) for m in TITLE_PRONOUN_RE.finditer(text)])
    placed_at = cache["placed_at"]

    def fits(who: str, gender: str) -> bool:
        return known.get(who, "unknown") in ("unknown", gender)

    def nearest(cands, gender):
        for who in reversed(cands):
            if fits(who, gender):
                return who
        return None

    prev_subject = None
    prev_named = False
    prev_nom: dict[str, str] = {}
    pronouns = cache["pronouns"]
    p_starts = [p.start() for p in pronouns]
    skips = cache["skips"]
    for s, e in sentence_bounds(doc):
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        plo, phi = bisect.bisect_left(p_starts, s), bisect.bisect_left(p_starts, e)
        if plo == phi and lo == hi:
            continue  # no one and no pronoun: nothing changes
        sent_refs = refs[lo:hi]
        placed_here = [r for r in sent_refs if r[0] in placed_at]
        subject = placed_here[0][2] if placed_here else None
        skip = [k for k in skips if k[1] > s and k[0] < e] if skips else []
        nom_here: dict[str, str] = {}
        opening = None  # (who, gender) of a "he"/"she" that opens the sentence before anyone is named
        noms: list[tuple[int, str, str]] = []  # this sentence's resolved "he"/"she", as references for later pronouns
        for p in pronouns[plo:phi]:
            if any(a <= p.start() < b for a, b in skip):
                continue
            word = p.group(0).lower()
            gender = "male" if word in ("he", "him", "himself", "his") else "female"
            kind = "nom" if word in ("he", "she") else "refl" if word.endswith("self") else "poss" if word == "his" else "obj" if word == "him" else None
            if kind is None:  # "her": possessive if a content word follows
                nxt = FUNCTION_PREFIX.match(text, p.end())
                kind = "poss" if nxt and nxt.group(1).lower() not in NOT_AFTER_POSSESSIVE and not nxt.group(1).endswith("ing") else "obj"
            before = [r for r in sent_refs if r[1] <= p.start()]
            who = None
            if kind in ("nom", "poss", "refl"):
                # "he" goes to the nearest reference in a subject's place (not the object of "before", "with", "told"…)
                pool = [r for r in before if kind == "refl" or r[0] in placed_at]
                # "he ... her": a pronoun of the other gender in the sentence rules its referent out
                taken_other = {w for _, w, g in noms if g != gender}
                cands = sorted([(r[0], r[2]) for r in pool if r[2] not in taken_other]
                               + [(at, w) for at, w, g in noms if at < p.start() and g == gender])
                who = nearest([c[1] for c in cands], gender)
                if opening is not None and opening[1] == gender and opening[0] not in (None, "TOPIC"):
                    # "She told deputies Doe took her phone, and said she…" (constructed): the opening pronoun goes on
                    who = opening[0]
                if kind == "poss" and STAFF_THING_RE.match(text, p.end()):
                    # "abused an inmate in his custody", "while on her shift" (constructed): the staff member's
                    staff = [r[2] for r in before if r[2].startswith("D") and fits(r[2], gender)]
                    who = staff[-1] if staff else "TOPIC" if not any(r[2] == "OTHER" for r in before) else who
                if who is None and cands:
                    pass  # the people named before it are of the other gender: someone unnamed ("a female friend")
                elif who is None and taken_other:
                    pass  # the sentence's "he" ruled its people out: "her" is someone unnamed ("he touched her arm")
                elif who is None:
                    # a sentence opening with a pronoun continues the last one's "he"/"she", or its defendant subject
                    if word in prev_nom and fits(prev_nom[word], gender):
                        who = prev_nom[word]
                    elif prev_subject is not None and fits(prev_subject, gender) and (
                            prev_subject != "OTHER" or SPEECH_AFTER_RE.match(text, p.end())):
                        # "U.S. Attorney Ann Lee said ... She said" (constructed): a speaker goes on speaking
                        who = prev_subject
                    elif prev_subject == "OTHER" and prev_named:
                        who = None  # the last sentence was about someone else, named there: not the story's subject
                    else:
                        who = "TOPIC"  # no one named yet: the story's subject
            else:  # an object is not its own clause's subject
                taken_other = {w for _, w, g in noms if g != gender}
                others = [r[2] for r in before[1:] if r[2] != before[0][2] and r[2] not in taken_other] if before else []
                who = nearest(others, gender)
            if kind == "nom" and not before and not noms:
                opening = (who, gender)
            if kind == "nom":
                nom_here[word] = who
                noms.append((p.start(), who, gender))
            out.append((p.start(), p.end(), gender, who, kind))
        if subject is not None:
            prev_subject = subject
            prev_named = not any(r[2].startswith("D") for r in sent_refs)
        if nom_here or sent_refs:
            prev_nom = nom_here
    return out


def key_genders(resolved, seeds: dict[str, str], single: bool) -> dict[str, str]:
    """Each reference's gender from the pronouns first resolved to it (seeds, read from words, win).

    With a single defendant, the pronouns with no one named before them count as theirs.
    """
    counts: dict[str, Counter] = {}
    for _, _, g, who, kind in resolved:
        if kind != "nom":
            continue  # "he"/"she" are the surest; "his"/"her" often belong to someone else nearby
        if who == "TOPIC" and single:
            who = "D0"
        if who and who not in ("TOPIC", "OTHER"):
            counts.setdefault(who, Counter())[g] += 1
    out = {k: decide(c["male"], c["female"], ratio=2) for k, c in counts.items()}
    out.update({k: v for k, v in seeds.items() if v in ("male", "female")})
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


def mention_sentences(doc: Doc, mentions) -> list[tuple[int, int]]:
    """Sentences that mention a defendant, plus a following sentence that opens with a pronoun."""
    text = text_of(doc)
    bounds = sentence_bounds(doc)
    starts = [b[0] for b in bounds]
    out = []
    for ms, _ in mentions:
        i = max(bisect.bisect_right(starts, ms) - 1, 0)
        if not bounds:
            break
        if bounds[i] not in out:
            out.append(bounds[i])
        if i < len(bounds) - 1 and re.match(r"\s*(?:He|She|His|Her)\b", text[bounds[i + 1][0]:bounds[i + 1][1]]) and bounds[i + 1] not in out:
            out.append(bounds[i + 1])
    return out


def described_gender(doc: Doc, d, i: int, mentions, n_defendants: int) -> tuple[str | None, tuple[int, int] | None]:
    """Gender from the words that describe the defendant (not from pronouns), with where it was read."""
    text = text_of(doc)
    b = body_start(doc)
    if d.label_ != "DEFENDANT":
        # an unnamed defendant (constructed): "a 41-year-old man", "A female officer", "The woman"
        m = IN_SPAN_RE.search(d.text)
        if m:
            return _g(m), (d.start_char, d.end_char)
        s = BEFORE_ROLE_RE.search(text, max(0, d.start_char - 40), d.start_char)
        if s:
            return _g(s), (s.start(), d.end_char)
    role_span = getattr(d._, "role_span", None)
    if role_span is not None:
        m = BEFORE_ROLE_RE.search(text, max(0, role_span.start_char - 40), role_span.start_char)
        if m and "\n" not in text[m.start():role_span.start_char]:
            return _g(m), (m.start(), role_span.end_char)
    for ms, me in mentions[:3]:
        m = DESCRIBE_RE.match(text, me, min(len(text), me + 60))
        if m:
            return _g(m), (ms, m.end())
        # "mother-of-two Jane Doe", "Woman officer Jane Doe"
        m = re.search(rf"\b(?:(?P<f>{FEMALE_NOUN}|Ms\.?|Mrs\.?|Miss)|(?P<m>{MALE_NOUN}|Mr\.?))(?:-of-\w+)?\s+(?:(?:officer|guard|nurse|jailer|deputy)\s+)?$", text[max(0, ms - 30):ms])
        if m and (m.group("f") or m.group("m")) and not re.match(r"\s*(?:Justice|Judge)", text[ms:]):
            return _g(m), (ms - 30 + m.start(), me) if ms >= 30 else (m.start(), me)
    if i == 0 and n_defendants == 1 and b > 0:
        m = TITLE_LEAD_RE.search(text, 0, b)
        if m:
            return _g(m), (m.start(), m.end())
    return None, None


# Stages of one person's case: a story with no named or described defendant still tells their gender for the dynamic
CASE_STAGES = ("arrested", "charged", "pleaded_guilty", "convicted", "acquitted", "dismissed", "sentenced", "appeal")


def is_case_story(doc: Doc) -> bool:
    meta = doc.user_data.get("casebook_meta", {})
    return doc._.stage in CASE_STAGES and meta.get("source_kind") != "government_report"


def case_staff_gender(doc: Doc, resolved) -> str:
    """The staff member's gender in a case story whose defendant was not found: "Woman guard jailed", then he/she."""
    if not is_case_story(doc):
        return "unknown"
    b = body_start(doc)
    m = TITLE_LEAD_RE.search(text_of(doc), 0, b) if b else None
    if m:
        return _g(m)
    noms = [g for s, _, g, who, kind in resolved if kind == "nom" and who in ("TOPIC", "D0") and s >= b]
    return decide(noms.count("male"), noms.count("female"))


def tag_gender(doc: Doc) -> Doc:
    text = text_of(doc)
    evidence = dict(doc._.evidence or {})
    defendants = list(doc.spans.get("defendants", []))
    mentions_by_start = doc.user_data.get("casebook_mentions", {})
    evidence.pop("gender", None)
    has_pronouns = PRONOUN_RE.search(text) is not None
    refs = references(doc, defendants, mentions_by_start) if has_pronouns else []
    cues = cue_spans(doc, "INMATES:")
    counts = Counter(c.label_.split(":", 1)[1] for c in cues)
    seeds: dict[str, str] = {}
    described: dict[int, tuple[str | None, tuple[int, int] | None]] = {}
    for i, d in enumerate(defendants):
        mentions = mentions_by_start.get(d.start_char, [(d.start_char, d.end_char)])
        described[i] = described_gender(doc, d, i, mentions, len(defendants))
        if described[i][0]:
            seeds[f"D{i}"] = described[i][0]
    if len(counts) == 1:
        seeds["INMATE"] = next(iter(counts))
    # two passes: the genders the first pass reads keep later pronouns from going to a reference of the other gender
    cache: dict = {}
    resolved = resolve_pronouns(doc, refs, seeds, cache) if has_pronouns else []
    if resolved:
        resolved = resolve_pronouns(doc, refs, key_genders(resolved, seeds, len(defendants) <= 1), cache)
    for i, d in enumerate(defendants):
        mentions = mentions_by_start.get(d.start_char, [(d.start_char, d.end_char)])
        key = f"D{i}"
        gender, where = "unknown", None
        # Mr./Ms. before the surname is the surest sign
        surname = d.text.split()[-1] if d.label_ == "DEFENDANT" else None
        if surname:
            m = re.search(rf"\b(?:Mr\.?|Sir) {re.escape(surname)}\b", text)
            f = re.search(rf"\b(?:Ms\.?|Mrs\.?|Miss|Dame) {re.escape(surname)}\b", text)
            if m and not f:
                gender, where = "male", (m.start(), m.end())
            elif f and not m:
                gender, where = "female", (f.start(), f.end())
        if gender == "unknown":
            g, w = described[i]
            if g:
                gender, where = g, w
        if gender == "unknown":
            # pronouns that refer to this defendant, then (if none) those of the sentences that name them and are no one else's
            # pronouns with no one named before them belong to the story's one defendant
            mine = [(s, e, g) for s, e, g, who, _ in resolved
                    if who == key or (who == "TOPIC" and len(defendants) == 1 and s >= body_start(doc))]
            male = sum(1 for *_, g in mine if g == "male")
            female = len(mine) - male
            gender = decide(male, female, ratio=2)
            if not mine:
                sents = mention_sentences(doc, mentions)
                theirs = [(s, e, g) for s, e, g, who, _ in resolved
                          if who in (None, "TOPIC", key) and any(a <= s < b for a, b in sents)]
                male = sum(1 for *_, g in theirs if g == "male")
                female = len(theirs) - male
                gender = decide(male, female)
                mine = theirs
            where = next(((s, e) for s, e, g in mine if g == gender), None)
        d._.gender = gender
        if i == 0 and gender != "unknown" and where is not None:
            evidence["gender"] = quote_span(doc, where[0], where[1])

    # inmates: explicit phrases first, then the pronouns that refer to an inmate
    inmate_gender, inmate_ev = "unknown", None
    if counts:
        if counts["female"] and counts["male"]:
            inmate_gender = "mixed" if min(counts.values()) * 2 >= max(counts.values()) else counts.most_common(1)[0][0]
        else:
            inmate_gender = counts.most_common(1)[0][0]
        inmate_ev = next((c for c in cues if c.label_.endswith(inmate_gender)), cues[0])
        if inmate_ev is not None:
            inmate_ev = (inmate_ev.start_char, inmate_ev.end_char)
    elif resolved and defendants:
        b = body_start(doc)
        theirs = [(s, e, g) for s, e, g, who, _ in resolved if who == "INMATE" and s >= b]
        male = sum(1 for *_, g in theirs if g == "male")
        female = len(theirs) - male
        if (male >= INMATE_PRONOUNS and not female) or (female >= INMATE_PRONOUNS and not male):
            inmate_gender = "male" if male else "female"
            inmate_ev = theirs[0][:2]
        elif defendants:
            # few pronouns resolved to an inmate: those that follow an inmate word and are not the defendant's gender
            inmate_gender, first = inmate_from_pronouns(doc, defendants[0], mentions_by_start)
            inmate_ev = first
    doc._.inmate_gender = inmate_gender
    if inmate_ev is not None:
        evidence["inmate_gender"] = quote_span(doc, inmate_ev[0], inmate_ev[1])
    else:
        evidence.pop("inmate_gender", None)

    staff = defendants[0]._.gender if defendants else case_staff_gender(doc, resolved)
    dynamic = "unknown"
    if staff in ("male", "female") and inmate_gender in ("male", "female"):
        dynamic = f"{staff}_staff_{inmate_gender}_inmate"
    doc._.gender_dynamic = dynamic
    doc._.evidence = evidence
    return doc
