"""Defendants (names, roles, order) in the wording of news, UK police/CPS releases, court judgments and whole
DOJ releases. Every sentence here is constructed, with invented names and places."""

from __future__ import annotations

from annotate.pipeline import annotate_records
from tests.conftest import labels


def names(lab):
    return [d["name"] for d in lab["defendants"]]


def test_news_age_and_hometown_after_the_name():
    lab = labels("Prison officer Jane Doe-Smith, 28, from Anytown, smuggled phones to inmates at the county jail. "
                 "Doe-Smith, 28, of Spring Park admitted the charge on Friday.")
    assert names(lab) == ["Jane Doe-Smith"]
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_a_hometown_after_the_age_is_not_a_person():
    lab = labels("Mary Roe, 41, of Spring Park was charged with carrying heroin into the state prison where she cooked for inmates.")
    assert names(lab) == ["Mary Roe"]


def test_space_year_old_before_the_name():
    lab = labels("On Monday a judge sentenced 51 year-old John McAllister, a former registered nurse at the county jail, "
                 "to two years for selling pills to inmates.")
    assert names(lab) == ["John McAllister"]
    assert lab["defendants"][0]["role"] == "healthcare"


def test_acquitted_and_found_not_guilty_tie_the_name():
    lab = labels("After a two-day trial, jurors found Victor Lund not guilty of raping a woman held at the county jail, where he was a guard.")
    assert names(lab) == ["Victor Lund"]
    lab = labels("The panel acquitted Paul Simon Ferris of battery but convicted the jail deputy of lying about a beating in the county jail.")
    assert names(lab) == ["Paul Simon Ferris"]


def test_role_then_dash_then_a_list_of_names():
    lab = labels("Both of the county's jailers — Nora Beth Quinlan and Ruth Abbott — lost their jobs after an inquiry into "
                 "abuse of prisoners at the jail.")
    assert names(lab) == ["Nora Beth Quinlan", "Ruth Abbott"]
    assert {d["role"] for d in lab["defendants"]} == {"correctional_officer"}


def test_a_list_shares_the_tie_of_its_last_name():
    lab = labels("Three jailers lost their jobs at the county detention center this spring. Glen Parry, Irene Boyce "
                 "and Colin Marsh were convicted on Tuesday of beating a detainee.")
    assert names(lab) == ["Glen Parry", "Irene Boyce", "Colin Marsh"]
    assert all(d["role"] == "correctional_officer" for d in lab["defendants"])


def test_a_list_with_an_inmate_is_left_out():
    lab = labels("Correctional Officer Vera Lind, 31, was charged with helping two men walk out of the county jail. "
                 "Inmates Tom Pike, 22, of Elm Grove, Ky., and Ralph Lind, 35, were recaptured and charged.")
    assert names(lab) == ["Vera Lind"]


def test_a_victim_apposition_is_left_out():
    lab = labels("Prosecutors said Hugo Brandt, 45, a jailer at the county detention center, kicked Ian Frost, 29, a "
                 "shackled detainee, in a holding cell. Brandt was sentenced to four years.")
    assert names(lab) == ["Hugo Brandt"]


def test_a_police_spokeswoman_with_officer_title_is_not_the_defendant():
    lab = labels("A jail deputy was suspended on Monday and accused of groping a woman held at the county jail. "
                 "Officer Edna Moss, police spokeswoman, said the inquiry would take weeks.")
    assert names(lab) == [None]
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_a_quoted_official_with_only_a_role_before_the_name_is_left_out():
    lab = labels("Two guards at the county prison were charged with taking bribes from an inmate. "
                 "At a briefing, regional prison manager Felix Crane spoke of new scanners at the gate. "
                 "Crane said searches of staff would increase.")
    assert "Felix Crane" not in names(lab)


def test_a_quoted_defendant_tied_elsewhere_is_kept():
    lab = labels("\"I regret every day of it,\" Martha Greer said outside the courthouse after her hearing about the federal prison. "
                 "Greer, 58, sold cigarettes to inmates for three years while she was a guard.")
    assert names(lab) == ["Martha Greer"]


def test_unnamed_officer_in_the_lede_with_a_uk_verb():
    lab = labels("Prosecutors will seek a retrial of a prison officer after appeal judges quashed the verdict against him. "
                 "He had sold stories about inmates at a Midlands jail.")
    assert len(lab["defendants"]) == 1
    assert lab["defendants"][0]["name"] is None
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_several_unnamed_guards_in_the_lede():
    lab = labels("Police said three prison guards were charged on Monday over mobile phones found in cells at the jail. "
                 "None of the three can be named for legal reasons.")
    assert [d["role"] for d in lab["defendants"]] == ["correctional_officer"]
    assert names(lab) == [None]


def test_an_assaulted_officer_is_not_an_unnamed_defendant():
    lab = labels("An inmate was charged after he assaulted a prison officer at the county jail.")
    assert lab["defendants"] == []


def test_generic_unnamed_staff_takes_the_later_specific_role():
    lab = labels("A prison employee was arrested after vapes were found in her bag at the gate of the state prison. "
                 "The 30-year-old guard was later released on bail.")
    assert [d["role"] for d in lab["defendants"]] == ["correctional_officer"]


def test_unnamed_lede_then_a_name_opening_the_next_sentence():
    lab = labels("A jail detention officer was charged on Tuesday with passing tobacco to an inmate. "
                 "Maureen Tate appeared briefly in court with her lawyer.")
    assert names(lab) == ["Maureen Tate"]
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_court_judgment_case_name_and_defendant_appellant():
    lab = labels("Defendant-appellant, Ronald Vick, challenges the sufficiency of the evidence. At trial the State showed "
                 "that he was a corrections officer at the county jail when he coerced an inmate.",
                 title="State v. Vick")
    assert names(lab) == ["Ronald Vick"]
    lab = labels("The applicant seeks leave to appeal her sentence for misconduct in a public office, committed while she "
                 "visited prisoners at a prison as a volunteer.", title="R v Agnes Clara Penrose [2011] EWCA Crim 9876")
    assert names(lab) == ["Agnes Clara Penrose"]


def test_deputy_sheriff_is_staff_not_the_sheriff():
    lab = labels("According to the charges, former Deputy Sheriff Lyle K. Dunmore choked a man in the booking room of the county jail.")
    assert names(lab) == ["Lyle K. Dunmore"]
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_ranks_in_front_of_names_give_roles_and_are_not_names():
    lab = labels("Four jail officers were charged on Friday. Prosecutors say Captain Oliver Grange, Corporal Sam Orton, "
                 "Deputy Ada Hollis and Deputy Rosa Kemp ignored a detainee's calls for help.")
    assert names(lab) == ["Oliver Grange", "Sam Orton", "Ada Hollis", "Rosa Kemp"]
    assert lab["defendants"][0]["role"] == "supervisor"
    assert {d["role"] for d in lab["defendants"][1:]} == {"correctional_officer"}


def test_joined_paragraphs_and_hyphenated_initial_names():
    lab = labels("Three detention center officers were charged over a fight in the jail yard.Neil Ashby, 29, "
                 "Owen Cole, 31, and Su-A Marten, 40, appeared in court on Monday.")
    assert names(lab) == ["Neil Ashby", "Owen Cole", "Su-A Marten"]


def test_the_fullest_form_of_a_name_is_kept():
    lab = labels("Former prison guard Hector Mallin, 61, was refused bail while he awaits trial over assaults on inmates at "
                 "the correctional centre. Hector James Mallin denies the charges.")
    assert names(lab) == ["Hector James Mallin"]


def test_a_fraud_release_gives_no_custody_role():
    lab = labels("Basil Ormond, 59, of Maple Ridge, a dentist, was sentenced to 30 months in prison for billing fraud.")
    assert names(lab) == ["Basil Ormond"]
    assert lab["defendants"][0]["role"] is None
    assert lab["relevant"] is False


def test_deputy_of_another_office_is_no_role():
    lab = labels("John Tanner, 40, a tax preparer, was sentenced to 36 months in prison for filing false returns at the "
                 "county jail's office, said Acting Deputy Assistant Attorney General Jane Poe.")
    assert all(d["role"] != "correctional_officer" for d in lab["defendants"])


def test_lede_role_goes_to_the_principal_and_prefers_the_body():
    lab = labels("A deputy warden at the state penitentiary has admitted beating a prisoner in his cell. "
                 "Dexter Fane, 47, pleaded guilty on Tuesday in federal court.",
                 title="Corrections officer admits beating prisoner")
    assert names(lab) == ["Dexter Fane"]
    assert lab["defendants"][0]["role"] == "supervisor"


def test_running_twice_gives_the_same_defendants():
    rec = {"id": "t", "title": "", "text": "Both jailers — Nora Quinlan and Ruth Abbott — were fired for abusing inmates at the jail."}
    first = next(annotate_records([rec]))["labels"]["defendants"]
    second = next(annotate_records([rec]))["labels"]["defendants"]
    assert first == second


def test_abbreviation_between_role_and_names_and_commas_in_the_apposition():
    lab = labels("Prosecutors announced charges against Correction Officers (COs) Greta Lowe and Marco Vidal-Ruiz for beating "
                 "an inmate at the federal prison.")
    assert names(lab) == ["Greta Lowe", "Marco Vidal-Ruiz"]
    lab = labels("Arthur Penn, a Any County, Texas, Corrections Officer, was charged with kicking detainees at the county jail.")
    assert names(lab) == ["Arthur Penn"]
    assert lab["defendants"][0]["role"] == "correctional_officer"


def test_o_apostrophe_name_after_a_quoted_sheriff():
    lab = labels("A detention officer at the county jail was arrested after deputies found pills in her locker. Sheriff Lee Barrow "
                 "said the officer, Tessa J. O'Hare, 26, had worked at the jail since 2019.")
    assert names(lab) == ["Tessa J. O'Hare"]
    assert lab["defendants"][0]["age"] == 26


def test_the_unnamed_guard():
    lab = labels("The guard, who has not been named, was arrested on suspicion of misconduct in public office at HMP Anyton "
                 "after a search of the wing.")
    assert [(d["name"], d["role"]) for d in lab["defendants"]] == [(None, "correctional_officer")]


def test_uk_aged_and_from():
    lab = labels("Former prison officer Lisa Moorcroft, aged 34, from Anyton, was jailed at Anyton Crown Court for a relationship "
                 "with a prisoner at HMP Anyton.", title="Prison officer jailed")
    assert [(d["name"], d["age"], d["role"]) for d in lab["defendants"]] == [("Lisa Moorcroft", 34, "correctional_officer")]
