"""HTML input: trafilatura finds the main text and the metadata; a naive line dump is the fallback."""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass
from html import unescape

import lxml.html
import numpy as np
from lxml import etree

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol option p pre section summary table td th title tr ul "
    "button label select textarea svg iframe video audio picture br".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
# Characters an XML tree cannot hold: lxml parses a page with them, then refuses to set them as text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CONTROL_BYTE = np.ones(32, dtype=bool)
_CONTROL_BYTE[[0x09, 0x0A, 0x0D]] = False
"""Which bytes below 0x20 _NOT_XML takes out: all but tab, line feed and carriage return."""


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    text: str
    title: str | None
    author: str | None
    sitename: str | None


def extract_html(
    html: str, url: str | None = None, favor_precision: bool = True, fast_first: bool = False, page=None
) -> HtmlExtraction | None:
    """trafilatura's main text without comments, plus its title, author and site name (dates come from datefind).
    favor_precision: trafilatura's own stricter mode, which leaves more teasers and boxes out.
    fast_first: trafilatura's fast mode, with its full cascade only for a doubtful result (see _doubtful).
    page: the page as parse_page gave it, when the caller has it; it is read, not changed."""
    page = parse_page(html) if page is None else page
    if page is None:
        return None
    tree = _trafilaturas_copy(page)
    shielded = _SHIELD not in html and _shield_references(tree)
    doc = _extraction(tree, url, favor_precision, fast_first)
    text = _body_text(doc.body) if doc is not None and doc.body is not None else None
    if not (text or "").strip():
        return None
    fields = (text, doc.title or None, doc.author or None, doc.sitename or None)
    if shielded:
        fields = tuple(f and f.replace(_SHIELD, "&") for f in fields)
    return HtmlExtraction(*fields)


_SHIELD = "\U0001d2e0"
"""Stands in trafilatura's copy for each `&` that starts a reference in the decoded text (the page wrote
`&amp;lt;`, it shows `&lt;`): trafilatura unescapes its text and its title once more (xmltotxt, and
Document.clean_and_trim) and turns a literal `&nbsp;` into a space (line_processing). A Mayan numeral
zero: printable and NFC-stable, so trafilatura keeps it, and found in no news page; a page holding one
is read unshielded."""
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
"""What html.unescape reads as a character reference (its own pattern)."""
_AMPERSANDS = etree.XPath("//text()[contains(., '&') and not(parent::script)]")
"""The page's text that holds a `&`, as the page shows it. Meta values are left to trafilatura's second
unescape, which mends what CMSes often escape twice there (a publication-dates page's og:title holds
`&amp;#039;` where its <title> has `&#039;`), and so are scripts (the JSON-LD its metadata reads is not
HTML-decoded by the parser: its one unescape is the first)."""


def _shield_references(tree) -> bool:
    """Whether _SHIELD now stands for a `&` somewhere in `tree`: for each that html.unescape would read as
    the start of a character, and only those, so a page without double-escaped text is read as before."""
    shielded = False
    try:
        texts = _AMPERSANDS(tree)
    except etree.XPathError:  # a tree libxml2's XPath cannot walk: read unshielded, as before
        return False
    for found in texts:
        value = str(found)
        changed = _REFERENCE.sub(_shielded, value)
        if changed == value:
            continue
        owner = found.getparent()
        if found.is_tail:
            owner.tail = changed
        else:
            owner.text = changed
        shielded = True
    return shielded


def _shielded(m: re.Match) -> str:
    ref = m.group()
    return ref if unescape(ref) == ref else _SHIELD + ref[1:]


def _body_text(body) -> str:
    """trafilatura's text of its extracted body (xmltotxt without formatting) but decoded once: xmltotxt
    unescapes the text the parser already decoded, so a page's `&amp;lt;` came out `<`, not `&lt;`, and
    markup a <noframes> holds as text came out as tags. Read through trafilatura.xml and trafilatura.utils,
    which trafilatura does not document; tests/test_hostile_html.py fails if they change."""
    from trafilatura.utils import sanitize
    from trafilatura.xml import process_element

    parts: list[str] = []
    process_element(body, parts, False)
    return sanitize("".join(parts), True) or ""


def _trafilaturas_copy(page):
    """A copy of the page as trafilatura reads it: without comments and processing instructions, as its own
    parser builds it (copying the one parse the page gets costs a third of parsing it again), and without
    the styles, SVG drawings and scripts it deletes unread (all but its JSON ones). Its metadata steps walk
    the whole tree before it deletes anything; a page's inline SVG can be most of its elements."""
    tree = keepable_root(copy.deepcopy(page), copied=True)
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in _UNREAD(tree):
        _delete_keeping_tail(el)
    return tree


def _delete_keeping_tail(el) -> None:
    """Removes the element and its content; its tail joins the text before it (as trafilatura deletes)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


_HTMLDATE_PRUNES = frozenset(
    {
        "applet",
        "audio",
        "canvas",
        "datalist",
        "embed",
        "frame",
        "frameset",
        "iframe",
        "label",
        "map",
        "math",
        "noframes",
        "object",
        "picture",
        "rdf",
        "svg",
        "track",
        "video",
    }
)
"""htmldate's CLEANING_LIST (1.11): the elements its find_date drops with lxml's drop_tree, which asserts
that the element has a parent."""


def keepable_root(tree, copied: bool = False):
    """The tree with a root htmldate can prune around: a fragment whose root is one of the elements it drops
    (`<video><p>article</p></video>`) made htmldate fail in trafilatura's metadata and in datefind, losing
    the page; that root is read as a <div> (trafilatura never deleted a root either, so its text stays).
    The caller's tree is left as it was: a copy is retagged, unless `copied` says the tree is one already."""
    if not isinstance(tree.tag, str) or tree.tag.lower() not in _HTMLDATE_PRUNES:
        return tree
    tree = tree if copied else copy.deepcopy(tree)
    tree.tag = "div"
    return tree


_UNREAD = etree.XPath(
    './/style | .//svg | .//script[not(@type="application/ld+json" or @type="application/settings+json")]'
)
"""What trafilatura deletes, tails kept, before it reads the text, and never reads before: its metadata and
its JSON-LD fallback read scripts of these two types alone (metadata.extract_meta_json, baseline)."""


def _extraction(tree, url: str | None, favor_precision: bool, fast_first: bool):
    """bare_extraction's result with its metadata. It works on a copy of the tree it is given, so `tree` stays
    whole for a second run: a doubtful fast result is extracted again in full, keeping the first run's
    title, author and site name (they do not depend on the mode)."""
    import trafilatura

    options = {"url": url, "include_comments": False, "favor_precision": favor_precision}
    first = trafilatura.bare_extraction(tree, fast=fast_first, with_metadata=True, **options)
    if not fast_first or not _doubtful(first, tree):
        return first
    full = trafilatura.bare_extraction(tree, with_metadata=first is None, **options)
    if full is not None and first is not None:
        full.title, full.author, full.sitename = first.title, first.author, first.sitename
    return full


# The escalation thresholds below mirror trafilatura 2.3's default behaviour (core, external, settings.cfg);
# trafilatura exports none of them, so winnow owns them: tests/test_html.py fails if trafilatura's drift.
MIN_EXTRACTED_SIZE = 250
"""Characters (count) below which trafilatura's fast result is too short to trust (its MIN_EXTRACTED_SIZE)."""
ESCALATION_MAX_LENGTH = 3000
"""Characters (count) from which a fast result is long enough to keep whatever its share of the page."""
ESCALATION_PAGE_SHARE = 0.2
"""Share of the page's text (ratio) below which a shorter fast result is doubtful."""
_UNCLEAN_XPATH = (
    ".//aside|.//audio|.//button|.//fencedframe|.//fieldset|.//figure|.//footer|.//iframe|.//input|.//label"
    "|.//link|.//nav|.//noindex|.//noscript|.//object|.//option|.//select|.//source|.//svg|.//time"
)
"""Elements whose presence in a fast result makes it unclean (trafilatura's SANITIZED_XPATH)."""


def _doubtful(doc, tree) -> bool:
    """trafilatura's own signs that a fast result needs its readability and jusText fallbacks: the tests of
    external.compare_extraction that need no readability run (short, unclean, no paragraph text, more tables
    than paragraphs), and core's recall-escalation test (a short text covering little of the page)."""
    from trafilatura import html2txt

    text = (doc.text or "") if doc is not None else ""
    if not text.strip() or len(text) < MIN_EXTRACTED_SIZE:
        return True
    body = doc.body
    if body.xpath(_UNCLEAN_XPATH) or not body.xpath(".//p//text()"):
        return True
    if len(body.findall(".//table")) > len(body.findall(".//p")):
        return True
    if len(text) >= ESCALATION_MAX_LENGTH or len(text) >= ESCALATION_PAGE_SHARE * page_text_bound(tree):
        return False
    return len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))


_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
_NEVER_TEXT = ("script", "style", "template", "svg")
"""Elements whose content html2txt always leaves out (its basic cleaning deletes them, tails kept)."""


PADDED_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "td", "th", "tr", "ul",
)  # fmt: skip
"""The elements html2txt pads with spaces (trafilatura 2.3's block elements; tests/test_html.py checks
that trafilatura still pads these and only these)."""


def page_text_bound(tree) -> int:
    """An upper bound on len(trafilatura.html2txt(tree)) at about a tenth of its cost: the body's text with
    whitespace collapsed, less the collapsed text of what html2txt always deletes (taking text out never
    makes more words), plus two for each element it pads with spaces (a space can split a word in two)."""
    body = tree.find(".//body")
    body = tree if body is None else body
    bound = int(_TEXT_LENGTH(body)) + 2 * sum(1 for _ in body.iter(PADDED_TAGS))
    for el in body.iter(_NEVER_TEXT):
        if next(el.iterancestors(_NEVER_TEXT), None) is None:
            bound -= int(_TEXT_LENGTH(el))
    return bound


def xml_safe(html: str) -> str:
    """The page without control characters and lone surrogates: HTML gives them no meaning, and lxml
    and trafilatura fail on a page that holds them (a control byte in the HTML is a parse error)."""
    return xml_safe_encoded(html)[0]


def xml_safe_encoded(html: str) -> tuple[str, bytes]:
    """xml_safe's page and its UTF-8 bytes: the page is encoded once, for the check and for the parse."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = b""
    if data and not _holds_non_xml(data):
        return html, data
    html = _NOT_XML.sub("", html)
    return html, html.encode("utf-8")


def _holds_non_xml(data: bytes) -> bool:
    """Whether UTF-8 bytes hold a character of _NOT_XML but the surrogates (which do not encode): a control
    byte, or U+FFFE / U+FFFF (EF BF BE / EF BF BF). Read as an array: a tenth of a regex pass over the text."""
    a = np.frombuffer(data, dtype=np.uint8)
    if _CONTROL_BYTE[a[a < 0x20]].any():
        return True
    lead = np.flatnonzero(a[:-2] == 0xEF)
    return bool(((a[lead + 1] == 0xBF) & (a[lead + 2] >= 0xBE)).any())


def html_to_text(html: str | bytes) -> str:
    """The text a naive scraper gets: a line per block element, scripts and styles dropped."""
    root = parse_page(html)
    return "" if root is None else tree_text(root)


_UTF8 = lxml.html.HTMLParser(encoding="utf-8")
"""The page is already text: its UTF-8 bytes are read as UTF-8 whatever the page declares (libxml2 would
otherwise read a page without a charset as Latin-1, and one declaring its original charset in that)."""
_UTF8.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
"""lxml.html's own lookup picks each element's class in Python, once per element trafilatura and the date
finder touch (about 4,000 a page); this one picks the same HtmlElement classes in C, without the form mixins."""


def parse_page(html: str | bytes):
    """The page (text, or its UTF-8 bytes) as one lxml tree, or None when lxml cannot parse it. Parsed from
    bytes, as a str with an XML encoding declaration is refused."""
    data = html if isinstance(html, bytes) else html.encode("utf-8", "replace")
    try:
        root = lxml.html.fromstring(data, parser=_UTF8)
    except Exception:  # noqa: BLE001 - any page lxml rejects simply has no tree; the caller falls back to text
        return None
    if root.tag == "iframe" and len(root) == 0 and "<" in (root.text or ""):
        # A fragment that is one <iframe> holds its markup as text (HTML parses an iframe's content so): the
        # page is that markup. Read once, not again for an iframe inside it.
        try:
            return lxml.html.fromstring(root.text.encode("utf-8", "replace"), parser=_UTF8)
        except Exception:  # noqa: BLE001 - markup lxml rejects: the iframe's text as it stands
            return root
    return root


_SKIP = "{urn:winnow}skip"
"""The attribute tree_text marks the elements to pass over with while its stylesheet runs: no HTML parse makes a
namespaced attribute, so no page can carry it or lose one of its own."""


def _text_stylesheet() -> etree.XSLT:
    """tree_text's walk as XSLT, so that libxslt visits the elements, not a Python loop: a newline around
    each block element, the text and tails as they stand, the dropped and marked elements passed over (their
    tails are the next text node, so they stay), comments and processing instructions left out."""
    blocks = sorted(_BLOCK_TAGS)
    is_block = " or ".join(f"self::{tag}" for tag in blocks)
    newline = "<xsl:text>&#10;</xsl:text>"
    return etree.XSLT(
        etree.XML(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:w="urn:winnow">
      <xsl:output method="text" encoding="UTF-8"/>
      <xsl:template match="/"><xsl:apply-templates select="*[1]" mode="root"/></xsl:template>
      <xsl:template match="*" mode="root">
        <xsl:if test="{is_block}">{newline}</xsl:if><xsl:apply-templates/><xsl:if test="{is_block}">{newline}</xsl:if>
      </xsl:template>
      <xsl:template match="{"|".join(blocks)}">{newline}<xsl:apply-templates/>{newline}</xsl:template>
      <xsl:template match="{"|".join(_DROP_TAGS)}|*[@w:skip]" priority="2"/>
      <xsl:template match="comment()|processing-instruction()"/>
    </xsl:stylesheet>""")
    )


_PER_THREAD = threading.local()
"""tree_text's stylesheet, compiled once in each thread that uses it: lxml runs a stylesheet from another
thread, but at a cost (its FAQ advises one per thread)."""


def _new_stylesheet() -> etree.XSLT:
    _PER_THREAD.text = _text_stylesheet()
    return _PER_THREAD.text


def tree_text(root, skip=frozenset()) -> str:
    """html_to_text's lines from a parsed tree, without changing it: scripts, styles, comments and the
    elements in `skip` are passed over (their tails kept, as drop_tree would keep them). The elements in
    `skip` carry a mark while the stylesheet runs, and lose it before this returns."""
    try:
        for el in skip:
            el.set(_SKIP, "")
        stylesheet = getattr(_PER_THREAD, "text", None) or _new_stylesheet()
        return bytes(stylesheet(root)).decode("utf-8")
    except etree.XSLTApplyError:  # deeper than libxslt's template depth: the same walk in Python
        return walked_text(root, skip)
    finally:  # also when the page's time limit interrupts the marking
        for el in skip:
            el.attrib.pop(_SKIP, None)
        for el in skip:
            etree.cleanup_namespaces(el)  # the declarations the marks brought go with them


def walked_text(root, skip=frozenset()) -> str:
    """tree_text's lines by a walk in Python: the fallback, and the reference the stylesheet is tested against."""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event == "comment" or event == "pi":
            parts.append(el.tail or "")
            continue
        tag = el.tag
        if el is not root and (tag in _DROP_TAGS or el in skip):
            if event == "start":
                walker.skip_subtree()
            else:
                parts.append(el.tail or "")
            continue
        parts.append("\n" if tag in _BLOCK_TAGS else "")
        parts.append((el.text if event == "start" else el.tail) or "")
    _comment_tails(root.getnext(), parts)
    return "".join(parts)


def _comment_tails(node, parts: list[str]) -> None:
    """The tails of the comments (and processing instructions) from `node` on: iterwalk does not visit them."""
    while node is not None and not isinstance(node.tag, str):
        parts.append(node.tail or "")
        node = node.getnext()
