"""The records winnow reads and writes, and the small value types rules pass around."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the page; `index` is its position in the normalised input, kept for the audit."""

    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Removal:
    """What a rule took out of the page and why: the audit trail is a list of these."""

    rule: str
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """A rule's answer: the blocks it keeps, what it removed, and any fields it found (title, dates)."""

    kept: tuple[Block, ...]
    removed: tuple[Removal, ...] = ()
    found: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may know about the page besides its blocks; rules never mutate it."""

    url: str | None = None
    host: str | None = None
    fetched_at: datetime | None = None
    title: str | None = None
    language: str | None = None
    removed_at: frozenset[int] = frozenset()
    """Indices of the blocks rules took out as chrome they name, so far in this pass."""
    from_html: bool = False
    page: tuple[Block, ...] = ()
    """The page's blocks as they came, before any rule removed one: the title is looked for above the body."""

    def updated(self, **changes: Any) -> "Context":
        return replace(self, **changes)


class RawDocument(BaseModel):
    """One scraped page as a scraper hands it over; either text or html must be present."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    url: str | None = None
    text: str | None = None
    html: str | None = None
    fetched_at: datetime | None = None
    source: str | None = Field(default=None, description="Where the document was read from (file path, or stdin:LINE).")


class RemovalOut(BaseModel):
    rule: str = Field(description="Name of the rule that removed the text (verb_object).")
    reason: str = Field(description="Why the rule removed it, in a few words.")
    text: str = Field(description="The removed text as it stood in the normalised input.")


class ArticleRecord(BaseModel):
    """One clean article: the record `winnow clean` writes, one JSON object per line."""

    model_config = ConfigDict(title="winnow article record")

    id: str | None = Field(description="The input's id; for a file, its name without extension.")
    source: str | None = Field(description="The file path the document came from, or stdin:LINE.")
    url: str | None = Field(description="The page's address, when the input gave one.")
    title: str | None = Field(description="The article's title, or null when none could be told apart.")
    text: str = Field(description="The article body: paragraphs separated by one blank line; the title is not repeated.")
    language: str = Field(description="ISO 639-1 code from langdetect ('zh-cn' and 'zh-tw' apart), told from the cleaned body, or 'und' when too short or undetectable.")
    language_confidence: float = Field(ge=0.0, le=1.0, description="langdetect's probability for that language; 0 for 'und'.")
    published: str | None = Field(description="Publication date, ISO 8601: a date, or date and time when the source gives one; a timezone only when the source states one.")
    updated: str | None = Field(default=None, description="Last-modified date when the page states one; never used as published.")
    dateline: str | None = Field(description="The date stamp or agency dateline as found in the text, or null.")
    dateline_place: str | None = Field(default=None, description="The place an agency dateline names (e.g. 'WASHINGTON').")
    date_source: str | None = Field(description="Where `published` came from (e.g. 'text-stamp', 'html-metadata', 'url').")
    author: str | None = Field(default=None, description="Author from HTML metadata, when the input was HTML.")
    sitename: str | None = Field(default=None, description="Site name from HTML metadata, when the input was HTML.")
    word_count: int = Field(ge=0, description="Words in `text` (CJK and Thai counted by characters / 2).")
    removed: list[RemovalOut] | None = Field(default=None, description="With --audit: every removal, in order, with its rule and reason.")


class Reject(BaseModel):
    """An input that did not become an article, with a one-line reason; nothing read is dropped silently."""

    id: str | None = None
    source: str | None = None
    url: str | None = None
    reason: str = Field(description="Short machine-friendly reason, e.g. 'too short', 'binary file'.")
    detail: str | None = Field(default=None, description="One line of detail for a human.")
