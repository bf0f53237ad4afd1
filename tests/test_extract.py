"""Main text of pages without a parser of their own (`ingest.extract.main_text_of`, trafilatura) on saved pages.

The pages: the `url` source's saved examples, the DOJ and CPS saved pages (their own parsers read them
in production; here they show the generic extractor on our sources' markup), and one constructed news
page (tests/pages/, invented people) carrying the boilerplate that leaks names of unrelated people into
the annotator: navigation, captions, inline and side "related" stories, comments, newsletter boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import url as url_source
from ingest.extract import main_text_of
from tests.fakeweb import EXAMPLES, FakeWeb, Reply
from tests.ingest_helpers import documents, fast_config, run

NEWS_PAGE = Path(__file__).resolve().parent / "pages" / "news_story_with_boilerplate.html"
NEWS_URL = "https://news.example.com/crime/jail-nurse-sentenced"


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_a_news_story_keeps_its_paragraphs_and_nothing_around_them():
    text = main_text_of(NEWS_PAGE.read_text(encoding="utf-8"), NEWS_URL)
    assert paragraphs(text) == [
        "A former nurse at the Example County Jail was sentenced Tuesday to four years in prison for smuggling "
        "methamphetamine to inmates in exchange for cash, prosecutors said.",
        "Jesse M. Invented, 38, of Exampleton, pleaded guilty in February to conspiracy to distribute a controlled "
        "substance. Investigators found that Invented hid the drugs in medical supply boxes on at least six occasions "
        "between March and September 2024.",
        "“She used her position of trust to put poison into a jail,” District Attorney Morgan Official said after the "
        "hearing. “Every person in that building was put at risk.”",
        "Invented must also serve three years of supervised release. Her attorney said she plans to appeal.",
    ]


@pytest.mark.parametrize("boilerplate", [
    "Former jail nurse sentenced",      # the headline: stored as the title
    "Crime and Courts",                 # navigation and breadcrumbs
    "Dana Reporter",                    # byline
    "Share on Facebook",                # share tools
    "Quinn Caption-Person",             # photo caption (a person not in the story)
    "Rory Photographer",                # photo credit
    "Avery Unrelated",                  # inline "READ MORE:" teaser among the story's paragraphs
    "Blake Otherperson",                # related stories box at the end of the article
    "inmate trust fund",                # ... and its teaser paragraph
    "Casey Elsewhere",
    "Pat Commenter",                    # reader comments
    "far too short",
    "morning briefing",                 # newsletter box inside the article
    "Summer festival",                  # most read
    "cookies",                          # cookie banner
    "All rights reserved",              # footer
])
def test_boilerplate_of_a_news_page_stays_out(boilerplate):
    assert boilerplate not in main_text_of(NEWS_PAGE.read_text(encoding="utf-8"), NEWS_URL)


def test_the_url_sources_saved_release_loses_its_navigation_sidebar_and_footer():
    page = url_source.EXAMPLES["state_ag_release.html"]((EXAMPLES / "url" / "state_ag_release.html").read_bytes())
    assert page["title"] == "Former Jailer Sentenced for Sexual Misconduct with Inmate"
    assert paragraphs(page["text"])[0].startswith("EXAMPLE CITY – Attorney General Pat Official announced today that Taylor B. Specimen, 41")
    assert len(paragraphs(page["text"])) == 3 and paragraphs(page["text"])[-1].endswith("said Attorney General Official.")
    for boilerplate in ("Home", "News", "Subscribe to our newsletter", "Office of the Attorney General\n", page["title"]):
        assert boilerplate not in page["text"]


def test_a_legacy_page_without_article_or_main_still_yields_its_body():
    """The cp1252 police page: a `div#nav` link and the body in a plain `div.story`."""
    raw = (EXAMPLES / "url" / "police_news_cp1252.html").read_bytes().decode("cp1252")
    text = main_text_of(raw, "https://police.example.uk/news/officer-jailed")
    assert paragraphs(text) == [
        "Published 3 March 2023",
        "A prison officer who smuggled spice into HMP Exampleton has been jailed for 30 months at Example Crown Court. "
        "Jamie Sample, 26, admitted conveying a controlled drug into prison after staff found packages in his bag – "
        "the prison’s drug dogs indicated on him during a routine search.",
        "Detective Inspector Lee Official said: “Corrupt staff put everyone in the prison at risk.”",
    ]
    assert "Home" not in text and "Example Police" not in text


@pytest.mark.parametrize("source, name, first, gone", [
    ("doj", "release_current.html", "EXAMPLEVILLE – Casey R. Placeholder, 29, a former detention officer",
     ["Justice.gov", "Public Corruption", "Federal Bureau of Investigation", "Updated March 1, 2024"]),
    ("doj", "release_drupal7.html", "A federal grand jury indicted Morgan T. Exemplar, 44",
     ["Civil Rights Division", "Tuesday, May 10, 2016"]),
    ("cps", "article_area.html", "A prison officer who smuggled mobile phones and SIM cards",
     ["© Crown copyright", "CPS News", "09 August 2024\n"]),
])
def test_saved_pages_of_our_sources_give_their_body_first_and_no_menus(source, name, first, gone):
    text = main_text_of((EXAMPLES / source / name).read_text(encoding="utf-8"), f"https://example.gov/{name}")
    assert paragraphs(text)[0].startswith(first)
    for boilerplate in gone:
        assert boilerplate not in text


def test_line_breaks_lists_and_tables_keep_their_shape():
    lead = "Officer Jo Example, 30, of Exampleville, was charged today with bringing tobacco and phones into the county jail. " * 2
    page = (f"<html><body><article><h1>Guard charged</h1><p>{lead}</p>"
            "<p>Example County Sheriff's Office<br>12 Example Street<br>Exampleville</p>"
            "<ul><li>Count one: bribery</li><li>Count two: <b>smuggling</b> contraband</li></ul>"
            "<table><tr><td>Charge</td><td>Maximum</td></tr><tr><td>Bribery</td><td>10 years</td></tr></table>"
            "</article></body></html>")
    assert paragraphs(main_text_of(page, "https://sheriff.example.gov/news/1")) == [
        lead.strip(),
        "Example County Sheriff's Office\n12 Example Street\nExampleville",  # <br>: lines of one paragraph
        "Count one: bribery",
        "Count two: smuggling contraband",
        "Charge\nMaximum",                                                      # a row is a paragraph, a cell a line
        "Bribery\n10 years",
    ]


def test_a_body_trafilatura_takes_for_comments_falls_back_to_the_heuristic():
    """trafilatura keeps nothing of a `div.comments`; the beautifulsoup4 heuristic still finds the paragraph."""
    body = "Officer Jo Example, 30, was charged today with smuggling tobacco into the Example County Jail, the sheriff said."
    page = f"<html><body><div class='comments'><p>{body}</p></div></body></html>"
    assert main_text_of(page, "https://sheriff.example.gov/news/2") == body


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "not html at all", "<html><body><nav><a href='/'>Home</a></nav></body></html>"])
def test_pages_with_no_text_give_empty_text_not_an_error(page):
    assert main_text_of(page, "https://example.gov/") == ""


def test_a_news_page_from_an_unlisted_host_is_quoted_from_its_story_not_its_caption(tmp_path):
    """End to end: `casebook ingest url` against a real local server; a news host keeps a short quote only,
    and that quote is the story's opening, not the byline, share tools or photo caption above it."""
    web = FakeWeb()
    try:
        web.route("/robots.txt", Reply(404))
        web.route("/crime/jail-nurse-sentenced", Reply(body=NEWS_PAGE.read_bytes()))
        corpus = tmp_path / "corpus"
        assert run("url", corpus, web, fast_config(tmp_path), targets=[web.base_url + "/crime/jail-nurse-sentenced"])["new"] == 1
    finally:
        web.close()
    (doc,) = documents(corpus).values()
    assert doc["title"] == "Former jail nurse sentenced for smuggling drugs" and doc["published"] == "2025-06-03"
    assert doc["licence"] == "copyrighted" and doc["text_is_excerpt"] is True
    assert doc["text"].startswith("A former nurse at the Example County Jail was sentenced Tuesday to four years in prison")
    for boilerplate in ("Dana Reporter", "Share on", "Quinn Caption-Person", "cookies", "Crime and Courts"):
        assert boilerplate not in doc["text"]
