"""Facility, jurisdiction, misconduct and statute wording outside U.S. federal releases (invented sentences)."""

from __future__ import annotations

from tests.conftest import labels


def test_workplace_before_the_jail_the_defendant_was_booked_into():
    out = labels("Jane Roe was booked into the Anyname County Detention Center on Monday. Roe worked as a guard at "
                 "Pinecrest State Prison and is accused of selling cigarettes to prisoners.")
    assert out["facility"] == {"name": "Pinecrest State Prison", "kind": "state_prison"}


def test_uk_prison_named_by_its_place_and_a_crown_court_town():
    out = labels("A prison officer at Category B Oakmere Prison has been jailed for smuggling mobile phones to "
                 "inmates. He admitted conveying a List A article when he appeared at Fernbridge Crown Court.")
    assert out["facility"]["name"] == "Oakmere Prison"
    assert out["facility"]["kind"] == "uk_prison"
    assert out["jurisdiction"]["country"] == "UK"
    assert out["jurisdiction"]["region"] == "England and Wales"


def test_young_offenders_institution_in_news_wording():
    out = labels("A former officer at Brackenfield young offenders institution was jailed at Anytown Crown Court "
                 "for smuggling drugs to inmates.")
    assert out["facility"] == {"name": "Brackenfield young offenders institution", "kind": "uk_young_offender_institution"}


def test_new_zealand_prison_is_a_state_prison_of_new_zealand():
    out = labels("A Corrections officer appeared in Auckland District Court accused of carrying tobacco and cannabis "
                 "into Greyridge Prison for prisoners. Auckland police said he was paid.")
    assert out["jurisdiction"]["country"] == "NZ"
    assert out["facility"] == {"name": "Greyridge Prison", "kind": "state_prison"}


def test_australian_private_prison_and_state():
    out = labels("Serco sacked an officer at Wattlebrook Prison accused of carrying methamphetamine to prisoners. "
                 "The Corruption and Crime Commission in Perth, Western Australia, is investigating.")
    assert out["jurisdiction"]["country"] == "AU"
    assert out["jurisdiction"]["region"] == "Western Australia"
    assert out["facility"]["kind"] == "private_contract_facility"


def test_canadian_province_from_its_capital():
    out = labels("CHARLOTTETOWN — A provincial jail guard admitted taking cash to carry tobacco to prisoners. "
                 "The Crown prosecutor in Charlottetown asked for a jail term.")
    assert out["jurisdiction"]["country"] == "CA"
    assert out["jurisdiction"]["region"] == "Prince Edward Island"


def test_ireland_from_the_garda():
    out = labels("Gardai arrested a prison officer at Ashgrove prison after a search of his locker found cannabis "
                 "he meant to smuggle to prisoners.")
    assert out["jurisdiction"]["country"] == "IE"
    assert out["facility"]["kind"] == "state_prison"


def test_a_senators_party_state_is_not_the_region():
    out = labels("Sen. Jane Doe (D-Illinois) said a guard at FCI Anyplace in Sacramento sexually abused an inmate, "
                 "a federal grand jury charged.")
    assert out["jurisdiction"]["region"] == "California"


def test_excessive_force_from_assaulting_inmates():
    out = labels("A jury cleared three jailers of assaulting two detainees at the Anyname County Jail.")
    assert "excessive_force" in out["misconduct"]
    out = labels("The sergeant paid a fellow prisoner to attack the complainant at the Anyname County Jail.")
    assert "excessive_force" in out["misconduct"]


def test_sexually_assaulting_inmates_is_not_force():
    out = labels("A guard at the Anyname County Jail is accused of sexually assaulting inmates in his custody.")
    assert "sexual_abuse" in out["misconduct"]
    assert "excessive_force" not in out["misconduct"]


def test_statutes_cited_in_news_wording():
    out = labels("The deputy at the Anyname County Jail was booked on suspicion of violating California Penal Code "
                 "289.6(a)(2) with a detainee.")
    assert "California Penal Code 289.6(a)(2)" in out["statutes"]
    out = labels("Jane Roe, who worked at HMP Anytown, denies hitting a man in her care and attempting to pervert "
                 "the course of justice by writing a false report, Anytown Crown Court heard.")
    assert "attempting to pervert the course of justice" in out["statutes"]


def test_misconduct_in_office_is_common_law_abroad_but_not_in_the_us():
    au = labels("A former officer at Bluegum Correctional Centre in Sydney pleaded guilty to misconduct in office "
                "for sexual contact with prisoners.")
    assert au["statutes"] == ["misconduct in public office"]
    us = labels("Deputies arrested an Anyname County jail officer on counts of misconduct in office and of giving "
                "tobacco to an inmate, the sheriff's department in Columbia, South Carolina, said.")
    assert "misconduct in public office" not in us["statutes"]


def test_prison_named_before_the_officers_job():
    out = labels("A FERNDALE prison officer has been charged with bringing heroin to a prisoner, gardai said.")
    assert out["facility"]["name"].lower() == "ferndale prison"


def test_honest_services_fraud_is_bribery_not_fraud_other():
    out = labels("The former correctional officer at the Anyname County Jail admitted honest services mail fraud "
                 "for taking bribes to carry cigarettes to prisoners.")
    assert "bribery" in out["misconduct"]
    assert "fraud_other" not in out["misconduct"]


def test_contraband_across_a_hard_line_break_and_not_an_inmates_phone():
    out = labels("The jailer took bribes and carried a cellular\ntelephone and some tobacco to a prisoner at the "
                 "Anyname County Jail.")
    assert out["contraband"] == ["phone", "tobacco"]
    out = labels("The guard at the Anyname County Jail took bribes to smuggle tobacco into the jail, and a prisoner "
                 "set up each delivery using a cellphone.")
    assert out["contraband"] == ["tobacco"]


def test_a_class_b_offense_is_not_a_drug():
    out = labels("The officer at the Anyname County Jail faces a count of smuggling contraband into a jail, which is "
                 "a Class B offense under state law.")
    assert "drugs" not in out["contraband"]


def test_prisoner_transport_company_is_other():
    out = labels("A driver for a private prisoner transport firm was indicted for sexually assaulting a woman in his "
                 "custody while moving her between states.")
    assert out["facility"]["kind"] == "other"
