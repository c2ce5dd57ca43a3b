"""The rules' word lists (module constants named ..._WORDS, joined by cleaners.text.one_of): each phrase is
a pattern of its own, none is listed twice, and none is dead weight, matched only through another phrase."""

import importlib
import itertools
import pkgutil
import re._parser as sre

import pytest
import re2

import cleaners.rules
from cleaners.text import one_of

MAX_EXAMPLES = 64
"""Examples (count) drawn from one phrase: every choice of its alternatives and optional parts, up to this."""

_CLASS_STAND_INS = {"Lu": "A", "Ll": "a", "L": "a", "N": "1", "Nd": "1"}
_CATEGORY_CHARS = {sre.CATEGORY_DIGIT: "1", sre.CATEGORY_WORD: "a", sre.CATEGORY_SPACE: " "}


def _word_lists() -> list[tuple[str, tuple[str, ...]]]:
    """Every rule module's word lists, each under the module that defines it (not one that imports it)."""
    found = []
    for info in pkgutil.iter_modules(cleaners.rules.__path__):
        module = importlib.import_module(f"cleaners.rules.{info.name}")
        source = open(module.__file__, encoding="utf-8").read()
        for name, value in vars(module).items():
            if name.endswith("_WORDS") and _is_phrases(value) and f"\n{name} = (" in source:
                found.append((f"{info.name}.{name}", value))
    return found


def _is_phrases(value) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, str) for v in value)


def _examples(phrase: str) -> list[str]:
    """Lines the phrase matches: each alternative and each optional part taken or left, a class by one of
    its characters. RE2's \\p{..} classes are stood in for by a letter or digit, which Python's parser reads."""
    for cls, char in _CLASS_STAND_INS.items():
        phrase = phrase.replace(f"\\p{{{cls}}}", char)
    return [e for e in itertools.islice(_expand(sre.parse(phrase)), MAX_EXAMPLES)]


def _expand(items) -> "itertools.chain[str]":
    choices = [list(itertools.islice(_choices(op, arg), MAX_EXAMPLES)) for op, arg in items]
    return ("".join(parts) for parts in itertools.product(*choices))


def _choices(op, arg):
    if op is sre.LITERAL:
        yield chr(arg)
    elif op is sre.ANY:
        yield " "  # a space, which stands beside a word boundary too
    elif op is sre.NOT_LITERAL:
        yield "x" if arg != ord("x") else "y"
    elif op is sre.IN:
        yield from _class_chars(arg)
    elif op is sre.SUBPATTERN:
        yield from _expand(arg[-1])
    elif op is sre.BRANCH:
        for branch in arg[1]:
            yield from _expand(branch)
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, inner = arg
        for count in sorted({low, min(high, max(low, 1))}):
            yield from _expand(list(inner) * count)
    elif op is sre.AT:
        yield ""
    else:
        raise AssertionError(f"no example for {op}")


def _class_chars(items):
    """One character for each member of a class; for a negated class, one character outside it."""
    if items[0][0] is sre.NEGATE:
        taken = {chr(a) for o, a in items[1:] if o is sre.LITERAL}
        yield next(c for c in "xyzq" if c not in taken)
        return
    for op, arg in items:
        yield chr(arg) if op is sre.LITERAL else chr(arg[0]) if op is sre.RANGE else _CATEGORY_CHARS[arg]


def _examples_of(phrase: str) -> list[str]:
    """The examples the phrase, compiled alone, matches: the drawing does not know word boundaries."""
    alone = re2.compile(phrase)
    return [e for e in _examples(phrase) if alone.fullmatch(e)]


WORD_LISTS = _word_lists()


def test_word_lists_are_found():
    assert len(WORD_LISTS) >= 10, [name for name, _ in WORD_LISTS]


@pytest.mark.parametrize(("name", "phrases"), WORD_LISTS, ids=[name for name, _ in WORD_LISTS])
def test_no_phrase_twice(name, phrases):
    twice = sorted({p for p in phrases if phrases.count(p) > 1})
    assert not twice


@pytest.mark.parametrize(("name", "phrases"), WORD_LISTS, ids=[name for name, _ in WORD_LISTS])
def test_each_phrase_is_matched_on_its_own(name, phrases):
    """A phrase is a whole pattern (its groups closed), and the joined list matches every line it matches."""
    joined = re2.compile(one_of(phrases))
    for phrase in phrases:
        examples = _examples_of(phrase)
        assert examples, phrase
        for example in examples:
            assert joined.fullmatch(example), (phrase, example)


@pytest.mark.parametrize(("name", "phrases"), WORD_LISTS, ids=[name for name, _ in WORD_LISTS])
def test_no_phrase_only_repeats_others(name, phrases):
    """A phrase every example of which the other phrases match adds nothing: it is a duplicate in disguise."""
    for i, phrase in enumerate(phrases):
        others = re2.compile(one_of(phrases[:i] + phrases[i + 1 :]))
        assert not all(others.fullmatch(e) for e in _examples_of(phrase)), phrase


def test_examples_cover_alternatives_and_options():
    assert _examples("(a|b)( c)?") == ["a", "a c", "b", "b c"]
    assert sorted(_examples(r"\p{Lu}[^\s\d|,]*\d+")) == ["A1", "Ax1"]
