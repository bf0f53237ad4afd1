"""Staff defendants' names in the wording of whole press releases (invented names and sentences, real pipeline)."""

from __future__ import annotations

from tests.conftest import defendant_names as names, labels


def test_jr_suffix_stays_with_the_name_and_the_age_after_it_counts():
    lab = labels("Jurors heard that on a night shift in 2010 Walter Quinby Hale Jr., 37, then a guard at the county "
                 "jail, kicked a restrained prisoner.")
    assert [(d["name"], d["age"]) for d in lab["defendants"]] == [("Walter Quinby Hale Jr.", 37)]


def test_a_name_whose_apostrophe_was_lost_is_still_a_name():
    assert "Obed T. LFarrow" in names("Prosecutors say jail officer Carl Brenning and jail Sergeant Obed T. LFarrow "
                                      "beat two prisoners in a holding cell, and both now face federal charges.")


def test_plural_role_word_is_not_part_of_the_name():
    got = names("Elda Varga was convicted last week. Jail Deputies Tomas Brill and Petra Olin, who beat the same "
                "prisoner with her, await sentencing at the county jail. Brill and Olin will be sentenced in May.")
    assert "Tomas Brill" in got and "Petra Olin" in got
    assert not any(n.startswith("Deputies") for n in got)


def test_words_before_an_institution_name_are_not_a_person():
    got = names("Jurors found Lake Harbor Reception Center Corrections Officers Aldo Fenn, 30, and Bruno Kask, 31, "
                "guilty of beating prisoners at the jail.")
    assert got == ["Aldo Fenn", "Bruno Kask"]


def test_a_titled_official_who_pleads_guilty_is_the_defendant():
    got = names("Deputy U.S. Marshal Corwin Abernathy pleaded guilty on Friday to threatening a detainee he was "
                "driving to the county detention center. Abernathy will lose his job.")
    assert got == ["Corwin Abernathy"]


def test_a_former_sheriff_with_an_age_is_a_defendant_and_his_relative_is_not():
    got = names("Former jail deputy Lionel Ashcombe, 45, admitted taking kickbacks. Also accused are former Pinewood "
                "County Sheriff Roland P. Tilbury, 41, who ran the jail, and Tilbury's uncle, Gustav Merrow, 59, a "
                "vending supplier.")
    assert "Roland P. Tilbury" in got
    assert "Gustav Merrow" not in got


def test_an_investigator_tied_to_the_case_by_surname_is_the_defendant():
    got = names("Jurors in Anytown returned an indictment against R. Linus Okafor, a criminal investigator with the "
                "county sheriff's office, who is accused of punching a shackled prisoner in the jail's booking room. "
                "Okafor, 41, is charged with one count.")
    assert got == ["R. Linus Okafor"]


def test_a_release_that_names_the_accused_by_surname_only():
    got = names("None Pendergast pleaded guilty on May 2. The jail guard let two prisoners beat a third one, and "
                "Pendergast then wrote that he saw nothing.")
    assert got == ["Pendergast"]


def test_a_name_given_in_the_headline_only():
    lab = labels("None The defendant admitted striking the inmate at the federal prison. Quillan faces up to ten years "
                 "when he is sentenced.",
                 title="Former Prison Guard Mateo Quillan Pleads Guilty to Assaulting Inmate")
    assert [(d["name"], d["role"]) for d in lab["defendants"]] == [("Mateo Quillan", "correctional_officer")]


def test_a_compound_surname_alone_is_the_same_person():
    got = names("Former jail officer Ramon De Soto Vargas, 50, was sentenced today. De Soto Vargas admitted that he "
                "took bribes from inmates at the county jail.")
    assert got == ["Ramon De Soto Vargas"]


def test_surname_particles_join_the_name():
    assert names("Lucia de la Vega, 34, a former correctional officer at the federal prison, pleaded guilty to "
                 "smuggling drugs.") == ["Lucia de la Vega"]


def test_formerly_and_a_descriptive_apposition_tie_the_name():
    assert names("Hester Caine, formerly a correctional officer at the prison, pleaded guilty to sexual abuse of a "
                 "ward.") == ["Hester Caine"]
    assert names("Yesterday, Orrin Vale, a long-serving member of the prison's night staff, was sentenced for "
                 "bringing heroin to prisoners.") == ["Orrin Vale"]


def test_a_victim_named_after_a_comma_is_left_out():
    got = names("The officer struck the inmate, Cyrus Pell, 25, in the face. Former jailer Amos Thorne, 40, was "
                "sentenced today.")
    assert got == ["Amos Thorne"]


def test_a_list_excludes_only_the_outsider_in_it():
    got = names("Former correctional officer Dorian Fisk, 35, and Melba Crane, 28, the girlfriend of an inmate, were "
                "charged with smuggling drugs into the prison.")
    assert got == ["Dorian Fisk"]


def test_a_list_of_inmates_by_a_plural_apposition_is_left_out():
    got = names("Former jail officer Dorian Fisk was sentenced. Also charged were Abel Rusk, 25, and Morris Tate, 30, "
                "who are inmates at the jail.")
    assert got == ["Dorian Fisk"]


def test_more_staff_jobs_in_an_apposition_tie_the_name():
    lab = labels("Nadia Orlov, a former case manager at the federal prison, pleaded guilty to sexual abuse of a ward.")
    assert [(d["name"], d["role"]) for d in lab["defendants"]] == [("Nadia Orlov", "administrative")]
    lab = labels("Today Emil Sarto, a psychologist at the federal prison, admitted that he abused an inmate in his office.")
    assert [(d["name"], d["role"]) for d in lab["defendants"]] == [("Emil Sarto", "healthcare")]


def test_a_project_manager_in_a_report_byline_is_no_defendant():
    lab = labels("This report was written by Vera Holm, PhD, and Ines Kolar, statisticians. Ines Kolar, under the "
                 "supervision of Vera Holm, was the project manager for the survey of inmates.")
    assert lab["defendants"] == []


def test_the_headline_name_joins_a_body_that_names_another_defendant():
    got = names("None Judge Alma Reyes also sentenced Boris Tamm, 30, a former jail officer, to 12 months. Kessler admitted "
                "that he struck the inmate and that he wrote a false report.",
                title="Former Jailer Viktor Kessler Sentenced for Assaulting Inmate")
    assert set(got) == {"Boris Tamm", "Viktor Kessler"}


def test_an_inmate_named_in_the_headline_is_left_out():
    got = names("None The inmate admitted that he struck the officer. Fenwick was sentenced to five more years.",
                title="Inmate Carl Fenwick Sentenced for Assaulting Jail Officer")
    assert got == []


def test_a_fellow_officer_who_testified_is_a_witness_not_a_defendant():
    got = names("Silas Varden, 32, a county jail guard, was found guilty on Monday. Varden's fellow guard, Otto Brandt, "
                "saw the beating. Brandt testified that Varden threw the first punch.")
    assert got == ["Silas Varden"]


def test_an_outsider_described_by_a_non_custody_apposition_is_left_out():
    got = names("Former correctional officer Dorian Fisk was sentenced. Walt Brandeis, a local businessman, pleaded "
                "guilty to bribing Fisk to smuggle phones into the prison.")
    assert got == ["Dorian Fisk"]


def test_an_untied_full_name_whose_surname_is_tied_later_is_the_defendant():
    got = names("A former officer at the federal prison was sentenced today. According to court documents, Marta Koenig "
                "worked at the prison from 2010 to 2014 and engaged in sexual acts with an inmate. Koenig pleaded guilty "
                "in May.")
    assert got == ["Marta Koenig"]


def test_an_untied_outsider_next_to_a_named_officer_stays_out():
    got = names("Former jail officer Dorian Fisk was sentenced. According to the indictment, Walt Brandeis delivered the "
                "drugs to Fisk in a parking lot. Brandeis was sentenced last month.")
    assert got == ["Dorian Fisk"]
