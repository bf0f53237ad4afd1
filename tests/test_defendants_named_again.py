"""A press release's defendants are the people its news is about: co-defendants of other cases named again near its
end are left out; names glued to a lost line break or a headline word are still read (invented names, real pipeline)."""

from __future__ import annotations

from tests.conftest import defendant_names as names, labels

RELEASE = {"source_kind": "us_federal_press_release"}
# Paragraphs of an invented release about one officer's sentencing, long enough that its last paragraph is its end.
MIDDLE = ("According to court documents, during a night shift in March 2019 Quillan struck a handcuffed inmate in the "
          "booking area of the county jail, where he knew there were no cameras, and then wrote a report that said the "
          "inmate had attacked him first. Quillan admitted that the inmate posed no threat to anyone. "
          "Officers who abuse the people in their custody betray the public trust, said the Special Agent in Charge of "
          "the local field office. Our office will continue to investigate every allegation of abuse in our jails. "
          "The sentence sends a clear message that no one is above the law, said the United States Attorney. ")


def test_a_co_defendant_who_pleaded_guilty_earlier_is_named_again_not_the_release_s_defendant():
    text = ("Osric Quillan, 44, a former detention officer at the Brackwater County Jail, was sentenced today to 30 "
            "months in prison for violating the civil rights of an inmate. " + MIDDLE +
            "Co-defendant Thaddeus Pimm, a former jail sergeant, pleaded guilty in May 2019 and is set to be "
            "sentenced in December.")
    got = names(text, "Former Brackwater County Detention Officer Sentenced for Assaulting Inmate", **RELEASE)
    assert got == ["Osric Quillan"]


def test_fellow_officers_awaiting_trial_at_the_end_are_left_out():
    text = ("Osric Quillan, 44, a former detention officer at the county jail, was sentenced today for assaulting an "
            "inmate. " + MIDDLE + "Fellow former detention officers Thaddeus Pimm, 29, and Wilma Sorrel, 31, were "
            "indicted by a federal grand jury in June 2019 and are awaiting trial.")
    got = names(text, "Former Detention Officer Sentenced for Civil Rights Violation", **RELEASE)
    assert got == ["Osric Quillan"]


def test_a_co_defendant_told_early_in_the_release_stays_a_defendant():
    # the same wording right after the lede: the release is about both
    text = ("Osric Quillan, 44, a former detention officer at the county jail, pleaded guilty today to obstruction of "
            "justice. Thaddeus Pimm, a former jail sergeant, previously pleaded guilty to assaulting the inmate and was "
            "sentenced on Jan. 8, 2019. " + MIDDLE)
    got = names(text, "Former Detention Officer Pleads Guilty to Obstruction", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_the_number_in_the_title_keeps_every_announced_defendant():
    text = ("Osric Quillan, 44, and Thaddeus Pimm, 39, former correctional officers at the state prison, were "
            "sentenced today. " + MIDDLE + "Pimm, who pleaded guilty in May 2019, received 24 months.")
    got = names(text, "Two Former Correctional Officers Sentenced for Beating Inmate", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_a_news_story_keeps_the_co_defendant_of_its_last_paragraph():
    # news names every accused officer of the story; only a press release is about one step of its own case
    text = ("Osric Quillan, 44, a former detention officer at the county jail, was sentenced Tuesday for assaulting an "
            "inmate. " + MIDDLE + "Another former officer at the jail, Thaddeus Pimm, pleaded guilty last month to "
            "a separate assault.")
    got = names(text, "Ex-jail officer sentenced for assault", source_kind="news_report")
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_a_name_run_into_the_headline_word_before_it_is_cut_from_that_word():
    text = ("Officer Allegedly Struck Inmates and Wrote False Reports to Hide the AbuseOsric Quillan, 51, of Anytown, a "
            "former sergeant at the county jail, was arraigned today on charges of using excessive force. Quillan worked "
            "at the jail for nine years. He is presumed innocent.")
    got = names(text, "Former Jail Sergeant Charged With Using Excessive Force", **RELEASE)
    # the tokenizer splits the glued word (annotate/pipeline.py GLUE_INFIXES): the whole name, not the word before it
    assert got == ["Osric Quillan"]


def test_a_list_whose_line_breaks_were_lost_keeps_every_name_glued_to_its_and():
    text = ("The following detention officers at the county jail were indicted today: Osric Quillan, 30, of Anytown; "
            "Thaddeus Pimm, 41, of Bayville; andWilma Sorrel, 29, of Anytown. Each faces up to ten years in prison.")
    got = names(text, "Three Detention Officers Indicted", **RELEASE)
    assert len(got) == 3 and got[:2] == ["Osric Quillan", "Thaddeus Pimm"] and got[2].endswith("Sorrel")


def test_a_suffix_without_its_full_stop_is_no_surname_and_the_age_after_it_counts():
    lab = labels("Osric Quillan, Jr, 52, a former correctional officer at the county jail, was sentenced today. "
                 "Quillan admitted that he struck an inmate.", "Former Officer Sentenced", **RELEASE)
    assert [(d["name"], d["age"]) for d in lab["defendants"]] == [("Osric Quillan, Jr", 52)]


def test_a_hometown_with_its_state_and_a_both_apposition_tie_names_to_the_case():
    got = names("Osric Q. Quillan, of Anytown, Georgia, a former correctional officer at the state prison, was "
                "sentenced today.", "Former Officer Sentenced", **RELEASE)
    assert got == ["Osric Q. Quillan"]
    got = names("Osric Quillan and Thaddeus Pimm, both former correctional officers at the prison, were sentenced "
                "today for beating an inmate.", "Two Former Officers Sentenced", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_title_count_reads_the_number_of_people_not_of_years():
    from annotate.defendants import DefendantFinder

    assert DefendantFinder.title_count("Former Jail Sergeant Sentenced to Eight Years in Prison") == 1
    assert DefendantFinder.title_count("Three Former Correctional Officers Indicted") == 3
    assert DefendantFinder.title_count("Sheriff and Deputy Charged in Jail Assault") is None


def test_a_late_co_defendant_sentenced_today_is_this_release_s_news():
    text = ("Osric Quillan, 44, a former detention officer at the county jail, was sentenced today for assaulting an "
            "inmate. " + MIDDLE + "Thaddeus Pimm, a former jail sergeant who pleaded guilty in May 2019, was also "
            "sentenced today, to 18 months in prison.")
    got = names(text, "Former Detention Officer Sentenced for Civil Rights Violation", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_an_officer_of_a_separate_case_told_at_the_end_is_left_out():
    text = ("Osric Quillan, 44, a former detention officer at the county jail, was sentenced today for assaulting an "
            "inmate. " + MIDDLE + "In a separate case, former jail officer Thaddeus Pimm was convicted in 2017 of "
            "beating a detainee.")
    got = names(text, "Former Detention Officer Sentenced for Civil Rights Violation", **RELEASE)
    assert got == ["Osric Quillan"]


def test_a_glued_name_written_again_on_its_own_keeps_its_full_form():
    text = ("The following detention officers at the county jail were indicted today:Osric Quillan, 30, of Anytown;"
            "Thaddeus Pimm, 41, of Bayville. According to the indictment, Thaddeus Pimm struck the inmate and Osric "
            "Quillan wrote a false report.")
    got = names(text, "Two Detention Officers Indicted", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_a_body_that_names_the_accused_by_surname_only_takes_the_full_name_from_the_title():
    text = ("A former jailer at the county detention center was sentenced today to 18 months in prison for assaulting "
            "an inmate. According to court documents, Quillan struck the handcuffed inmate. Quillan pleaded guilty in "
            "March. He admitted the assault.")
    assert names(text, "Jury Convicts Former Jailer Osric Quillan of Assaulting Inmate", **RELEASE) == ["Osric Quillan"]
    assert names(text, "Ex-Jailer Osric Quillan Gets 18 Months for Assaulting Inmate", **RELEASE) == ["Osric Quillan"]


def test_a_glued_name_said_once_is_read_from_its_surname_on():
    text = ("The following detention officers at the county jail were indicted today: Osric Quillan, 30, of Anytown;"
            "Thaddeus Royce Pimm II, 41, of Bayville. Each faces up to ten years in prison.")
    got = names(text, "Two Detention Officers Indicted", **RELEASE)
    # the tokenizer splits at the semicolon (annotate/pipeline.py GLUE_INFIXES): the whole name, suffix kept
    assert got == ["Osric Quillan", "Thaddeus Royce Pimm II"]


def test_a_list_after_its_verb_shares_the_verb_s_tie_and_a_semicolon_age_is_read():
    text = ("Nine people, including three correctional officers at the state prison, were charged today with smuggling "
            "drugs into the prison. Charged are: Osric Quillan, 30; Thaddeus Pimm, 41; and Wilma Sorrel, 29.")
    lab = labels(text, "Nine Charged in Prison Smuggling Scheme", **RELEASE)
    assert [(d["name"], d["age"]) for d in lab["defendants"]] == [("Osric Quillan", 30), ("Thaddeus Pimm", 41),
                                                                  ("Wilma Sorrel", 29)]
    got = names("Three correctional officers at the state prison were charged today. The officers indicted were: "
                "Osric Quillan, Thaddeus Pimm, and Wilma Sorrel.", "Three Officers Indicted", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]


def test_a_semicolon_age_alone_ties_no_one():
    # victims listed with their ages are not defendants because of the ages
    got = names("The families remembered those who died in the fire: Osric Quillan, 30; Thaddeus Pimm, 41; and "
                "Wilma Sorrel, 29.", "Families Remember Fire Victims", **RELEASE)
    assert got == []


def test_a_rank_inside_a_list_of_officers_keeps_the_list_together():
    got = names("Those charged include correctional officers Osric Quillan, Sgt. Thaddeus Pimm and Lt. Wilma Sorrel, "
                "who worked at the state prison.", "Three Officers Charged", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]
