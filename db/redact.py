"""Victim anonymity: names in documents about sexual offences are withheld before anything is published.

In a document about a sexual offence, every personal name that is not a defendant's, an official's,
a lawyer's or a judge's is replaced by "[name withheld]" in the title, the text, the evidence
quotes and everything derived from them (case timelines, warning signs, citations), in every form
it takes: the full name, the surname alone ("Quenby told ..."), the possessive ("Quenby's"),
initials ("M.Q."), and a title with the surname ("Ms Quenby"). A name counts as a person's when the
text uses it as one: a person word, title or age around it, "who" after it, the subject of a clause ("Quenby
later moved"), a headline's speaker, the next name in a list of withheld ones; an accused the annotator did not
list ("John Doe, 28, of Anytown, pleaded guilty"), an official, a lawyer and a place stay named, and a "defendant"
the annotator found in a victim's place ("an inmate named Jane Roe") is withheld. The corpus files keep the
original; only the database is redacted. UK law gives sexual-offence complainants lifelong
anonymity; U.S. releases say "Victim 1". The build checks each published document again
(`unexplained_name`, and every name withheld elsewhere by full-text search) and quarantines one that may
still name a victim: it is left out of every table (db/build.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from annotate.defendants import HEADLINE_NAME_RE, OFFICIAL_BEFORE_RE, STAFF_NOUN, DefendantFinder
from annotate.pipeline import PATTERNS
from annotate.text import read_csv, read_words
from db.cases import name_parts, same_person

MARKER = "[name withheld]"
# A document is about a sexual offence when its labels say sexual_abuse or its text names one:
# "sexual abuse of a ward", "raped", "indecent assault", "voyeurism", "abusive sexual contact"
SEXUAL_RE = re.compile(r"\b(?:sexual(?:ly)?\s+(?:abus|assault|contact|act|misconduct|activit|relation|intercourse|penetrat|exploit|battery)\w*"
                       r"|rape[ds]?|raping|sodomy|indecen\w+ (?:assault|exposure)|voyeur\w*|molest\w*)\b", re.I)
# Words before a name that make its bearer an official, a lawyer or a judge (as well as the
# annotator's list of official titles): "defense attorney Pat Lawyer", "represented by Sam Counsel",
# "U.S. Attorney for the District of Anyplace John Doe" (constructed),
# UK courts: "Prosecuting, Helen Arbery told the court", "for the defence, Martin Gale said" (constructed)
KEEP_BEFORE_RE = re.compile(
    r"(?:(?:defendant|he|she),? (?:formerly|also|previously) known as|defen[cs]e (?:attorney|lawyer|counsel)|represented by|prosecutors?|barrister|solicitor|Recorder|"
    r"(?:prosecuting|defending|mitigating|in mitigation|for the (?:prosecution|defen[cs]e|Crown)),|"
    r"\b(?-i:Attorney|Director|Chief|Commissioner|Secretary|Administrator|Marshal|Sheriff)\s+(?:for|of)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+)*(?:of\s+)?|"
    r"Honou?r|President|Governor|Warden|Mayor|Minister|Spokes(?:man|woman|person)|Sergeant|Lieutenant|Captain|Officer)\s*$", re.I)
# Words after a name that make its bearer an official: "Kenneth A. Polite, Jr., Assistant Attorney General",
# UK courts: "Martin Gale, defending, said", "Simon Rudd, prosecuting, told the court",
# "Jane Roe, associate director of the office" (constructed)
KEEP_AFTER_RE = re.compile(
    r"^,?\s*(?:Jr\.,\s*)?(?:the |a |an )?(?:prosecuting|defending|mitigating|for the (?:prosecution|defen[cs]e|Crown)|QC|KC|U\.S\. Attorney|United States Attorney|Assistant|Acting|Deputy|Special Agent|"
    r"Inspector|Attorney General|Judge|Director|Chief|Sheriff|Commissioner|Secretary|spokes\w+|prosecutor|"
    r"(?:defen[cs]e )?(?:attorney|lawyer|counsel)|barrister|solicitor|Detective|Superintendent|Governor|Warden|"
    r"Senior Crown Prosecutor|Crown Prosecutor|Chief Crown Prosecutor|head of|Counselor|Counsel|(?:Senior )?Trial (?:Attorney|Counsel)|"
    r"(?:[A-Z][a-z]+ )?Supervisor|Special Assistant|aka|a\.k\.a\.|also known as)\b"
    r"|^,\s*(?:the |an? )?(?:former |acting )?(?:associate |deputy |assistant |senior )?(?:director|chief|counsel|prosecutor|"
    r"special agent|investigator|judge|commissioner|superintendent|warden)\b")
# (and "aka": a name with an alias is an accused's, never a victim's: "John Doe, aka Johnny, 29, pleaded guilty", constructed)
# After a name, the office or the work of an official or an author: "James Doe is the acting director", "Jane Roe is
# prosecuting the case",
# "Jane Roe was the chief of the unit", "Jane Roe edited the report", "John Doe and Jane Roe designed the survey" (constructed)
ROLE_PREDICATE_RE = re.compile(
    r"^,?\s+(?:(?:and|with) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}\s+)?"
    r"(?:(?:is|are|was|were) (?:prosecuting|investigating|handling|representing|presiding)\b"
    r"|(?:is|was|serves as|served as|became) (?:the |an? )?(?:acting |former |then-|deputy |assistant |associate |principal |senior )*"
    r"(?:director|chief|commissioner|secretary|attorney general|u\.s\. attorney|judge|inspector general|administrator|statistician|"
    r"spokes\w+|prosecutor|sheriff|warden|superintendent|president|chair\w*|author|editor|governor|mayor|senator)\b"
    r"|(?:edited|designed|produced|directed|managed|guided|programmed|authored|compiled|coordinated|supervised|oversaw|"
    r"analy[sz]ed|verified)\b)", re.I)
# A run followed by an institution word is part of a place's name: "Julia Tutwiler Prison", "Grant County",
# and a headline's place before a person word: "Glen Burnie Man Sentenced", "Leicester Crown Court", and what is
# named after a person: "the John Doe Award" (constructed)
PLACE_WORDS = (
    r"(?:Award|Awards|Prize|Medal|Fund|Scholarship|Fellowship|Lecture|Memorial|Man|Woman|Men|Women|Residents?|Couple|Teen|Native|Crown Court|Magistrates|Constabulary|Borough|Council|Prison|Correctional|Center|Centre|County|Parish|Detention|Facility|Institution|Institute|Jail|Unit|Hall|"
    r"School|College|University|Road|Street|Avenue|Park|Building|Courthouse|Federal|Regional|Medical|Hospital|Police|"
    r"Sheriff|Department|Office|Division|District|State|City|Township|Law|Act|Foundation|Project|Commission)\b")
PLACE_AFTER_RE = re.compile(rf"^\s*{PLACE_WORDS}")
# How a name is used as a person's (the detector looks at these around each capitalised run):
#   "the victim, Marisol Quenby,"  "abused Jane Roe"  "Quenby, 24,"  "Quenby told investigators"  "Quenby's cellmate"
PERSON_VERBS = (r"said|says|told|testified|reported|wrote|stated|alleged|described|recalled|disclosed|complained|"
                r"was (?:assaulted|abused|raped|attacked|touched|groped|a victim|an inmate|a prisoner|incarcerated|housed|held)|"
                r"had been|has been|feared|cried|asked|refused")
# Before a run: a person word (in lower case: not "Office on Violence Against Women Jane Roe"), an abuse verb,
# "named"/"called"/"identified ... as", a title or an age:
#   "an inmate named Jane Roe", "a prisoner called Jane Roe", "identified in a victim statement as Jane Roe",
#   "preyed on Jane Roe", "24-year-old Jane Roe" (all constructed)
PERSON_BEFORE_RE = re.compile(
    r"(?:\b(?-i:victims?|complainants?|survivors?|inmates?|prisoners?|detainees?|wards?|woman|women|man|girl|boy|mother|"
    r"daughter|wife|husband|sister|brother|friend|cellmate|named|called|nicknamed|identified as|known as|said|says|according to)\s*,?\s*"
    r"|\b(?:identified|known|referred to|listed)\s+(?:[\w-]+\s+){0,5}?as\s+"
    r"|\b(?:abused|assaulted|raped|molested|touched|groped|kissed|fondled|photographed|filmed|harassed|threatened|"
    r"befriended|groomed|targeted|preyed on|preying on)\s+"
    r"|\b(?:sex(?:ual (?:acts?|contact|relationship|intercourse))? with|relationship with)\s+"
    r"|\b\d{1,2}[- ]year[- ]old\s+"
    r"|\b(?:Ms|Mrs|Miss|Mr|Mx|Dr)\.?\s+)$", re.I)
# After a run: an age, a possessive (also "Fennings'"), or a person's verb:
#   "Quenby, 24,"  "Quenby (24)"  "Quenby, aged 19,"  "Quenby, then 24,"  "Quenby's"  "Quenby told"
PERSON_AFTER_RE = re.compile(rf"^(?:,\s*(?:aged?\s*|then\s*)?\d{{1,2}}\s*,|\s*\(\d{{1,2}}\)|['’]s\b|,?\s+(?:{PERSON_VERBS})\b)")
# After a run, "who" or "whose": only a person is a "who" ("Jane Roe, who cannot be named for legal reasons,", constructed)
# (not after "of"/"in"/...: "John Doe, 39, of Anytown, who worked at the jail" names a place before the "who")
WHO_AFTER_RE = re.compile(r"^,\s*who(?:se)?\b")
PLACE_BEFORE_RE = re.compile(r"\b(?:of|from|in|near|at|to|into|outside|across)\s+$")
# The start of a clause before a run: a new line, a full stop, a colon, an opening quotation mark, a dash, or a
# clause word: "Jane Roe later moved", "“Jane Roe was terrified”", "Weeks later, Jane Roe asked" (constructed)
CLAUSE_START_RE = re.compile(r"(?:^|\n\s*|[.!?;:]\s+|[“\"‘]\s*|[—–]\s*|\b(?:later|then|after that|afterwards|meanwhile),\s+"
                             r"|\b(?:but|when|after|before|because|while|although|until|that|where)\s+)$")
# After a run at the start of a clause, the verb of its clause (a lower-case verb, an auxiliary or an adverb):
#   "Jane Roe later moved to another unit", "Roe did not return", "Roe will never tell", "Jane Roe arrived" (constructed)
SUBJECT_VERB_AFTER_RE = re.compile(
    r"^\s+(?:later|then|also|never|still|often|repeatedly|allegedly|initially|eventually|subsequently|again|herself|himself|"
    r"was|were|is|are|had|has|have|did|does|do|will|would|could|can|should|might|must|may|"
    r"said|told|gave|went|came|began|wrote|saw|knew|felt|made|took|got|left|met|ran|sent|spent|kept|lost|became|fled|heard|"
    r"sought|thought|brought|found|fought|stood|sat|spoke|won|hid|froze|lives|lived|remains|remained|"
    r"[a-z]{3,}ed)\b")
# In a headline, a person speaking or heard: "Jury Hears From Jane Roe in Guard Trial", "Jane Roe Testifies Against
#   Former Officer", "Testimony of Jane Roe" (constructed)
HEADLINE_PERSON_BEFORE_RE = re.compile(r"\b(?:Hears?|Heard|Testimony|Story|Account|Words|Letter|Message) (?:From|Of|By)\s+$", re.I)
HEADLINE_PERSON_AFTER_RE = re.compile(r"^,?\s+(?:Testifies|Testified|Says|Said|Tells|Told|Describes|Described|Recalls|Recounts|"
                                      r"Speaks|Spoke|Sues|Sued|Accuses|Accused|Breaks)\b", re.I)
# A title and a single name: "Ms Quenby", "Mrs. Quenby", "Miss O’Dowdall", "Mr McRae" — not a first name before a
# surname ("Mr Simon Rudd, prosecuting," is the whole name of a lawyer; constructed)
NAME1 = r"(?:O['’]|Mc|Mac)?[A-Z][a-zà-ÿ]+(?:[-'’][A-Z][a-zà-ÿ]+)?"
TITLED_RE = re.compile(rf"\b(Ms|Mrs|Miss|Mr|Mx)\.?\s+({NAME1})\b(?![ \t]+[A-Z][a-zà-ÿ])")
# A single name in a victim's context: "the victim, Marisol", "inmate Quenby", "a woman named Marisol",
#   "a prisoner called Beatrix", "the complainant, Ffion," (constructed)
VICTIM_CONTEXT_RE = re.compile(
    r"\b(?:victims?|complainants?|survivors?|inmates?|prisoners?|detainees?|wards?|woman|girl|teenager)\s*,?\s+"
    rf"(?:identified as\s+|named\s+|called\s+|known as\s+)?({NAME1})\b(?![ \t]+[A-Z][a-zà-ÿ])")
# A single capitalised word that is not part of a longer run (no capitalised word just before it)
LONE = rf"(?<![\w.'’-])(?<![A-Z][a-zà-ÿ] )(?<![A-Z]\. )({NAME1})"
# A single name followed by an age: "Fettiplace, 24, later moved" (constructed)
LONE_AGE_RE = re.compile(rf"{LONE},\s*(?:aged?\s*|then\s*)?\d{{1,2}}\s*,")
# A single name whose possession is a person's: "Treharne’s mother", "Roe's cellmate" (constructed)
LONE_POSSESSIVE_RE = re.compile(
    rf"{LONE}['’]s\s+(?:mother|father|parents|family|sister|brother|husband|wife|partner|boyfriend|girlfriend|son|"
    r"daughter|children|child|cell|cellmate|bunk|lawyer|attorney|solicitor|account|statement|testimony|allegations?|"
    r"complaint|body|home|room|friend|friends)\b")
# A single name as the subject of a clause: "Hargest later moved", "“Brasnett will never tell anyone”" (constructed)
LONE_SUBJECT_RE = re.compile(rf"(?:^|\n\s*|[.!?;:]\s+|[“\"‘]\s*){LONE}(?=\s+(?:later|then|never|still|allegedly|"
                             r"was|did|does|will|would|could|had|has|[a-z]{3,}ed)\b)", re.M)
STOP_WORDS = frozenset(("A", "An", "All", "Any", "Anyone", "Another", "Each", "Every", "Everyone", "Everything", "Few", "Many",
                        "Most", "Much", "Neither", "Either", "No", "Nobody", "None", "Nothing", "One", "Other", "Others", "Several",
                        "Some", "Someone", "Something", "Such", "There", "Here", "Who", "What", "Which", "Where", "Why", "How",
                        "I", "You", "We", "Us", "Me", "My", "Your", "Their", "Them", "Yet", "So", "Not", "Only", "Even",
                        # time before "later": "Weeks later, ..." (constructed)
                        "Moments", "Minutes", "Hours", "Days", "Weeks", "Months", "Years", "Decades", "Shortly", "Soon", "Later"))


# Ties of an annotated defendant the annotator found no staff role for (beside an accused officer): an age and a
# home town as releases give a defendant's ("John Doe, 28, of Anytown, Missouri,"), a staff word before the name
# ("guard John Doe", "former officer John Doe") or after it ("John Doe, a former correctional officer at the jail,")
AGE_HOMETOWN_AFTER_RE = re.compile(r"^(?:,? (?:Jr\.|Sr\.|II|III|IV))?,\s*(?:age\s*)?\d{2},?\s*(?:formerly\s+)?(?:of|from)\s+[A-Z]")
STAFF_BEFORE_RE = re.compile(rf"\b(?i:{STAFF_NOUN})s?\s+$")
STAFF_AFTER_RE = re.compile(rf"^,\s*(?:a|an|the)\s+(?:former\s+|then-|ex-)?(?:[\w'’.-]+\s+){{0,4}}?(?i:{STAFF_NOUN})s?\b")
# Around a name the annotator did not list, the case against its bearer: an accused, not a victim (and not
# "charged with raping Jane Roe", "assault against Jane Roe": no word may stand between the verb and the name):
#   "John Doe, aka Johnny, 29, of Anytown, Texas, pleaded guilty", "Roe was sentenced", "convicted John Doe",
#   "John Doe III, then 42, formerly of Anytown, Ill., was sentenced", "Roe sexually assaulted another inmate",
#   "John Doe, who pleaded guilty in 2002",
#   "Jane Roe Charged With ..." in a headline, "filed a lawsuit against landlord John Doe" (constructed)
ACCUSED_AFTER_RE = re.compile(
    r"^(?:,? (?:Jr\.|Sr\.|II|III|IV))?(?:,\s*(?:aka|a\.k\.a\.|also known as)[^,;.]{1,40})?(?:,\s*(?:age|aged|then)?\s*\d{2},?)?"
    r"(?:,?\s*(?:formerly |originally |currently )?(?:of|from) [A-Z][\w.' -]{1,40}(?:, [A-Z][\w.' -]{1,30})?,)?\s*"
    r"(?:,\s*who\s+)?(?:has |had |have |been |was |were |is |are |also |previously |each |both |all |subsequently |today |later |allegedly )*"
    r"(?:pleaded|pled|sentenced|indicted|charged|convicted|arrested|found guilty|jailed|acquitted|extradited|"
    r"sexually (?:assaulted|abused|exploited|harassed)|raped|molested|fondled|groped|coerced|enticed|lured|trafficked)\b", re.I)
ACCUSED_BEFORE_RE = re.compile(r"(?:\b(?:sentenced|convicted|indicted|arrested|jailed|prosecuted|defendants?|co-defendants?|"
                               r"co-conspirators?)\s+(?:(?:former|ex-|then-)\s*)?"
                               r"|\b(?:suit|lawsuit|complaint|indictment|charges) against\s+(?:[a-z]+\s+){0,2})$")
# Before a name, a victim's word: the annotator's "defendant" is then a victim ("an inmate named Jane Roe",
#   "a prisoner called Jane Roe", "preyed on Jane Roe", "the complainant, Jane Roe," constructed) — not
#   "an individual later identified as John Doe" (constructed): the word before "named" must be a victim's
VICTIM_BEFORE_RE = re.compile(
    r"(?:\b(?:victims?|complainants?|survivors?|inmates?|prisoners?|detainees?|wards?|woman|girl|minor)\s*,?\s*"
    r"(?:(?:named|called|nicknamed|known as|identified (?:[\w-]+ ){0,5}?as)\s+)?"
    r"|\b(?:abus(?:ed|ing)|assault(?:ed|ing)|rap(?:ed|ing)|molest(?:ed|ing)|grop(?:ed|ing)|fondl(?:ed|ing)|befriend(?:ed|ing)|"
    r"groom(?:ed|ing)|target(?:ed|ing)|prey(?:ed|ing) on|sex with|sexual (?:acts?|contact|relationship|intercourse) with|"
    r"relationship with)\s+)$", re.I)


def word_at(escaped: str, not_before: str) -> str:
    """A literal that must not follow one of the characters `not_before`, written literal first:
    "Quenby(?<![\\w.-]Quenby)" finds what "(?<![\\w.-])Quenby" finds, but re's literal-prefix search jumps from one
    "Quenby" to the next instead of trying the look-behind at every character (50 times faster on a long text)."""
    return rf"{escaped}(?<![{not_before}]{escaped})"


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
HEADLINE_WORDS = Path(__file__).resolve().parent / "patterns" / "headline_words.txt"


class Redactor:
    def __init__(self):
        self.not_person = read_words(NOT_PERSON_WORDS)
        self.headline_words = read_words(HEADLINE_WORDS)
        not_name = read_words(PATTERNS / "not_name_words.txt")
        self.places = {row["name"] for row in read_csv(PATTERNS / "places.csv")}
        self.finder = DefendantFinder(not_name, self.places)
        self.not_name = not_name | {"Ms", "Mrs", "Miss", "Mr", "Mx", "The", "He", "She", "His", "Her", "They"}

    def person_like(self, name: str) -> bool:
        """Two to four name words, none of them an organisation, place or headline word."""
        words = name.replace(",", " ").split()
        words = [w for w in words if w not in ("Jr.", "Sr.", "II", "III", "IV")]
        return 2 <= len(words) <= 4 and not any(w in self.not_person or w.rstrip("'’s") in self.not_person for w in words) \
            and not all(re.fullmatch(r"[A-Z]\.", w) for w in words)

    def is_sexual(self, labels: dict, text: str) -> bool:
        return "sexual_abuse" in (labels.get("misconduct") or []) or bool(SEXUAL_RE.search(text or ""))

    def runs(self, text: str):
        """The annotator's name runs, cut again at headline words: "Jane Roe Testifies Against" -> "Jane Roe" (constructed)."""
        for s, e, name in self.finder.name_runs(text):
            words = list(re.finditer(r"\S+", name))
            chunk: list[re.Match] = []
            for w in words + [None]:
                if w is not None and w.group(0).rstrip(",") not in self.headline_words:
                    chunk.append(w)
                    continue
                while chunk and re.fullmatch(r"[A-Z]\.", chunk[-1].group(0)):
                    chunk.pop()
                if len(chunk) >= 2:
                    yield s + chunk[0].start(), s + chunk[-1].end(), name[chunk[0].start():chunk[-1].end()].rstrip(",")
                chunk = []

    @lru_cache(maxsize=65536)  # one scan of a text per word, however often the word occurs
    def lone_person(self, text: str, surname: str) -> bool:
        """Is the surname used alone as a person's somewhere: "Quenby's", "Quenby told", "Quenby, 24,",
        "Quenby later moved" at the start of a clause?"""
        s = re.escape(surname)
        if re.search(word_at(s, r"\w.-") + rf"(?:['’]s\b|(?=\s+(?:{PERSON_VERBS})\b)|(?=,\s*(?:aged?\s*)?\d{{1,2}}\s*,))", text):
            return True
        if self.common_word(text, surname) or self.place_or_alias(text, surname) or self.accused(text, surname):
            return False  # "Facilities were excluded", "Tutwiler has a history" (of "Julia Tutwiler Prison")
        for m in re.finditer(word_at(s, r"\w.'’-") + r"(?![\w'’-])", text):
            if CLAUSE_START_RE.search(text[max(0, m.start() - 30):m.start()]) and SUBJECT_VERB_AFTER_RE.match(text[m.end():m.end() + 40]):
                return True
        return False

    @staticmethod
    @lru_cache(maxsize=65536)
    def common_word(text: str, word: str) -> bool:
        """Does the text also write the word in lower case: a common word that starts a sentence, not a name?"""
        return bool(re.search(word_at(re.escape(word.lower()), r"\w'’-") + r"(?![\w'’-])", text))

    @staticmethod
    @lru_cache(maxsize=65536)
    def place_word(text: str, word: str) -> bool:
        """Is the word anywhere the name of a place or an institution: "Tutwiler Prison", "Grant County"?"""
        return bool(re.search(word_at(re.escape(word), r"\w'’-") + rf"(?=\s+(?:[A-Z][\w.'’-]*\s+)?{PLACE_WORDS})", text))

    @lru_cache(maxsize=65536)  # one scan of a text per word, however often the word occurs
    def place_or_alias(self, text: str, word: str) -> bool:
        """A place ("Tutwiler Prison", "Caribou, Maine") or an accused's alias ("John Doe, aka Conejo", constructed)?"""
        if self.place_word(text, word) or re.search(rf"(?:\baka|a\.k\.a\.|also known as)\s*[“\"]?{re.escape(word)}\b", text):
            return True
        return any(m.group(1) in self.places for m in re.finditer(word_at(re.escape(word), r"\w'’-") + r",\s*([A-Z][\w.]*(?: [A-Z][\w.]*)?)", text))

    def in_person_context(self, text: str, s: int, e: int, surname: str) -> bool:
        """Is the run at text[s:e] used as a person: a title, an age, a person word before, a verb after, "who" after,
        the subject of a clause, or its surname alone elsewhere as a person ("Quenby told", "Quenby's")?"""
        before, after = text[max(0, s - 60):s], text[e:e + 60]
        if PERSON_BEFORE_RE.search(before) or PERSON_AFTER_RE.match(after):
            return True
        if text[e - 1:e] == "s" and re.match(r"['’]\s", after):
            return True  # the possessive of a name ending in s: "Jocasta Fennings' cellmate" (constructed)
        if not PLACE_BEFORE_RE.search(before) and WHO_AFTER_RE.match(after):
            return True
        if CLAUSE_START_RE.search(before) and SUBJECT_VERB_AFTER_RE.match(after) and not self.common_word(text, surname):
            return True
        return self.lone_person(text, surname)

    @lru_cache(maxsize=65536)  # one scan of a text per word, however often the word occurs
    def victim_before(self, text: str, name: str) -> bool:
        """Does a victim's word stand before the name anywhere ("an inmate named Jane Roe", "abused Jane Roe")?"""
        return any(VICTIM_BEFORE_RE.search(text[max(0, m.start() - 60):m.start()].rsplit("\n", 1)[-1])
                   for m in re.finditer(word_at(re.escape(name), r"\w.-") + r"(?![\w-])", text))

    def tied_to_the_case(self, text: str, name: str, role: str | bool | None = None) -> bool:
        """Is the annotator's defendant one: no victim's word before the name ("an inmate named Jane Roe"), and a
        role (true: nothing more needed), or the case against them, an age with a home town, or a staff word at the
        name or its surname ("John Doe, 39, of Anytown,", "former officer John Doe")? A victim taken for a
        defendant ("Jane Roe (24) later moved", constructed) would otherwise be kept."""
        words = [w for w in name.replace(",", " ").split() if w not in ("Jr.", "Sr.", "II", "III", "IV")]
        if not words or self.victim_before(text, name):
            return False
        if role or self.accused(text, name):
            return True
        for form in {name, words[-1]}:
            for m in re.finditer(word_at(re.escape(form), r"\w.'’-") + r"(?![\w-])", text):
                before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 200]
                if AGE_HOMETOWN_AFTER_RE.match(after) or STAFF_AFTER_RE.match(after) or STAFF_BEFORE_RE.search(before):
                    return True
        head = text.split("\n\n", 1)[0]
        return any(words[-1] in m.group(1) for m in HEADLINE_NAME_RE.finditer(head))

    @lru_cache(maxsize=65536)  # one scan of a text per word, however often the word occurs
    def accused(self, text: str, name: str) -> bool:
        """Does the text accuse the bearer of the name (or its surname) with a case verb, with no victim's word
        before the name? Then it is a defendant the annotator did not list, not a victim."""
        words = [w for w in name.replace(",", " ").split() if w not in ("Jr.", "Sr.", "II", "III", "IV")]
        if not words:
            return False
        if self.victim_before(text, name):
            return False
        for form in {name, words[-1]}:
            for m in re.finditer(word_at(re.escape(form), r"\w.'’-") + r"(?![\w-])", text):
                before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 200]
                if ACCUSED_AFTER_RE.match(after) or ACCUSED_BEFORE_RE.search(before) \
                        or (before.endswith("found ") and re.match(r"\s+(?:not\s+)?guilty\b", after)):
                    return True
        return False

    def names_to_withhold(self, text: str, keep: list[str], roles: dict[str, str | None] | None = None) -> Redaction:
        """Every name used as a person in text that is not a defendant's (keep), an official's, a lawyer's or a judge's.

        roles: the annotator's defendants ({name: staff role or None}); one of them in keep stays only if no
        victim's word stands before the name, and, when the annotator found no staff role for it but found one for
        another defendant (a custody case: "Jane Roe (24) later moved" beside the accused officer, constructed),
        only if the text ties it to the case.
        """
        keep = [k for k in keep if k]
        if roles:
            staff_case = any(roles.values())
            keep = [k for k in keep if k not in roles or self.tied_to_the_case(text, k, roles[k] or not staff_case)]
        red = Redaction(kept=set(keep))
        keep_surnames = {p[1] for p in (name_parts(k) for k in keep) if p}
        first_block = text.split("\n\n", 1)[0]
        headline_end = len(first_block) if 0 < len(first_block) <= 250 and "\n" not in first_block else -1
        pending: list[tuple[int, int, str]] = []
        titled_ends: set[int] = set()  # where a name kept for its title ends: "Assistant U.S. Attorneys Jane Roe and John Doe"
        for s, e, name in self.runs(text):
            if not self.person_like(name):
                continue
            before, after = text[max(0, s - 90):s].rsplit("\n", 1)[-1], text[e:e + 80]
            gap = re.search(r"(?:,\s*|\s+and\s+|,\s+and\s+)$", text[max(0, s - 8):s])
            if any(same_person(name, k) for k in keep) or name in red.kept:
                red.kept.add(name)
            elif OFFICIAL_BEFORE_RE.search(before) or KEEP_BEFORE_RE.search(before) or (gap and s - len(gap.group(0)) in titled_ends):
                red.kept.add(name)
                titled_ends.add(e)
            elif KEEP_AFTER_RE.match(after) or PLACE_AFTER_RE.match(after) or (not VICTIM_BEFORE_RE.search(before) and (
                    ROLE_PREDICATE_RE.match(after) or self.place_after(after) or self.accused(text, name))):
                red.kept.add(name)
            elif self.in_person_context(text, s, e, name.replace(",", " ").split()[-1]):
                red.withheld.add(name)
            elif e <= headline_end and (HEADLINE_PERSON_BEFORE_RE.search(before) or HEADLINE_PERSON_AFTER_RE.match(after)):
                red.withheld.add(name)  # a person speaking or heard in the headline of a sexual-offence document
            else:
                pending.append((s, e, name))
        # the next name in a list of withheld names: "abused Jane Roe and Mary Poe" (constructed)
        changed = True
        while changed and pending:
            changed = False
            withheld_ends = {m.end() for w in red.withheld for m in re.finditer(re.escape(w), text)}
            for run in list(pending):
                s, e, name = run
                gap = re.search(r"(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+|\s*&\s*)$", text[max(0, s - 8):s])
                if gap and (s - len(gap.group(0))) in withheld_ends and name not in red.kept:
                    red.withheld.add(name)
                    pending.remove(run)
                    changed = True
        kept_surnames = keep_surnames | {p[1] for p in (name_parts(k) for k in red.kept) if p}
        kept_words = {w.lower() for k in red.kept for w in re.split(r"[\s,]+", k) if w}
        # a withheld person's first name alone: "Jane Roe arrived ... Weeks later, Jane asked to be moved" (constructed)
        for name in [w for w in red.withheld if " " in w]:
            first = name.split()[0]
            if len(first) < 3 or first.endswith(".") or first in self.not_name or first in self.not_person \
                    or first.lower() in kept_words or self.common_word(text, first):
                continue
            for m in re.finditer(word_at(re.escape(first), r"\w.'’-") + r"(?![\w'’-])(?![ \t]+[A-Z])", text):
                before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 40]
                if PERSON_AFTER_RE.match(after) or (CLAUSE_START_RE.search(before) and SUBJECT_VERB_AFTER_RE.match(after)):
                    red.withheld.add(first)
                    break
        for regex, group in ((TITLED_RE, 2), (VICTIM_CONTEXT_RE, 1), (LONE_AGE_RE, 1), (LONE_POSSESSIVE_RE, 1),
                             (LONE_SUBJECT_RE, 1)):
            for m in regex.finditer(text):
                single = m.group(group)
                if single in self.not_name or single in self.not_person or single in STOP_WORDS or \
                        single in self.headline_words or single in self.places or \
                        single.lower() in kept_surnames or single.lower() in kept_words:
                    continue
                if regex is TITLED_RE and OFFICIAL_BEFORE_RE.search(text[max(0, m.start() - 60):m.start()]):
                    continue
                if regex is LONE_SUBJECT_RE and (self.common_word(text, single) or single.endswith("ing")):
                    continue  # a common word that only starts a sentence here ("Records show ...", "Sentencing will")
                if self.place_or_alias(text, single) or self.accused(text, single):
                    continue
                red.withheld.add(single)
        # a surname the defendant shares is never withheld alone (it would hide the defendant)
        red.withheld = {w for w in red.withheld if not (" " not in w and w.lower() in keep_surnames)}
        return red

    def place_after(self, after: str) -> bool:
        """A run followed by a state or a county it is in is a place: "Glen Burnie, Maryland" (constructed)."""
        m = re.match(r"^,\s*([A-Z][\w.]*(?: [A-Z][\w.]*)?)", after)
        return bool(m) and (m.group(1) in self.places or m.group(1).split()[0] in self.places)

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
    roles = {d["name"]: d.get("role") for d in labels.get("defendants") or [] if d.get("name")}
    return redactor.names_to_withhold(full, keep, roles)


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
    if red is not None:  # a "defendant" the redaction withheld is a victim the annotator took for one: not published
        victims = [d for d in ann["labels"].get("defendants") or [] if d.get("name") and d["name"] not in red.kept
                   and any(" " in w and same_person(w, d["name"]) for w in red.withheld)]
        if victims:
            ann = {**ann, "labels": {**ann["labels"], "defendants": [d for d in ann["labels"]["defendants"] if d not in victims]}}
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
