"""The text's dates: date stamps near the top (labelled published or updated, lists of related items
passed over), agency datelines opening the first paragraph, stamps without a year."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..dates import is_headline_label
from ..text import ends_sentence, word_count
from .candidate import DateCandidate
from .mentions import (
    _COPYRIGHT,
    _EMBED,
    _LABEL_PUB,
    _LABEL_UPD,
    _P_DMY2,
    _W,
    Mention,
    _has_date_year,
    _month_of,
    _time_after,
    _valid,
    _weekday_rx,
    find_mentions,
    norm_digits,
)

STAMP_REST_WORDS = 5  # a stamp line's words beside its dates, weekdays and labels: a short byline at most

PARAGRAPH_WORDS = 40  # a line this long (words) is prose: no item of a list of links

HEADER_LINES = 5  # page-header band of the raw text (site "today" dates)

# --------------------------------------------------------------------------- datelines
_AGENCY = (
    r"(?:AP|AFP|Reuters|REUTERS|dpa|DPA|ANSA|EFE|Xinhua|IANS|PTI|UPI|Bloomberg|CNN|"
    r"TASS|ТАСС|РИА Новости|Интерфакс|Europa Press|Notimex|Kyodo|Yonhap|Bernama|Antara|"
    r"[A-Z]{2,6}(?:-[A-Z]{2,6})?|[A-Z][a-z]+ ?(?:News|Press|Post|Times))"
)
_BARE_AGENCY = r"(?:AP|AFP|REUTERS|DPA|ANSA|EFE|IANS|PTI|UPI|TASS|ТАСС)"
"""Agencies a dateline names without brackets ("PARIS AFP -"); any other capitals there belong to the place
("NEW DELHI:")."""
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-ÖØ-Þ\u0400-\u042F][A-ZÀ-ÖØ-Þ\u0400-\u042F'’.\- ]{1,40}?"
    r"(?:,\s*[A-Z][A-Za-z.\- ]{1,25}?)?)"
    r"\s*(?:,\s*(?P<date>[^()—–\-:]{3,30}?))?"
    r"\s*(?:\((?P<agency>" + _AGENCY + r")\)|\b(?P<agency2>" + _BARE_AGENCY + r"))?"
    r"\s*(?:[—–]|--|-|:)\s+(?=\S)"
)


def find_dateline(lines, start, stop):
    """Agency dateline at the start of a body line: 'WASHINGTON (Reuters) -',
    'LONDON, March 5 (AP) —'. Returns (index, dateline text, place as the page gives it, date text).
    A bare place before a colon ('NEW DELHI:') is taken only when no dash or agency dateline follows: labels
    no list names ('FYI:', 'THE PRESIDENT:') stand so too, above the article's own dateline."""
    colon = None
    for i in range(start, min(stop, len(lines))):
        l = lines[i]
        # A dateline opens a paragraph of prose, which ends a sentence (or a colon before a list); a headline
        # ("NATO: ...", "WATCH: ...") does not.
        if len(l) < 60 or not (ends_sentence(l) or l.endswith(":")):
            continue
        m = _DATELINE.match(l)
        if not m:
            continue
        place = m.group("place").strip(" ,")
        if is_headline_label(place):
            continue  # 'WATCH:', 'BREAKING —', 'PUBLISHED: April 24, 2020 …'
        agency = m.group("agency") or m.group("agency2")
        has_date = bool(m.group("date"))
        # the place must be upper case (WASHINGTON) unless an agency or date makes it a dateline
        letters = [c for c in place if c.isalpha()]
        if not letters or len(place.split()) > 5:
            continue
        upper = sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) >= 3
        if not (upper or agency and (has_date or place[0].isupper())):
            continue
        if not agency and not has_date and not upper:
            continue
        if not agency and not upper:
            continue
        found = i, l[: m.end()].strip(), place, m.group("date")
        if agency or has_date or not m.group(0).rstrip().endswith(":"):
            return found
        colon = colon or found
    return colon


_MD_NOYEAR = re.compile(r"(?:^|\s)" + _W + r"\s+(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})\.?\s+" + _W, re.I)


def _md_noyear(text, lang):
    for m in _MD_NOYEAR.finditer(text or ""):
        if m.group(1):
            mo = _month_of(m.group(1), lang)
            if mo and int(m.group(2)) <= 31:
                return mo, int(m.group(2))
        else:
            mo = _month_of(m.group(4), lang)
            if mo and int(m.group(3)) <= 31:
                return mo, int(m.group(3))
    return None


_CJK_MD = re.compile(r"(?<!\d)(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?!\d)")


def _noyear_stamp(lines, fetched_at, lang):
    """A stamp line without a year ("7 June, Sunday 14:05", "2月15日 10:00"): it takes the year of
    fetched_at, or the year before when that day would lie after the fetch. Only lines that are nothing
    but the date, a weekday, a clock time and a label count; copyright and embed lines never do."""
    limit = fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at
    wrx = _weekday_rx()
    for i, raw in enumerate(lines):
        l = norm_digits(raw)
        if len(l) > 60 or _COPYRIGHT.search(l) or _EMBED.search(l) or _has_date_year(l):
            continue
        m = _CJK_MD.search(l)
        if m:
            mo, d = int(m.group(1)), int(m.group(2))
        else:
            md = _md_noyear(l, lang)
            if not md:
                continue
            mo, d = md
            m = _MD_NOYEAR.search(l)
        rest = _CLOCK.sub(" ", wrx.sub(" ", l[: m.start()] + " " + l[m.end() :]))
        rest = _LABEL_PUB.sub(" ", rest)
        if _LABEL_UPD.search(rest) or len([w for w in re.split(r"[\W\d_]+", rest) if w]) > 1:
            continue
        day = _valid(limit.year, mo, d, limit) or _valid(limit.year - 1, mo, d, limit)
        if day:
            return i, day.isoformat()
    return None


# --------------------------------------------------------------------------- text stamps
_NOISE = re.compile(r"[\s,|:;/\-–—()\[\]•·@]+")


def _stamp_info(line: str, mentions: list[Mention]):
    """How much of the line is date/time/label: a stamp line is (almost) only that."""
    rest = line
    for mt in reversed(mentions):
        rest = rest[: mt.start] + " " + rest[mt.end :]
    # weekday names, labels, 'by Author' are allowed in a stamp
    rest = _NOISE.sub(" ", rest).strip()
    return rest


def _label_adjacent(gap):
    """Only separators, a weekday or a preposition between a label and its date."""
    gap = re.sub(r"^[^\W\d_]*", "", gap)  # rest of the label word (Publi|shed)
    gap = _weekday_rx().sub(" ", gap)
    gap = re.sub(r"\b(on|at|le|el|em|am|den|il|del|de|в|от|le|op|dnia|dne|tanggal)\b", " ", gap, flags=re.I)
    return len(re.sub(r"[\s,:|\-–—()]+", "", gap)) <= 3


_ANY_DIGIT = re.compile(r"\d")


def text_candidates(lines, limit, lang, day_first, max_lines):
    """Date stamps in the first max_lines lines: list of dicts."""
    cands = []
    wrx = _weekday_rx()
    n = min(len(lines), max_lines)
    carried = None  # (line, is_update) of a stamp line that ended in a label: its date opens the next line
    for i in range(n):
        l = lines[i]
        label_above = carried if carried and carried[0] == i - 1 else None
        if len(l) > 250 or not _ANY_DIGIT.search(l):
            continue  # most lines: every date form needs a digit (of any script: norm_digits maps only those)
        ms = (
            find_mentions(l, limit, lang, day_first)
            if _has_date_year(norm_digits(l))
            else _short_year_mentions(l, limit, lang)
        )
        if not ms:
            continue
        copyright_ = bool(_COPYRIGHT.search(l)) or bool(_EMBED.search(l))
        labels = []  # per mention: (labelled published, labelled updated, where its updated label starts)
        prev_end, carried_on = 0, False
        for j, mt in enumerate(ms):
            # a label counts for the date it introduces: within 30 chars before it
            at = max(prev_end, mt.start - 30)
            win = l[at : mt.start]
            pm = [x.end() for x in _LABEL_PUB.finditer(win) if _label_adjacent(win[x.end() :])]
            um = [x for x in _LABEL_UPD.finditer(win) if _label_adjacent(win[x.end() :])]
            lab_pub = bool(pm) and (not um or max(pm) > um[-1].end())
            lab_upd = bool(um) and not lab_pub
            if j == 0 and label_above and not _NOISE.sub("", l[: mt.start]):
                lab_pub, lab_upd, carried_on = not label_above[1], label_above[1], True
            labels.append((lab_pub, lab_upd, at + um[-1].start() if lab_upd and um else None))
            prev_end = mt.end
        # a "stamp": the date is most of the line (allow a label, weekday, a short byline)
        stamp = _few_words(l, ms, wrx)
        cut = next((u_at for k, (_, _, u_at) in enumerate(labels) if k and u_at is not None), None)
        if not stamp and cut is not None and not labels[0][1]:
            # "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par …": a stamp and its
            # update on one line, each with a short byline or source of its own
            stamp = _few_words(l[:cut], [m for m in ms if m.end <= cut], wrx) and _few_words(
                l[cut:], [replace(m, start=m.start - cut, end=m.end - cut) for m in ms if m.start >= cut], wrx
            )
        dangling = _dangling_label(l, ms[-1].end)
        carried = (i, dangling[1]) if dangling and stamp else None
        for j, mt in enumerate(ms):
            cands.append(
                dict(
                    i=i,
                    m=mt,
                    stamp=stamp,
                    upd=labels[j][1],
                    pub=labels[j][0],
                    copy=copyright_,
                    nment=len(ms),
                    j=j,
                    line=l,
                    dangling=dangling[0] if dangling else None,
                    carried=j == 0 and carried_on,
                )
            )
    return cands


def is_stamp_line(line: str, lang: str | None = None, day_first: bool = True) -> bool:
    """Whether a line is a date stamp as the text stamps below are judged: a full date and, beside it,
    weekdays, labels and a short byline at most. Regexes only, for rules that must tell a stamp cheaply."""
    ms = find_mentions(line, date.max, lang, day_first)
    if not ms or not _few_words(line, ms, _weekday_rx()):
        return False
    # A headline beside a date, in a script without spaces, makes few "words" but many characters.
    return word_count(" ".join(_rest_words(line, ms, _weekday_rx()))) <= STAMP_REST_WORDS


def _rest_words(text, mentions, wrx):
    """The words of a line beside its dates, weekdays and labels."""
    rest = wrx.sub(" ", _stamp_info(text, mentions))
    return [w for w in re.split(r"\W+", _LABEL_PUB.sub(" ", _LABEL_UPD.sub(" ", rest))) if w]


def _few_words(text, mentions, wrx):
    """Whether a line is (almost) only its dates: beside them, weekdays and labels, a short byline at most."""
    words = _rest_words(text, mentions, wrx)
    return len(" ".join(words)) <= 30 and len(words) <= STAMP_REST_WORDS


def _dangling_label(line, end):
    """(where it starts, whether it is an update label) of a label closing a stamp line with no date after
    it ("04.05.2015 à 13h36 • Mis à jour le"): the stamp goes on on the next line, or the page left it empty."""
    tail = line[end:]
    for rx, upd in ((_LABEL_UPD, True), (_LABEL_PUB, False)):
        m = rx.search(tail)
        if (
            m
            and not _NOISE.sub("", tail[: m.start()])
            and _label_adjacent(tail[m.end() :])
            and not _ANY_DIGIT.search(tail)
        ):
            return end + m.start(), upd
    return None


def _stamp_text(c, lines, cands):
    """The stamp line as the page gives it: one ending in a label goes on with the date opening the next
    line ("… • Mis à jour le" / "04.05.2015 à 15h02"); a label the page left without a date is cut off."""
    if c["dangling"] is None:
        return c["line"]
    if any(x["i"] == c["i"] + 1 and x["carried"] for x in cands):
        return c["line"] + " " + lines[c["i"] + 1]
    return c["line"][: c["dangling"]].rstrip(" ,:;|•·/-–—")


def _short_year_mentions(line: str, limit: date, lang: str | None) -> list[Mention]:
    """A day-month-year date with a two-digit year ("Publié le 27 Mar 20"), read only when a publication
    label introduces it: elsewhere "27 Mar 20" is as likely a count or a score."""
    text = norm_digits(line)
    if not _P_DMY2.search(text):
        return []  # most lines: one cheap scan, not a label search over every line of the page
    for lab in _LABEL_PUB.finditer(text):
        m = _P_DMY2.search(text, lab.end(), lab.end() + 40)
        if not m or not _label_adjacent(text[lab.end() : m.start()]):
            continue
        mo = _month_of(m.group(2), lang)
        d = _valid(2000 + int(m.group(3)), mo, int(m.group(1)), limit) if mo else None
        if d:
            t, end = _time_after(text, m.end())
            return [Mention(d, m.start(), end, t, "name")]
    return []


def _lists(stamps, lines, gap=10):
    """Runs of 3 or more stamp lines at short intervals (<= gap lines) with >= 2 distinct days:
    lists of related articles, comment threads, live-blog entries. A paragraph between two stamps, or
    sentences making as many words, ends a run: list items carry headlines, not prose, so a stamp above
    its article's body stays."""
    inlist = set()
    run = []
    at = {c["i"] for c in stamps}
    for c in stamps + [None]:
        if (
            c is not None
            and run
            and c["i"] - run[-1]["i"] <= gap
            and _body_start(lines, run[-1]["i"] + 1, at, c["i"]) is None
        ):
            run.append(c)
            continue
        if len(run) >= 3 and len({x["m"].day for x in run}) >= 2:
            inlist.update(id(x) for x in run)
        run = [c] if c is not None else []
    return inlist


def _choose_text(cands, lines, max_lines):
    """Pick the publication stamp among text candidates. Returns (cand, source) or None.

    Rules (no fitted weights):
      * copyright lines never count; lines labelled only as 'updated' go to `updated`;
      * a stamp line labelled as publication wins;
      * otherwise the first stamp line, unless it heads a run of stamp lines with
        different dates (a list of related articles / comments): then skip the run;
      * a line with two dates labelled published/updated gives the first to published.
    """
    good = [c for c in cands if not c["copy"]]
    stamps = [c for c in good if c["stamp"]]
    upd = None
    for c in good:
        if c["upd"] and (c["stamp"] or len(c["line"]) <= 100) and c["i"] < max_lines:
            upd = upd or c
    # labelled stamps ("Updated 28.5.2020") are the article's own metadata, never items of a list
    inlist = _lists([c for c in stamps if c["j"] == 0 and not (c["upd"] or c["pub"])], lines)
    top = [c for c in stamps if c["i"] < max_lines and id(c) not in inlist and c["j"] == 0]
    # a line labelled as publication ("Published: ...", "Publicado ...", "Por X Publicado ...")
    pubs = [
        c
        for c in good
        if c["i"] < max_lines and c["pub"] and (c["stamp"] or len(c["line"]) <= 100) and id(c) not in inlist
    ]
    if pubs:
        return pubs[0], upd
    plain = [c for c in top if not c["upd"]]
    if upd is not None:
        # the article's own stamps sit next to its "updated" stamp; unlabelled dates
        # further down belong to other items (related lists, teasers)
        plain = [c for c in plain if c["i"] <= upd["i"] + 3]
    if not plain:
        return None, upd
    # page-header date: a date-only stamp in the first lines of the page (before the
    # navigation) is the site's "today" display, i.e. the crawl day. When a later stamp
    # exists, that one is the article's.
    first = plain[0]
    if first["i"] < HEADER_LINES and first["m"].time is None and len(plain) > 1:
        later = [c for c in plain[1:] if c["i"] >= HEADER_LINES]
        if later:
            later[0]["header"] = first
            return later[0], upd
    bylines = [
        c
        for c in good
        if c["j"] == 0 and not c["upd"] and len(c["line"]) <= 100 and id(c) not in inlist and c["i"] > first["i"]
    ]
    byline = _byline_stamp(first, bylines, lines)
    if byline is not None:
        return byline, upd
    return first, upd


def _byline_stamp(first, others, lines):
    """The site's clock ("Wednesday, September 30, 2020 02:45 PM") heads the page, above the menus and the
    headline; the article's own stamp is the last one before its first paragraph. When that stamp is
    earlier than the first one (a clock shows the crawl, which never precedes the publication), it is
    the article's. It is not marked as a page header: the clock may also be the day HTML metadata names.
    A sentence with a date in it (a caption) is no stamp."""
    body = _body_start(lines, first["i"] + 1, {c["i"] for c in others if c["stamp"]})
    if body is None:
        return None
    near = [c for c in others if first["i"] < c["i"] < body and (c["stamp"] or not ends_sentence(c["line"]))]
    if near and near[-1]["m"].day < first["m"].day:
        return near[-1]
    return None


def _body_start(lines, start, stamp_lines, stop=None):
    """Where the body has begun: its first paragraph (PARAGRAPH_WORDS words or more), or before it the line
    where shorter sentences have made as many words (CJK and Thai counted by characters): a date below them
    (a video card, a "more on this story" box) lies inside the article, not above it. Stamp lines ("... at
    9:06 a.m.") are no sentences. Without `stop` a paragraph must come within 200 lines, or None; with it,
    the sentences alone count, before that line."""
    prose, sentences_end = 0, None
    for k in range(start, min(len(lines), start + 199) if stop is None else stop):
        if len(lines[k].split()) >= PARAGRAPH_WORDS:
            return k if sentences_end is None else sentences_end
        if sentences_end is None and k not in stamp_lines and ends_sentence(lines[k]):
            prose += word_count(lines[k])
            if prose >= PARAGRAPH_WORDS:
                sentences_end = k
    return None if stop is None else sentences_end


def gather_dateline(lines, limit, lang, day_first, fetched_at):
    """The agency dateline opening the first paragraph ("LONDON, March 5 (AP) —"): (its line, its text, its
    place) or None, and the day it names as a candidate; a day without a year takes the fetch's year."""
    found = find_dateline(lines, 0, min(len(lines), 300))
    if not found:
        return None, None
    i, text, place, when = found
    day = None
    if when:
        ms = find_mentions(when, limit, lang, day_first)
        if ms:
            day = ms[0].iso()
        else:
            md = _md_noyear(when, lang)
            if md and fetched_at is not None:
                y = limit.year
                d = _valid(y, md[0], md[1], limit) or _valid(y - 1, md[0], md[1], limit)
                day = d.isoformat() if d else None
    return (i, text, place), (DateCandidate(day, "text-dateline", text, i) if day else None)


@dataclass(frozen=True)
class TextStamps:
    """The text's stamps as the decider needs them: the publication and update stamps chosen, the day of a
    page-header clock passed over for a later stamp, the stamps the page shows (for a metadata instant's local
    day) and the chosen stamp's text as the page gives it."""

    published: DateCandidate | None
    updated: DateCandidate | None
    header_day: date | None
    shown: tuple[Mention, ...]
    stamp_text: str | None


def gather_stamps(lines, limit, lang, day_first, max_lines) -> TextStamps:
    """Date stamps in the text, chosen by _choose_text's rules."""
    cands = text_candidates(lines, limit, lang, day_first, len(lines))
    tc, tupd = _choose_text(cands, lines, max_lines)
    return TextStamps(
        published=DateCandidate(tc["m"].iso(), "text-stamp", tc["line"], tc["i"]) if tc else None,
        updated=DateCandidate(tupd["m"].iso(), "text-stamp", tupd["line"], tupd["i"]) if tupd else None,
        header_day=tc["header"]["m"].day if tc and tc.get("header") else None,
        shown=tuple(c["m"] for c in cands if c["stamp"] and not c["copy"])[:30],
        stamp_text=_stamp_text(tc, lines, cands) if tc else None,
    )


def gather_noyear(lines, fetched_at, lang) -> DateCandidate | None:
    """A stamp without a year, dated by the fetch (see _noyear_stamp)."""
    found = _noyear_stamp(lines, fetched_at, lang)
    if not found:
        return None
    i, iso = found
    return DateCandidate(iso, "text-stamp-no-year", lines[i], i)


def published_days(line: str, lang: str | None, day_first: bool) -> set[date]:
    """The days a line shows that no update label introduces ("Updated May 2 | Published May 1": May 1)."""
    return {c["m"].day for c in text_candidates([line], date.max, lang, day_first, 1) if not c["upd"]}
