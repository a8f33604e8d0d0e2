"""The shapes that pass between pipeline stages.

ingest -> RawDocument -> clean -> CleanDocument -> segment -> Draft reports
-> extract -> Report -> content (Markdown) -> render (HTML) -> search (index).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """A raw file from seeds/, decoded to text."""

    source: str
    """File name relative to the seeds folder, with forward slashes."""
    text: str
    """Decoded text with \\n line ends."""
    sha256: str
    """SHA-256 of the raw bytes, for provenance and duplicate detection."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with."""
    kind: str = "text"
    """"text" or "html" (visible text of a saved web page)."""


@dataclass(frozen=True)
class Paragraph:
    """One cleaned paragraph (or heading line) with the raw lines it came from."""

    text: str
    first_line: int
    """1-based number of the first raw line."""
    last_line: int
    """1-based number of the last raw line."""
    indented: bool = False
    """The first raw line started with white space (a paragraph indent)."""
    lines: tuple[str, ...] = ()
    """The cleaned raw lines the paragraph was joined from."""


@dataclass(frozen=True)
class Change:
    """One edit the cleaning stage made, for the record."""

    rule: str
    """Name of the cleaning rule."""
    line: int
    """1-based raw line number where it happened."""
    before: str
    after: str


@dataclass(frozen=True)
class CleanDocument:
    """A raw document after cleaning: paragraphs plus what was removed or changed."""

    source: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Paragraph, ...] = ()
    """Site chrome and other lines dropped from the text, kept for provenance."""
    changes: tuple[Change, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    """Metadata lines found in the chrome (来源, 作者, printed date), as (key, value)."""


@dataclass(frozen=True)
class Section:
    """A department section inside a report, shown as a heading with an anchor."""

    heading: str
    anchor: str
    agency: str | None = None


@dataclass(frozen=True)
class Report:
    """One report as published: metadata plus the cleaned body."""

    id: str
    """Stable identifier; also the last part of the report's URL."""
    source: str
    """Raw file name in seeds/."""
    title: str
    body: str
    """Markdown body: paragraphs, ## section headings."""
    text: str
    """Plain text body: paragraphs separated by blank lines."""
    agency: str | None = None
    """Primary agency, canonical name."""
    agencies: tuple[str, ...] = ()
    """Every agency the report concerns, canonical names, primary first."""
    date: str | None = None
    """YYYY, YYYY-MM, YYYY-MM-DD, --MM or --MM-DD, or None."""
    date_precision: str | None = None
    """"day", "month", "year" or None."""
    date_basis: str | None = None
    """"printed", "signed" (the date under a notice's signer), "dateline", "inferred" or "supplied"."""
    date_evidence: str | None = None
    """The words that support the date."""
    subtitle: str | None = None
    kicker: str | None = None
    byline: str | None = None
    places: tuple[str, ...] = ()
    """Cities and counties the report concerns."""
    sections: tuple[Section, ...] = ()
    captions: tuple[str, ...] = ()
    source_meta: tuple[tuple[str, str], ...] = ()
    """Metadata from the raw page (来源, 作者, url), as (key, value)."""
    raw_span: tuple[int, int] = (0, 0)
    """First and last raw line of this report in its source file."""
    checks: tuple[str, ...] = ()
    """Weak inferences a person should check ("title", "agency", "date")."""
    corrected: bool = False
    """A person edited this report's file in content/."""
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Front-matter keys this program does not know, kept as they were."""

    @property
    def year(self) -> str | None:
        """The four-digit year, when the date has one."""
        if self.date and self.date[:4].isdigit():
            return self.date[:4]
        return None

    @property
    def month(self) -> str | None:
        """The month as two digits, when the date has one."""
        if not self.date:
            return None
        if self.date.startswith("--"):
            return self.date[2:4]
        return self.date[5:7] or None


@dataclass(frozen=True)
class Notice:
    """Something the build says about one input file: skipped, warned, changed."""

    source: str
    level: str
    """"skip", "warning" or "info"."""
    message: str
