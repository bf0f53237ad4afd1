"""Main text, titles and dates out of HTML pages (beautifulsoup4; trafilatura for pages of hosts without a parser), shared by the source modules."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from trafilatura import bare_extraction

NEW_YORK = ZoneInfo("America/New_York")
# Elements that never hold the text of a release.
NOISE = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "button", "svg", "iframe")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td")
# "09 August 2024", "4 January 2023", "Sept. 5, 2024", "March 5, 2024"
DAY_MONTH_YEAR_RE = re.compile(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b")
MONTH_DAY_YEAR_RE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}), (\d{4})\b")
# trafilatura's XML elements that start a paragraph, or a line, inside another block (a table cell's <p>, a nested <item>).
PARAGRAPH_ELEMENTS = ("p", "head", "quote", "code", "list", "table")
LINE_ELEMENTS = ("lb", "item", "row", "cell")
# A blank line between paragraphs: "...into prison.\n\nDetective Inspector..." (spaces may sit on it)
BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*")
# Below this many characters trafilatura's text is checked against the beautifulsoup4 heuristic's.
SHORT_TEXT = 200
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def soup_of(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def clean(text: str | None) -> str:
    """Entities unescaped ("&amp;", "&#039;", "&nbsp;", "&sect;"), spaces collapsed."""
    text = html.unescape(text or "").replace("\xa0", " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def block_text(node) -> str:
    """Text of an element as paragraphs separated by blank lines; a closing "###" line is dropped."""
    for bad in node.find_all(NOISE):
        bad.decompose()
    parts = []
    blocks = node.find_all(BLOCKS)
    if blocks:
        for b in blocks:
            if b.find(BLOCKS):  # a container of blocks: its children speak for it
                continue
            t = clean(b.get_text(" "))
            if t:
                parts.append(t)
    else:
        parts = [clean(line) for line in node.get_text("\n").split("\n") if clean(line)]
    while parts and parts[-1].strip("# ") == "":
        parts.pop()
    return "\n\n".join(p for p in parts if p.strip("# "))


def html_to_text(markup: str) -> str:
    return block_text(soup_of(markup))


def main_text(soup: BeautifulSoup, selectors=("article", "main", "[role=main]", "#content", ".content")) -> str:
    """The page's main text: the first selector that holds paragraphs, else the element with most paragraph text."""
    for sel in selectors:
        node = soup.select_one(sel)
        if node is not None and node.find("p"):
            return block_text(node)
    best, best_len = None, 0
    for node in soup.find_all(["div", "section", "body"]):
        length = sum(len(p.get_text()) for p in node.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = node, length
    return block_text(best) if best is not None else ""


def trafilatura_blocks(html_text: str, url: str = "") -> list[str]:
    """The paragraphs trafilatura keeps as main text: one per heading, paragraph, quote, list item and table row.

    Lines inside a paragraph (`<br>`, the items of a nested list, the cells of a row) are single newlines.
    """
    doc = bare_extraction(html_text, url=url or None, favor_precision=True, include_comments=False)
    if doc is None or doc.body is None:
        return []
    blocks = []
    for element in doc.body:
        parts = {"list": "item", "table": "row"}.get(element.tag)
        for part in element.findall(parts) if parts else [element]:
            blocks += paragraphs_of("".join(plain_text(part, top=True)))
        blocks += paragraphs_of(element.tail)  # text trafilatura leaves after a block (often a heading's) is a paragraph too
    return blocks


def plain_text(element, top: bool = False):
    """Text pieces of a trafilatura element: a nested block starts a paragraph, a `<lb/>`, item or cell a line."""
    if not top:
        yield "\n\n" if element.tag in PARAGRAPH_ELEMENTS else "\n" if element.tag in LINE_ELEMENTS else ""
    yield element.text or ""
    for child in element:
        yield from plain_text(child)
    if not top:
        yield element.tail or ""


def paragraphs_of(text: str | None) -> list[str]:
    """Text split at blank lines; in each paragraph every line cleaned and empty lines dropped."""
    paragraphs = ("\n".join(clean(line) for line in chunk.split("\n") if clean(line)) for chunk in BLANK_LINE_RE.split(text or ""))
    return [p for p in paragraphs if p]


def without_title(text: str, title: str | None) -> str:
    """The main text minus a leading headline that repeats the title."""
    if title and text.startswith(title + "\n\n"):
        return text[len(title) + 2:]
    return text


def page_title(soup: BeautifulSoup) -> str | None:
    for sel in ("h1", "meta[property='og:title']", "title"):
        node = soup.select_one(sel)
        if node is None:
            continue
        value = node.get("content") if node.name == "meta" else node.get_text(" ")
        if clean(value):
            return clean(value)
    return None


def epoch_to_date(value) -> str | None:
    """DOJ epoch seconds ("1738777030") to the calendar date in Washington, so noon-UTC dates never shift."""
    if value in (None, ""):
        return None
    moment = dt.datetime.fromtimestamp(int(str(value).strip()), tz=dt.timezone.utc)
    return moment.astimezone(NEW_YORK).date().isoformat()


def iso_to_date(value: str | None) -> str | None:
    """"2023-01-04T12:00:00Z" or "2024-08-09T00:00:00+00:00" or "2024-08-09" -> "2024-08-09" (New York date for UTC times)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date().isoformat()
    if moment.utcoffset() == dt.timedelta(0) and moment.hour == 0 and moment.minute == 0:
        return moment.date().isoformat()  # a date published as midnight UTC (Find Case Law) is that date
    return moment.astimezone(NEW_YORK).date().isoformat() if moment.utcoffset() == dt.timedelta(0) else moment.date().isoformat()


def text_to_date(text: str) -> str | None:
    """The first written date in a text: "09 August 2024" or "Sept. 5, 2024"."""
    m = DAY_MONTH_YEAR_RE.search(text)
    if m:
        return dt.date(int(m.group(3)), MONTHS[m.group(2)[:3].lower()], int(m.group(1))).isoformat()
    m = MONTH_DAY_YEAR_RE.search(text)
    if m:
        return dt.date(int(m.group(3)), MONTHS[m.group(1)[:3].lower()], int(m.group(2))).isoformat()
    return None


def page_date(soup: BeautifulSoup) -> str | None:
    """A page's publication date: article:published_time, then <time datetime>, then a written date near the top."""
    meta = soup.select_one("meta[property='article:published_time']")
    if meta is not None and iso_to_date(meta.get("content")):
        return iso_to_date(meta.get("content"))
    time_el = soup.find("time")
    if time_el is not None:
        found = iso_to_date(time_el.get("datetime")) or text_to_date(time_el.get_text(" "))
        if found:
            return found
    top = (soup.find("main") or soup.find("article") or soup).get_text(" ")[:1500]
    return text_to_date(top)


def main_text_of(html_text: str, url: str = "") -> str:
    """Main text of a page from a host without a parser of its own, by trafilatura, paragraphs split by blank lines.

    trafilatura (favor_precision, comments left out) scores F1 0.966 on the article-extraction benchmark
    where `main_text` scores 0.870 (bench/extraction.py); what leaks past an extractor (related stories,
    captions, teasers) is what the annotator then reads as names and cases. A leading headline that
    repeats the page's title is dropped (the title is stored apart). Pages trafilatura finds (almost)
    nothing in fall back to `main_text`.
    """
    soup = soup_of(html_text)
    title = page_title(soup)
    text = without_title("\n\n".join(trafilatura_blocks(html_text, url)), title)
    if len(text) < SHORT_TEXT:
        fallback = without_title(main_text(soup), title)
        if len(fallback) > len(text):
            return fallback
    return text
