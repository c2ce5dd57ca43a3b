"""Date stamps ("24 Feb, 2016 12:18") and agency datelines ("WASHINGTON (Reuters) -") near the top:
removed from the body and handed on as the dateline's text and place. The dates themselves are read once,
by datefind, after the rules: this rule only needs to know that a line holds a date, and reads it cheaply."""

from __future__ import annotations

from ..datefind import is_stamp_line
from ..dates import is_headline_label, stamp_form
from ..model import Block, Context, Removal, Verdict
from ..text import ends_sentence, matches, more_words_than, pattern
from .base import Rule

# A line that is nothing but a date (words for month/weekday, numbers, separators, a time, a zone),
# optionally led by a label or a byline of a few words.
_STAMP = pattern(
    r"((published|posted|updated|modified|last updated|date|on|by [^\d|]+|[\p{L}.]+)\s*[:|•·-]?\s*){0,3}"
    r"[\p{L}\d ,./:|•·-]*?(19[5-9]\d|20\d\d)[\p{L}\d ,./:|•·()+-]*"
)
_UPDATE_LABELS = r"(updated|modified|last updated|aktualisiert|actualizado|mis à jour)"
_UPDATED = pattern(_UPDATE_LABELS + r"\b.*")
_UPDATED_AT = pattern(r"\b" + _UPDATE_LABELS + r"\b")
# A stamp line closed by a label with no date after it ("04.05.2015 à 13h36 • Mis à jour le"); head: the stamp before.
_DANGLING = pattern(
    r"(?P<head>.*\d.*?)[\s|•·,/–—-]*(" + _UPDATE_LABELS[1:-1] + r"|published|posted|publié|publicado|veröffentlicht)"
    r"( (le|on|am|el|em|à))?\s*:?"
)
_SEGMENT_SEP = pattern(r"\s+[|•·]\s+")
_TRAILING_BYLINE = pattern(r"\s+(by|von|por|par|di)\s+\D+$")
_SLASH_DATE = pattern(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_HAS_YEAR = pattern(r"(19[5-9]\d|20\d\d)")
_LEAD_LABEL = pattern(r"(published|posted|date|on)\s*:?\s*(.*)")
_AGENCIES = r"Reuters|AP|AFP|UPI|Bloomberg|dpa|DPA|EFE|ANSA|TASS|Xinhua|IANS|PTI|ANI|CNN|AAP|Kyodo|Yonhap|Sputnik|RIA Novosti|Anadolu|Interfax|CP|NYT|WSJ|Al Jazeera|BBC"
_PLACE_WORD = r"\p{Lu}[\p{L}\p{M}.'’-]*"
_AGENCY_DATELINE = pattern(
    r"((?P<place>\p{Lu}[\p{Lu}\p{M} .'’-]+?|"
    + _PLACE_WORD
    + r"( ("
    + _PLACE_WORD
    + r"|de|del|la|el|le|am|an|upon)){0,3})"
    r"(, (?P<region>\p{Lu}[\p{L}.]+( \p{Lu}[\p{L}.]+)?))?"
    r"(, (?P<date>\p{Lu}\p{Ll}{2,9}\.? \d{1,2}(, \d{4})?|\d{1,2}\.? \p{Ll}{3,10}\.?( \d{4})?))? )?"
    r"\((" + _AGENCIES + r")(/[\p{L} ]+)?\)\.?\s*[-—–:]+\s*",
    ignore_case=False,
)
_PLACE_DASH = pattern(r"(?P<place>\p{Lu}{3,}( \p{Lu}{2,}){0,3}(, \p{Lu}[\p{L}.]+)?)\s*[—–]\s+", ignore_case=False)

DATELINE_SEARCH_BLOCKS = 12
"""How many blocks (count) from the top are searched for a date stamp or dateline."""
MAX_STAMP_WORDS = 10
"""Longest line (words) that can be a date stamp."""
AGENCY_SEARCH_BLOCKS = 300
"""How many blocks (count) from the top are searched for an agency dateline ("CAIRO —"): on a scraped page the
article's first paragraph comes after the menus. The first sentence ends the search wherever it stands."""


class ExtractDateline(Rule):
    """Take the first date stamp or agency dateline near the top out of the body and report it."""

    name = "extract_dateline"
    dateline_search_blocks: int | None = DATELINE_SEARCH_BLOCKS
    max_stamp_words: int | None = MAX_STAMP_WORDS
    agency_search_blocks: int | None = AGENCY_SEARCH_BLOCKS

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        if self.dateline_search_blocks is None:
            return Verdict(blocks)
        top = min(len(blocks), self.dateline_search_blocks)
        found: dict = {}
        kept = list(blocks)
        removed: list[Removal] = []
        published_at = -1
        kinds: dict[int, set[str]] = {}
        updated_seen = False
        for i in range(top):
            if published_at >= 0 and i > published_at + 1:
                break
            text = blocks[i].text
            if kept[i] is None:
                continue
            if not self._is_stamp(text):
                continue
            kind = kinds[i] = self._stamp_kinds(text, ctx.language)
            if "dateline" in found:
                # Past the published stamp only an "updated" stamp right beside it is taken ("Publié le ... / Mis à jour le ...").
                if kind != {"updated"} or updated_seen:
                    break
            if not kind:
                continue
            if "published" in kind and "dateline" not in found:
                stamp, published_at = self._whole_stamp(blocks, i)
                found["dateline"] = stamp
                if published_at > i:
                    kind = kind | self._stamp_kinds(stamp, ctx.language)
                removed.append(Removal(self.name, "date stamp", text))
                if published_at > i:
                    kept[published_at] = None
                    removed.append(Removal(self.name, "date stamp", blocks[published_at].text))
            else:
                removed.append(Removal(self.name, "updated-date stamp", text))
            updated_seen = updated_seen or "updated" in kind
            kept[i] = None
        for i in range(len(blocks)):
            # A line that is only a date is metadata wherever it stands (a related list, a comment); it goes,
            # but only the stamp near the top speaks for the article's own date.
            if kept[i] is None:
                continue
            kind = (
                kinds[i]
                if i in kinds
                else (self._is_stamp(blocks[i].text) and self._stamp_kinds(blocks[i].text, ctx.language))
            )
            if kind:
                removed.append(Removal(self.name, "date-only line", blocks[i].text))
                kept[i] = None
        kept_blocks = tuple(b for b in kept if b is not None)
        agency = self._agency_dateline(kept_blocks, top, self.agency_search_blocks)
        if agency is not None:
            j, prefix, place = agency
            b = kept_blocks[j]
            kept_blocks = kept_blocks[:j] + (Block(b.index, b.text[len(prefix) :]),) + kept_blocks[j + 1 :]
            removed.append(Removal(self.name, "agency dateline", prefix.strip()))
            kept_blocks = self._strip_repeats(kept_blocks, j, top, prefix, removed)
            if "dateline" not in found:
                found["dateline"] = prefix.strip()
            found["dateline_place"] = place
        return Verdict(kept_blocks, tuple(removed), found)

    def _whole_stamp(self, blocks: tuple[Block, ...], i: int) -> tuple[str, int]:
        """The stamp as the page gives it and its last line: a stamp line closed by a label goes on with the
        stamp line below it ("… • Mis à jour le" / "04.05.2015 à 15h02"); a label the page left without a
        date is cut off."""
        text = blocks[i].text
        m = _DANGLING.fullmatch(text) if len(text) <= 200 else None
        if m is None:
            return text, i
        if i + 1 < len(blocks) and self._is_stamp(blocks[i + 1].text):
            return f"{text} {blocks[i + 1].text}", i + 1
        return m.group("head").rstrip(" |•·,/-–—"), i

    def _is_stamp(self, text: str) -> bool:
        if "19" not in text and "20" not in text:
            return False  # every _STAMP match holds a year, 1950-2099: most lines end here, before split and RE2
        if len(text) > 200:
            return False
        if more_words_than(text, self.max_stamp_words) and not self._stamp_and_update(text):
            return False
        return matches(_STAMP, text)

    def _stamp_and_update(self, text: str) -> bool:
        """A stamp and its update, each with its date ("Le Monde | 04.05.2015 à 13h36 • Mis à jour le
        04.05.2015 à 15h02 | Par …"): each may take max_stamp_words, and so may each byline or source beside them."""
        m = _UPDATED_AT.search(text)
        if m is None or not (_HAS_YEAR.search(text[: m.start()]) and _HAS_YEAR.search(text[m.start() :])):
            return False
        return not any(more_words_than(part, self.max_stamp_words) for part in _stamp_parts(text))

    @classmethod
    def _stamp_kinds(cls, text: str, language: str | None = None) -> set[str]:
        """Which dates a stamp line holds, "published" and/or "updated" ("Published ... | Updated ..."):
        a segment is a date when the common stamp forms or datefind's date patterns read one in it."""
        if language and language != "en":
            # Outside English, 05/03/2019 is day first.
            text = _SLASH_DATE.sub(r"\3-\2-\1", text)
        return {
            "updated" if _UPDATED.fullmatch(part) else "published"
            for part in _stamp_parts(text)
            if cls._holds_date(part, language)
        }

    @staticmethod
    def _holds_date(text: str, language: str | None = None) -> bool:
        """Whether a stamp segment holds a full date: the common stamp forms read one in it whole, after a label
        or a byline word or two, or from its first digit on; where they cannot tell, datefind's patterns find a
        date that is most of the segment. Regexes only: the dates are read once, by datefind."""
        text = _TRAILING_BYLINE.sub("", text)
        if not _HAS_YEAR.search(text):
            return False
        cuts = [text]
        m = _LEAD_LABEL.fullmatch(text)
        if m:
            cuts.append(m.group(2))
        parts = text.split()
        cuts += [" ".join(parts[k:]) for k in (1, 2) if len(parts) > k + 1]
        digit = next((k for k, c in enumerate(text) if c.isdigit()), None)
        if digit:
            cuts.append(text[digit:])
        forms = [stamp_form(c.strip(" |•·:-"), language) for c in cuts]
        if any(forms):
            return True
        # What the stamp forms cannot tell, datefind's patterns judge, as they will when dating the page.
        return any(f is None and is_stamp_line(c, language, language != "en") for f, c in zip(forms, cuts))

    def _strip_repeats(
        self, blocks: tuple[Block, ...], j: int, top: int, prefix: str, removed: list[Removal]
    ) -> tuple[Block, ...]:
        """A page printed twice repeats its dateline: the same prefix on a later top line goes too, or a
        second cleaning would find it at the top and take it then."""
        out = list(blocks)
        for k in range(j + 1, min(len(out), top)):
            text = out[k].text
            if text.startswith(prefix) and len(text) > len(prefix):
                out[k] = Block(out[k].index, text[len(prefix) :])
                removed.append(Removal(self.name, "repeated agency dateline", prefix.strip()))
        return tuple(out)

    @staticmethod
    def _agency_dateline(blocks: tuple[Block, ...], top: int, limit: int | None) -> tuple[int, str, str | None] | None:
        """(block, dateline, place) of the agency dateline opening the first paragraph. Below the top blocks
        only a paragraph (a line ending a sentence) opens with one: a headline there is more likely a teaser's.
        A day it names ("LONDON, March 5 (AP) —") is datefind's to read."""
        for j in range(min(len(blocks), max(top, limit or 0))):
            text = blocks[j].text
            if len(text.split()) < 8 or (j >= top and not ends_sentence(text)):
                continue
            # Headlines and bylines above the first paragraph are passed over; the first sentence decides.
            m = _AGENCY_DATELINE.match(text)
            if m is not None and m.end() < len(text):
                place = m.group("place")
                return j, m.group(0), place.strip() if place else None
            m = _PLACE_DASH.match(text)
            # "NEW YORK — Stocks fell": a dateline starts a sentence; "NATO — the alliance —" is prose, and
            # "BREAKING — …" a label.
            if (
                m is not None
                and m.end() < len(text)
                and not text[m.end()].islower()
                and not is_headline_label(m.group("place"))
            ):
                return j, m.group(0), m.group("place").split(",")[0].strip()
            if ends_sentence(text):
                return None
        return None


def _stamp_parts(text: str) -> list[str]:
    """A stamp line's segments ("… | …", "… • …"), each cut again where an update begins ("Publié le … -
    Mis à jour le …"): the dates, bylines and sources apart."""
    parts = []
    for segment in _SEGMENT_SEP.split(text):
        m = _UPDATED_AT.search(segment)
        parts += [segment[: m.start()], segment[m.start() :]] if m and m.start() else [segment]
    return parts
