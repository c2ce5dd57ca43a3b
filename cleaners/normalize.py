"""Text normalisation: mojibake repair, NFC, odd spaces; then the page as a tuple of line blocks."""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parse
import unicodedata

import ftfy
import re2
from ftfy.badness import BADNESS_RE
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


def _branch_positions(badness: re.Pattern) -> list[list[set[int] | None]] | None:
    """For each alternative of ftfy's mojibake pattern, the characters each of its positions matches (None where
    a position names no explicit set); None when the pattern is not such an alternation."""
    if badness.flags & re.IGNORECASE:
        return None
    try:
        ((op, (_, branches)),) = _sre_parse.parse(badness.pattern, badness.flags)
    except (ValueError, TypeError, _sre.error):
        return None
    if op is not _sre.BRANCH:
        return None
    return [[_explicit_chars(item) for item in branch] for branch in branches]


def _letters(chars: set[int]) -> tuple[int, int]:
    """How common a set's characters are in text: its letters, then its size (fewer: a rarer set)."""
    return sum(unicodedata.category(chr(c))[0] == "L" for c in chars), len(chars)


def _char_class(chars: set[int]) -> str:
    return "[" + "".join(re.escape(chr(c)) for c in sorted(chars)) + "]"


def _mojibake_marks(branches: list[list[set[int] | None]] | None) -> re.Pattern | None:
    """A character class that every match of ftfy's mojibake pattern touches: from each of its alternatives
    (`branches`, as _branch_positions reads them), the one position whose characters are fewest letters (then
    fewest). A line with none of them cannot be bad, and the class costs a fraction of the pattern. None when
    the pattern is not such an alternation."""
    if branches is None:
        return None
    marks: set[int] = set()
    for positions in branches:
        sets = [s for s in positions if s and min(s) >= 0x80]
        if not sets:
            return None
        marks |= min(sets, key=_letters)
    return re.compile(_char_class(marks))


def _mojibake_pairs(branches: list[list[set[int] | None]] | None) -> "re2._Regexp | None":
    """Two neighbouring characters that every match of ftfy's mojibake pattern holds: from each alternative, the
    pair of adjacent positions whose first set is rarest (a lone position where it has no such pair). A line with
    marks but none of these pairs (curly quotes, ©) cannot be bad. RE2 runs the alternation as one automaton, a
    tenth of the time of Python's re, which tries each alternative in turn."""
    if branches is None:
        return None
    alternatives = []
    for positions in branches:
        pairs = [(a, b) for a, b in zip(positions, positions[1:]) if a and b]
        if pairs:
            first, second = min(pairs, key=lambda p: (_letters(p[0]), _letters(p[1])))
            alternatives.append(_char_class(first) + _char_class(second))
        elif any(positions):
            alternatives.append(_char_class(min((s for s in positions if s), key=_letters)))
        else:
            return None
    return re2.compile("|".join(alternatives))


def _explicit_chars(item) -> set[int] | None:
    """The characters one position of a parsed pattern matches, when it names them all (a literal, or a class
    of literals and ranges); None for anything else (\\w, a negated class, an optional part, an anchor)."""
    op, arg = item
    if op is _sre.LITERAL:
        return {arg}
    if op is not _sre.IN:
        return None
    chars: set[int] = set()
    for kind, value in arg:
        if kind is _sre.LITERAL:
            chars.add(value)
        elif kind is _sre.RANGE:
            chars.update(range(value[0], value[1] + 1))
        else:
            return None
    return chars


_BRANCHES = _branch_positions(BADNESS_RE)
_MARKS = _mojibake_marks(_BRANCHES)
_PAIRS = _mojibake_pairs(_BRANCHES) if _MARKS is not None else None


def _no_mojibake(segment: str) -> bool:
    """ftfy's mojibake pattern finds nothing in the segment (no lone surrogate: RE2 reads it as UTF-8). Most
    lines lack every mark; most of the rest lack every pair; the pattern itself is left for the few others."""
    if _MARKS is not None and (not _MARKS.search(segment) or _PAIRS is not None and not _PAIRS.search(segment)):
        return True
    return not BADNESS_RE.search(segment)


def _left_alone(segment: str) -> bool:
    """Whether ftfy.fix_text returns the segment unchanged at once: no mojibake by ftfy's own test, nothing
    its other fixes touch, already NFC, and not so long that ftfy would cut it in pieces."""
    return (
        len(segment) <= _FTFY.max_decode_length
        and not _FTFY_TOUCHES.search(segment)  # first: it also stops lone surrogates before _no_mojibake
        and _no_mojibake(segment)
        and unicodedata.is_normalized("NFC", segment)
    )


def to_blocks(text: str, joining: JoinWrappedLines | None = None) -> tuple[Block, ...]:
    """Each non-empty line is a block; scrapers end a line at every block element. With `joining`, the
    lines of a hard-wrapped page that continue the line above are joined to it first (cleaners.paragraphs)."""
    lines = [" ".join(line.split()) for line in normalize_text(text).split("\n")]
    if joining is not None and joining.enabled:
        lines = join_wrapped_lines(lines, joining)
    return tuple(Block(i, line) for i, line in enumerate(line for line in lines if line))
