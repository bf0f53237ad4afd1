"""Relevance (annotate/relevance.py) on invented sentences: what a national feed carries, kept or left out.

Every text below is constructed (invented names and places), in the wording of press releases and news.
"""

from __future__ import annotations

import json

import pytest

from annotate.pipeline import annotate_records, load_nlp
from annotate.relevance import PATTERNS, read_patterns


def verdict(text, title="", **meta):
    labels = next(annotate_records([{"id": "t", "title": title, "text": text, **meta}]))["labels"]
    return labels["relevant"], labels["evidence"].get("relevant")


KEPT = [
    # a staff assault inside a jail, in the headline and the opening sentence
    ("Former Jailer Pleads Guilty to Assaulting Inmate",
     "A former jailer at the Smithfield County Jail pleaded guilty today to punching a handcuffed inmate in a holding cell."),
    # sexual abuse of a ward by a federal employee
    ("Prison Employee Sentenced",
     "Jane Roe, 41, a former food service worker at a federal prison, was sentenced for sexual abuse of a ward."),
    # bribes and contraband
    ("Correctional Officer Charged",
     "John Doe, a correctional officer at Elmtown State Prison, was charged with accepting bribes to smuggle cell phones to inmates."),
    # a sheriff's deputy (a weak actor) whose force is placed in the jail
    ("Former Deputy Indicted for Civil Rights Violation",
     "A former sheriff's deputy was indicted for kicking a restrained detainee in the booking area of the county jail."),
    # a cover-up: the deed and the inmate are two sentences after the staff member
    ("Former Detention Officer Sentenced for Lying to the FBI",
     "A former detention officer at the Elmtown County Detention Center was sentenced today to two years. "
     "The court heard the case for three days in the spring of last year. "
     "A jury found that he wrote a false report about the assault of an inmate in his unit."),
    # UK wording
    ("Prison officer jailed for relationship with inmate",
     "A prison officer at HMP Elmtown has been jailed for misconduct in public office after an inappropriate relationship with a prisoner."),
    # stealing inmates' identities
    ("Corrections Officer Indicted for Tax Fraud",
     "According to the indictment, the corrections officer stole the identities of inmates at the county jail to file false returns."),
    # neglect in a criminal case
    ("Former Jail Administrator Indicted",
     "A former jail administrator was indicted for deliberately ignoring an inmate's serious medical needs, which led to his death."),
    # official findings of staff force at a facility
    ("Justice Department Finds Unconstitutional Conditions at Elmtown County Jail",
     "The department found that officers at the jail used excessive force against prisoners, including punching restrained prisoners."),
]

LEFT_OUT = [
    # a soldier's rank is not a custody supervisor
    ("Army Staff Sergeant Sentenced for Bribery",
     "A U.S. Army staff sergeant was sentenced today to 48 months in prison for accepting bribes from a contractor in Kuwait."),
    # police force on the street
    ("Former Police Officer Sentenced for Excessive Force",
     "A former police officer was sentenced today to 30 months in prison for striking a handcuffed man during a traffic stop."),
    # UK news: "jailed" is the sentence, not a person in custody
    ("Police officer jailed for assault",
     "A police officer has been jailed for two years after he punched a man in the street outside a pub."),
    # an inmate assaulting an officer
    ("Inmate Charged with Assaulting Correctional Officer",
     "An inmate at Elmtown State Prison was charged today with assaulting a correctional officer in a housing unit."),
    # health-care fraud, with the usual prison sentence
    ("Clinic Owner Sentenced for Medicare Fraud",
     "A clinic owner was sentenced today to 97 months in prison for a health care fraud scheme that billed Medicare for services never provided."),
    # counterfeit goods smuggled, no custody at all
    ("Importer Pleads Guilty to Smuggling Counterfeit Goods",
     "An importer pleaded guilty to smuggling counterfeit handbags through the port and faces up to 20 years in prison."),
    # policy: a proposed rule
    ("Justice Department Releases Proposed Rule on Prison Rape",
     "The proposed rule sets national standards to prevent, detect and respond to sexual abuse in prisons and jails."),
    # conditions findings about medical care, no staff abuse
    ("Justice Department Finds Inadequate Medical Care at Elmtown County Jail",
     "The department found that jail officials were deliberately indifferent to the serious medical needs of prisoners "
     "and failed to provide adequate mental health care."),
    # an officer injured by an inmate, told in the passive
    ("Inmate Sentenced for Prison Riot",
     "An inmate was sentenced today for his role in a riot at the county jail in which two correctional officers were seriously injured."),
    # a prison's staff as victims of outsiders who mailed drugs
    ("Three Charged After Prison Worker Falls Ill",
     "Three people were charged after a prison worker opened a package of narcotics mailed to an inmate."),
]


@pytest.mark.parametrize("title, text", KEPT)
def test_custody_misconduct_is_relevant(title, text):
    relevant, quote = verdict(text, title)
    assert relevant
    assert quote and (quote in title or quote in text)


@pytest.mark.parametrize("title, text", LEFT_OUT)
def test_other_cases_are_not_relevant(title, text):
    relevant, quote = verdict(text, title)
    assert not relevant and quote is None


def test_the_evidence_shows_the_actor_and_the_setting():
    text = ("The department announced the plea today. "
            "A former correctional officer at the county jail admitted that he assaulted an inmate in a holding cell.")
    relevant, quote = verdict(text, "Former Officer Pleads Guilty")
    assert relevant
    assert "correctional officer" in quote and "inmate" in quote


def test_one_passing_mention_in_a_long_release_is_not_enough():
    text = ("A financial adviser was sentenced today for defrauding elderly investors of $3 million. "
            "The adviser told clients their savings were invested in bonds. "
            "The jury heard from twelve victims during the two-week trial. "
            "He spent the money on cars and a boat. "
            "In an unrelated case last year, a correctional officer at the county jail admitted assaulting an inmate.")
    relevant, _ = verdict(text, "Financial Adviser Sentenced for Investment Fraud")
    assert not relevant


def test_a_report_needs_only_one_sentence():
    text = ("This report presents data collected in the national survey of facilities. "
            "The survey covered state and federal prisons and local jails. "
            "Response rates were high across all regions. "
            "Tables are provided in the appendix for each state. "
            "About a third of substantiated incidents involved staff sexual misconduct with inmates.")
    assert verdict(text, "Survey of Facilities, 2020", source_kind="government_report")[0]


def test_running_twice_gives_the_same_result():
    nlp = load_nlp()
    title, text = KEPT[0]
    doc = nlp(nlp.make_doc(f"{title}\n\n{text}"))
    first = (doc._.relevant, doc._.evidence.get("relevant").text)
    nlp.get_pipe("casebook_relevance")(doc)
    assert (doc._.relevant, doc._.evidence.get("relevant").text) == first


def test_every_pattern_has_an_example_it_matches():
    rows = [json.loads(line) for line in open(PATTERNS, encoding="utf-8")]
    for (label, regex, case), row in zip(read_patterns(PATTERNS), rows):
        example = row["example"].replace(" (constructed)", "")
        assert regex.search(example if case else example.lower()), (label, row["example"])
        assert row.get("note"), label


def test_patterns_are_lower_case_unless_marked(tmp_path):
    bad = tmp_path / "p.jsonl"
    bad.write_text(json.dumps({"label": "STAFF", "pattern": "\\bJailer\\b", "example": "Jailer"}) + "\n")
    with pytest.raises(ValueError, match="lower case"):
        read_patterns(bad)
