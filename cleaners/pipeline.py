"""One page in, one article record (or a reject with its reason) out: the rules in order, then
language, dates and the body-length check. Pure: no I/O."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from typing import Literal
from urllib.parse import urlsplit

from .config import Config, PipelineSettings, load_config
from .datefind import aside_elements, find_dates, lines_without_asides
from .html import extract_html, html_to_text, parse_page, tree_text, xml_safe_encoded
from .language import UNDETERMINED, body_language, load_profiles, page_language
from .model import ArticleRecord, Block, Context, RawDocument, Reject, Removal, RemovalOut
from .normalize import normalized_lines, to_blocks
from .text import word_count
from .timelimit import NO_LIMIT, OverTime, time_limit, too_slow_detail

Format = Literal["auto", "text", "html"]

MAX_RULE_PASSES = 3
"""Passes (count) of the removing rules at most; a page still shrinking after that keeps what the last left."""
FIELD_RULES = frozenset({"extract_dateline"})
"""Rules that take a field out of the page; they run once, on the page as it came."""
AFTER_BODY_RULES = frozenset({"extract_title", "drop_repeated_title"})
"""Rules that read the chosen body: the title is taken from above it (ctx.page) and its repeats out of it.
They run once, in order, after the removing rules have settled."""


class _Rejected(Exception):
    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _input_text(doc: RawDocument, fmt: Format, settings: PipelineSettings) -> tuple[str, bool, dict]:
    """The text the rules will see, whether it came from HTML, and the HTML metadata if any.
    meta["html"] is the page the date finder reads (HTML input only), parsed when lxml could; meta["lines"]
    the page's full text, line by line, where it looks for date stamps and datelines."""
    limit = settings.max_input_chars
    cut = (lambda s: s[:limit]) if limit else (lambda s: s)
    if doc.text is not None and (fmt == "text" or doc.html is None):
        return cut(doc.text), False, {}
    if doc.html is None:
        raise _Rejected("no text", "the document has neither text nor html")
    if fmt == "text":
        return html_to_text(xml_safe_encoded(cut(doc.html))[1]), False, {}
    html, data = xml_safe_encoded(cut(doc.html))
    # One parse of the page: trafilatura reads a copy without comments, the date finder the page itself
    # (some pages keep their date in a comment, a blog's RDF block).
    tree = parse_page(data)
    extracted = (
        None
        if tree is None
        else extract_html(html, doc.url, settings.html_favor_precision, settings.html_fast_first, tree)
    )
    if extracted is None:
        # html_to_text's lines, from the parse already made (none: lxml could not parse the page).
        return ("" if tree is None else tree_text(tree)), False, {"fallback": True, "html": html}
    # The comment threads, related lists and footers are found once: the lines leave them out, and so does htmldate.
    asides = aside_elements(tree)
    meta = {
        "title": extracted.title,
        "author": extracted.author,
        "sitename": extracted.sitename,
        "html": tree,
        "lines": lines_without_asides(html, tree, asides),
        "asides": asides,
    }
    return extracted.text, True, meta


def without_unused_field(doc: RawDocument, fmt: Format) -> RawDocument:
    """The document with only the field (text or html) that cleaning in `fmt` reads: a page's HTML is
    ten to twenty times its text, and sending it to a worker that will not read it costs time and memory."""
    if fmt == "text" and doc.text is not None and doc.html is not None:
        return doc.model_copy(update={"html": None})
    if fmt != "text" and doc.html is not None and doc.text is not None:
        return doc.model_copy(update={"text": None})
    return doc


def _decide_dates(
    doc: RawDocument,
    lines: list[str],
    meta: dict,
    found: dict,
    language: str | None,
    today: date,
    removed: list[Removal],
) -> dict:
    """published, updated, date_source, dateline, dateline_place: datefind decides them all, from every
    source (HTML metadata, htmldate, datelines and stamps in the text, the URL, relative expressions against
    fetched_at), given the dateline the rule took out of the body. A dateline left out, because it shows
    another day than published, is said in the audit. `lines`: the normalised lines of the page's text; HTML
    input is read in its full text without comment threads and related lists (meta["lines"])."""
    if "lines" in meta:
        lines = [ln.strip() for ln in meta["lines"].split("\n")]
    # trafilatura's date (meta["date"]) is not a source of its own: it is htmldate's search over the whole
    # page, comments and footers included (a comment's date, the copyright year as 1 January); datefind
    # runs htmldate on the page with those sections taken out.
    res = find_dates(
        meta.get("html"),
        [ln for ln in lines if ln],
        doc.url,
        doc.fetched_at,
        language,
        today,
        meta.get("asides"),
        found.get("dateline"),
        found.get("dateline_place"),
    )
    if res.note:
        removed.append(Removal("decide_dates", res.note, res.left_out))
    return {
        "published": res.published,
        "updated": res.updated,
        "date_source": res.date_source,
        "dateline": res.dateline,
        "dateline_place": res.dateline_place,
    }


def _apply_rules(
    rules, blocks: tuple[Block, ...], ctx: Context, removed: list[Removal], found: dict, limit=NO_LIMIT
) -> tuple[tuple[Block, ...], Context]:
    """One pass of the rules in order; removals and found fields are collected into the lists given.
    The time limit is checked before each rule: a point where no rule is halfway through."""
    removed_at = set(ctx.removed_at)
    for rule in rules:
        if not rule.enabled:
            continue
        limit.check()
        verdict = rule.apply(blocks, ctx)
        if verdict.removed:
            removed.extend(verdict.removed)
            if rule.names_what_it_removes:
                kept_at = {b.index for b in verdict.kept}
                removed_at.update(b.index for b in blocks if b.index not in kept_at)
                ctx = ctx.updated(removed_at=frozenset(removed_at))
        blocks = verdict.kept
        if verdict.found:
            found.update(verdict.found)
            if "title" in verdict.found:
                ctx = ctx.updated(title=verdict.found["title"])
    return blocks, ctx


def _clean(
    doc: RawDocument, config: Config, fmt: Format, audit: bool, today: date, limit=NO_LIMIT, removals=None
) -> ArticleRecord:
    """`config` is already the page's site's; `limit.check()` between stages ends a page over its time.
    A kept page's removals are counted by rule into `removals` (a Counter), audit or not."""
    settings = config.pipeline
    text, from_html, meta = _input_text(doc, fmt, settings)
    limit.check()
    removed: list[Removal] = []
    if meta.get("fallback"):
        removed.append(Removal("extract_html", "trafilatura found no main text; cleaned the page's full text", ""))
    # trafilatura's text has its paragraphs from the HTML already; scraped text may be hard-wrapped.
    lines = normalized_lines(text)
    blocks = to_blocks(text, None if from_html else config.joining, lines)
    # The rules' language is a guess from the whole page; the record's is told from the body, below.
    ctx = Context(
        url=doc.url,
        host=_host(doc.url),
        fetched_at=doc.fetched_at,
        title=meta.get("title"),
        language=page_language([b.text for b in blocks]),
        from_html=from_html,
        page=blocks,
    )
    found: dict = {}
    limit.check()
    first = tuple(r for r in config.rules if r.name not in AFTER_BODY_RULES)
    blocks, ctx = _apply_rules(first, blocks, ctx, removed, found, limit)
    # Rules judge lines by their neighbours, and a neighbour may go later in the pass: the removing rules
    # run again over what survives, as over a fresh page, until none removes anything. The body is then a
    # fixed point, so cleaning it again changes nothing.
    again = tuple(r for r in first if r.name not in FIELD_RULES)
    for _ in range(MAX_RULE_PASSES - 1):
        limit.check()
        before = len(blocks)
        blocks, _ = _apply_rules(again, blocks, ctx.updated(removed_at=frozenset(), page=blocks), removed, {}, limit)
        if len(blocks) == before:
            break
    after_body = tuple(r for r in config.rules if r.name in AFTER_BODY_RULES)
    blocks, ctx = _apply_rules(after_body, blocks, ctx, removed, found, limit)
    body = "\n\n".join(b.text for b in blocks)
    words = word_count(body)
    if settings.min_body_words is not None and words < settings.min_body_words:
        raise _Rejected("too short", f"{words} words after cleaning (minimum {settings.min_body_words})")
    language, confidence = body_language([b.text for b in blocks])
    limit.check()
    dates = _decide_dates(doc, lines, meta, found, None if language == UNDETERMINED else language, today, removed)
    record = ArticleRecord(
        id=doc.id,
        source=doc.source,
        url=doc.url,
        title=ctx.title,
        text=body,
        language=language,
        language_confidence=confidence,
        **dates,
        author=meta.get("author"),
        sitename=meta.get("sitename"),
        word_count=words,
        removed=[RemovalOut(rule=r.rule, reason=r.reason, text=r.text) for r in removed] if audit else None,
    )
    if removals is not None:
        removals.update(r.rule for r in removed)
    return record


def clean_document(
    doc: RawDocument,
    config: Config | None = None,
    fmt: Format = "auto",
    audit: bool = False,
    today: date | None = None,
    removals: Counter | None = None,
) -> ArticleRecord | Reject:
    """Clean one page. Never raises for bad content: a page that is no article, that makes a rule
    fail, or that takes longer than pipeline.max_seconds_per_document, comes back as a Reject carrying the reason.

    In this process the limit is checked between stages and rules only (cleaners.timelimit says why): safe in any
    thread and free, but one stage that runs long (a parse, one rule) is not cut short. Where a hard bound matters,
    clean through cleaners.parallel.clean_parallel (the CLI does, with one worker or more): a page over its time is
    abandoned with its worker process, which is replaced.

    `removals`, a Counter, counts by rule what was removed from the page when it makes a record (a reject adds
    nothing): a run's statistics without the audit trail."""
    config = (config or default_config()).for_host(_host(doc.url))
    today = today or datetime.now(timezone.utc).date()
    load_profiles()  # once per process, and never under the time limit: an interrupted load would stay half done
    seconds = config.pipeline.max_seconds_per_document
    try:
        with time_limit(seconds) as limit:
            return _clean(doc, config, fmt, audit, today, limit, removals)
    except OverTime:
        return Reject(id=doc.id, source=doc.source, url=doc.url, reason="too slow", detail=too_slow_detail(seconds))
    except _Rejected as r:
        return Reject(id=doc.id, source=doc.source, url=doc.url, reason=r.reason, detail=r.detail)
    except RecursionError:
        return Reject(
            id=doc.id,
            source=doc.source,
            url=doc.url,
            reason="too deeply nested",
            detail="the page nests deeper than the parser can follow",
        )
    except Exception as e:  # noqa: BLE001 - a page must never take the run down; the error travels in the reject
        where = traceback.extract_tb(e.__traceback__)[-1]
        detail = (
            f"{type(e).__name__}: {str(e)[:200]} (at {where.name}, {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
        )
        return Reject(id=doc.id, source=doc.source, url=doc.url, reason="error", detail=" ".join(detail.split()))


def clean_many(
    docs: Iterable[RawDocument | Reject], config: Config | None = None, fmt: Format = "auto", audit: bool = False
) -> Iterator[ArticleRecord | Reject]:
    """Stream records; rejects coming in (from a reader) pass straight through, so nothing is lost. Cleans in this
    process, with clean_document's soft time limit; clean_parallel gives the hard one, at the cost of a worker."""
    config = config or default_config()
    for doc in docs:
        yield doc if isinstance(doc, Reject) else clean_document(doc, config, fmt, audit)


def clean(
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    fetched_at: datetime | None = None,
    id: str | None = None,
    config: Config | None = None,
    fmt: Format = "auto",
    audit: bool = False,
) -> ArticleRecord | Reject:
    """The one-call API: clean one page given as text and/or HTML."""
    return clean_document(RawDocument(id=id, text=text, html=html, url=url, fetched_at=fetched_at), config, fmt, audit)


_DEFAULT: list[Config] = []


def default_config() -> Config:
    """The packaged defaults (or WINNOW_CONFIG_DIR's), loaded once per process."""
    if not _DEFAULT:
        _DEFAULT.append(load_config())
    return _DEFAULT[0]
