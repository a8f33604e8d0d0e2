"""Write how to cite a report: GB/T 7714-2015 (Chinese national standard) and APA 7th edition."""

from __future__ import annotations

from .model import Report

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def author(r: Report, site_title: str) -> str:
    """The responsible body: the primary agency, or else the archive itself."""
    return r.agency or site_title


def publication(r: Report) -> str | None:
    """The paper or site the report was printed in, when the raw page or a sidecar says."""
    meta = dict(r.source_meta)
    return meta.get("publication") or meta.get("来源") or None


def gbt_date(r: Report) -> str:
    """The date as GB/T 7714 writes it (2020-03-05), or as much of it as is known."""
    return r.date if r.date and not r.date.startswith("--") else ""


def apa_date(r: Report) -> str:
    """The date as APA writes it: (2020, March 5), (2020, March), (2020) or (n.d.)."""
    d = r.date
    if not d or d.startswith("--"):
        return "n.d."
    if len(d) == 4:
        return d
    month = MONTHS_EN[int(d[5:7]) - 1]
    return f"{d[:4]}, {month}" + (f" {int(d[8:10])}" if len(d) == 10 else "")


def gbt7714(r: Report, url: str, accessed: str, site_title: str) -> str:
    """Cite as GB/T 7714-2015: 责任者. 题名[N/OL]. 出版者, 日期[引用日期]. URL."""
    kind = "[N/OL]" if publication(r) else "[EB/OL]"
    where = ", ".join(x for x in (publication(r) or site_title, gbt_date(r)) if x)
    seen = f"[{accessed}]" if accessed else ""
    return f"{author(r, site_title)}. {r.title}{kind}. {where}{seen}. {url}."


def apa(r: Report, url: str, site_title: str) -> str:
    """Cite as APA 7th edition: Author. (Date). Title. Publication. URL"""
    pub = publication(r)
    parts = [f"{author(r, site_title)}. ({apa_date(r)}). {r.title}."]
    if pub:
        parts.append(f"{pub}.")
    parts.append(f"{site_title}. {url}")
    return " ".join(parts)
