"""Text normalisation: mojibake repair, NFC, odd spaces; then the page as a tuple of line blocks."""

from __future__ import annotations

import re
import unicodedata

import ftfy
import re2
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS

from .model import Block
from .paragraphs import JoinWrappedLines, join_wrapped_lines

# ftfy settings that repair encoding damage but leave the author's characters alone:
# curly quotes, ligatures and full-width CJK forms are real text, not damage.
_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    unescape_html=False,
    explain=False,
    normalization="NFC",
)

MAX_REPAIR_PASSES = 4
"""Normalisation passes (count) at most; text still changing after that is left as the last pass made it."""

# Spaces that print as blanks; ZWNJ/ZWJ are left alone (they carry meaning in Persian, Indic, emoji).
_SPACE_LIKE = {
    c: " " for c in "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\t\f\v"
}
_INVISIBLE = {c: "" for c in "\u200b\u2060\ufeff\u00ad"}
_LINE_BREAKS = {c: "\n" for c in "\r\u2028\u2029\x85\x1c\x1d\x1e"}
_REPLACED = {**_SPACE_LIKE, **_INVISIBLE, **_LINE_BREAKS}
_ODD_CHARACTER = re.compile("[" + re.escape("".join(_REPLACED)) + "]")
"""A character _REPLACED maps: a page has few, and replacing matches is cheaper than str.translate,
which looks every character up in its table."""


def normalize_text(text: str) -> str:
    """Repair and tidy the text; idempotent, so cleaning cleaned output changes nothing."""
    # One pass can expose new damage (ftfy turns C1 controls into cp1252 letters that read as mojibake;
    # dropping a soft hyphen can join two such letters): repeat the whole pass until nothing changes.
    # The next pass meets mostly the lines this one left as they were: ftfy's answer for each is kept.
    repaired: dict[str, str] = {}
    for _ in range(MAX_REPAIR_PASSES):
        fixed = _normalize_once(text, repaired)
        if fixed == text:
            break
        text = fixed
    return text


def _normalize_once(text: str, repaired: dict[str, str]) -> str:
    if not text.isascii():
        text = _repair(text, repaired)
    text = _ODD_CHARACTER.sub(lambda m: _REPLACED[m.group()], text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _repair(text: str, repaired: dict[str, str] | None = None) -> str:
    """ftfy.fix_text segment by segment, as it works itself (a segment ends after each "\n"), with the
    segments it would leave alone passed over: they are most of a page's lines, and ftfy's time.
    `repaired` holds ftfy's answers for segments already seen (fix_text is a function of its segment)."""
    if repaired is None:
        repaired = {}
    segments = text.split("\n")
    pieces = [seg + "\n" for seg in segments[:-1]] + [segments[-1]]
    return "".join(p if _plain_ascii(p) or _left_alone(p) else _fix(p, repaired) for p in pieces)


def _fix(segment: str, repaired: dict[str, str]) -> str:
    fixed = repaired.get(segment)
    if fixed is None:
        fixed = repaired[segment] = ftfy.fix_text(segment, _FTFY)
    return fixed


def _plain_ascii(segment: str) -> bool:
    """Printable ASCII and at most the closing "\n": no fix of ftfy's changes such a segment."""
    line = segment.removesuffix("\n")
    return line.isascii() and line.isprintable()


_FTFY_TOUCHES = re.compile("[" + "".join(map(chr, CONTROL_CHARS)) + "\x80-\x9f\r\u2028\u2029\ud800-\udfff]")
"""What ftfy's fixes besides the mojibake repair act on (our config): C1 controls, line breaks other than
"\n", lone surrogates, and the control characters it removes (terminal escapes start with one)."""


_WIDER_ESCAPES = {"w": r"\pL\pN_", "s": r"\s\x0b\x1c-\x1f\x85\pZ", "d": r"\p{Nd}"}
"""RE2 class contents holding all that Python's Unicode \\w, \\s and \\d match (RE2's own are ASCII; its
\\W, \\S and \\D already hold Python's)."""


def _re2_superset(badness: re.Pattern) -> "re2._Regexp | None":
    """ftfy's mojibake pattern (public text, written VERBOSE) for RE2: layout and comments out, \\w and \\s
    widened, so RE2 finds a match wherever Python's re does. RE2 runs the alternation as one automaton, a
    fraction of the time of Python's re, which tries each alternative in turn. None for any other flags or a
    pattern RE2 cannot read: then the pattern alone decides."""
    if badness.flags & ~(re.VERBOSE | re.UNICODE):
        return None
    out: list[str] = []
    pattern, i, in_class = badness.pattern, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "bB":  # a word boundary: RE2's ASCII one is no superset
                return None
            wider = _WIDER_ESCAPES.get(nxt)
            out.append(c + nxt if wider is None else wider if in_class else "[" + wider + "]")
            i += 2
            continue
        if in_class:
            in_class = c != "]" or out[-1] == "[" or out[-1] == "[^"
        elif c == "[":
            in_class = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
                continue
        elif c == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end
            continue
        elif c.isspace():
            i += 1
            continue
        out.append(c)
        i += 1
    try:
        return re2.compile("".join(out))
    except re2.error:
        return None


_RE2_BADNESS = _re2_superset(BADNESS_RE)


def _no_mojibake(segment: str) -> bool:
    """ftfy's mojibake pattern finds nothing in the segment (no lone surrogate: RE2 reads it as UTF-8). RE2 rules
    out most lines at once; the pattern itself decides for the few it finds something in."""
    if _RE2_BADNESS is not None and not _RE2_BADNESS.search(segment):
        return True
    return not is_bad(segment)


def _left_alone(segment: str) -> bool:
    """Whether ftfy.fix_text returns the segment unchanged at once: no mojibake by ftfy's own test, nothing
    its other fixes touch, already NFC, and not so long that ftfy would cut it in pieces."""
    return (
        len(segment) <= _FTFY.max_decode_length
        and not _FTFY_TOUCHES.search(segment)  # first: it also stops lone surrogates before _no_mojibake
        and _no_mojibake(segment)
        and unicodedata.is_normalized("NFC", segment)
    )


def normalized_lines(text: str) -> list[str]:
    """The page's lines, normalised (normalize_text) and with their white space collapsed: what the rules
    and the date finder read."""
    return [" ".join(line.split()) for line in normalize_text(text).split("\n")]


def to_blocks(text: str, joining: JoinWrappedLines | None = None, lines: list[str] | None = None) -> tuple[Block, ...]:
    """Each non-empty line is a block; scrapers end a line at every block element. With `joining`, the
    lines of a hard-wrapped page that continue the line above are joined to it first (cleaners.paragraphs).
    `lines`: normalized_lines(text), if the caller has them."""
    lines = normalized_lines(text) if lines is None else lines
    if joining is not None and joining.enabled:
        lines = join_wrapped_lines(lines, joining)
    return tuple(Block(i, line) for i, line in enumerate(line for line in lines if line))
