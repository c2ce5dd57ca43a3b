"""What every date source hands the decider: a date and where it was read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DateCandidate:
    """One reading of a page's date. `value` is ISO 8601 (a day, or a day and time when the source shows
    one); `source` the date_source it would give the record; `evidence` the text, attribute or URL it was read
    from; `position` the line of the page's text it stands on, None for the HTML and the URL."""

    value: str
    source: str
    evidence: str
    position: int | None = None
