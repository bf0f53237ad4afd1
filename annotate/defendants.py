"""`casebook_defendants`: the staff members prosecuted, with name, age and role.

A capitalised run is a defendant only when the text ties it to the case: an age
("Jacob Salcido, 40, of Lexington"), a staff role just before it ("former prison
warden Ray J. Garcia"), or a case verb just after it ("Cook pleaded guilty").
Officials quoted in a release, inmates and victims are left out.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotate.cues import term_spans
from annotate.text import text_of, body_start, read_csv, headline_ranges, in_ranges, quote_span, read_words, sentence_at, sentence_bounds, fast_compile, word_spans

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zà-öø-ÿ"
# One name word: "Salcido", "McRae", "O'Neil", "Rodríguez-Pagán", "Min-Ji" (constructed), "Ja'nae" (constructed,
# not a possessive "Smith's"), or an initial "J."
# or a name whose apostrophe a text extraction lost: "ONeil" for "O'Neil" (constructed)
# A capital inside a word follows a short prefix only ("McRae", "DeShawn", "FitzGerald", constructed): a longer one is two
# words whose space a text extraction lost, a headline run into the lede ("... to Cover Up AbuseJohn Doe, 51," constructed)
WORD = (rf"(?:[{UPPER}](?:(?:[{LOWER}]{{1,3}}[{UPPER}][{LOWER}]+|[{LOWER}]+)(?:['’][{UPPER}][{LOWER}]+|['’](?!s\b)[{LOWER}]{{2,}})?|['’][{UPPER}][{LOWER}]+"
        rf"|[{UPPER}][{LOWER}]{{2,}})"
        rf"(?:-[{UPPER}][{LOWER}]*)?|[{UPPER}]\.)")
# A run of name words: "Elvin O. Navedo-Colón", "Adam Joseph Neal Graham", "Donald R. Wilson, Jr."
# Not inside "J.R." nor after a word character; a run may follow a full stop with no space after it, as in
# whole releases whose paragraphs were joined ("against the inmates.Jane Doe, 41," constructed).
# "Jr." and "Sr." close the run as its suffix, not as a name word: "John Roe Jr., 37, while" (constructed)
# A nickname in quotes may stand inside a name: 'John "JD" Doe' (constructed)
NICK = r'(?:[“"][A-Z][\w.\'’ -]{0,20}[”"] )'
# Lower-case particles join a surname: "Maria de la Cruz", "Jose del Rio", "Anna van der Berg" (constructed)
PARTICLE = r"(?:(?:de|del|de la|de las|de los|da|das|do|dos|van|van der|van den|von|von der|du|di|le) )"
# A run may also start inside such a lost-space word, after four lower-case letters: "AbuseJohn Doe" (constructed)
# ... or glued to an "and" before it: "; andJohn Doe, 31" (constructed, a list whose line breaks were lost)
# "Jr" and "Sr" may come without their full stop: "John Roe, Jr, 52, of Anytown" (constructed)
RUN_RE = fast_compile(rf"(?:(?<!\w)|(?<=[{LOWER}]{{4}}|\Wand)(?=[{UPPER}][{LOWER}]))(?<![{UPPER}]\.){WORD}(?: {NICK}?{PARTICLE}?(?!(?:Jr|Sr)\b)(?:{WORD}))*(?:,? (?:Jr\.?|Sr\.?|II|III|IV)(?![\w]))?")
# A surname with a common word stuck to it where a dash or line break was lost, the surname standing alone elsewhere:
#   "John Doe, Jane Roe and Richard Poefour former officers" ... "Poe was sentenced" (constructed)
GLUED_TAIL_RE = fast_compile(r"([A-Z][a-z]{3,}?)(two|three|four|five|six|seven|eight|nine|former|who|were|was|and)")
# A name's suffix at its end, dropped to get the surname: "John Roe Jr." / "John Roe, III" (constructed)
SUFFIX_END = r",? (?:Jr\.?|Sr\.?|II|III|IV)$"
# After the name: ", 40," / ", age 41," / " (52)" — an age ties the name to the case.
#   UK releases: ", aged 34, of Anytown" (constructed)
#   a list line that ends at the age: "John Doe, 32" then a line break (constructed)
AGE_AFTER_RE = fast_compile(r"^(?:,\s*(?:aged?\s*)?(\d{2})[ \t]*(?:,|\band\b|$|\n|\bof\b|\bfrom\b)|\s*\((\d{2})[,)])")
# In a list, an age before its semicolon or full stop gives the age but no tie of its own (victims are listed so too):
#   "Charged are: John Doe, 30; Richard Roe, 41; and Jane Poe, 29" (constructed; the list shares the verb's tie)
AGE_IN_LIST_RE = fast_compile(r"^,\s*(\d{2})\s*(?:;|\.(?!\d))")
# Before the name: "31-year-old Phillip Meadows", "47 year-old Jane Roe", "32 year old John Doe" (constructed)
AGE_BEFORE_RE = fast_compile(r"(\d{2})[- ]year[- ]old\s*$")
# A staff role word, in the forms news and releases use after a name ("Jane Roe, the 31-year-old guard at the jail", constructed)
#   "Jane Roe, a former case manager at the federal prison, pleaded guilty" (constructed)
STAFF_NOUN = (r"(?:officer|guard|jailer|warden|nurse|employee|sergeant|lieutenant|captain|corporal|teacher|instructor|counselor|"
              r"chaplain|deputy|staffer|staff member|supervisor|worker|case manager|jail administrator|superintendent|"
              r"psychologist|physician|physician assistant|therapist|technician|contractor|caseworker|foreman)")
# After the name: "Cook pleaded guilty", "Franco was indicted", "Garcia, who was ... , was sentenced",
# "John Doe, who was warden of the Anytown prison" (constructed), "Jane Roe, formerly a jail guard, pleaded" (constructed),
# "John Doe, a long-serving member of the prison's night staff, was sentenced" (constructed; the apposition speaks of custody),
# "Jane Roe and John Doe are accused of striking an inmate" (constructed), "Roe, who worked at the jail" (constructed),
# "John Doe, Roe's former supervisor at the jail, was sentenced", "John Doe, a Any County, Texas, Corrections Officer, was" (constructed),
# "John Doe, of Anytown, Georgia, a former officer at the jail, was sentenced" (constructed; a hometown with its state),
# "John Doe and Richard Roe, both former officers at the prison, were sentenced" (constructed),
# "Jane Roe, another former officer at the jail, pleaded guilty" / "Jane Roe, Mr. Does former sergeant on the night shift"
#   (constructed; the apostrophe lost in extraction), "John Doe, a former member of the prison's Special Response Team"
#   (constructed; a squad of staff)
VERB_AFTER_RE = fast_compile(
    r"^(?:,? (?:Jr\.?|Sr\.?)\b)?(?:,\s*\d{2},?)?(?:,? (?:of|from) [A-Z][\w.' -]{1,40},(?: [A-Z][\w.' -]{1,25},)?)?\s*"
    r",?\s*(?:who (?:was|is) [^,.]{0,80},\s*|(?:an?|another|the|both|all(?: three| four| five| six| seven| eight| nine| ten)?) (?=[^,.;]{0,80}\b(?i:prisons?|jails?|correction\w*|detention|BOP|sheriff\w*|"
    r"penitentiary|custod\w+)\b)[^,.;]{0,80},\s*)?"
    r"(?:has |had |have |been |also |previously |today |was |were |is |are )*"
    r"(?:plead(?:ed|s)?\b|pled\b|sentenced\b|indicted\b|charged\b|convicted\b|arrested\b|admitted\b|found guilty\b|"
    r"accepted\b|received\b|agreed\b|smuggled\b|faces\b|will be sentenced\b|worked as\b|served as\b|was employed\b|"
    r"accused\b|acquitted\b|jailed\b|who (?:worked|works|was employed|served)\b|"
    rf"(?:formerly |previously |then )?(?:an?|another|the|(?:M(?:r|s|rs)\. )?[A-Z][\w-]+['’]s|M(?:r|s|rs)\. [A-Z][\w-]*[a-z]s) "
    rf"(?:former |then-|ex-)?(?:\d{{2}}-year-old )?(?:(?:[\w'’.,-]+ ){{0,5}}(?i:{STAFF_NOUN})s?\b"
    rf"|member of (?:the |an? )?(?:[\w'’.()-]+ ){{0,5}}?(?i:team|unit|squad|staff)\b))"
)
# Before the name, a title that marks an official, not a defendant: "said U.S. Attorney Carlton S. Shier IV";
# UK police ranks: "Detective Sergeant Jane Roe", "Sgt Jane Roe of Anyshire Police" (constructed).
OFFICIAL_BEFORE_RE = fast_compile(
    r"(?:Attorney|Attorneys|General|Judge|Justice|Agent|Agents|Director|Secretary|Commissioner|Inspector|Chief|Sheriff|Senator|Sen\.|"
    r"Rep\.|Representative|Marshal|Governor|Mayor|Prosecutor|Counsel|Superintendent|Detective|Magistrate|Minister|Officer in Charge|"
    r"in Charge|Spokesperson|spokesman|spokeswoman|Head|Commander|Constable|DI|DS|DC|DCI|Sgt|Det\.? Sgt\.?|Det\.? Insp\.?|"
    r"Insp|Supt|Dr\.?|Honorable|President)\s*$"
)
# ... unless an age or the case's verb follows: the titled official is the accused, not a speaker:
#   "former Anytown County Sheriff John Doe, 41, of Anytown" / "Deputy U.S. Marshal John Doe pleaded guilty" (constructed)
OFFICIAL_ACCUSED_AFTER_RE = fast_compile(
    r"^(?:,\s*(?:age\s*)?\d{2}\s*,|\s*\(\d{2}\)|\s+(?:has |had )?(?:pleaded|pled) guilty\b"
    r"|\s+(?:was|were|has been|had been|is|are) (?:sentenced|indicted|charged|convicted|arrested|found guilty)\b)")
# ... or a former holder of the title: "former Anytown County Sheriff John Doe and ..." (constructed)
FORMER_OFFICIAL_BEFORE_RE = fast_compile(r"\b(?:[Ff]ormer|[Ee]x-)\s+(?:[A-Z][\w.'’-]*,?\s+){0,5}$")
# A deputy sheriff is staff, not the official of the same title:
# "former Deputy Sheriff John Doe assaulted a detainee" (constructed)
DEPUTY_BEFORE_RE = fast_compile(r"\bDeput(?:y|ies) Sheriffs?\s*$")
# Before the name, a word that marks a person in custody or a victim: "inmates Richard Matt and David Sweat"
# or a relative of someone, with a comma allowed: "Doe's uncle, Richard Roe, 59, of Anytown" (constructed)
#   "the officer struck the inmate, John Smith, 25, in the face" (constructed)
#   "the inmate, 19-year-old John Smith, needed stitches" / "former inmate-trustee John Smith" (constructed; a trusty is an inmate)
#   "The gang members charged are John Doe, 25; ..." (constructed)
NOT_STAFF_BEFORE_RE = fast_compile(r"\bgang members?(?: charged| indicted| sentenced)?(?: are| were| include)?:?\s*$|(?:inmates?|prisoners?|detainees?|victims?|offenders?|visitors?|civilians?|associate|co-conspirators?|arrestees?|"
                                 r"trust(?:ee|y|ies|ees)),?\s*(?:\d{2}[- ]year[- ]old\s*)?$"
                                 r"|\b(?:girlfriend|boyfriend|wife|husband|friend|uncle|aunt|brother|sister|son|daughter|cousin|father|mother|nephew|niece|fianc[ée]e?|relative|"
                                 r"brother-in-law|sister-in-law|son-in-law|daughter-in-law|stepson|stepdaughter|stepfather|stepmother),?\s*$", re.I)
# After the name, an apposition that marks a person who is not the accused staff member:
#   "Jane Roe, 38, a handcuffed arrestee" / "Jane Roe, an investigator with the prison system" /
#   "Officer Jane Roe, police spokeswoman, said" (constructed)
#   "Jane Roe, 41, of Spring Park, the girlfriend of an inmate" / "Jane Roe, 30, a civilian" (constructed)
NOT_DEFENDANT_AFTER_RE = fast_compile(
    r"^,?\s*(?:\(?\d{2}\)?,?\s*)?(?:(?:of|from) (?-i:[A-Z])[\w.' -]{1,40}?,\s*)?(?:(?:who|which) (?:is|was|are|were) )?"
    r"(?:(?:an?|the|his|her|their)\s+(?:(?!officer|guard|jailer|nurse|deput|staff|employee|worker)[\w'’.-]+[ -]){0,3}?|(?!and |or )[\w'’.-]+ )?"
    r"(?:spokes(?:wo)?man|spokesperson|investigator|inmate|prisoner|detainee|arrestee|victim|attorney|lawyer|solicitor|barrister|"
    r"judge|prosecutor|union president|president|chairman|chairwoman|civilian|visitor|girlfriend|boyfriend|fianc[ée]e?)s?\b"
    # the other side of a bribe: "Also charged were John Doe, 44, and Richard Roe, 50, who allegedly paid the officers" (constructed)
    r"|^,?\s*(?:\(?\d{2}\)?,?\s*)?who (?:allegedly |also )?(?:paid|bribed|offered|promised)\b",
    re.I,
)
# The job nouns of NOT_DEFENDANT_AFTER_RE that an accused person may hold ("a criminal investigator with the sheriff's office")
JOB_APPOSITION_RE = fast_compile(r"(?:investigator|president|chairman|chairwoman)s?$", re.I)
# Words of role just before a name, possibly with facility words between: "Correctional Officer Janel Griffin";
# a dash or colon may stand between: "the two jailers — Jane Roe and Mary Doe — were fired" (constructed);
# or a comma: "the jail's former Chief of Corrections, John Doe, and ..." (constructed);
# ranks: "Deputy Jane Roe", "Corporal John Doe" (constructed); an abbreviation between: "Correction Officers (COs) Jane Roe" (constructed);
# co-defendants of a staff case: "Two co-defendants, John Doe and Richard Roe, are set for trial" (constructed),
#   "defendants John Doe and Richard Roe, both former officers, were convicted" (constructed)
# members of a prison's squad, named by its initials or as a team: "former SORT members John Doe, Richard Roe and
#   Jane Poe conspired" / "Four former response team members: John Doe, ..." (constructed)
ROLE_BEFORE_RE = fast_compile(
    r"(?:\b(?:officers?|guards?|jailers?|wardens?|nurses?|sergeants?|lieutenants?|captains?|employees?|teachers?|instructor|chaplain|counselor|"
    r"supervisor|deputy|deputies|staff(?: member)?|staffers?|worker|contractor|specialist|manager|administrator|Corrections|corporal|"
    r"co-defendants?|defendants|Deput(?:y|ies) Sheriffs?|(?:(?-i:[A-Z]{2,6})|team|unit|squad) members?))\s*(?:\([A-Za-z]{1,6}\)\s*)?[—–:;,-]?\s*$"
    # ... with the place of the job between, before a comma or a dash: "three former officers at the prison, John Doe,"
    r"|\b(?:officers|guards|jailers|nurses|employees|deputies|staff members)\s+(?:at|of|in) (?:the )?[\w'’ .-]{1,40}?\s*[,:—–]\s*$",
    re.I,
)
# Before the name, the verb of the case: "Judge Anne C. Conway today sentenced Michael J. Garland (42, Lecanto)",
# "jurors acquitted Jane Roe of the most serious charge", "the charges against John Doe" (constructed)
#   "a grand jury returned an indictment against John Doe, a deputy" (constructed)
#   "the sentence for John Doe sends a message" (constructed)
#   a list after the verb: "Charged are John Doe, ...", "The officers indicted were: John Doe, ...",
#   "Charged in the indictment are John Doe and Richard Roe" (constructed)
#   the charge's own words: "The indictment alleges that on May 1, 2009, John Doe struck a detainee",
#   "the complaint alleges that Sgt. Jane Roe ..." (constructed)
VERB_BEFORE_RE = fast_compile(
    r"\ballege[sd]? that(?:,? (?:on|in|between|from|during) [^;.]{3,40}?,)?(?: (?:Lt|Sgt|Capt|Cpl|Ofc|Dep)\.)?\s*$|"
    r"\b(?:sentenced|indicted|charged|charging|convicted|convicting|arrested|prosecuted|acquitted|acquitting|jailed|"
    r"charges against|case against|(?:indictment|complaint|information) against|trial of|sentencing of|conviction of|sentence for)"
    r"(?: in the (?:superseding )?(?:indictment|complaint|information))?(?:\s+(?:are|were))?\s*:?\s*$"
    r"|\b(?:Charged|Indicted|Sentenced|Convicted|Arrested)(?: in the (?:superseding )?(?:indictment|complaint|information))?"
    r"\s+(?:are|were)\s*:?\s*$"
)
# "A jury found Jane Roe not guilty Friday" (constructed): "found" before the name, "guilty" after it
FOUND_BEFORE_RE = fast_compile(r"\bfound\s*$")
GUILTY_AFTER_RE = fast_compile(r"^\s+(?:not\s+)?guilty\b")
# A court judgment's case name: "R v Jane Roe", "State v. John Doe" (constructed)
CASE_NAME_BEFORE_RE = fast_compile(r"\b(?:R|Regina|Rex|State|People|Commonwealth)\s+v\.?\s+$")
# "Defendant-appellant, John Doe (\"defendant\"), appeals his convictions" (constructed)
DEFENDANT_BEFORE_RE = fast_compile(r"\b(?:[Dd]efendant(?:-[Aa]ppellant)?|[Aa]ppellant),\s*$")
# After a surname alone, a tie to the case: "Roe, 53, told the court", "Roe was sentenced", "Roe pleaded guilty" (constructed)
SURNAME_TIED_AFTER_RE = fast_compile(r"(?:,\s*\d{2},|\s+(?:was|were|has been|had been|is) (?:sentenced|charged|indicted|arrested|convicted|jailed)\b"
                                   r"|\s+(?:pleaded|pled) guilty\b|\s+(?:is|are) presumed innocent\b)")
# A headline's name before its case verb: "Former Jailer John Doe Sentenced for Assaulting Inmate",
#   "Ex-Guard Jane Roe Pleads Guilty" (constructed)
HEADLINE_NAME_RE = fast_compile(rf"((?:{WORD} ){{1,5}}{WORD})(,? (?:Jr\.|Sr\.|II|III|IV))? (?:Is |Was |Has Been )?"
                              r"(?:Sentenced|Pleads?|Pled|Indicted|Charged|Convicted|Arrested|Found Guilty|Admits|Agrees|Jailed)\b")
HEADLINE_NOT_STAFF_RE = fast_compile(r"\b(?:[Ii]nmates?|[Pp]risoners?|[Dd]etainees?|[Vv]isitors?|[Cc]ivilians?|[Ww]ife|[Hh]usband|[Gg]irlfriend|"
                                   r"[Bb]oyfriend|[Mm]other|[Ff]ather|[Ss]on|[Dd]aughter|[Ww]oman|[Mm]an|[Rr]esident|[Ss]muggler)\b")
PERSONAL_RE = fast_compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]imself|[Hh]erself)\b")
# A lone capitalised word, not next to another name word: a surname used alone ("Roe pleaded guilty", constructed)
LONE_WORD_RE = fast_compile(rf"(?<![\w.’'-]){WORD}(?! [{UPPER}])(?![\w'’-])")
# Just before a lone word, another capitalised word: the lone word ends a longer name ("Jane Roe") unless that word is a title
PREV_CAP_RE = fast_compile(r"([A-Z][\w.'’-]*),?\s$")
# After a surname alone, words of a speaker: "Roe said", "Roe, who runs the prison, said" (constructed)
#   a witness: "Roe testified at trial that Doe struck the inmate" (constructed)
SURNAME_SAID_AFTER_RE = fast_compile(r"(?:,[^,.]{0,80},)?\s*(?:said|says|told|testified)\b")
# "an officer at the jail named Jane Roe was charged" (constructed)
NAMED_BEFORE_RE = fast_compile(rf"\b{STAFF_NOUN}s?\b[^.]{{0,80}}\b(?:named|identified as)\s*$")
SAID_AFTER_RE = fast_compile(r"^,?\s*(?:said|says|stated|added|explained|noted|told|confirmed|announced|testified)\b")
# Between two names of one list: ", " / " and " / "; " — with an age and a hometown allowed:
#   "officers John Doe, 30; Richard Roe 31; and Jane Poe, 32, were charged" (constructed)
# (after an age, only ";" or "and" go on with the list: "Jane Roe, 40, Spring Park, Ohio" is a hometown)
# A rank may open the next name: "officers John Doe, Sgt. Richard Roe and Lt. Jane Poe" (constructed)
LIST_GAP_RE = fast_compile(
    r"(?:\s*[,;]\s*(?:and\s+)?|,?\s+and\s+"
    r"|,?\s*\(?(?:age\s*)?\d{2}\)?(?:,?\s*(?:of|from)\s+[A-Z][^,;()]{0,40}(?:,\s*[A-Z][\w.]*)?)?(?:,?\s*;\s*(?:and\s+)?|,?\s+and\s+))"
    r"(?:(?:Sgt|Lt|Capt|Cpl|Ofc|Dep)\.\s*|(?:Sergeant|Lieutenant|Captain|Corporal|Officer|Deputy)\s+)?"
)
# Before a run: a hometown after an age, not a person: "Jane Roe, 41, of Spring Park was charged" (constructed)
# Before a run: an agency's name, not a person: "the Anystate Department of Criminal Justice, was" (constructed)
AGENCY_BEFORE_RE = fast_compile(r"\b(?:Department|Office|Bureau|Division|Ministry|Board|School|University|College|Institute|Court) of\s+$")
HOMETOWN_BEFORE_RE = fast_compile(r"(?:\d{2}\)?,?|,)\s*(?:of|from)\s+$")
# "worked as a", "employed as a", "served as a", "began working as a" just before a role word
AS_JOB_RE = fast_compile(r"\b(?:work(?:ed|ing|s)?|employed|serv(?:ed|ing|es)|hired|assigned|position) as (?:an? |the )?(?:\w+ ){0,3}$", re.I)
# Before a role term, words that make it other people than the defendant:
#   "Doe was stopped by prison officers at the gate", "conspired with other correctional officers" (constructed);
#   not "allegations against former corrections officer Jane Roe" (constructed), her own role
#   "instructed his deputies to arrest the man" (constructed)
OTHERS_BEFORE_RE = fast_compile(r"\b(?:by|other|fellow|his|her|their)\s+(?:the\s+|two\s+|three\s+|several\s+|\w+\s+)?$", re.I)
# A custody setting: "at the county jail", "correctional officer", "inmates", "HMP Anytown" (constructed)
CUSTODY_PLACE_RE = fast_compile(
    r"\b(?:prisons?|jails?|correction(?:al|s)?|detention|inmates?|prisoners?|detainees?|custod\w+|penitentiary|"
    r"HMP|HMYOI|YOI|BOP|FCI|USP|FMC|jailers?|wardens?|lock-?ups?|work release)\b", re.I)
# ... but not a prison term: "sentenced to 36 months in federal prison" (constructed)
#   "a 126 month prison term", "a 15-year prison sentence" (constructed)
PRISON_TERM_RE = fast_compile(r"\b(?:(?:to|in|of|from) (?:a |the )?(?:federal |state )?(?:prison|jail|custody)\b|(?:prison|jail) (?:terms?|sentences?)\b)", re.I)
# "Deputy" as a rank of another office is no jail deputy: "said Acting Deputy Assistant Attorney General Jane Roe" (constructed)
#   "his position as deputy treasurer" (constructed)
OTHER_DEPUTY_RE = fast_compile(r"\s+(?:[A-Z][a-z]+\s+)*?(?i:assistant|attorney|director|chief|commissioner|secretary|administrator|inspector|"
                             r"general|marshal|mayor|minister|governor|head|principal|treasurer|clerk|prosecutor|police|U\.S\.|United)\b")
# Role words too generic to prefer over a specific one ("officer" vs "teacher")
GENERIC_ROLE_WORDS = ("officer", "officers", "cos", "deputy", "deputies", "staff member", "staff members", "staffer",
                      "prison employee", "prison worker", "prison staffer")
# A list whose items are lines, each a name and an age, under a header line ending in a colon (constructed):
#   "The following correctional officers were charged:" / "- John Doe, 32, of Anytown" / "Jane Roe, 41"
BULLET_RE = fast_compile(r"^\s*[•*·▪–-]?\s*")
LIST_ITEM_AFTER_RE = fast_compile(r"^,\s*(?:aged?\s*)?\d{2}\s*(?:,|\n|$)")
LIST_ITEM_LINE_RE = fast_compile(rf"^[•*·▪–-]?\s*{WORD}(?: {WORD})+,\s*(?:aged?\s*)?\d{{2}}\b")
# ... whose header says the people in it are not staff: "The following inmates were also charged:" (constructed)
NOT_STAFF_HEADER_RE = fast_compile(r"\b(?:inmates?|prisoners?|detainees?|civilians?|visitors?|co-conspirators?|associates?|"
                                   r"girlfriends?|relatives?|family members)\b", re.I)
# A surname with its term in a list of sentences: "Doe, 84 months; Roe, 66 months; and Poe, 57 months" (constructed)
SURNAME_TERM_RE = fast_compile(rf"(?<![\w.’'-])(?:and\s+)?({WORD}),\s+\d{{1,3}}\s+(?:months?|years?)\b")
SURNAME_TERM_LIST_RE = fast_compile(rf"(?<![\w.’'-]){WORD},\s+\d{{1,3}}\s+(?:months?|years?)(?:\s*[;,]\s*(?:and\s+)?{WORD},\s+\d{{1,3}}\s+(?:months?|years?)\b)+")
SENTENCED_RE = fast_compile(r"\bsentenced\b")
# A defendant named only by role: "A former prison officer is among five men sentenced"
# or several: "Three prison guards were charged on Monday" (constructed),
# "A jail staff member was detained by police" / "a Prison Officer accused of hitting an inmate" (constructed)
ANON_RE = fast_compile(
    r"\b(?:[Aa]n?|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|\d{1,2})\s+(?:former\s+|serving\s+|then-|ex-)?"
    r"(?:[\w'’.-]+\s+){0,4}?"
    r"(?:(?:prison|correctional|corrections?|detention|custodial|custody|jail|detention center) (?:officer|guard)s?|guards?|jailers?|"
    r"(?:prison |jail )?nurses?|(?:prison |jail )?(?:workers?|employees?|staffers?|staff members?)|officers?|deput(?:y|ies)|"
    r"contractors?|team leaders?|sergeants?|wardens?)\b"
    # or one the text says is not named: "The guard, who has not been named, was arrested" (constructed)
    r"|\bthe\s+(?:former\s+)?(?:[\w'’.-]+\s+){0,2}?(?:officer|guard|jailer|nurse|worker|employee|deputy|staff member)"
    r"(?=,?\s+(?:who|whose name)\s+(?:has|had|was|is|have|were|cannot|could)\s+not\s+(?:been|be)\s+(?:named|identified|released))",
    re.I,
)
# Before an unnamed officer, words that make them the victim: "a man who assaulted an officer" (constructed)
ANON_VICTIM_BEFORE_RE = fast_compile(r"(?:assault\w*|attack\w*|\bon|against|injur\w*|punch\w*|stabb\w*|\bat|threaten\w*|by|with)\s*$", re.I)
# The sentence of an unnamed defendant tells the case: "was caught", "plead guilty", "conviction was quashed" (constructed)
ANON_CASE_RE = fast_compile(
    r"\b(?:sentenced|jailed|pleaded|pleads?|pled|convicted|conviction|charged|arrested|indicted|admitted|acquitt\w+|cleared|"
    r"quashed|retrial|guilty|caught|accused|suspended|dismissed|fired|sacked|resigned)\b",
    re.I,
)
# Further down a report, one example case described by role:
#   "a BOP correctional officer assigned to the Federal Medical Center ... had engaged in sexual acts with two female inmates"
#   "a jury in California convicted the former Warden at Federal Correctional Institution (FCI) Dublin"
#   "the indictment of six BOP correctional officers assigned to the federal prison" (constructed)
EXAMPLE_RE = fast_compile(r"\b(?:[Aa]n?|[Tt]he former|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en)\s+(?:former\s+)?(?:\w+\s+){0,2}?"
                        r"(?:correctional officers?|corrections officers?|detention officers?|prison officers?|prison guards?|jailers?|[Ww]arden|"
                        r"prison nurses?|prison employees?)\b")
# The example is a case only where a prosecution or the abuse itself is told in the same or the next sentence.
CASE_VERB_RE = fast_compile(r"\b(?:sentenced|jailed|pleaded|pled|convicted|charged|arrested|indicted|admitted|prosecuted|incarcerat\w+|engaged in sexual|sexual(?:ly)? abus\w+)\b")

# Named again: a release is about the prosecution in its news; a co-defendant or another officer of a related case
# named near its end is that other case's defendant, not this release's. The wording of such a sentence:
#   "Co-defendant John Doe pleaded guilty in May" / "Fellow former officers John Doe and Richard Roe were indicted"
#   "John Doe, who pleaded guilty on Jan. 20, 2015, is set to be sentenced" / "Roe pleaded not guilty on Friday, Oct. 3"
#   "his co-defendant, John Doe, was sentenced earlier" / "Another officer, Jane Roe, is awaiting trial" (all constructed)
#   "In a separate case, former officer John Doe was sentenced in 2014" / "Jane Roe has also pleaded guilty" (constructed)
#   "Two other officers, John Doe, 31, and Richard Roe, 27, have admitted their part" / "An additional guard, Jane Roe,
#   faces trial in June" / "Roe's case is pending trial" / "John Doe, who took part in that assault, was found guilty"
#   (constructed)
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
NAMED_AGAIN_RE = fast_compile(
    r"\b(?:[Cc]o-?defendants?|[Ff]ellow|[Aa]nother|[Oo]ther defendants?|[Oo]ther (?:former )?(?:officers|guards|jailers|deputies|employees)(?=[,:])|"
    r"[Aa]n additional|pending trial|(?:that|another|a separate|an earlier) (?:assault|incident|beating|attack)|previously|earlier|last (?:week|month|year)|"
    r"awaiting (?:trial|sentencing)|(?:set|scheduled) (?:to be sentenced|to stand trial|for trial|for sentencing)|pleaded not guilty|"
    r"(?:[Hh]is|[Hh]er|[Tt]heir) trial is|[Ss]eparate(?:ly)?|[Rr]elated case|also (?:pleaded|pled|been|was|were|charged|convicted|sentenced|indicted))\b"
    # a plea, verdict or charge of an earlier day: "pleaded guilty in March 2014", "was indicted on Tuesday, Sept. 9",
    # "was convicted in 2013" (constructed)
    rf"|\b(?:pleaded|pled|sentenced|indicted|convicted|charged|arrested|found guilty)\b[^.;]{{0,60}}?\b(?:on|in) "
    rf"(?:(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?{MONTH}(?= |,|$)|(?:19|20)\d\d\b)")
# Introduced as someone besides the release's own defendants, before the name, wherever it stands:
#   "Doe and another deputy jailer, Richard Roe, kicked the man" / "Another former guard, Jane Roe, has also
#   pleaded guilty" (constructed); not "Jane Roe, another former officer, was sentenced today" (the word after the name)
#   ... when told as a case of its own: "... also pleaded guilty" / "Roe admitted a separate assault"
ANOTHER_BEFORE_RE = fast_compile(r"\b[Aa]nother (?:[\w'’.-]+ ){0,4}?[\w'’.-]+,\s*$")
ALSO_RE = fast_compile(r"\balso (?:pleaded|pled|been|was|were|has|had|charged|convicted|sentenced|indicted)\b")
SEPARATE_RE = fast_compile(r"\b[Ss]eparate(?:ly)?\b")
# ... unless the sentence tells this release's own news: "Roe, who pleaded guilty in May, was sentenced today" (constructed)
TODAY_RE = fast_compile(r"\btoday\b")
# The number of staff a title announces: "Former Jailer Sentenced" one, "Two Former Guards Indicted" two (constructed)
#   (a number counts only before its people: "Sentenced to Eight Years" counts nothing)
PLURAL_STAFF = (r"(?:[Oo]fficers|[Gg]uards|[Jj]ailers|[Dd]eputies|[Ee]mployees|[Ww]ardens|[Ss]ergeants|[Nn]urses|[Ww]orkers|[Ss]taff\b|"
                r"[Ss]heriffs|[Ll]ieutenants|[Cc]aptains|[Ss]upervisors|[Ee]xecutives|[Oo]fficials|[Dd]efendants|[Mm]en|[Ww]omen|[Pp]eople)")
TITLE_COUNT_RE = fast_compile(
    r"\b(?:(?P<n>[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|\d{1,2})\s+(?:[\w'’.,-]+\s+){0,6}?"
    + PLURAL_STAFF + r"|(?P<plural>" + PLURAL_STAFF + r"| [Aa]nd (?=[A-Z]))"
    r"|(?P<one>[Oo]fficer|[Gg]uard|[Jj]ailer|[Dd]eputy|[Ee]mployee|[Ww]arden|[Ss]ergeant|[Nn]urse|[Ww]orker|[Ss]heriff|[Ll]ieutenant|"
    r"[Cc]aptain|[Ss]upervisor|[Aa]dministrator|[Cc]orporal|[Cc]ounselor|[Tt]eacher|[Cc]haplain|[Mm]anager|[Cc]ontractor)\b)")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# A name is "near the end" past this share of the body: releases tell their own case first, related cases last.
NAMED_AGAIN_FROM = 0.55
# Only a prosecutor's or police press release announces one step of its own case; a news story's defendants are
# every accused staff member it names, the co-defendant told in its last paragraph too.
PRESS_RELEASE_KINDS = frozenset(("us_federal_press_release", "us_state_press_release", "uk_cps_news", "uk_gov_news"))


WORDS_RE = fast_compile(r"\S+")
INITIAL_OR_PARTICLE_RE = fast_compile(r"[A-Z]\.|[a-z]+")
PARTICLE_WORD_RE = fast_compile(r"[a-z]+")
# Words that end an institution's or a place's name; the capitalised words just before them are no person:
#   "the Anytown Reception Center", "Spring Valley County Jail", "Hill Top Detention Facility" (constructed)
INSTITUTION_WORDS = frozenset(("Center", "Centre", "Facility", "Institution", "Penitentiary", "Prison", "Prisons", "Jail", "County",
                               "Parish", "Borough", "Township", "Department", "Office", "Bureau", "Division", "District", "Court",
                               "Detention", "Correctional", "Corrections", "Police", "State", "Unit", "Service"))


@Language.factory("casebook_defendants", default_config={"not_name_path": None, "places_path": None})
def make_defendants(nlp: Language, name: str, not_name_path: str, places_path: str | None):
    places = {row["name"] for row in read_csv(places_path)} if places_path else set()
    return DefendantFinder(read_words(not_name_path), places)


class DefendantFinder:
    def __init__(self, not_name_words: set[str], places: set[str] = frozenset()):
        self.not_name = not_name_words
        self.places = places  # "Rocky Mount, North Carolina, was charged": a place, not a person
        # Set by annotate.pipeline.load_nlp_on_model: keep only names that a statistical NER tags PERSON.
        self.person_entities = False

    def name_runs(self, text: str):
        """Capitalised runs cut at title and institution words: (start, end, name)."""
        for m in RUN_RE.finditer(text):
            if " " not in m.group(0):
                continue  # one word is never a name here (a surname alone is read elsewhere)
            words = list(WORDS_RE.finditer(m.group(0)))
            chunk: list[re.Match] = []
            for w in words + [None]:
                bare = w.group(0).rstrip(",.") if w else None
                if w is not None and bare not in self.not_name and w.group(0) not in self.not_name:
                    chunk.append(w)
                    continue
                # close the chunk
                while chunk and INITIAL_OR_PARTICLE_RE.fullmatch(chunk[-1].group(0)):
                    chunk.pop()  # an initial or a particle does not end a name
                while chunk and PARTICLE_WORD_RE.fullmatch(chunk[0].group(0)):
                    chunk.pop(0)
                if len(chunk) >= 2 and not (w is not None and bare in INSTITUTION_WORDS):
                    # "convicted Anytown Reception Center officers" (constructed): the run names a place
                    s, e = m.start() + chunk[0].start(), m.start() + chunk[-1].end()
                    name = text[s:e].rstrip(",")
                    glued = GLUED_TAIL_RE.fullmatch(name.rsplit(" ", 1)[-1])
                    if glued and word_spans(text, glued.group(1)):
                        name = name[:len(name) - len(glued.group(2))]
                    if name not in self.places:
                        yield s, s + len(name), name
                chunk = []

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        accepted: dict[str, dict] = {}
        order: list[str] = []
        doc.user_data.pop("casebook_example_scope", None)
        headlines = headline_ranges(doc)
        runs = list(self.name_runs(text))
        if self.person_entities:
            people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
            runs = [r for r in runs if any(ps < r[1] and r[0] < pe for ps, pe in people)]
        # Each run is judged on its own context, then lists share the verdict: a name in a list with a tied
        # name is tied ("Jane Roe, Mary Poe and John Doe were convicted", constructed), a name in a list with
        # an inmate or an official is left out ("Inmates John Doe, 24, and Richard Roe, 33, were charged", constructed).
        cands: list[dict] = []
        for s, e, name in runs:
            before, after = text[max(0, s - 90):s], text[e:e + 160]
            before = before.rsplit("\n", 1)[-1]  # context never crosses a line break (headline above)
            if HOMETOWN_BEFORE_RE.search(before) or AGENCY_BEFORE_RE.search(before):
                continue
            # a line that is one item of a list, "John Doe, 32, of Spring Park" (constructed), reads like a headline
            item = not BULLET_RE.sub("", before) and LIST_ITEM_AFTER_RE.match(after)
            if in_ranges(s, headlines) and not CASE_NAME_BEFORE_RE.search(before) and not item:
                continue
            header = self.list_header(text, s) if item else None
            official = (OFFICIAL_BEFORE_RE.search(before) and not DEPUTY_BEFORE_RE.search(before)
                        and not OFFICIAL_ACCUSED_AFTER_RE.match(after) and not FORMER_OFFICIAL_BEFORE_RE.search(before))
            said = SAID_AFTER_RE.match(after)
            not_staff = NOT_STAFF_BEFORE_RE.search(before) or (header is not None and NOT_STAFF_HEADER_RE.search(header))
            nd = NOT_DEFENDANT_AFTER_RE.match(after)
            excluded = official or said or not_staff or nd
            age = None
            m = AGE_AFTER_RE.match(after)
            if m:
                age = int(m.group(1) or m.group(2))
            listed_age = AGE_IN_LIST_RE.match(after)
            mb = AGE_BEFORE_RE.search(before)
            if mb:
                age = int(mb.group(1))
            strong = (age is not None or VERB_AFTER_RE.match(after) or VERB_BEFORE_RE.search(before)
                      or (FOUND_BEFORE_RE.search(before) and GUILTY_AFTER_RE.match(after))
                      or CASE_NAME_BEFORE_RE.search(before) or DEFENDANT_BEFORE_RE.search(before)
                      or NAMED_BEFORE_RE.search(before))
            role_before = ROLE_BEFORE_RE.search(before) or (header is not None and CUSTODY_PLACE_RE.search(header)
                                                            and ROLE_BEFORE_RE.search(header.rstrip(": ").split(" were")[0]))
            tied = strong or role_before
            if age is None and listed_age:
                age = int(listed_age.group(1))  # after the tie is read: a list age is no tie
            cand = {"s": s, "e": e, "name": name, "age": age, "excluded": bool(excluded), "tied": bool(tied),
                    # what a list shares: the words before its first name ("Inmates John Doe and ..."), and after its
                    # last name a speaker's verb or a plural apposition ("..., both inmates at the jail", constructed)
                    "excl_before": bool(official or not_staff), "not_staff": bool(not_staff),
                    "excl_shared_after": bool(said or (nd and re.search(r"s$|\bboth\b|\ball\b|\bare\b|\bwere\b|^\W*(?:\d+\W*)?who (?:allegedly |also )?(?:paid|bribed|offered|promised)\b", nd.group(0), re.I))),
                    "role_before": bool(role_before),
                    "strong": bool(strong) and not excluded, "speaks": bool(official or said),
                    "said_only": bool(said) and not (official or not_staff or nd),
                    # left out only for a job that an accused may hold too: "John Doe, a criminal investigator with the
                    # sheriff's office" ... "Doe, 41, is charged" (constructed) is the defendant
                    "job_only": bool(nd and JOB_APPOSITION_RE.search(nd.group(0)) and not (official or said or not_staff))}
            if cands and LIST_GAP_RE.fullmatch(text, cands[-1]["e"], s):
                cand["group"] = cands[-1]["group"]
            else:
                cand["group"] = len(cands)
            cands.append(cand)
        cands.extend(self.surname_terms(text, cands, len(cands)))
        groups: dict[int, list[dict]] = {}
        for c in cands:
            groups.setdefault(c["group"], []).append(c)
        for members in groups.values():
            if len(members) > 1:
                # "Inmates John Doe, 24, and Richard Roe, 33, were charged" / "John Doe and Richard Roe, both inmates,
                # were charged": all are left out; "officer John Doe, 35, and Jane Roe, 28, the girlfriend of an
                # inmate, were charged": only Jane Roe (constructed)
                head = members[0]["excl_before"]
                tail = members[-1]["excl_shared_after"]
                tied = any(c["tied"] for c in members)
                for i, c in enumerate(members):
                    c["excluded"] = c["excluded"] or tail or (head and not (i and c["role_before"]))
                    c["tied"] = tied
        self.person_level(text, cands)
        for members in groups.values():
            # a list member tied by its surname elsewhere ("John Doe and Richard Roe ... Doe was sentenced", constructed)
            # ties its list
            if len(members) > 1 and not any(c["excluded"] for c in members) and (
                    any(c["tied"] for c in members) or any(
                        SURNAME_TIED_AFTER_RE.match(text, e)
                        for c in members for _, e in word_spans(text, re.sub(SUFFIX_END, "", c["name"]).split()[-1]))):
                for c in members:
                    c["tied"] = True
        # a person called an inmate or a victim once is one everywhere: "the inmate, John Smith, ..." then
        # "19-year-old John Smith needed stitches" (constructed)
        not_staff_names = {c["name"] for c in cands if c["not_staff"]}
        for c in cands:
            if c["name"] in not_staff_names:
                c["excluded"] = True
        for c in cands:
            if c["excluded"] or not c["tied"]:
                continue
            s, e, name, age = c["s"], c["e"], c["name"], c["age"]
            key = self.match_key(name, accepted)
            if key is None:
                key = name
                accepted[key] = {"name": name, "start": s, "end": e, "age": age, "mentions": [(s, e)]}
                order.append(key)
            else:
                accepted[key]["mentions"].append((s, e))
                if accepted[key]["age"] is None:
                    accepted[key]["age"] = age
                if len(name.split()) > len(accepted[key]["name"].split()):
                    # the fullest form names the person: "Jane Roe" then "Jane Mary Roe, 52," (constructed)
                    accepted[key].update(name=name, start=s, end=e)
        for c in cands:
            # an untied mention may still give the fullest form of an accepted name
            key = None if c["excluded"] else self.match_key(c["name"], accepted)
            if key is not None and len(c["name"].split()) > len(accepted[key]["name"].split()):
                accepted[key].update(name=c["name"], start=c["s"], end=c["e"])
                accepted[key]["mentions"].append((c["s"], c["e"]))
        # surname-only mentions ("Salcido admitted") join their defendant's mentions
        for key in order:
            surname = re.sub(SUFFIX_END, "", accepted[key]["name"]).split()[-1]
            for ms_, me_ in word_spans(text, surname):
                if all(not (ms <= ms_ < me) for ms, me in accepted[key]["mentions"]):
                    accepted[key]["mentions"].append((ms_, me_))
        roles = [r for r in term_spans(doc, "ROLE:") if self.usable(text, r)]
        self.drop_named_again(doc, accepted, order, cands)
        # a release that names the accused in its headline only, or by surname only (its opening paragraph lost)
        d = self.headline_name(text, cands, headlines, body_start(doc))
        if d is None and not order:
            d = self.surname_only(text, cands, headlines)
            if d is not None:
                self.full_name_from_title(text, body_start(doc), d)
        if d is not None and self.match_key(d["name"], accepted) is None:
            accepted[d["name"]] = d
            order.append(d["name"])
        spans = []
        for key in order:
            d = accepted[key]
            span = doc.char_span(d["start"], d["end"], label="DEFENDANT", alignment_mode="expand")
            if span is not None and (span.start_char < d["start"] or span.end_char > d["end"]):
                # a name inside a token whose space the text lost ("AbuseJohn Doe", constructed): the same name
                # written elsewhere on its own, else the whole tokens of the name only ("Doe"), not the word stuck to it
                at = text.find(d["name"])
                while at != -1 and doc.char_span(at, at + len(d["name"])) is None:
                    at = text.find(d["name"], at + 1)
                # (from the surname on: a middle name left first would read as a given name, "Doe" of "John Q Doe")
                bare = re.sub(SUFFIX_END, "", d["name"])
                surname_at = d["start"] + len(bare) - len(bare.split()[-1])
                span = (doc.char_span(at, at + len(d["name"]), label="DEFENDANT") if at != -1 else None) \
                    or (doc.char_span(surname_at, d["end"], label="DEFENDANT", alignment_mode="contract")
                        if span.start_char < d["start"] else None) or span
                if span.end_char > d["end"] and span.start_char <= d["start"]:
                    # a word stuck after the name ("John Doefour former officers", constructed): the surname where
                    # it stands alone ("Doe was sentenced")
                    alone = [doc.char_span(xs, xe, label="DEFENDANT") for xs, xe in word_spans(text, bare.split()[-1])]
                    span = next((x for x in alone if x is not None), None)
            if span is None:
                continue
            # the titles of the other defendants are theirs: "the members conspired with Deputy Warden Roe" (constructed)
            others = {ms for k2 in order if k2 != key for ms, _ in accepted[k2]["mentions"]}
            role, role_span = self.role_for(doc, d, roles, others)
            if role is None:
                # no role said near any mention: the role the lede gives, to the principal defendant
                # ("A former jailer was sentenced"), or to each when the lede names several
                # ("Two former jailers were indicted."; constructed)
                lede, lede_span = self.lede_role(doc, roles)
                if lede_span is not None and (not spans or lede_span.text.lower().endswith("s")):
                    role, role_span = lede, lede_span
            span._.role = role
            span._.role_span = role_span
            span._.age = d["age"]
            doc.user_data.setdefault("casebook_mentions", {})[span.start_char] = sorted(d["mentions"])
            spans.append(span)
        if not spans:
            spans = self.anonymous(doc, roles, cands)
        doc.spans["defendants"] = spans
        evidence = dict(doc._.evidence or {})
        role_spans = [s._.role_span for s in spans if s._.role_span is not None]
        if role_spans:
            evidence["role"] = quote_span(doc, role_spans[0].start_char, role_spans[0].end_char)
        else:
            evidence.pop("role", None)
        doc._.evidence = evidence
        return doc

    def surname_terms(self, text: str, cands: list[dict], group: int) -> list[dict]:
        """Surnames listed with their terms after a sentencing verb, as candidates tied to the case:
        "On Monday the judge sentenced the officers found guilty at trial as follows: Doe, 84 months; Roe,
        66 months; and Poe, 57 months" (constructed). Two such items at least, in the same sentence as "sentenced"."""
        out: list[dict] = []
        taken = [(c["s"], c["e"]) for c in cands]
        for m in SURNAME_TERM_LIST_RE.finditer(text):
            start = text.rfind(".", 0, m.start())
            if not SENTENCED_RE.search(text, max(start, m.start() - 300), m.start()):
                continue
            for w in SURNAME_TERM_RE.finditer(text, m.start(), m.end()):
                s, e = w.span(1)
                name = w.group(1)
                if name in self.not_name or name in self.places or any(a <= s < b for a, b in taken):
                    continue
                out.append({"s": s, "e": e, "name": name, "age": None, "excluded": False, "tied": True, "excl_before": False,
                            "not_staff": False, "excl_shared_after": False, "role_before": False, "strong": True,
                            "speaks": False, "said_only": False, "job_only": False, "group": group + len(out)})
        return out

    @staticmethod
    def list_header(text: str, s: int) -> str | None:
        """The line ending in a colon above a list whose items are lines, across item lines only:
        "The following inmates were charged:" over "John Doe, 25" / "Richard Roe, 30" (constructed)."""
        pos = text.rfind("\n", 0, s)
        for _ in range(40):
            if pos <= 0:
                return None
            start = text.rfind("\n", 0, pos) + 1
            line = text[start:pos].strip()
            if line.endswith(":"):
                return line
            if not LIST_ITEM_LINE_RE.match(line):
                return None
            pos = start - 1
        return None

    @staticmethod
    def title_count(title: str) -> int | None:
        """How many staff the title announces: a number word, 1 for a lone singular role, None when it says not.

        "Former Jailer Sentenced for Assault" 1; "Three Officers Indicted" 3; "Sheriff and Deputy Charged" None (constructed).
        """
        one = False
        for m in TITLE_COUNT_RE.finditer(title):
            if m.group("n"):
                w = m.group("n").lower()
                return int(w) if w.isdigit() else NUMBER_WORDS[w]
            if m.group("plural"):
                return None
            one = True
        return 1 if one else None

    def drop_named_again(self, doc: Doc, accepted: dict, order: list[str], cands: list[dict] = ()) -> None:
        """Leave out defendants of other cases named again near the end of a press release about fewer people.

        Beyond the number the title announces (one when it says not), a name first met past NAMED_AGAIN_FROM of
        the body, in a sentence of an earlier or other prosecution (NAMED_AGAIN_RE), is named again:
        "Former Jailer Sentenced" ... "Co-defendant Richard Roe pleaded guilty in May" (constructed).
        """
        text = text_of(doc)
        b = body_start(doc)
        kind = (doc.user_data.get("casebook_meta") or {}).get("source_kind")
        if len(order) < 2 or len(text) - b < 400 or kind not in PRESS_RELEASE_KINDS:
            return
        n = self.title_count(text[:b]) if b else None
        keep = n or 1
        first = {k: min(ms for ms, _ in accepted[k]["mentions"]) for k in order}
        ranked = sorted(order, key=lambda k: first[k])
        drop = set()
        for k in ranked[keep:]:
            at = first[k]
            if ANOTHER_BEFORE_RE.search(text, max(0, at - 80), at):
                # introduced as someone besides the release's own, and told as a case of their own (anywhere in the
                # release): "also pleaded" in that sentence, or "separate(ly)" in a sentence naming them
                s0, s1 = sentence_at(doc, at)
                if ALSO_RE.search(text, s0, s1) or any(SEPARATE_RE.search(text, *sentence_at(doc, ms))
                                                       for ms, _ in accepted[k]["mentions"]):
                    drop.add(k)
                    continue
            if (at - b) / (len(text) - b) < NAMED_AGAIN_FROM:
                continue
            s0, s1 = sentence_at(doc, at)
            # a little past the sentence: an abbreviation ("Oct. 30") may have cut it short
            wider = max(s1, min(len(text), accepted[k]["end"] + 120))
            # ... but not into the words of the next person named after this one's list: "John Doe and Jane Roe
            # admitted this week that they helped beat A.B. Richard Poe previously admitted hiding it" (constructed)
            own = next((c["group"] for c in cands if c["s"] <= at < c["e"]), None)
            later = [c["s"] for c in cands if c["s"] > at and c["group"] != own and c["tied"] and not c["excluded"]]
            if own is not None and later:
                wider = min(wider, later[0])
            if NAMED_AGAIN_RE.search(text, s0, wider) and not TODAY_RE.search(text, s0, s1):
                drop.add(k)
        if drop:
            order[:] = [k for k in order if k not in drop]
            for k in drop:
                accepted.pop(k)

    def headline_name(self, text: str, cands: list[dict], headlines, body_at: int) -> dict | None:
        """A name that the title's case verb follows, when the body ties its surname to the case:
        "Former Jailer John Doe Sentenced for Assaulting Inmate" ... "Doe admitted" (constructed)."""
        left_out = {re.sub(SUFFIX_END, "", c["name"]).split()[-1] for c in cands if c["excluded"]}
        for hs, he in headlines:
            if hs >= body_at and hs > 0:
                break  # only the title, not a later headline-style line
            for m in HEADLINE_NAME_RE.finditer(text, hs, he):
                words = m.group(1).split()
                if HEADLINE_NOT_STAFF_RE.search(text, hs, m.end(1)):
                    continue  # "Inmate John Doe Sentenced for Assaulting Officer" (constructed)
                while words and (words[0].rstrip(".,") in self.not_name or words[0] in self.places or words[0].startswith("Ex-")
                                 or any(p in self.not_name for p in words[0].split("-"))):
                    words = words[1:]
                if len(words) < 2 or any(w.rstrip(".,") in self.not_name for w in words) or re.fullmatch(r"[A-Z]\.", words[-1]):
                    continue
                surname = words[-1]
                if surname in left_out:
                    continue
                body = [(xs, xe) for xs, xe in word_spans(text, surname) if not in_ranges(xs, headlines)]
                if not any(SURNAME_TIED_AFTER_RE.match(text, e) or VERB_AFTER_RE.match(text[e:e + 160]) for _, e in body):
                    continue
                if not self.personal(text, body):
                    continue
                name = " ".join(words) + (m.group(2) or "")
                start = m.start(1) + len(m.group(1)) - len(" ".join(words))
                return {"name": name, "start": start, "end": start + len(name), "age": None, "mentions": [(start, start + len(name))] + body}
        return None

    def full_name_from_title(self, text: str, body_at: int, d: dict) -> None:
        """A defendant the body names by surname only takes the full name the title gives it:
        "Jury Convicts Former Jailer John Doe of Assault" ... "Doe pleaded guilty" (constructed) is John Doe."""
        for s, _, name in self.name_runs(text[:body_at]):
            words = name.split()
            while words and (words[0].startswith("Ex-") or any(p in self.not_name for p in words[0].split("-"))):
                s += len(words[0]) + 1  # "Ex-Jailer John Doe" (constructed): the title word is no name
                words = words[1:]
            if d["name"] not in words[1:]:
                continue
            # up to the surname, its suffix kept: "Former Jailer John Doe Jr. Gets 18 Months" (constructed)
            i = words.index(d["name"], 1)
            keep = words[:i + 1] + [w for w in words[i + 1:i + 2] if re.fullmatch(r"(?:Jr\.?|Sr\.?|II|III|IV)", w)]
            full = " ".join(keep)
            d.update(name=full, start=s, end=s + len(full))
            d["mentions"] = sorted(set(d["mentions"]) | {(s, s + len(full))})
            return

    @staticmethod
    def personal(text: str, mentions) -> bool:
        """A person, not a company: a personal pronoun follows a mention ("Roe admitted that he", constructed)."""
        return any(PERSONAL_RE.search(text, e, e + 200) for _, e in mentions)

    def surname_only(self, text: str, cands: list[dict], headlines) -> dict | None:
        """The first lone capitalised word that the case's verb follows and the text repeats:
        "Roe pleaded guilty on May 1 ... Roe was aware of the assault" (constructed).

        Not a word of a title or an institution, a place, nor the surname of a person left out (an official, an inmate).
        """
        left_out = {re.sub(SUFFIX_END, "", c["name"]).split()[-1] for c in cands}
        for m in LONE_WORD_RE.finditer(text):
            w = m.group(0)
            if w in self.not_name or w in self.places or w in left_out or in_ranges(m.start(), headlines):
                continue
            if not SURNAME_TIED_AFTER_RE.match(text, m.end()):
                continue
            before = text[max(0, m.start() - 90):m.start()].rsplit("\n", 1)[-1]
            prev = PREV_CAP_RE.search(before)
            if prev and prev.group(1).rstrip(".,") not in self.not_name:
                continue
            if OFFICIAL_BEFORE_RE.search(before) or NOT_STAFF_BEFORE_RE.search(before) or HOMETOWN_BEFORE_RE.search(before):
                continue
            mentions = word_spans(text, w)
            if len(mentions) < 2 or not self.personal(text, mentions):
                continue
            if any(HEADLINE_NOT_STAFF_RE.search(text, hs, x) for x, _ in mentions for hs, he in headlines if hs <= x < he):
                continue  # the headline calls this person an inmate
            return {"name": w, "start": m.start(), "end": m.end(), "age": None, "mentions": mentions}
        return None

    @staticmethod
    def person_level(text: str, cands: list[dict]) -> None:
        """Judge a person on all their mentions, with surname-only ones.

        A person quoted or titled as an official somewhere, with only a role before the name elsewhere, is
        an official ("Chief Custodial Officer, Jane Roe" ... "Roe said", constructed); a person quoted who is
        also tied to the case ("Jane Roe said ..." ... "Roe, 53, told the court", constructed) is the defendant.
        """
        # only where no one else is tied: next to a named staff defendant, an untied name is more often an outsider
        # ("Richard Roe delivered the drugs to Doe ... Roe was sentenced", constructed)
        anyone_tied = any(c["tied"] and not c["excluded"] for c in cands)
        by_surname: dict[str, list[dict]] = {}
        for c in cands:
            by_surname.setdefault(re.sub(SUFFIX_END, "", c["name"]).split()[-1], []).append(c)
        for surname, cs in by_surname.items():
            # a full name said without a tie, and its surname tied later: "John Doe worked at the jail. ... Doe pleaded
            # guilty" (constructed) is the defendant, unless some mention of the person left them out
            untied = not anyone_tied and all(not c["tied"] and not c["excluded"] for c in cs)
            if not untied and not any(c["said_only"] or c["job_only"] or (c["tied"] and not c["strong"] and not c["excluded"]) for c in cs):
                continue
            if any(c["strong"] for c in cs):
                strong = True  # a strong tie on a full name already: the surname-only read is not needed
            else:
                mentions = [e for _, e in word_spans(text, surname)]
                strong = any(SURNAME_TIED_AFTER_RE.match(text, at) for at in mentions)
            speaks = not strong and (any(c["speaks"] for c in cs) or any(SURNAME_SAID_AFTER_RE.match(text, at) for at in mentions))
            for c in cs:
                if untied and strong and not speaks:
                    c["tied"] = True
                elif (c["said_only"] or c["job_only"]) and strong:
                    c["excluded"], c["tied"] = False, True
                elif c["tied"] and not c["strong"] and not c["excluded"] and speaks and not strong:
                    c["excluded"] = True

    @staticmethod
    def match_key(name: str, accepted: dict) -> str | None:
        """The accepted defendant this name refers to (same surname, compatible first name)."""
        parts = name.split()
        for key, d in accepted.items():
            kp = d["name"].split()
            if parts[-1] == kp[-1] and (parts[0] == kp[0] or parts[0][0] == kp[0][0]):
                return key
            # a compound surname alone: "De Castro Font" for "John De Castro Font" (constructed)
            short, full = sorted((parts, kp), key=len)
            if len(short) >= 2 and full[-len(short):] == short:
                return key
        return None

    @staticmethod
    def role_for(doc: Doc, d: dict, roles: list[Span], others: set[int] = frozenset()):
        """The role term nearest a mention of the defendant, in the same sentence; specific beats generic.

        Not a role term after the mention and just before another defendant's name (others: where their mentions
        start): that title is theirs."""
        best = None
        # a title and lede about custody make every role of the document a custody job ("Four jail officers
        # charged ... Captain Jane Roe, Corporal John Doe and Deputy Richard Roe each knew", constructed)
        custody_lede = DefendantFinder.in_custody(text_of(doc), 0, body_start(doc) + 400)
        custody_sent: dict[tuple[int, int], bool] = {}
        for ms, me in sorted(d["mentions"]):
            s_start, s_end = sentence_at(doc, ms)
            for r in roles:
                if not (s_start <= r.start_char < s_end):
                    continue
                if OTHERS_BEFORE_RE.search(text_of(doc), max(0, r.start_char - 30), r.start_char):
                    continue
                if r.start_char >= me and r.end_char + 1 in others:
                    continue  # "Doe ... conspired with Deputy Warden Roe" (constructed): Roe's title, after Doe
                if not custody_lede and not custody_sent.setdefault(
                        (s_start, s_end), DefendantFinder.in_custody(text_of(doc), s_start, s_end)):
                    continue  # "Doe, a Houston psychiatrist, was sentenced to prison" (constructed): not a custody job
                generic = r.text.lower() in GENERIC_ROLE_WORDS
                dist = (r.start_char - me) if r.start_char >= me else (ms - r.end_char)
                # "began working as a teacher", "employed as a correctional officer": the job itself
                as_job = AS_JOB_RE.search(text_of(doc), max(s_start, r.start_char - 60), r.start_char) is not None
                score = (generic, not as_job, dist)
                if best is None or score < best[0]:
                    best = (score, r)
        if best is None:
            return None, None
        return best[1].label_.split(":", 1)[1], best[1]

    @staticmethod
    def usable(text: str, r: Span) -> bool:
        """A role term that names a job here: not "Deputy" in "Deputy Assistant Attorney General"."""
        return not (r.text.lower().startswith("deput") and OTHER_DEPUTY_RE.match(text, r.end_char))

    @staticmethod
    def in_custody(text: str, start: int, end: int) -> bool:
        """Does this stretch speak of a custody setting (not only of a prison term)?

        "A nurse who worked at the Anytown prison was sentenced" does; "A Houston psychiatrist was sentenced to
        prison" does not (constructed).
        """
        return CUSTODY_PLACE_RE.search(PRISON_TERM_RE.sub(" ", text[start:end])) is not None

    @staticmethod
    def lede_role(doc: Doc, roles: list[Span]):
        """The first specific role named in the first paragraph, else in the title ("Former prison officer jailed").

        A body says more than its headline: "Former corrections officer sentenced" over "A former deputy
        warden at the state penitentiary was sentenced" (constructed) is a supervisor.
        """
        b = body_start(doc)
        text = text_of(doc)
        custody_lede = DefendantFinder.in_custody(text, 0, b + 400)
        specific = [r for r in roles if r.start_char < b + 400 and r.text.lower() not in GENERIC_ROLE_WORDS
                    and (custody_lede or DefendantFinder.in_custody(text, *sentence_at(doc, r.start_char)))]
        for r in sorted(specific, key=lambda r: r.start_char < b):
            return r.label_.split(":", 1)[1], r
        return None, None

    @staticmethod
    def example_case(doc: Doc) -> tuple[int | None, int | None]:
        """The first staff member described by role in a case told in the body (reports' examples).

        Records the example's sentences (its own and the next two) as the scope that stage and gender read.
        """
        text = text_of(doc)
        bounds = [sb for sb in sentence_bounds(doc) if sb[0] >= body_start(doc)]
        for i, (s0, e0) in enumerate(bounds):
            for m in EXAMPLE_RE.finditer(text, s0, e0):
                if ANON_VICTIM_BEFORE_RE.search(text, max(0, m.start() - 25), m.start()):
                    continue  # the officer an inmate assaulted
                scope_end = bounds[min(i + 2, len(bounds) - 1)][1]
                if CASE_VERB_RE.search(text, s0, bounds[min(i + 1, len(bounds) - 1)][1]):
                    doc.user_data["casebook_example_scope"] = (s0, scope_end)
                    return m.start(), m.end()
        return None, None

    @staticmethod
    def anonymous(doc: Doc, roles: list[Span], cands: list[dict] = ()) -> list[Span]:
        """A defendant the lede describes by role: "A former prison officer has been jailed".

        The staff member is unnamed unless the lede's next sentence opens on a name ("A county detention
        officer was charged on Tuesday. Jane Roe appeared in court.", constructed).
        """
        text = text_of(doc)
        b = body_start(doc)
        s = e = None
        for m in ANON_RE.finditer(text, 0, b + 800):
            if m.start() < b and not re.match(r"[Aa]n?\b", m.group(0)):
                continue  # a headline's "9 Officers And Employees Charged" counts a group, not one case
            if ANON_VICTIM_BEFORE_RE.search(text, max(0, m.start() - 25), m.start()):
                continue
            sent = sentence_at(doc, m.start())
            if not (DefendantFinder.in_custody(text, *sent) or DefendantFinder.in_custody(text, 0, b + 400)):
                continue  # "A Virginia contractor pleaded guilty to a kickback scheme" (constructed)
            if ANON_CASE_RE.search(text, sent[0], sent[1]):
                s, e = m.start(), m.end()
                break
        if s is None:
            s, e = DefendantFinder.example_case(doc)
        if s is None:
            return []
        inside = [r for r in roles if s <= r.start_char < e]
        if not inside:
            return []
        if inside[-1].text.lower() in GENERIC_ROLE_WORDS:
            # "A prison employee was arrested ... the 30-year-old guard was released on bail" (constructed)
            bounds = [sb for sb in sentence_bounds(doc) if sb[1] > e]
            limit = bounds[min(2, len(bounds) - 1)][1] if bounds else e
            for r in roles:
                if e <= r.start_char < limit and r.text.lower() not in GENERIC_ROLE_WORDS and re.search(
                        r"\b[Tt]he (?:former |\d{2}-year-old |[\w'’-]+ ){0,3}$", text[max(0, r.start_char - 60):r.start_char]):
                    inside = [r]
                    break
        named = None
        if s >= b:
            sent_end = sentence_at(doc, s)[1]
            next_end = sentence_at(doc, min(sent_end + 1, len(text) - 1))[1]
            firsts = [c for c in cands if sent_end <= c["s"] < next_end and not c["excluded"]]
            if firsts and not text[sent_end:firsts[0]["s"]].strip():
                named = firsts[0]
        if named is not None:
            span = doc.char_span(named["s"], named["e"], label="DEFENDANT", alignment_mode="expand")
            if span is None:
                return []
            surname = named["name"].split()[-1]
            mentions = word_spans(text, surname)
            doc.user_data.setdefault("casebook_mentions", {})[span.start_char] = sorted(set(mentions) | {(named["s"], named["e"])})
            span._.age = named["age"]
        else:
            span = doc.char_span(s, e, label="DEFENDANT_UNNAMED", alignment_mode="expand")
            if span is None:
                return []
        if inside:
            span._.role = inside[-1].label_.split(":", 1)[1]
            span._.role_span = inside[-1]
        return [span]
