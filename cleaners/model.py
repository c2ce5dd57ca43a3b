"""The records winnow reads and writes, and the small value types rules pass around."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def escape_surrogates(value: str) -> str:
    """A lone surrogate cannot be written as UTF-8, so a field holding one would fail its record's whole line.
    Each is written as its escape instead: U+DC80..U+DCFF, the undecodable byte of a file name as os.fsdecode
    reads it (surrogateescape), as `\\xNN` (`bad\\xff.txt`); any other (JSON's `"\\ud800"`) as `\\uXXXX`.
    Deterministic, and the value itself shows what the input held; strings without one are returned as they are."""
    return _SURROGATE.sub(_escape, value) if _SURROGATE.search(value) else value


class _Writable(BaseModel):
    """A model whose every string field can be written as UTF-8 JSON, whatever the input held (escape_surrogates)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_lone_surrogates(cls, value: Any) -> Any:
        return escape_surrogates(value) if isinstance(value, str) else value


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
    """One scraped page as a scraper hands it over; either text or html must be present. Lone surrogates in
    id, url and source are escaped (escape_surrogates); in text and html cleaning drops them."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    url: str | None = None
    text: str | None = None
    html: str | None = None
    fetched_at: datetime | None = None
    source: str | None = Field(default=None, description="Where the document was read from (file path, or stdin:LINE).")

    @field_validator("id", "url", "source", mode="after")
    @classmethod
    def _no_lone_surrogates(cls, value: str | None) -> str | None:
        return None if value is None else escape_surrogates(value)


class RemovalOut(_Writable):
    rule: str = Field(description="Name of the rule that removed the text (verb_object).")
    reason: str = Field(description="Why the rule removed it, in a few words.")
    text: str = Field(description="The removed text as it stood in the normalised input.")


class ArticleRecord(_Writable):
    """One clean article: the record `winnow clean` writes, one JSON object per line."""

    # No field holds a lone surrogate (_Writable): the docstring above is the schema's description.

    model_config = ConfigDict(title="winnow article record")

    id: str | None = Field(description="The input's id; for a file, its name without extension.")
    source: str | None = Field(description="The file path the document came from, or stdin:LINE.")
    url: str | None = Field(description="The page's address, when the input gave one.")
    title: str | None = Field(description="The article's title, or null when none could be told apart.")
    text: str = Field(
        description="The article body: paragraphs separated by one blank line; the title is not repeated."
    )
    language: str = Field(
        description="ISO 639-1 code from langdetect ('zh-cn' and 'zh-tw' apart), told from the cleaned body, or 'und' when too short or undetectable."
    )
    language_confidence: float = Field(
        ge=0.0, le=1.0, description="langdetect's probability for that language; 0 for 'und'."
    )
    published: str | None = Field(
        description="Publication date, ISO 8601: a date, or date and time when the source gives one; a timezone only when the source states one."
    )
    updated: str | None = Field(
        default=None, description="Last-modified date when the page states one; never used as published."
    )
    dateline: str | None = Field(description="The date stamp or agency dateline as found in the text, or null.")
    dateline_place: str | None = Field(
        default=None, description="The place an agency dateline names (e.g. 'WASHINGTON')."
    )
    date_source: str | None = Field(
        description="Where `published` came from (e.g. 'text-stamp', 'html-metadata', 'url')."
    )
    author: str | None = Field(default=None, description="Author from HTML metadata, when the input was HTML.")
    sitename: str | None = Field(default=None, description="Site name from HTML metadata, when the input was HTML.")
    word_count: int = Field(ge=0, description="Words in `text` (CJK and Thai counted by characters / 2).")
    removed: list[RemovalOut] | None = Field(
        default=None, description="With --audit: every removal, in order, with its rule and reason."
    )


class Reject(_Writable):
    """An input that did not become an article, with a one-line reason; nothing read is dropped silently.
    Like a record, it serialises whatever its input held: lone surrogates are escaped (escape_surrogates)."""

    id: str | None = None
    source: str | None = None
    url: str | None = None
    reason: str = Field(description="Short machine-friendly reason, e.g. 'too short', 'binary file'.")
    detail: str | None = Field(default=None, description="One line of detail for a human.")
