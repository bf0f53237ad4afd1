"""Licence codes, what each allows us to publish, and the attribution each requires (sources.md §6)."""

from __future__ import annotations

# licence code -> (full text may be stored and published?, attribution template)
LICENCES = {
    "public-domain-us-gov": (
        True,
        "Source: {publisher}. Public domain (17 U.S.C. § 105).",
    ),
    "ogl-3.0": (
        True,
        "Source: {publisher}. Contains public sector information licensed under the Open Government Licence v3.0.",
    ),
    "open-justice-licence": (
        True,
        "Source: {publisher}. Contains public sector information licensed under the Open Justice Licence v2.0.",
    ),
    "copyrighted": (
        False,
        "Source: {publisher}. Facts and a short quote only; the text is not republished.",
    ),
}

# Longest text kept for a document whose licence forbids republishing (a short quote).
SHORT_QUOTE_CHARS = 300

SOURCE_KINDS = (
    "us_federal_press_release",
    "us_state_press_release",
    "uk_cps_news",
    "uk_gov_news",
    "court_judgment",
    "court_sentencing_remarks",
    "government_report",
    "news_report",
)


def full_text_allowed(licence: str) -> bool:
    """True when the licence lets us store and publish the whole text."""
    return LICENCES[licence][0]


def attribution(licence: str, publisher: str | None) -> str:
    """The attribution line a licence requires, filled in for one publisher."""
    return LICENCES[licence][1].format(publisher=publisher or "unknown publisher")
