"""Write the machine-readable doors to the site: Atom feeds, sitemap.xml and robots.txt.

Everything here is deterministic: entry times come from report dates, the feed's
`updated` from the build time (SOURCE_DATE_EPOCH), never from the wall clock.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path

from .model import Report

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_LENGTH = 50
"""Entries per feed: the newest reports by date."""


def entry_id(key: str, site_title: str) -> str:
    """A permanent, absolute id for a feed or entry that does not depend on where the site is hosted."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_title}/{key}"))


def report_time(r: Report, fallback: str) -> str:
    """An RFC 3339 time for a report: its date at midnight UTC, or the build time when it has no year."""
    d = r.date
    if not d or d.startswith("--"):
        return fallback
    year, month, day = d[:4], d[5:7] or "01", d[8:10] or "01"
    return f"{year}-{month}-{day}T00:00:00Z"


def atom_feed(reports: Iterable[Report], *, key: str, title: str, self_url: str, page_url: str,
              site_title: str, updated: str, link_for: Callable[[Report], str],
              summary_for: Callable[[Report], str]) -> str:
    """Return an Atom 1.0 feed of the given reports (newest first) as XML text."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = entry_id(key, site_title)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site_title
    for r in reports:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(f"reports/{r.id}", site_title)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = r.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = report_time(r, updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link_for(r)})
        if r.agency:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = r.agency
        for a in r.agencies:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": a})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary_for(r)
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def sitemap(urls: Iterable[str]) -> str:
    """Return a sitemap.xml listing every page URL once, sorted."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for u in sorted(set(urls)):
        ET.SubElement(ET.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc").text = u
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def robots(sitemap_url: str) -> str:
    """Return robots.txt: everything may be crawled; here is the sitemap."""
    return f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n"


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file with \\n line ends, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
