"""Victim anonymity, form by form (issue 11, item 6): the real Redactor on constructed sentences with invented
names, in U.S. and UK wording; defendants, officials, lawyers, judges and places stay named."""

from __future__ import annotations

import pytest

from db.redact import MARKER, Redactor, redact_documents

OPENING = "Former officer Dale Brinkworth, 40, pleaded guilty to sexual abuse of a ward. "


@pytest.fixture(scope="module")
def redactor():
    return Redactor()


def published(r: Redactor, text: str, keep=("Dale Brinkworth",), roles=None) -> str:
    red = r.names_to_withhold(text, list(keep), roles)
    return r.redact(text, r.pattern_for(red.withheld, red.kept))


@pytest.mark.parametrize("planted, names", [
    # a surname alone at the start of a clause, with no personal word around it
    ("Annis Pellow arrived at the unit in 2019. Pellow later moved to another unit.", 2),
    ("Pellow later moved to another unit. Pellow did not return to the facility.", 2),
    # quotations
    ("“Annis Pellow was terrified of him,” the prosecutor told jurors.", 1),
    ("In a letter, the officer wrote: “Pellow will never tell anyone what happened.”", 1),
    # ages
    ("Pellow, 24, later moved to another unit.", 1),
    ("Annis Pellow (24) later moved to another unit.", 1),
    ("Records show that 24-year-old Annis Pellow arrived at the jail in May.", 1),
    ("Annis Pellow, aged 19, later moved to another prison.", 1),
    # "named" and "called", first names
    ("The officer began writing to an inmate named Annis Pellow in March.", 1),
    ("He befriended a prisoner called Annis Pellow in 2018.", 1),
    ("He befriended a prisoner called Annis in 2018.", 1),
    ("He sent several letters to a woman named Annis.", 1),
    ("The victim, Annis, told agents that the abuse began in 2019.", 1),
    ("Annis Pellow arrived at the unit in May 2019. Weeks later, Annis asked to be moved.", 2),
    ("Annis J. Pellow arrived at the unit in May 2019.", 1),
    # UK wording
    ("The complainant, Annis Pellow, gave evidence by video link.", 1),
    ("The complainant, Annis, told the jury she had felt trapped.", 1),
    ("Annis Pellow, who cannot be named for legal reasons, gave evidence from behind a screen.", 1),
    ("The woman, who cannot be named for legal reasons, was identified in a victim statement as Annis Pellow.", 1),
    ("Annis Pellow (19) gave evidence from behind a screen.", 1),
    # hyphens, apostrophes, possessives
    ("Ms. O'Brannagh was moved to another unit after the assault.", 1),
    ("Miss O’Brannagh told the court she had been frightened.", 1),
    ("Annis Vance-Pellow’s cellmate later confirmed the account.", 1),
    ("Annis Pellows' cellmate later confirmed the account.", 1),
    ("Pellow’s mother contacted the prison in 2019.", 1),
    ("Annis Vance-Pellow arrived at the prison in 2018. Vance-Pellow later moved to another wing.", 2),
    # the second of two names
    ("He abused Annis Pellow and Romy Farthing over six months.", 2),
])
def test_each_form_of_a_victims_name_is_withheld(redactor, planted, names):
    out = published(redactor, OPENING + planted)
    for word in ("Annis", "Pellow", "Pellows", "O'Brannagh", "O’Brannagh", "Romy", "Farthing"):
        assert word not in out, (word, out)
    assert out.count(MARKER) == names, out
    assert out.startswith("Former officer Dale Brinkworth, 40, pleaded guilty")


@pytest.mark.parametrize("headline, expected", [
    ("Jury Hears From Annis Pellow in Prison Guard Trial", f"Jury Hears From {MARKER} in Prison Guard Trial"),
    ("Annis Pellow Testifies Against Former Jail Officer", f"{MARKER} Testifies Against Former Jail Officer"),
    ("Officer who preyed on Annis Pellow jailed", f"Officer who preyed on {MARKER} jailed"),
])
def test_a_name_in_a_headline_is_withheld(redactor, headline, expected):
    out = published(redactor, f"{headline}\n\n{OPENING}")
    assert out == f"{expected}\n\n{OPENING}"


def test_a_headline_phrase_is_not_a_name(redactor):
    text = ("Sexual Victimization in Juvenile Facilities Reported by Youth, 2012\n\n"
            "Facilities were excluded if fewer than 10 youth were held. Juvenile facilities reported sexual abuse.")
    red = redactor.names_to_withhold(text, [])
    assert red.withheld == set()


def test_uk_lawyers_judges_police_and_places_stay_named(redactor):
    text = ("A former prison officer who had a sexual relationship with a prisoner has been jailed.\n\n"
            "Darren Pellingham, 39, of Milton Keynes, admitted misconduct in a public office at Aylesbury Crown Court.\n\n"
            "The complainant, Annis Pellow, gave evidence by video link.\n\n"
            "Prosecuting, Helen Arbery told the court that the relationship began in the kitchens.\n\n"
            "Martin Gale, defending, said his client had lost his career. Mr Simon Rudd, prosecuting, added nothing.\n\n"
            "Recorder Ian Kettle jailed Pellingham. Detective Constable Sam Redfern of Thames Valley Police said the "
            "sentence was just. Mr Justice Pemberton agreed.")
    out = published(redactor, text, keep=["Darren Pellingham"])
    assert "Annis" not in out and "Pellow" not in out and out.count(MARKER) == 1
    for name in ("Darren Pellingham", "Milton Keynes", "Helen Arbery", "Martin Gale", "Mr Simon Rudd", "Ian Kettle",
                 "Sam Redfern", "Thames Valley", "Pemberton"):
        assert name in out, name


def test_us_officials_authors_and_person_like_places_stay_named(redactor):
    text = (OPENING + "Brinkworth lived in Glen Burnie, Maryland, and worked near Warner Robins, Georgia. "
            "“Officers who abuse their power will be held accountable,” said U.S. Attorney for the District of "
            "Maryland Corinne Maddox. Assistant U.S. Attorneys Amy Zell and Rebekah Hollis, who prosecuted the case, "
            "thanked the agents. Tom Quarrie is the acting director of the bureau. Lena Ostrow edited the report. "
            "The Julia Tutwiler Prison for Women was inspected. Tutwiler has a history of abuse.")
    red = redactor.names_to_withhold(text, ["Dale Brinkworth"])
    assert red.withheld == set(), red.withheld


def test_an_accused_the_annotator_missed_is_not_taken_for_a_victim(redactor):
    text = (OPENING + "A co-defendant, Jonah Creel, aka Conejo, 29, of Anytown, Missouri, pleaded guilty. "
            "Creel, 29, later moved to another prison. Marlo Dunch, who pleaded guilty in 2015, was sentenced in May.")
    red = redactor.names_to_withhold(text, ["Dale Brinkworth"])
    assert red.withheld == set(), red.withheld


def test_a_victim_the_annotator_took_for_a_defendant_is_withheld(redactor):
    text = (OPENING + "Annis Pellow (24) later moved to another unit. Wes Tandy, 31, of Anytown, also pleaded guilty. "
            "He wrote to an inmate named Romy Farthing.")
    roles = {"Dale Brinkworth": "correctional_officer", "Annis Pellow": None, "Wes Tandy": None,
             "Romy Farthing": "correctional_officer"}
    red = redactor.names_to_withhold(text, list(roles), roles)
    assert red.withheld == {"Annis Pellow", "Romy Farthing"}
    assert {"Dale Brinkworth", "Wes Tandy"} <= red.kept


def test_a_withheld_defendant_label_is_not_published():
    doc = {"id": "constructed-1", "title": "Former Officer Sentenced for Sexual Abuse of a Ward",
           "text": OPENING + "Annis Pellow (24) later moved to another unit."}
    labels = {"misconduct": ["sexual_abuse"], "defendants": [
        {"name": "Dale Brinkworth", "age": 40, "role": "correctional_officer"},
        {"name": "Annis Pellow", "age": 24, "role": None}]}
    docs, annotations, report = redact_documents([doc], {"constructed-1": {"labels": labels, "evidence": []}})
    assert "Pellow" not in docs[0]["text"] and "Dale Brinkworth" in docs[0]["text"]
    assert docs[0]["names_withheld"] == 1
    assert [d["name"] for d in annotations["constructed-1"]["labels"]["defendants"]] == ["Dale Brinkworth"]
    assert report["constructed-1"].withheld == {"Annis Pellow"}
