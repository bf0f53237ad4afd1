"""Stage, disposition, custody and gender from news, UK and appellate wording (issue 10). Invented sentences only."""

from __future__ import annotations

from annotate.gender import tag_gender
from annotate.pipeline import annotate_docs, annotate_records
from annotate.stage import tag_stage
from tests.conftest import labels


# --- stage and disposition -------------------------------------------------------------------------------------

def test_uk_admitted_is_a_guilty_plea():
    lab = labels("Jane Roe, 29, a prison officer at HMP Newtown, has admitted misconduct in public office after "
                 "smuggling mobile phones to inmates. She will be sentenced next month.",
                 title="Prison officer admits smuggling phones into jail")
    assert lab["stage"] == "pleaded_guilty"
    assert lab["outcome"]["disposition"] == "pleaded_guilty"


def test_uk_jailed_for_years_and_months():
    lab = labels("John Doe, 35, a former prison officer at HMP Newtown, has been jailed for two years and eight months "
                 "after he admitted conveying drugs into the prison.", title="Former prison officer jailed")
    assert lab["stage"] == "sentenced"
    assert lab["outcome"]["custody_months"] == 32
    assert lab["outcome"]["disposition"] == "pleaded_guilty"


def test_arrested_only_has_no_disposition():
    lab = labels("John Doe, 41, a detention officer at the Newtown County Jail, was arrested on Tuesday after a "
                 "two-week inquiry. He was booked into a neighbouring county's jail.",
                 title="Jail officer arrested")
    assert lab["stage"] == "arrested"
    assert lab["outcome"]["disposition"] is None


def test_arrested_in_the_headline_charged_in_the_story():
    lab = labels("A detention officer at the Newtown County Jail was arrested Monday. John Doe, 33, was later charged "
                 "with taking cigarettes to prisoners and with bribery of a public servant.",
                 title="Jail officer arrested")
    assert lab["stage"] == "charged"
    assert lab["outcome"]["disposition"] == "pending"


def test_appellate_judgment_is_at_the_appeal_stage():
    text = ("UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT\n\nUNITED STATES OF AMERICA, Plaintiff-Appellee, v. "
            "JOHN DOE, Defendant-Appellant.\n\nA jury convicted John Doe, a former correctional officer, of sexual abuse "
            "of a ward after a four-day trial, and the district court imposed 60 months in prison. Doe challenges the "
            "jury instructions. We affirm.")
    lab = labels(text, title="United States v. Doe", source_kind="court_judgment")
    assert lab["stage"] == "appeal"
    assert lab["outcome"]["disposition"] == "convicted_at_trial"


def test_news_appeal_dismissed():
    lab = labels("John Doe, 52, a former prison guard, has lost his appeal against his conviction for sexually "
                 "assaulting inmates. He was jailed for nine years in 2021 after a trial.",
                 title="Former guard loses appeal")
    assert lab["stage"] == "appeal"


def test_jury_found_not_guilty_is_an_acquittal():
    lab = labels("Jurors deliberated for two days before a jury found John Doe, 38, a former jail guard, not guilty of "
                 "sexual misconduct with an inmate at the Newtown County Jail.", title="Former jail guard cleared")
    assert lab["stage"] == "acquitted"
    assert lab["outcome"]["disposition"] == "acquitted"


def test_partial_acquittal_beside_a_sentence_is_a_sentence():
    lab = labels("John Doe, 30, a former corrections officer, was sentenced today to 20 months in prison for "
                 "obstruction of justice. A federal jury convicted Doe in May and acquitted him of a related assault charge.",
                 title="Former corrections officer sentenced")
    assert lab["stage"] == "sentenced"
    assert lab["outcome"]["disposition"] == "convicted_at_trial"
    assert lab["outcome"]["custody_months"] == 20


def test_headline_plea_story_sentence():
    lab = labels("John Doe, 50, a county corrections officer, pleaded guilty Monday to bribery at the Newtown "
                 "Detention Center. The judge gave Doe a four-year term, and Doe was given a four-year sentence with all "
                 "but nine months suspended.", title="Jail worker admits taking bribes, gets nine months")
    assert lab["stage"] == "sentenced"
    assert lab["outcome"]["custody_months"] == 9


def test_an_age_before_the_name_is_not_a_term():
    lab = labels("A judge on Friday sentenced 52 year-old John Doe, a former prison cook, to nine months in prison "
                 "for smuggling phones to inmates.", title="Former prison cook sentenced")
    assert lab["outcome"]["custody_months"] == 9


def test_not_yet_sentenced():
    lab = labels("Jane Roe, 44, a former prison officer, was found guilty by a jury at Newtown Crown Court of "
                 "misconduct in public office. She is due to be sentenced in March.",
                 title="Prison officer found guilty")
    assert lab["stage"] == "convicted"
    assert lab["outcome"]["disposition"] == "convicted_at_trial"


# --- gender --------------------------------------------------------------------------------------------------------

def test_an_officials_pronouns_are_not_the_defendants():
    lab = labels("Jane Roe, 29, of Newtown, a former prison laundry supervisor, pleaded guilty to taking bribes. "
                 "Prosecutor Tom Baird told the court Roe had taken $9,000 from her contacts. He added that the scheme "
                 "ran for two years.", title="Prison supervisor pleads guilty")
    assert lab["defendants"][0]["gender"] == "female"


def test_an_inmates_pronoun_is_not_the_officers():
    lab = labels("John Doe, 47, a former corrections officer at the Newtown County Jail, pleaded guilty today to "
                 "assaulting an inmate by striking him repeatedly.", title="Former corrections officer pleads guilty")
    assert lab["defendants"][0]["gender"] == "unknown"
    assert lab["inmate_gender"] == "male"


def test_pronoun_of_the_other_gender_goes_to_the_victim():
    lab = labels("John Doe, 45, a former warden, pleaded guilty to sexual abuse of a ward. He admitted that he had "
                 "sexual contact with an inmate while she was incarcerated at the prison. He resigned last year.",
                 title="Former warden pleads guilty")
    assert lab["defendants"][0]["gender"] == "male"
    assert lab["inmate_gender"] == "female"
    assert lab["gender_dynamic"] == "male_staff_female_inmate"


def test_a_judges_pronoun_is_not_the_defendants():
    lab = labels("Jane Roe, 36, a former prison officer, was jailed for 18 months at Newtown Crown Court. Judge Mark "
                 "Webb told Newtown Crown Court he had no choice but to impose an immediate sentence. Roe wept as "
                 "she was led away.", title="Prison officer jailed")
    assert lab["defendants"][0]["gender"] == "female"


def test_a_describing_word_in_the_headline():
    lab = labels("Jane Roe, 31, who worked at HMP Newtown, smuggled phones to a prisoner with whom she had a "
                 "relationship. Roe admitted misconduct in public office.",
                 title="Female prison officer jailed for smuggling phones")
    assert lab["defendants"][0]["gender"] == "female"


def test_components_assign_not_append():
    record = {"id": "t", "title": "Former warden pleads guilty",
              "text": "John Doe, 45, a former warden, pleaded guilty to sexual abuse of a ward. He admitted that he "
                      "had sexual contact with an inmate while she was incarcerated at the prison."}
    _, doc = next(annotate_docs([record]))
    first = (doc._.stage, doc._.disposition, doc._.inmate_gender, doc._.gender_dynamic,
             [d._.gender for d in doc.spans["defendants"]], dict(doc._.evidence))
    tag_stage(doc)
    tag_gender(doc)
    again = (doc._.stage, doc._.disposition, doc._.inmate_gender, doc._.gender_dynamic,
             [d._.gender for d in doc.spans["defendants"]], dict(doc._.evidence))
    assert first[:5] == again[:5]
    assert {k: v.text for k, v in first[5].items()} == {k: v.text for k, v in again[5].items()}


def test_commonwealth_terms():
    from annotate.outcome import find_custody
    assert find_custody("He was sentenced to two years less a day in jail.")[0] == 24
    assert find_custody("He was jailed for 23 years with a non-parole period of 17 years.")[0] == 276
    assert find_custody("She was sentenced to a two-year intensive correction order.")[0] is None
    assert find_custody("She was given a 12-month conditional discharge.")[0] is None


def test_in_his_custody_is_the_officers():
    lab = labels("John Doe, 52, a former detention officer, was sentenced today to 30 months in prison for sexually "
                 "abusing an inmate in his custody.", title="Former detention officer sentenced")
    assert lab["defendants"][0]["gender"] == "male"
    assert lab["inmate_gender"] == "unknown"


def test_the_sentences_opening_pronoun_goes_on():
    lab = labels("John Doe, 40, a former jail guard, was cleared of all charges on Tuesday. A female inmate had "
                 "accused Doe of theft. She told deputies Doe kept her mail for weeks, and said she "
                 "complained twice.", title="Former jail guard cleared")
    assert lab["defendants"][0]["gender"] != "female"
    assert lab["inmate_gender"] == "female"


def test_uk_remanded_and_denies_is_charged():
    lab = labels("John Doe, 28, a prison officer, appeared at Newtown Magistrates' Court on Monday and was remanded in "
                 "custody to appear at Newtown Crown Court next month. He denies the charges.", title="Officer remanded")
    assert lab["stage"] == "charged"
    assert lab["outcome"]["disposition"] == "pending"


def test_suspended_sentence_after_admitting():
    lab = labels("Jane Roe, 27, a prison officer, was given a 12-month prison sentence suspended for two years after "
                 "admitting misconduct in public office.", title="Officer given suspended sentence")
    assert lab["stage"] == "sentenced"
    assert lab["outcome"]["disposition"] == "pleaded_guilty"
    assert lab["outcome"]["custody_months"] == 12 and lab["outcome"]["suspended"] is True


def test_refused_leave_to_appeal():
    lab = labels("John Doe, 50, a former prison officer, was refused leave to appeal against his conviction for "
                 "misconduct in public office.", title="Former officer loses bid")
    assert lab["stage"] == "appeal"
