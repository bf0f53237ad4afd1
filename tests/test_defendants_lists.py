"""Lists of defendants in releases about several staff members: squad members named in a row, surnames listed with
their terms, a list tied by one member's surname, a word glued to a surname, inmates and victims kept out, and
related officers named again (invented names, constructed sentences, real pipeline)."""

from __future__ import annotations

from tests.conftest import defendant_names as names, labels

RELEASE = {"source_kind": "us_federal_press_release"}
# Paragraphs of an invented release, long enough that its last paragraph is its end.
MIDDLE = ("According to court documents, during a night shift in March 2019 the officers struck handcuffed inmates in "
          "the intake area of the prison, where they knew there were no cameras, and then wrote reports that said the "
          "inmates had attacked them first. Officers who abuse the people in their custody betray the public trust, "
          "said the Special Agent in Charge of the local field office. Our office will continue to investigate every "
          "allegation of abuse in our prisons. The sentences send a clear message that no one is above the law, said "
          "the United States Attorney. ")


def test_squad_members_named_by_the_squad_s_initials_are_all_defendants():
    text = ("A federal grand jury indicted six officers of the Brackwater State Prison. The indictment alleges that "
            "former SORT members Osric Quillan, Thaddeus Pimm, Wilma Sorrel and Edwin Harrow conspired to assault "
            "inmates and to cover up the assaults.")
    got = names(text, "Six Brackwater State Prison Officers Indicted")
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel", "Edwin Harrow"]


def test_a_member_of_the_prison_s_response_team_is_a_defendant():
    text = ("Osric Quillan, a former member of the Special Response Team at the Brackwater State Prison, admitted "
            "today that he lied to investigators.")
    got = names(text, "Former Prison Officer Pleads Guilty")
    assert got == ["Osric Quillan"]


def test_surnames_listed_with_their_terms_after_sentenced_are_defendants():
    text = ("On Monday the judge sentenced the officers found guilty at trial as follows: Quillan, 84 months; Pimm, "
            "66 months; and Sorrel, 57 months. The three were members of the prison's response team.")
    got = names(text, "Three Former Prison Officers Sentenced")
    assert got == ["Quillan", "Pimm", "Sorrel"]


def test_a_list_is_tied_by_one_member_s_surname_sentenced_later():
    text = ("Prosecutors said that Osric Quillan, Thaddeus Pimm and Wilma Sorrel, three former guards at the "
            "Brackwater State Prison, appeared in court today. Pimm was sentenced to eleven months for his part. "
            "Judge Ann Bell is presiding over the case.")
    got = names(text, "Former Prison Officers in Court")
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]


def test_a_word_glued_to_the_last_surname_of_a_list_is_not_part_of_the_name():
    # a lost dash: "Sorrelfour" is "Sorrel" and "four"
    text = ("Prosecutors said that Osric Quillan, Thaddeus Pimm, Edwin Harrow and Wilma Sorrelfour former guards at "
            "the Brackwater State Prison were sentenced today. Quillan was sentenced to 14 months. Sorrel was "
            "sentenced to five months.")
    got = names(text, "Four Former Prison Officers Sentenced")
    assert "Wilma Sorrelfour" not in got and "Sorrel" in got
    assert got[:3] == ["Osric Quillan", "Thaddeus Pimm", "Edwin Harrow"]


def test_alleges_that_ties_the_name_after_a_date_or_a_rank():
    text = ("A federal grand jury returned an indictment against a border agent. The indictment alleges that on June "
            "3, 2018, Osric Quillan struck a detainee at the processing facility. It further alleges that Lt. "
            "Thaddeus Pimm, who ran the night shift, destroyed the video.")
    got = names(text, "Border Agent Indicted for Assaulting Detainee")
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_another_former_officer_and_a_possessive_without_its_apostrophe_tie_the_name():
    text = ("Osric Quillan, a former officer at the county jail, was sentenced today for assaulting an inmate. "
            "Thaddeus Pimm, another former officer at the jail, pleaded guilty to writing a false report. "
            "Wilma Sorrel, Mr. Quillans former sergeant on the night shift, pleaded guilty to obstruction.")
    got = names(text, "Former Jail Officers Sentenced")
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]


def test_an_inmate_with_an_age_and_a_trusty_are_not_defendants_anywhere():
    text = ("Osric Quillan, 41, a former officer at the Brackwater prison, pleaded guilty today. The charges stem from an "
            "incident when the inmate, 19-year-old Edwin Harrow, needed stitches after a fight in the yard. Later that "
            "day 19-year-old Edwin Harrow was taken to a clinic. Former inmate-trustee Thaddeus Pimm was sentenced to "
            "a year in prison for his part in the fight.")
    got = names(text, "Former Prison Officer Pleads Guilty")
    assert got == ["Osric Quillan"]


def test_two_other_officers_named_late_in_a_release_are_named_again():
    text = ("Osric Quillan, 34, and Thaddeus Pimm, 29, former officers at the Brackwater prison, pleaded guilty today "
            "to assaulting an inmate and covering it up. " + MIDDLE +
            "Two other officers, Wilma Sorrel, 36, and Edwin Harrow, 52, have admitted their part in the assault.")
    got = names(text, "Prison Officers Plead Guilty to Inmate Assault", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_an_additional_deputy_pending_trial_is_named_again():
    text = ("Osric Quillan, 51, the former warden of the county jail, was sentenced today to 30 months in prison for "
            "violating the civil rights of a detainee. " + MIDDLE +
            "An additional guard, former Captain Thaddeus Pimm, faces trial in June.")
    got = names(text, "Former Jail Warden Sentenced", **RELEASE)
    assert got == ["Osric Quillan"]


def test_another_officer_told_as_a_separate_case_is_named_again_even_early():
    text = ("A jury convicted Osric Quillan, 41, a former deputy jailer at the county jail, today of assaulting an "
            "inmate. According to testimony, Quillan and another deputy jailer, Thaddeus Pimm, kicked the man on the "
            "floor of his cell. " + MIDDLE + "Pimm admitted a separate assault at the jail and awaits his sentence.")
    got = names(text, "Former Deputy Jailer Convicted of Assaulting Inmate", **RELEASE)
    assert got == ["Osric Quillan"]


def test_another_officer_of_the_same_assault_stays_a_defendant():
    # the same wording without a case of his own: the co-defendant of this release's case
    text = ("A jury convicted Osric Quillan, 41, a former deputy jailer at the county jail, today of assaulting an "
            "inmate. According to testimony, Quillan and another deputy jailer, Thaddeus Pimm, kicked the man on the "
            "floor of his cell. " + MIDDLE + "Pimm, who was charged along with Quillan, pleaded guilty before the trial.")
    got = names(text, "Former Deputy Jailers Convicted of Assaulting Inmate", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm"]


def test_another_officer_who_also_pleaded_guilty_is_named_again():
    text = ("Osric Quillan, 33, Edwin Harrow, 47, and Wilma Sorrel, 29, former officers at the state prison, were "
            "sentenced today for abusing an inmate and covering it up. Another former guard, Thaddeus Pimm, has also "
            "pleaded guilty, to lying in a use-of-force report. " + MIDDLE)
    got = names(text, "Three Former Prison Officers Sentenced for Abusing an Inmate", **RELEASE)
    assert got == ["Osric Quillan", "Edwin Harrow", "Wilma Sorrel"]


def test_a_named_again_cue_of_the_next_person_does_not_drop_the_list_before_it():
    # the sentence splitter keeps "beat A.B. Edwin Harrow" together: "previously" is Harrow's, not Pimm's and Sorrel's
    text = ("Osric Quillan, 51, a former lieutenant at the state prison, and Ada Vance, 38, a former officer there, "
            "were indicted today for assaulting an inmate. " + MIDDLE +
            "Two former officers, Thaddeus Pimm and Wilma Sorrel, admitted this week that they helped beat A.B. "
            "Edwin Harrow, a former officer at the prison, previously admitted hiding the beating.")
    got = names(text, "Indictment Charges Two Former Prison Officers With Assault", **RELEASE)
    assert got == ["Osric Quillan", "Ada Vance", "Thaddeus Pimm", "Wilma Sorrel"]


def test_a_list_of_lines_under_a_staff_header_and_an_inmate_header():
    # each item a line "Name, age, of Town" (lines like these read as headlines unless seen as list items)
    text = ("A federal grand jury indicted five people in a scheme to smuggle drugs into the state prison.\n"
            "The following correctional officers were charged:\n"
            "Osric Quillan, 32, of Anytown\n"
            "Thaddeus Pimm, 45, of Spring Park\n"
            "Wilma Sorrel, 29, of Hill Top\n"
            "The following inmates were charged:\n"
            "Edwin Harrow, 25\n"
            "Ada Vance, 30\n"
            "Each defendant faces up to 20 years in prison.")
    got = names(text, "Five Charged in Prison Smuggling Scheme", **RELEASE)
    assert got == ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]


def test_staff_and_other_people_of_one_scheme_only_the_staff_are_defendants():
    cases = [
        ("Five Charged in Prison Bribery Scheme",
         "The defendants include three former officers at the prison, Osric Quillan, Wilma Sorrel and Thaddeus Pimm, "
         "and two inmates, Edwin Harrow and Ada Vance. All five were indicted on bribery charges.",
         ["Osric Quillan", "Wilma Sorrel", "Thaddeus Pimm"]),
        ("Three Charged in Prison Smuggling",
         "Osric Quillan, 32, of Anytown, a correctional officer at the prison; Wilma Sorrel, 41, of Spring Park, the "
         "girlfriend of an inmate; and Edwin Harrow, 25, an inmate at the prison, were charged with conspiracy.",
         ["Osric Quillan"]),
        ("Officers and Inmates Charged",
         "A federal grand jury returned an indictment charging the following:\nOsric Quillan, 32, a correctional "
         "officer\nEdwin Harrow, 25, an inmate\nWilma Sorrel, 41, a correctional officer\nAda Vance, 30, a civilian",
         ["Osric Quillan", "Wilma Sorrel"]),
        ("Two Officers Charged",
         "Correctional officers Osric Quillan, 32, and Wilma Sorrel, 41, were charged with accepting bribes to smuggle "
         "phones into the prison. Also charged were Mark Lowe, 44, and Ben Cole, 50, who allegedly paid the officers.",
         ["Osric Quillan", "Wilma Sorrel"]),
        ("Gang Members and Officer Charged",
         "Twelve members of a prison gang and a corrections officer were charged today. The officer, Osric Quillan, 32, "
         "of Anytown, is accused of smuggling drugs for the gang. The gang members charged are Edwin Harrow, 25; Mark "
         "Lowe, 31; and Ben Cole, 29.",
         ["Osric Quillan"]),
        ("Officers Indicted",
         "Charged in the indictment are correctional officers Osric Quillan, 32, of Anytown, Thaddeus Pimm, 45, of "
         "Spring Park, and Wilma Sorrel, 29, of Hill Top, and inmate Edwin Harrow, 25.",
         ["Osric Quillan", "Thaddeus Pimm", "Wilma Sorrel"]),
    ]
    for title, text, want in cases:
        assert names(text, title, **RELEASE) == want, title


def test_squad_members_get_their_own_role_not_the_title_of_the_supervisor_named_with_them():
    text = ("Deputy Warden Osric Quillan and four former members of the prison's response team were charged today. "
            "The indictment alleges that former SORT members Thaddeus Pimm, Wilma Sorrel, Edwin Harrow and Ada Vance "
            "conspired with Deputy Warden Quillan to cover up the beatings.")
    got = [(d["name"], d["role"]) for d in labels(text, "Five Prison Officers Charged")["defendants"]]
    assert got == [("Osric Quillan", "supervisor"), ("Thaddeus Pimm", "correctional_officer"),
                   ("Wilma Sorrel", "correctional_officer"), ("Edwin Harrow", "correctional_officer"),
                   ("Ada Vance", "correctional_officer")]
