"""Linking by name (issue 13): nicknames, shared surnames, suffixes, cross-sex names, "Last, First", a surname alone.

Every name here is invented; the mentions are built like db/cases.mentions_from_documents builds them.
"""

from __future__ import annotations

import pytest

from db.cases import block_key, link, name_agreement, parse_name, same_person


def mention(doc, name, position=0, **kw):
    base = {"origin": "document", "document_id": doc, "position": position, "name": name, "role": "correctional_officer",
            "staff_gender": "unknown", "date": "2021-03-01", "stage": "charged", "misconduct": ["excessive_force"],
            "contraband": [], "statutes": [], "url": f"https://example.org/{doc}", "title": doc, "text": "",
            "country": "US", "region": "Ohio", "facility_kind": "county_jail", "facility_name": "Brindle County Jail"}
    base.update(kw)
    return base


def grouping(groups):
    """The groups as sorted lists of 'document:name', for comparing."""
    return sorted(sorted(f"{m['document_id']}:{m['name']}" for m in g) for g in groups)


@pytest.mark.parametrize("a, b, same", [
    ("Bill Quarrender", "William Quarrender", True),
    ("Bob Tillgate", "Robert Tillgate", True),
    ("Kenny Ashcombe", "Kenneth Ashcombe", True),
    ("Chris Fenwright", "Christopher Fenwright", True),
    ("Chris Fenwright", "Christine Fenwright", True),      # a pair alone may join; link never puts all three in one group
    ("Christopher Fenwright", "Christine Fenwright", False),
    ("Dan Orlow", "Dana Orlow", False),                    # the table knows "dan" (Daniel), not as Dana
    ("J. Michael Pryde", "Michael Pryde", True),           # known by the middle name
    ("John A. Pryde", "John B. Pryde", False),             # middle initials disagree
    ("Walter Brisk Jr.", "Walter Brisk Sr.", False),       # father and son
    ("Walter Brisk Jr.", "Walter Brisk", True),
    ("Brisk, Walter", "Walter Brisk", True),
    ("Brisk", "Walter Brisk", False),                      # a surname alone agrees only weakly (see link)
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same


def test_name_parts_and_block_key():
    assert parse_name("Quarrender, William T.") == parse_name("William T. Quarrender")
    assert parse_name("Léon Ramírez-Ortúzar III") == (("leon",), "ramirez-ortuzar", "iii")
    assert parse_name("Tomas De Lacey Brandt").given == ("tomas",)  # a particle starts the surname
    assert parse_name("Cover StoryHal Voss").given[-1] == "hal"  # words run together by an extraction are split
    assert block_key({"name": "Walter Brisk Jr."}) == block_key("Brisk") == "brisk"
    assert block_key({"name": None}) is None and block_key("") is None
    assert name_agreement("Brisk", "Walter Brisk") == 1 and name_agreement("Brisk", "Walter Brask") is None


def test_nicknames_join_across_releases():
    groups = link([mention("charge", "Bill Quarrender"), mention("plea", "William Quarrender"),
                   mention("sentence", "William T. Quarrender", stage="sentenced")])
    assert grouping(groups) == [["charge:Bill Quarrender", "plea:William Quarrender", "sentence:William T. Quarrender"]]


def test_chris_never_joins_christopher_with_christine():
    groups = link([mention("a", "Christopher Fenwright"), mention("b", "Chris Fenwright"),
                   mention("c", "Christine Fenwright")])
    assert len(groups) == 2
    assert not any({"a", "c"} <= {m["document_id"] for m in g} for g in groups)
    # with only one of them in the block, Chris joins her
    groups = link([mention("a", "Christine Fenwright"), mention("b", "Chris Fenwright"), mention("c", "Christine Fenwright")])
    assert grouping(groups) == [["a:Christine Fenwright", "b:Chris Fenwright", "c:Christine Fenwright"]]


def test_two_people_who_share_a_surname_stay_apart():
    groups = link([mention("a", "Walter Brisk"), mention("b", "Harold Brisk"), mention("c", "Walter Brisk"),
                   mention("d", "Walter Brisk", region="Texas"),                       # another state: another man
                   mention("e", "Walter Brisk", date="2009-01-01", region=None)])     # twelve years earlier
    assert grouping(groups) == [["a:Walter Brisk", "c:Walter Brisk"], ["b:Harold Brisk"], ["d:Walter Brisk"],
                                ["e:Walter Brisk"]]


def test_father_and_son_with_one_name_are_two_cases():
    groups = link([mention("a", "Walter Brisk Jr."), mention("b", "Walter Brisk Sr."), mention("c", "Walter Brisk Jr.")])
    assert grouping(groups) == [["a:Walter Brisk Jr.", "c:Walter Brisk Jr."], ["b:Walter Brisk Sr."]]


def test_last_first_joins_first_last():
    assert len(link([mention("a", "Quarrender, William"), mention("b", "William Quarrender")])) == 1


def test_a_later_release_naming_the_surname_alone():
    # the sentencing release says only "Brisk": it joins the one Brisk of that state and facility
    groups = link([mention("charge", "Walter Brisk"), mention("sentence", "Brisk", stage="sentenced")])
    assert grouping(groups) == [["charge:Walter Brisk", "sentence:Brisk"]]
    # two Brisks in the state: the surname alone cannot tell which, so it stays alone
    groups = link([mention("charge", "Walter Brisk"), mention("other", "Harold Brisk"), mention("sentence", "Brisk")])
    assert ["sentence:Brisk"] in grouping(groups) and len(groups) == 3
    # another state: no join
    assert len(link([mention("charge", "Walter Brisk"), mention("sentence", "Brisk", region="Texas")])) == 2


def test_co_defendants_named_again_join_their_own_cases():
    groups = link([mention("indictment", "Walter Brisk"), mention("indictment", "Harold Okafor", position=1),
                   mention("plea", "Harold Okafor"), mention("sentence", "Walter Brisk"),
                   mention("sentence", "Okafor", position=1)])
    assert grouping(groups) == [["indictment:Harold Okafor", "plea:Harold Okafor", "sentence:Okafor"],
                                ["indictment:Walter Brisk", "sentence:Walter Brisk"]]


def test_a_facility_kind_that_differs_splits_only_other_facilities():
    same_place = link([mention("a", "Walter Brisk", facility_name="Tolland Detention Center", facility_kind="county_jail"),
                       mention("b", "Walter Brisk", facility_name="Tolland Detention Center",
                               facility_kind="immigration_detention")])
    other_place = link([mention("a", "Walter Brisk", facility_name=None, facility_kind="county_jail"),
                        mention("b", "Walter Brisk", facility_name=None, facility_kind="federal_prison")])
    assert (len(same_place), len(other_place)) == (1, 2)


def test_groups_of_a_block_depend_only_on_that_block():
    brisk = [mention("a", "Walter Brisk"), mention("b", "W. Brisk"), mention("c", "Brisk")]
    others = [mention("a", "Harold Okafor", position=1), mention("d", "Harold Okafor"), mention("e", None)]
    alone = grouping(link(brisk))
    together = [g for g in grouping(link(brisk + others)) if any(x.endswith("Brisk") for x in g)]
    assert alone == together == [["a:Walter Brisk", "b:W. Brisk", "c:Brisk"]]
