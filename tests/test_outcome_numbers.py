"""Terms written in words (text2num reads the number words; "a", "half" and "and a half" are ours): constructed sentences."""

from __future__ import annotations

import pytest

from annotate.outcome import find_custody, number
from tests.conftest import labels


@pytest.mark.parametrize("word, value", [
    ("eighteen", 18), ("twenty-four", 24), ("seventy-eight", 78), ("one hundred and twenty", 120),
    ("a hundred and eight", 108), ("a", 1), ("two and a half", 2.5), ("three-and-a-half", 3.5), ("1 and a half", 1.5),
    ("2 1/3", 7 / 3), ("months", None), ("the", None),
])
def test_number_reads_figures_and_words(word, value):
    got = number(word)
    assert (got is None) if value is None else float(got) == pytest.approx(value)


@pytest.mark.parametrize("sentence, months", [
    ("Officer Ann Pell was jailed for two and a half years at Leeds Crown Court.", 30),
    ("Officer Ann Pell was jailed for three-and-a-half years.", 42),
    ("Officer Ann Pell was jailed for a year and a half.", 18),
    ("Officer Ann Pell was jailed for eighteen months.", 18),
    ("Officer Ann Pell was sentenced to one hundred and twenty months in federal prison.", 120),
    ("Officer Ann Pell was sentenced to seventy-eight months in prison.", 78),
    ("Officer Ann Pell was sentenced to a year and a day in prison.", 12),
    # the maximum of a group, not a sentence of her own: no custody read from "half years"
    ("The defendants were sentenced to prison for terms of up to five and a half years.", None),
])
def test_terms_in_words(sentence, months):
    assert find_custody(sentence)[0] == months


def test_probation_in_words_through_the_pipeline():
    lab = labels("Former jail officer Tom Quill was sentenced today to three and a half years of probation for "
                 "smuggling tobacco to inmates at the county jail.")
    assert lab["outcome"]["probation_months"] == 42 and lab["outcome"]["custody_months"] is None
