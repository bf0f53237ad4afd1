"""Each component on real sentences from the dev documents, including the tricky ones."""

from __future__ import annotations

import pytest

from annotate.outcome import find_custody, number
from annotate.statutes import StatuteFinder
from tests.conftest import labels


def test_a_quoted_official_is_not_a_defendant():
    lab = labels("Jacob Salcido, 40, of Lexington, pleaded guilty to sexual abuse of a ward while employed as a "
                 "correctional officer at the Federal Medical Center in Lexington. “Salcido sexually abused three inmates "
                 "in his custody,” said Inspector General Michael E. Horowitz.")
    assert [d["name"] for d in lab["defendants"]] == ["Jacob Salcido"]


def test_two_defendants_with_different_roles():
    lab = labels("A federal jury convicted the jail’s former Chief of Corrections, Donald R. Wilson, and former "
                 "supervisory corrections officer Stanley Hawkins of violating the civil rights of an inmate at the White County Jail.")
    names = {d["name"] for d in lab["defendants"]}
    assert "Stanley Hawkins" in names
    assert {d["role"] for d in lab["defendants"]} == {"supervisor"}


def test_victim_pronoun_is_not_the_officers():
    lab = labels("Sylvester Bruce, 44, a former corrections officer with the Shiprock Detention Center, pleaded guilty "
                 "to the sexual abuse of an inmate. Bruce pleaded guilty to violating the civil rights of the victim when "
                 "he touched her breasts against her will.")
    assert lab["defendants"][0]["gender"] == "male"
    assert lab["inmate_gender"] == "female" and lab["gender_dynamic"] == "male_staff_female_inmate"


def test_female_officer_male_inmates():
    lab = labels("Tiffany Cook, a former Georgia Department of Corrections officer, pleaded guilty to being paid by a "
                 "prison inmate to smuggle methamphetamine and marijuana into Hays State Prison. Hays State Prison "
                 "currently holds approximately 1,680 male prisoners. Cook violated the oath of office she swore to uphold.")
    assert lab["defendants"][0]["gender"] == "female" and lab["inmate_gender"] == "male"
    assert set(lab["misconduct"]) == {"bribery", "contraband_smuggling"} and lab["contraband"] == ["drugs"]
    assert lab["facility"] == {"name": "Hays State Prison", "kind": "state_prison"}


@pytest.mark.parametrize("sentence, months, months_max", [
    ("A Kentucky man was sentenced today to 100 months in prison followed by a lifetime of supervised release.", 100, None),
    ("Clinton County Court Judge Kevin Ryan sentenced her to 2 1/3 to 7 years in prison on the contraband count.", 28, 84),
    ("A former prison officer has been jailed for a total of five years, four months today.", 64, None),
    ("He was sentenced to eight years and six months in prison.", 102, None),
    ("She was sentenced to a year and a day in prison.", 12, None),
    ("He was sentenced to 12 months and one day in federal prison.", 12, None),
    ("He was sentenced to 30 days in jail.", 1, None),
    ("He was sentenced to six weeks in custody.", 1, None),
    ("The officer was jailed for 15 months at Leicester Crown Court.", 15, None),
    ("He faces a maximum of 15 years in prison when sentenced.", None, None),
])
def test_custodial_terms_in_every_form(sentence, months, months_max):
    got, got_max, _, _, _ = find_custody(sentence)
    assert (got, got_max) == (months, months_max)


def test_suspended_sentence():
    lab = labels("A former prison officer who had a relationship with an inmate at HMP Wandsworth was sentenced to "
                 "six months, suspended for 24 months, at Kingston Crown Court for misconduct in public office.")
    assert lab["outcome"]["custody_months"] == 6 and lab["outcome"]["suspended"] is True
    assert lab["statutes"] == ["misconduct in public office"]
    assert lab["jurisdiction"]["country"] == "UK" and lab["facility"]["kind"] == "uk_prison"


def test_life_term_has_no_months_and_says_so():
    lab = labels("The former jailer was sentenced to life in prison for the murder of an inmate at the county jail.")
    assert lab["outcome"]["custody_months"] is None and "life in prison" in lab["evidence"]["outcome"]


def test_numbers_in_words():
    assert number("eight") == 8 and number("twenty-four") == 24 and number("2 1/3") * 3 == 7


# Statute regression table: what the text says -> what we store
STATUTES = [
    ("in violation of 18 U.S.C. § 2243(b)", ["18 U.S.C. § 2243(b)"]),
    ("See 18 U.S.C. §§ 2241, 2243, and 2244.", ["18 U.S.C. § 2241", "18 U.S.C. § 2243", "18 U.S.C. § 2244"]),
    ("See 18 U.S.C. § 2243-44.", ["18 U.S.C. § 2243", "18 U.S.C. § 2244"]),
    ("bribery, in violation of 18 U.S.C. 201(b)(2)(C)", ["18 U.S.C. § 201(b)(2)(C)"]),
    ("a violation of Title 18, United States Code, Section 242", ["18 U.S.C. § 242"]),
    ("charged under O.C.G.A. § 42-5-18", ["O.C.G.A. § 42-5-18"]),
    ("promoting prison contraband, Penal Law § 205.25", ["Penal Law § 205.25"]),
    ("pleaded guilty to misconduct in a public office", ["misconduct in public office"]),
    ("contrary to section 40B of the Prison Act 1952", ["Prison Act 1952, s. 40B"]),
    ("three counts of sexual abuse of a ward", []),
]


@pytest.mark.parametrize("text, expected", STATUTES)
def test_statute_regression_table(text, expected):
    found = StatuteFinder(use_eyecite=True).find(text)
    got = []
    for _, _, s in found:
        if s not in got:
            got.append(s)
    assert got == expected


# Real sentences from the shipped corpus (tests/gold/project.jsonl), one per rule added after reading its misses.

def test_her_majestys_service_is_not_the_officers_pronoun():
    lab = labels("The jailing of 31-year-old Phillip Meadows followed a joint investigation between North West Regional "
                 "Organised Crime Unit (NWROCU), and Her Majesty’s Prison and Probation Service. Meadows was subsequently "
                 "charged with possession with intent to supply Class A and B drugs. He pleaded guilty in court.")
    assert lab["defendants"][0]["gender"] == "male"


def test_an_escape_nobody_helped_is_not_escape_assistance():
    text = ("The introduction of contraband can pose grave dangers to BOP staff and inmates. An inmate with a cell phone "
            "can carry out criminal activities undetected and coordinate escape attempts.")
    assert "escape_assistance" not in labels(text)["misconduct"]
    helped = labels("Prison worker Joyce Mitchell pleaded guilty to smuggling hacksaw blades to help two inmates escape "
                    "from the Clinton Correctional Facility.")
    assert "escape_assistance" in helped["misconduct"]


def test_the_investigators_field_office_is_not_the_region():
    lab = labels("An investigation by the OIG’s Chicago Field Office determined that a BOP correctional officer assigned "
                 "to the Federal Medical Center in Lexington, Kentucky, had engaged in sexual acts with two female inmates "
                 "under his supervision. The officer was prosecuted.", publisher="U.S. Department of Justice, Office of the Inspector General",
                 source_kind="government_report")
    assert lab["jurisdiction"]["region"] == "Kentucky"


def test_an_example_case_in_a_report_has_an_unnamed_defendant_and_its_own_stage():
    lab = labels("At the close of the reporting period, the OIG had 187 open cases of alleged misconduct against BOP "
                 "employees. An investigation determined that a BOP correctional officer assigned to the Federal Medical "
                 "Center in Lexington, Kentucky, had engaged in sexual acts with two female inmates under his supervision. "
                 "The officer was prosecuted, and a superseding indictment included charges of false statements.",
                 publisher="U.S. Department of Justice, Office of the Inspector General", source_kind="government_report")
    assert lab["defendants"] == [{"name": None, "age": None, "gender": "male", "role": "correctional_officer"}]
    assert lab["stage"] == "charged" and lab["gender_dynamic"] == "male_staff_female_inmate"


def test_statistics_over_every_system_have_no_facility_kind():
    lab = labels("In 2011, correctional administrators reported 8,763 allegations of sexual victimization in prisons, "
                 "jails, and other adult correctional facilities. About half involved staff sexual misconduct or sexual "
                 "harassment directed toward inmates.", source_kind="government_report")
    assert lab["facility"]["kind"] is None and lab["relevant"] is True


def test_a_curriculum_is_not_a_case():
    lab = labels("A curriculum to address the needs of those who investigate allegations of staff sexual misconduct "
                 "with inmates is presented, with lesson plans on institutional culture and staff/inmate dynamics in prisons.",
                 source_kind="government_report")
    assert lab["relevant"] is False
