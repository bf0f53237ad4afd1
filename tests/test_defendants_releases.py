"""Staff defendants' names in the wording of whole press releases (invented names and sentences, real pipeline)."""

from __future__ import annotations

from annotate.pipeline import annotate_records


def labels(text, title=""):
    return next(annotate_records([{"id": "t", "title": title, "text": text}]))["labels"]


def names(text, title=""):
    return [d["name"] for d in labels(text, title)["defendants"]]


def test_jr_suffix_stays_with_the_name_and_the_age_after_it_counts():
    lab = labels("Following trial, the jury found that in May 2010, Walter Quinby Hale Jr., 37, while employed as a "
                 "correctional officer at the county jail, assaulted an inmate.")
    assert [(d["name"], d["age"]) for d in lab["defendants"]] == [("Walter Quinby Hale Jr.", 37)]


def test_a_name_whose_apostrophe_was_lost_is_still_a_name():
    assert "Obed T. LFarrow" in names("The indictment charges former jail officer Carl Brenning and current jail "
                                      "Sergeant Obed T. LFarrow with assaulting inmates at the county jail.")


def test_plural_role_word_is_not_part_of_the_name():
    got = names("A jury determined Elda Varga, along with former jail Deputies Tomas Brill and Petra Olin, "
                "violated the civil rights of an inmate at the county jail. Brill and Olin will be sentenced in May.")
    assert "Tomas Brill" in got and "Petra Olin" in got
    assert not any(n.startswith("Deputies") for n in got)


def test_words_before_an_institution_name_are_not_a_person():
    got = names("A federal jury convicted Lake Harbor Reception Center Corrections Officers Aldo Fenn, 30, and "
                "Bruno Kask, 31, of assaulting inmates at the jail.")
    assert got == ["Aldo Fenn", "Bruno Kask"]


def test_a_titled_official_who_pleads_guilty_is_the_defendant():
    got = names("Deputy U.S. Marshal Corwin Abernathy pleaded guilty today to obstructing justice by tampering with a "
                "witness he was transporting from the county detention center. Abernathy agreed to resign.")
    assert got == ["Corwin Abernathy"]


def test_a_former_sheriff_with_an_age_is_a_defendant_and_his_relative_is_not():
    got = names("Former jail deputy Lionel Ashcombe, 45, pleaded guilty. Ashcombe, along with former Pinewood County "
                "Sheriff Roland P. Tilbury, 41, of Pinewood, and Tilbury's uncle, Gustav Merrow, 59, of Elmstead, were "
                "named in an indictment charging them with bribery over the county jail's contracts.")
    assert "Roland P. Tilbury" in got
    assert "Gustav Merrow" not in got


def test_an_investigator_tied_to_the_case_by_surname_is_the_defendant():
    got = names("A grand jury returned an indictment against R. Linus Okafor, a criminal investigator with the county "
                "sheriff's office, for assaulting a handcuffed man at the county jail. Okafor, 41, is charged with two "
                "counts of deprivation of rights.")
    assert got == ["R. Linus Okafor"]


def test_a_release_that_names_the_accused_by_surname_only():
    got = names("None Pendergast pleaded guilty on May 2 to violating the civil rights of an inmate in his custody. "
                "Pendergast, while working as a corrections officer, ordered an assault on another inmate.")
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
    assert names("Yesterday, Orrin Vale, a 12-year veteran of the Bureau of Prisons, was sentenced for smuggling "
                 "contraband into the prison.") == ["Orrin Vale"]


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
    got = names("A jury convicted 32-year-old Silas Varden of civil rights violations. Varden and another deputy jailer, "
                "Otto Brandt, assaulted an inmate at the county jail. Brandt testified at trial that he punched the "
                "inmate.")
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
