"""The planted test set for victim anonymity: real dev documents about sexual abuse, with invented
victim names inserted in the forms a victim's name takes in real texts.

Forms: the full name; the surname alone; the possessive; initials; "Ms" and the surname; a name in a
quotation. The names are invented (checked against no real case). Deterministic: the same set every run.
"""

from __future__ import annotations

import json
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold" / "dev.jsonl"
NAMES = [("Marisol", "Quenby"), ("Tamsin", "Vellacott"), ("Odalys", "Prewitt"), ("Kerensa", "Moyle"),
         ("Ysolde", "Farrant"), ("Bettina", "Orcutt"), ("Lunette", "Haskard"), ("Perpetua", "Sallow"),
         ("Noreen", "Quiller"), ("Idony", "Brackett"), ("Maelis", "Corvo"), ("Rosalind", "Tapster")]
# Each document gets the full name once and two more forms, in rotation.
# (form, sentence, the words that name her in it)
FORMS = [
    ("surname", "{L} told investigators that the officer had threatened her.", "{L}"),
    ("possessive", "{L}'s cellmate later confirmed the account.", "{L}"),
    ("initials", "Court papers identify the woman only as {I}.", "{I}"),
    ("titled", "Ms {L} was 24 years old at the time.", "Ms {L}"),
    ("quote", "“I was afraid of him every night,” said {F} {L}.", "{F} {L}"),
    ("titled", "Ms. {L} has since been released.", "Ms. {L}"),
]
FULL = ("full name", "The victim, {F} {L}, reported the abuse to a staff member.", "{F} {L}")


def planted_records() -> list[dict]:
    """[{record (with planted text), planted: {first, last, initials, sentences}}]."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [g for g in gold if not g.get("not_relevant") and "sexual_abuse" in g["labels"]["misconduct"]][:len(NAMES)]
    out = []
    for i, (g, (first, last)) in enumerate(zip(chosen, NAMES)):
        initials = f"{first[0]}.{last[0]}."
        fill = {"F": first, "L": last, "I": initials}
        forms = [FULL] + [FORMS[(2 * i + k) % len(FORMS)] for k in range(2)]
        mentions = [{"form": f, "sentence": t.format(**fill), "name": n.format(**fill)} for f, t, n in forms]
        sentences = [m["sentence"] for m in mentions]
        paragraphs = g["text"].split("\n\n")
        at = min(2, len(paragraphs))
        text = "\n\n".join(paragraphs[:at] + [" ".join(sentences)] + paragraphs[at:])
        record = {k: g[k] for k in ("id", "url", "publisher", "source_kind", "licence", "published", "title", "text_is_excerpt")}
        record["text"] = text
        out.append({"record": record, "first": first, "last": last, "initials": initials, "sentences": sentences,
                    "mentions": mentions,
                    "defendants": [d["name"] for d in g["labels"]["defendants"] if d.get("name")]})
    return out


# ---------------------------------------------------------------------------------------------------------
# The widened planted set (issue 11, item 6), written before the rules were changed: one invented victim per
# document, named ONLY in the form under test (so a form is not rescued by an easier mention elsewhere), in
# U.S. wording (inside the real dev releases above) and UK wording (inside the constructed UK reports
# below). In a template, [brackets] mark the words that name her: the published sentence must hold the
# marker in their place. Every name, place of custody and host document below the line is invented.
# ---------------------------------------------------------------------------------------------------------

# (form, wording, title template or None, sentence templates)
WIDE_FORMS = [
    ("surname alone at a clause start, full name in a neutral sentence", "US", None,
     ["[{F} {L}] arrived at the unit in the spring of 2019.", "[{L}] later moved to another unit."]),
    ("surname alone at a clause start, never the full name", "US", None,
     ["[{L}] later moved to another unit.", "[{L}] did not return to the facility."]),
    ("full name inside a quotation", "US", None,
     ["“[{F} {L}] was terrified of him,” the prosecutor told jurors."]),
    ("surname alone inside a quotation", "US", None,
     ["In a letter, the officer wrote: “[{L}] will never tell anyone what happened.”"]),
    ("name in a title-case headline", "US", "Jury Hears From [{F} {L}] in Prison Guard Trial", []),
    ("name opening a headline", "US", "[{F} {L}] Testifies Against Former Jail Officer", []),
    ("surname followed by an age", "US", None, ["[{L}], 24, later moved to another unit."]),
    ("full name followed by an age in brackets", "US", None, ["[{F} {L}] (24) later moved to another unit."]),
    ("age before the name", "US", None, ["Records show that 24-year-old [{F} {L}] arrived at the jail in May."]),
    ("an inmate named", "US", None, ["The officer began writing to an inmate named [{F} {L}] in March."]),
    ("first name only after a victim word", "US", None, ["The victim, [{F}], told agents that the abuse began in 2019."]),
    ("first name only after a woman named", "US", None, ["He sent several letters to a woman named [{F}]."]),
    ("second of two names joined by and", "US", None, ["He abused [{F} {L}] and [{F2} {L2}] over six months."]),
    ("apostrophe surname with a title", "US", None,
     ["[Ms. {L}] was moved to another unit after the assault."]),
    ("hyphenated full name, possessive", "US", None, ["[{F} {L}]’s cellmate later confirmed the account."]),
    ("possessive of a surname ending in s", "US", None, ["[{F} {L}]' cellmate later confirmed the account."]),
    ("full name with a middle initial, neutral", "US", None, ["[{F} J. {L}] arrived at the unit in May 2019."]),
    ("first name alone after the full name", "US", None,
     ["[{F} {L}] arrived at the unit in May 2019.", "Weeks later, [{F}] asked to be moved."]),
    ("the complainant", "UK", None, ["The complainant, [{F} {L}], gave evidence by video link."]),
    ("who cannot be named, beside the name", "UK", None,
     ["[{F} {L}], who cannot be named for legal reasons, gave evidence from behind a screen."]),
    ("the woman, who cannot be named, identified later", "UK", None,
     ["The woman, who cannot be named for legal reasons, was identified in a victim statement as [{F} {L}]."]),
    ("a prisoner called", "UK", None, ["He befriended a prisoner called [{F} {L}] in 2018."]),
    ("first name only after a prisoner called", "UK", None, ["He befriended a prisoner called [{F}] in 2018."]),
    ("full name followed by aged", "UK", None, ["[{F} {L}], aged 19, later moved to another prison."]),
    ("surname alone at a clause start, UK", "UK", None,
     ["[{F} {L}] was moved to the prison in 2018.", "[{L}] later moved to another wing."]),
    ("surname alone inside a quotation, UK", "UK", None,
     ["“[{L}] was just a prisoner to me,” he told officers in interview."]),
    ("name in a sentence-case headline", "UK", "Officer who preyed on [{F} {L}] jailed", []),
    ("first name only after the complainant", "UK", None, ["The complainant, [{F}], told the jury she had felt trapped."]),
    ("curly apostrophe surname with Miss", "UK", None, ["[Miss {L}] told the court she had been frightened."]),
    ("hyphenated surname alone at a clause start", "UK", None,
     ["[{F} {L}] arrived at the prison in 2018.", "[{L}] later moved to another wing."]),
    ("full name followed by an age in brackets, UK", "UK", None, ["[{F} {L}] (19) gave evidence from behind a screen."]),
    ("possessive of a surname alone", "UK", None, ["[{L}]’s mother contacted the prison in 2019."]),
]
# Invented victims, one per form (in order); the hyphen, apostrophe and -s names fall on the forms about them.
WIDE_NAMES = [
    ("Oriel", "Tamblyn"), ("Delphine", "Hargest"), ("Sunniva", "Clewlow"), ("Ottilie", "Brasnett"),
    ("Wenona", "Scarisbrick"), ("Jessamy", "Pardew"), ("Annora", "Fettiplace"), ("Liesel", "Marchbank"),
    ("Carys", "Trethowan"), ("Philippa", "Duckmanton"), ("Henrike", "Oxenbould"), ("Mirabel", "Guscott"),
    ("Thomasina", "Yeend"), ("Maeve", "O'Tierney"), ("Katalin", "Vasquez-Orrell"), ("Jocasta", "Fennings"),
    ("Elowen", "Prideaux"), ("Rowena", "Skerratt"), ("Ianthe", "Colclough"), ("Morwenna", "Spurdle"),
    ("Avice", "Threlfall"), ("Petronella", "Mardlin"), ("Beatrix", "Dunnicliffe"), ("Ysella", "Harnetty"),
    ("Tilda", "Quartermaine"), ("Lavinia", "Strudwick"), ("Cosima", "Penhaligon"), ("Ismay", "Bellchambers"),
    ("Niamh", "O’Dowdall"), ("Clemency", "Ashby-Varne"), ("Greer", "Ashmole"), ("Ffion", "Treharne"),
]
SECOND_VICTIM = ("Romilly", "Catchpole")  # the second name of "... and ..."

# Constructed host documents in UK wording (and one in U.S. wording with lawyers and person-like places),
# each about a sexual offence, with the names that must stay: defendant, judge, lawyers, police, places.
CONSTRUCTED_HOSTS = [
    {"wording": "UK", "id": "planted-uk-cps-pelling", "publisher": "Crown Prosecution Service (constructed)",
     "title": "Prison officer jailed for sexual relationship with a prisoner",
     "text": ("A former prison officer who had a sexual relationship with a prisoner in his care has been jailed for three years.\n\n"
              "Darren Pelling, 39, of Milton Keynes, admitted misconduct in a public office when he appeared at Aylesbury Crown Court.\n\n"
              "Pelling worked at HMP Ashcombe, a category C prison, between 2016 and 2019.\n\n"
              "Prosecuting, Helen Arbery told the court that the relationship began in the prison kitchens.\n\n"
              "Martin Gale, defending, said his client had lost his career and his marriage.\n\n"
              "Sentencing him, His Honour Judge Nigel Farrow said Pelling had grossly abused a position of trust.\n\n"
              "Detective Constable Sam Redfern of Thames Valley Police said: “Pelling exploited a vulnerable woman.”\n\n"
              "Senior Crown Prosecutor Lorna Kibble said the sentence reflected the seriousness of the offending."),
     "keep": ["Darren Pelling", "Pelling", "Milton Keynes", "Helen Arbery", "Martin Gale", "Nigel Farrow", "Sam Redfern",
              "Thames Valley", "Lorna Kibble"]},
    {"wording": "UK", "id": "planted-uk-police-tolley", "publisher": "Police (constructed)",
     "title": "Former custody officer sentenced for sexual assault of detainee",
     "text": ("A former custody officer has been sentenced for sexually assaulting a woman held in police cells.\n\n"
              "Gareth Tolley, 45, of Chipping Norton, pleaded guilty at Oxford Crown Court to sexual assault and misconduct in public office.\n\n"
              "The court heard that Tolley entered the woman’s cell on two occasions in March 2018.\n\n"
              "Recorder Ian Kettle jailed Tolley for four years and ordered him to sign the sex offenders register for life.\n\n"
              "Detective Inspector Priya Lal said: “Tolley abused the trust placed in him.”"),
     "keep": ["Gareth Tolley", "Tolley", "Chipping Norton", "Ian Kettle", "Priya Lal"]},
    {"wording": "UK", "id": "planted-uk-court-marwood", "publisher": "Court news (constructed)",
     "title": "Prison nurse who sexually abused an inmate is jailed",
     "text": ("A nurse who sexually abused a prisoner at HMP Bramcote has been jailed for 30 months.\n\n"
              "Lisa Marwood, 31, of Market Harborough, Leicestershire, was convicted after a trial at Leicester Crown Court.\n\n"
              "Mr Simon Rudd, prosecuting, told the court that Marwood had visited the prisoner’s cell at night.\n\n"
              "Mr Justice Pemberton said Marwood had shown no remorse.\n\n"
              "Marwood will be subject to a sexual harm prevention order."),
     "keep": ["Lisa Marwood", "Marwood", "Market Harborough", "Simon Rudd", "Pemberton"]},
    {"wording": "US", "id": "planted-us-keogh", "publisher": "U.S. Attorney's Office (constructed)",
     "title": "Former Federal Correctional Officer Sentenced for Sexual Abuse of an Inmate",
     "text": ("BALTIMORE – A former correctional officer was sentenced today to 46 months in federal prison for sexually abusing a woman in his custody.\n\n"
              "Travis Keogh, 41, of Glen Burnie, Maryland, pleaded guilty in March to sexual abuse of a ward. "
              "U.S. District Judge Paula Whitcombe also ordered Keogh to register as a sex offender.\n\n"
              "Keogh previously worked at a federal prison near Warner Robins, Georgia.\n\n"
              "Keogh admitted that he engaged in sexual acts with the inmate on several occasions in 2020.\n\n"
              "Defense attorney Luis Ferrante said his client accepted responsibility.\n\n"
              "“Correctional officers who abuse their power will be held accountable,” said Acting U.S. Attorney Dana Ruddock.\n\n"
              "Special Agent in Charge Mark Devlin praised the investigators. Assistant U.S. Attorney Corinne Maddox prosecuted the case."),
     "keep": ["Travis Keogh", "Keogh", "Glen Burnie", "Warner Robins", "Paula Whitcombe", "Luis Ferrante", "Dana Ruddock",
              "Mark Devlin", "Corinne Maddox"]},
]


def _fill(template: str, fill: dict) -> tuple[str, str, list[str]]:
    """(plain sentence, the sentence as published with the marker, the names it holds) of a [bracketed] template."""
    import re

    filled = template.format(**fill)
    names = re.findall(r"\[([^\]]+)\]", filled)
    return re.sub(r"\[([^\]]+)\]", r"\1", filled), re.sub(r"\[[^\]]+\]", "[name withheld]", filled), names


def planted_wide_records() -> list[dict]:
    """[{record, form, wording, victims: [(first, last)], mentions: [{sentence, published, names}], keep}]:
    one document per form, U.S. forms in the real dev releases (in rotation) or the constructed U.S. host,
    UK forms in the constructed UK hosts."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    us_hosts = [g for g in gold if not g.get("not_relevant") and "sexual_abuse" in g["labels"]["misconduct"]]
    constructed = {"US": [h for h in CONSTRUCTED_HOSTS if h["wording"] == "US"],
                   "UK": [h for h in CONSTRUCTED_HOSTS if h["wording"] == "UK"]}
    out, counters = [], {"US": 0, "UK": 0}
    for (form, wording, title_t, sentences_t), (first, last) in zip(WIDE_FORMS, WIDE_NAMES):
        k = counters[wording]
        counters[wording] += 1
        fill = {"F": first, "L": last, "F2": SECOND_VICTIM[0], "L2": SECOND_VICTIM[1]}
        victims = [(first, last)] + ([SECOND_VICTIM] if "{F2}" in " ".join(sentences_t) else [])
        if wording == "US" and k % 3 != 2:  # two in three in a real release, one in three in the constructed one
            g = us_hosts[(k - k // 3) % len(us_hosts)]
            host = {"id": g["id"], "url": g["url"], "publisher": g["publisher"], "title": g["title"], "text": g["text"],
                    "published": g["published"], "licence": g["licence"], "source_kind": g["source_kind"]}
            keep = [d["name"] for d in g["labels"]["defendants"] if d.get("name")]
        else:
            h = constructed[wording][k % len(constructed[wording])]
            host = {"id": h["id"], "url": f"https://example.org/{h['id']}", "publisher": h["publisher"], "title": h["title"],
                    "text": h["text"], "published": "2020-06-01",
                    "licence": "public-domain-us-gov" if wording == "US" else "ogl-3.0",
                    "source_kind": "us_federal_press_release" if wording == "US" else "uk_gov_news"}
            keep = list(h["keep"])
        mentions = []
        title = host["title"]
        if title_t:
            plain, published, names = _fill(title_t, fill)
            title = plain
            mentions.append({"sentence": plain, "published": published, "names": names, "in": "title"})
        plain_sentences = []
        for t in sentences_t:
            plain, published, names = _fill(t, fill)
            plain_sentences.append(plain)
            mentions.append({"sentence": plain, "published": published, "names": names, "in": "text"})
        paragraphs = host["text"].split("\n\n")
        at = min(2, len(paragraphs))
        text = "\n\n".join(paragraphs[:at] + ([" ".join(plain_sentences)] if plain_sentences else []) + paragraphs[at:])
        record = {"id": f"{host['id']}-wide-{len(out):02d}", "url": host["url"], "publisher": host["publisher"],
                  "source_kind": host["source_kind"], "licence": host["licence"], "published": host["published"],
                  "title": title, "text": text, "text_is_excerpt": False}
        out.append({"record": record, "form": form, "wording": wording, "victims": victims, "mentions": mentions,
                    "keep": keep})
    return out
