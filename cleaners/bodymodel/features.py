"""Per-line features for the main-body line classifier (text mode).

Vectorised with numpy over the page's code points (one array pass, one regex pass
for stop words, one for link-like tokens), so a page costs ~0.1-0.3 ms.
Pure functions, no I/O beyond reading the bundled stop lists on first use of a
language (cached).  Language-agnostic shape cues plus per-language stop-word
density (cleaners.stoplists: every language langdetect names).

Public API
----------
feature_matrix(lines, lang) -> numpy.ndarray         (one row per line)
FEATURE_NAMES                                        (column names, in order)

Feature list (per line i of a page of n lines)
----------------------------------------------
Base features, computed on the line itself:
  lchars      log1p(number of characters)
  lwords      log1p(effective words: \\w+ tokens + 0.5 * characters of scripts written without spaces)
  term        line ends with terminal punctuation (. ! ? … 。！？, optionally followed by a closing quote/bracket)
  colon       line ends with ':'
  punct       sentence punctuation marks (, ; : . ! ? and CJK equivalents) per effective word
  stop        stop-word density: share of tokens in the language's stop list (0 if no list); for a language
              written without spaces, the share of its script's characters that stop words cover
  lstop       log1p(stop-word count)
  cap         share of alphabetic tokens starting with an upper-case letter
  digit       share of word characters that are digits
  nonword     share of characters that are not in \\w tokens (symbols, spaces, punctuation)
  link        line contains a url (://, www., .com/.org/.net), e-mail, @handle or #hashtag
  sep         log1p(count of separator symbols | • · » › / ©)
  rep         line text occurs more than once in the page
  pos         relative position i / (n - 1)
  lower0      line starts with a caseless-or-lower-case letter (not upper, digit or Han/kana)
  sym0        line starts with a non-alphanumeric character (bullet, arrow, quote...)
  mtok        mean token length (characters), capped at 15
  cjk         share of characters of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar)
  rellen      effective words / max effective words of any line in the page
  haslist     the page's language has a stop list (page constant)
  glued       log1p(lower-case letters followed by an upper-case one: "SteakhouseA", link texts run together)
  clock       the line holds a time of day ("6:34"), as comment threads and tickers do
Context features (smoothing over neighbours, computed with numpy):
  p1_*, n1_*, p2_*, n2_*   lwords / term / stop of the previous/next 1st and 2nd line
  w2_*, w5_*, w15_*         centred window means (+-2, +-5, +-15 lines) of lwords / term / stop / prose /
                            rep / link / clock (a comment thread repeats its "Reply", its handles and
                            its times around prose)
  shortrun  log1p(length of the run of consecutive short lines (< 6 effective words) containing the line)
  prose     line is "prose-like" (>= 8 effective words and terminal punct, or >= 20 effective words)
  massbefore share of the page's prose words that come before this line
  massafter  share of the page's prose words that come after this line
  dprev, dnext  log1p(distance in lines to the nearest prose line before / after), capped at 50
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

from ..stoplists import base_code, stop_list, substring_pattern
from ..text import CLOSERS, SENTENCE_END, UNSPACED_RANGES

_TOK = re.compile(r"\w+")
_PUNCT_CHARS = set(",;:.!?\u3001\u3002\uff0c\uff01\uff1f\u060c\u061b\u061f\u0964\u0965\u06d4")
_TERM_CHARS = SENTENCE_END
_CLOSERS = set(CLOSERS)

BASE_NAMES = [
    "lchars",
    "lwords",
    "term",
    "colon",
    "punct",
    "stop",
    "lstop",
    "cap",
    "digit",
    "nonword",
    "link",
    "sep",
    "rep",
    "pos",
    "lower0",
    "sym0",
    "mtok",
    "cjk",
    "rellen",
    "haslist",
    "glued",
    "clock",
]
_CTX_SRC = ["lwords", "term", "stop"]
CTX_NAMES = (
    [f"{p}_{s}" for p in ("p1", "n1", "p2", "n2") for s in _CTX_SRC]
    + [f"w{k}_{s}" for k in (2, 5, 15) for s in _CTX_SRC + ["prose", "rep", "link", "clock"]]
    + ["shortrun", "prose", "massbefore", "massafter", "dprev", "dnext"]
)
FEATURE_NAMES = BASE_NAMES + CTX_NAMES
_COL = {name: k for k, name in enumerate(FEATURE_NAMES)}


def stoplist(lang):
    """Lower-cased stop-word frozenset for a language code; empty if none (cleaners.stoplists decides)."""
    return stop_list(lang)


# Character-class table for the Basic Multilingual Plane, built once at import from Python's own
# str predicates (so "word" is exactly re's \w for BMP characters).
_W, _D, _U, _C, _P, _S, _T, _Q, _L = 1, 2, 4, 8, 16, 32, 64, 128, 256


def _build_table():
    t = np.zeros(0x10000, dtype=np.uint16)
    punct = _PUNCT_CHARS
    seps = set("|\u2022\u00b7\u00bb\u203a/\u00a9")
    for i in range(0x10000):
        ch = chr(i)
        v = 0
        if ch.isalnum() or ch == "_":
            v |= _W
            if ch.isdigit():
                v |= _D
            elif ch.isupper():
                v |= _U
            elif ch.islower():
                v |= _L
        if any(lo <= i <= hi for lo, hi in UNSPACED_RANGES):
            v |= _C
        if ch in punct:
            v |= _P
        if ch in seps:
            v |= _S
        if ch in _TERM_CHARS:
            v |= _T
        if ch in _CLOSERS:
            v |= _Q
        t[i] = v
    return t


_TABLE = _build_table()


def _build_lower():
    lo = np.arange(0x10000, dtype=np.uint64)
    for i in range(0x10000):
        ch = chr(i)
        if ch.isupper():
            l = ch.lower()
            if len(l) == 1:
                lo[i] = ord(l)
    return lo


_LOWER = _build_lower()
# Token hashing for stop-word lookup: h(tok) = sum(lower(ch_t) * B**t) mod 2**64, computed for all
# tokens of a page at once from prefix sums (numpy uint64 arithmetic wraps mod 2**64).
_B = 1000003
_BINV = pow(_B, -1, 2**64)
POWER_TABLES_CACHED = 8
"""Tables of powers (count) kept; each is a power of two long, so a few serve pages of every size."""


@lru_cache(maxsize=POWER_TABLES_CACHED)
def _power_table(size):
    """(B**t, B**-t) for t below `size`, mod 2**64: a pure function of the size, built once per size."""
    with np.errstate(over="ignore"):
        a = np.full(size, _B, dtype=np.uint64)
        a[0] = 1
        b = np.full(size, _BINV, dtype=np.uint64)
        b[0] = 1
        return np.cumprod(a, dtype=np.uint64), np.cumprod(b, dtype=np.uint64)


def _powers(n):
    pw, ipw = _power_table(max(1 << 16, 1 << max(n - 1, 0).bit_length()))
    return pw[:n], ipw[:n]


def _string_hashes(strings):
    """The token hash (as _base_arrays computes it for a page's tokens) of each whole string, all at once."""
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    starts = np.zeros(len(strings), dtype=np.int64)
    np.cumsum(lens[:-1] + 1, out=starts[1:])
    c = np.frombuffer("\n".join(strings).encode("utf-32-le"), dtype=np.uint32)
    lc = np.where(c < 0x10000, _LOWER[np.minimum(c, 0xFFFF)], c.astype(np.uint64))
    pw, ipw = _powers(len(c) + 1)
    with np.errstate(over="ignore"):
        H = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(lc * pw[: len(c)], dtype=np.uint64)))
        return (H[starts + lens] - H[starts]) * ipw[starts]


@lru_cache(maxsize=64)
def stop_hashes(stop):
    """The sorted uint64 hashes of the single-token entries of a stop list: a token is a stop word when
    a binary search finds its hash."""
    return np.unique(_string_hashes(sorted(w for w in stop if _TOK.fullmatch(w))))


_NO_ROWS = (None, {}, np.zeros((0, 19)))
_LAST_ROWS: tuple = _NO_ROWS
"""(language code, {line: row}, rows of own base features and effective words) of the last _base_arrays call
(_NO_ROWS before the first), replaced whole. The classifier runs again on the lines it kept, and the pipeline's next pass on the lines
it kept then: those lines' own features are taken from here instead of being computed again."""


def _base_arrays(lines, lang):
    """Per-line base features of each line on its own (_own_arrays' 18 columns, then effective words) and
    `rep`, the one that depends on the rest of the page. Own features depend on the line's text and the
    language alone, so a line the last call saw keeps its row; the others go through _own_arrays together."""
    global _LAST_ROWS
    code = base_code(lang)
    last_code, row_of, table = _LAST_ROWS
    if last_code != code:
        row_of, table = {}, table[:0]
    at = [row_of.get(l, -1) for l in lines]
    if -1 in at:
        new = list(dict.fromkeys(l for l, k in zip(lines, at) if k < 0))
        new_row = dict(zip(new, range(len(table), len(table) + len(new))))
        table = np.concatenate((table, np.column_stack(_own_arrays(new, stop_list(code), substring_pattern(code)))))
        at = [k if k >= 0 else new_row[l] for l, k in zip(lines, at)]
    own = table[at]
    _LAST_ROWS = (code, dict(zip(lines, range(len(lines)))), own)
    counts = Counter(lines)
    return own, np.fromiter((counts[l] > 1 for l in lines), dtype=np.float64, count=len(lines))


def _own_arrays(lines, stop, substrings=None):
    """Vectorised per-line base features of each line on its own (BASE_NAMES but rep, pos, rellen and
    haslist, in that order): one pass of numpy over the page's code points (plus one pass for stop words).
    With `substrings` (a language written without spaces), stop words are found as substrings and `stop`
    is the share of the line's unspaced-script characters they cover. Returns (matrix with 18 columns,
    effective word counts)."""
    n = len(lines)
    S = "\n".join(lines)
    c = np.frombuffer(S.encode("utf-32-le"), dtype=np.uint32)
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lens[:-1] + 1, out=starts[1:])
    ends = starts + lens  # exclusive
    lid = np.repeat(np.arange(n), lens + 1)[: len(c)]  # line id per code point ("\n" -> previous line)
    bmp = np.minimum(c, 0xFFFF)
    k = _TABLE[bmp]
    astral_plane = c.max(initial=0) > 0xFFFF
    if astral_plane:  # astral plane: letters yes, emoji/symbols no
        astral = c > 0xFFFF
        k = np.where(astral, np.where((c >= 0x1F000) & (c <= 0x1FAFF), 0, _W), k).astype(np.uint16)
    word = (k & _W) > 0
    tstart = word.copy()
    tstart[1:] &= ~word[:-1]
    digit = (k & _D) > 0
    upper = (k & _U) > 0
    cjk = (k & _C) > 0
    letter_start = tstart & ~digit & (c != 95)

    lower = (k & _L) > 0
    glued = np.zeros(len(c), dtype=bool)  # "SteakhouseA", "HomeLatest": link texts run together
    glued[:-1] = lower[:-1] & upper[1:]
    clock = np.zeros(len(c), dtype=bool)  # "6:34", "10:41 am": a time of day, as comments and tickers carry
    clock[1:-2] = (c[1:-2] == 58) & digit[:-3] & digit[2:-1] & digit[3:]
    M = np.empty((10, len(c)), dtype=bool)  # one reduceat for all per-line counts, along each row
    M[0] = tstart
    M[1] = word
    M[2] = cjk
    M[3] = digit
    M[4] = letter_start
    M[5] = letter_start & upper
    M[6] = (k & _P) > 0
    M[7] = (k & _S) > 0
    M[8] = glued
    M[9] = clock
    R = np.add.reduceat(M, starts, axis=1, dtype=np.int32).astype(np.float64)
    nt, nword, ncjk, ndig, nalpha, ncap, npun, nsep, nglued, nclock = R
    eff = nt + 0.5 * ncjk
    # stop words
    covered = None
    if substrings is not None:
        nstop, covered = _substring_stops(lines, substrings)
    elif stop:
        sh = stop_hashes(stop)
        tend = word.copy()
        tend[:-1] &= ~word[1:]
        si = np.flatnonzero(tstart)
        ei = np.flatnonzero(tend) + 1
        lc = np.where(c < 0x10000, _LOWER[bmp], c.astype(np.uint64)) if astral_plane else _LOWER[bmp]
        pw, ipw = _powers(len(c) + 1)
        with np.errstate(over="ignore"):
            H = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(lc * pw[: len(c)], dtype=np.uint64)))
            th = (H[ei] - H[si]) * ipw[si]
        pos = np.minimum(np.searchsorted(sh, th), len(sh) - 1)
        isst = sh[pos] == th
        nstop = np.bincount(lid[si[isst]], minlength=n).astype(np.float64)
    else:
        nstop = np.zeros(n)
    # links
    link = np.zeros(n)
    L = len(c)
    cp = np.concatenate((c, np.zeros(4, dtype=np.uint32)))  # padded for look-ahead
    wp = np.concatenate((word, np.zeros(4, dtype=bool)))
    at = np.flatnonzero(((c == 64) | (c == 35)) & wp[1 : L + 1])  # @handle, e-mail, #tag
    col = np.flatnonzero(c == 58)
    col = col[(cp[col + 1] == 47) & (cp[col + 2] == 47)]  # ://
    dot = np.flatnonzero(c == 46)
    d1, d2, d3 = cp[dot + 1], cp[dot + 2], cp[dot + 3]
    tld = (
        ((d1 == 99) & (d2 == 111) & (d3 == 109))
        | ((d1 == 111) & (d2 == 114) & (d3 == 103))
        | ((d1 == 110) & (d2 == 101) & (d3 == 116))
    ) & ~wp[dot + 4]  # .com .org .net
    www = (
        (dot >= 3)
        & (c[np.maximum(dot - 1, 0)] == 119)
        & (c[np.maximum(dot - 2, 0)] == 119)
        & (c[np.maximum(dot - 3, 0)] == 119)
    )  # www.
    hits = np.concatenate((at, col, dot[tld | www]))
    if len(hits):
        link[lid[hits]] = 1.0
    # last / first characters
    last = c[ends - 1]
    klast = k[ends - 1]
    kprev = k[np.maximum(ends - 2, starts)]
    klastx = np.where(((klast & _Q) > 0) & (lens > 1), kprev, klast)
    term = ((klastx & _T) > 0).astype(np.float64)
    colon = ((last == 58) | (last == 0xFF1A)).astype(np.float64)
    first = c[starts]
    fword = word[starts]
    lower0 = (fword & ~digit[starts] & ~upper[starts] & ~cjk[starts] & (first != 95)).astype(np.float64)
    sym0 = (~fword).astype(np.float64)
    ntd = np.maximum(nt, 1.0)
    B = np.column_stack(
        [
            np.log1p(lens),
            np.log1p(eff),
            term,
            colon,
            npun / np.maximum(eff, 1.0),
            np.minimum(nstop / ntd, 1.0) if covered is None else np.minimum(covered / np.maximum(ncjk, 1.0), 1.0),
            np.log1p(nstop),
            ncap / np.maximum(nalpha, 1.0),
            ndig / np.maximum(nword, 1.0),
            1.0 - nword / np.maximum(lens, 1),
            link,
            np.log1p(nsep),
            lower0,
            sym0,
            np.minimum(nword / ntd, 15.0),
            ncjk / np.maximum(lens, 1),
            np.log1p(nglued),
            np.minimum(nclock, 1.0),
        ]
    )
    return B, eff


def _substring_stops(lines, substrings):
    """(stop words found, characters they cover) in each line, for a script written without spaces."""
    found = [substrings.findall(line) for line in lines]
    n = len(lines)
    return (
        np.fromiter(map(len, found), dtype=np.float64, count=n),
        np.fromiter((sum(map(len, f)) for f in found), dtype=np.float64, count=n),
    )


def _runlen(mask):
    """Length of the run of True values containing each position (0 where False): run edges from one
    comparison, each run's length repeated over its positions."""
    out = np.zeros(mask.shape[0])
    padded = np.zeros(mask.shape[0] + 2, dtype=bool)
    padded[1:-1] = mask
    edges = np.flatnonzero(padded[1:] != padded[:-1])  # run starts and ends, alternating
    lengths = edges[1::2] - edges[::2]
    out[mask] = np.repeat(lengths, lengths)
    return out


def _dist_prev(mask):
    """Distance (in lines) to the nearest True strictly before each position (cap 50)."""
    n = mask.shape[0]
    idx = np.arange(n)
    last = np.where(mask, idx, -(10**6))
    np.maximum.accumulate(last, out=last)
    dist = np.empty(n, dtype=last.dtype)
    dist[:1] = 10**6
    np.subtract(idx[1:], last[:-1], out=dist[1:])
    return np.minimum(dist, 50)


def window_means(cs, ks):
    """Means over the centred windows of k lines either side (each k of `ks`, clipped at the page's edges)
    of the rows whose running sums are `cs` (n + 1 rows, the first zero): one gather for all the windows.
    Shape (n, len(ks), columns of cs); the same arithmetic, value for value, as one window at a time."""
    n = cs.shape[0] - 1
    idx = np.arange(n)
    k = np.asarray(ks)[:, None]
    lo = np.maximum(idx - k, 0)
    hi = np.minimum(idx + k + 1, n)
    counts = hi - lo
    if cs.ndim == 2:
        counts = counts[:, :, None]
    return np.moveaxis((cs[hi] - cs[lo]) / counts, 0, 1)


def feature_matrix(lines, lang=None):
    """Feature array (n_lines, len(FEATURE_NAMES)) for non-empty lines."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    stop = stoplist(lang)
    own, rep = _base_arrays(lines, lang)
    eff = own[:, -1]
    out = np.empty((n, len(FEATURE_NAMES)))
    out[:, : _COL["rep"]] = own[:, : _COL["rep"]]
    out[:, _COL["rep"]] = rep
    out[:, _COL["pos"]] = np.arange(n) / max(n - 1, 1)
    out[:, _COL["lower0"] : _COL["rellen"]] = own[:, _COL["rep"] : _COL["rep"] + 4]
    out[:, _COL["rellen"]] = eff / max(eff.max(), 1.0)
    out[:, _COL["haslist"]] = 1.0 if stop else 0.0
    out[:, _COL["glued"] : _COL["clock"] + 1] = own[:, -3:-1]
    term = out[:, _COL["term"]]
    prose_m = ((eff >= 8) & (term > 0)) | (eff >= 20)
    prose = prose_m.astype(np.float64)
    pad = np.zeros((n + 4, 7))  # lwords, term, stop, prose, rep, link, clock; two zero lines either side
    src = pad[2 : n + 2]
    src[:, 0], src[:, 1], src[:, 2], src[:, 3] = out[:, _COL["lwords"]], term, out[:, _COL["stop"]], prose
    src[:, 4], src[:, 5], src[:, 6] = rep, out[:, _COL["link"]], out[:, _COL["clock"]]
    for name, first in (("p1", 1), ("n1", 3), ("p2", 0), ("n2", 4)):
        out[:, _COL[f"{name}_lwords"] : _COL[f"{name}_lwords"] + 3] = pad[first : first + n, :3]
    cs4 = np.zeros((n + 1, 7))
    np.cumsum(src, axis=0, out=cs4[1:])
    out[:, _COL["w2_lwords"] : _COL["w15_clock"] + 1] = window_means(cs4, (2, 5, 15)).reshape(n, 21)
    out[:, _COL["shortrun"]] = np.log1p(_runlen(eff < 6))
    out[:, _COL["prose"]] = prose
    pw = eff * prose
    tot = max(pw.sum(), 1.0)
    cs = np.cumsum(pw)
    out[:, _COL["massbefore"]] = (cs - pw) / tot
    out[:, _COL["massafter"]] = (tot - cs) / tot
    out[:, _COL["dprev"]] = np.log1p(_dist_prev(prose_m))
    out[:, _COL["dnext"]] = np.log1p(_dist_prev(prose_m[::-1])[::-1])
    return out
