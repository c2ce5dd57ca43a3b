"""Site chrome that names itself: post navigation, share/follow bars, ad labels, sign-up and cookie boxes,
breadcrumbs, copyright lines, lone e-mail addresses and URLs."""

from __future__ import annotations

from ..model import Block, Context
from ..text import LineMatcher, more_words_than, one_of, pattern
from .base import LineRule
from .drop_related_links import READ_ON_WORDS

SOCIAL_WORDS = (
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "pinterest",
    "whatsapp",
    "telegram",
    "reddit",
    "tumblr",
    "email",
    "e-mail",
    "mail",
    "print",
    "copy link",
    "sms",
    "messenger",
    "flipboard",
    "pocket",
    "vk",
    "weibo",
    "wechat",
    "line",
    "viber",
    "instagram",
    "youtube",
    "tiktok",
    "rss",
    "share",
    "tweet",
    "pin it",
)
_SOCIAL = one_of(SOCIAL_WORDS)

# A person's name as a byline prints it: two to four capitalised words ("Jane Doe", "Juan Carlos de la Fuente").
_NAME = r"\p{Lu}[^\s\d|,]*( (\p{Lu}[^\s\d|,]*|de|del|la|van|von|der|da|di|le))+"
_ARROWS = r"[«‹<←»›>→…\s]*"
_NAV_WORD = r"(previous|prev|next|older|newer)( (post|article|story|entry|page|posts|articles|stories|entries))?"

NAVIGATION_WORDS = (
    rf"([«‹<←]\s*)?{_NAV_WORD}(\s*[»›>→])?( ([«‹<←]\s*)?{_NAV_WORD}(\s*[»›>→])?)?",
    "(read|see) (next|more|also)" + _ARROWS,
    "continue reading" + _ARROWS,
    "read (the )?(full|whole|rest of the) (story|article)" + _ARROWS,
    "back to top" + _ARROWS,
    "go to top" + _ARROWS,
    r"page \d+ of \d+",
    "skip to (main )?(content|navigation|search)",
    "toggle (navigation|menu)",
    "(open|close) (the )?menu",
    # the same links in other languages; a link to another story, with its headline, is drop_related_links'
    one_of(READ_ON_WORDS) + _ARROWS,
)
AD_LABEL_WORDS = (
    # English
    "ads?",
    "advert(isement)?s?",
    "sponsored( (content|links?|stories|by .+))?",
    "paid (content|post|partner content)",
    "promoted( content)?",
    "(story|article) continues (below|after) (the )?(advertisement|ad)",
    "continue reading below",
    "scroll to continue with content",
    r"advertisement\s*[-·•|]?\s*scroll to continue( with content)?",
    "advertisement continue reading the main story",
    # German, Spanish, French, Italian, Russian, Turkish, Polish, Portuguese, Indonesian, Japanese, Korean
    "anzeige",
    "werbung",
    "publicidad",
    "publicité",
    "pubblicità",
    "реклама",
    "reklam",
    "reklama",
    "publicidade",
    "iklan",
    "広告",
    "광고",
)
SHARE_WORDS = (
    # English
    rf"(share|share this|share this (article|story|post|page)|share on {_SOCIAL}|tweet this|pin it|share via .+)( ?:)?",
    rf"(follow|like|join) (us|me|.+) on {_SOCIAL}( and {_SOCIAL})?\.?",
    "follow us",
    r"follow @\w+",
    r"click to (share|email|print)( (on|this|a link to a friend))?( .+)?( \(opens in new window\))?",
    rf"({_SOCIAL}[\s,|/·•]*){{2,}}",
    r"\d+ shares?",
    r"shares? \d+",
    "tweet",
    "copy link",
    "link copied!?",
    # German, Spanish, French, Italian
    "(artikel )?teilen",
    "compartir( en .+)?",
    "partager( sur .+)?",
    "condividi",
    "copiar enlace",
    "lien copié",
    "link kopieren",
)
NEWSLETTER_WORDS = (
    # English
    "(sign up|subscribe|register)( now| today| here| for free)?"
    + "( (for|to) (our|the|a) .*(newsletter|updates|alerts|digest|briefing))?[.!]?",
    "(get|receive) (the|our) .*(newsletter|headlines|news|stories|updates)( delivered)?( (to|in) your inbox)?.*",
    r"(already a (subscriber|member)\??( (log|sign) ?in\.?)?)",
    "(log|sign) ?in",
    "(log|sign) ?out",
    "my account",
    "create (an )?account",
    r"enter your e-?mail( address)?\.?",
    "your e-?mail( address)?",
    "by (signing up|subscribing|clicking).*",
    "thank you for (signing up|subscribing)[.!]?",
    "newsletter",
    "newsletters",
    r"unsubscribe( at any time)?\.?",
    # German
    "(jetzt |den |unseren )?(newsletter )?(abonnieren|bestellen)[.!]?",
    "(melden sie sich|jetzt) (für|zum) .*newsletter an[.!]?",
    # Spanish, French, Italian
    "suscr[ií]b[ae]te( (a|al) (nuestro|nuestra|el|la) .*(boletín|newsletter))?[.!]?",
    "(inscrivez-vous|abonnez-vous)( (à|a) (notre|la) .*(newsletter|lettre))?[.!]?",
    "iscriviti( alla newsletter)?[.!]?",
)
_FOOTER_LINK = one_of(
    (
        "privacy policy",
        "terms of (use|service)",
        "cookie policy",
        "contact us",
        "about us",
        "advertise",
        "careers",
        "sitemap",
    )
)
WE_USE_WORDS = (
    # German
    "wir verwenden",
    "wir nutzen",
    "diese (web)?seite (verwendet|nutzt)",
    "diese website (verwendet|nutzt)",
    # Spanish
    "utilizamos",
    "usamos",
    "este sitio( web)? (utiliza|usa)",
    # French
    "nous utilisons",
    "ce site( web)? utilise",
    # Italian
    "utilizziamo",
    "questo sito( web)? utilizza",
)
"""How a cookie notice starts in other languages: "we use", "this site uses"."""
COOKIE_WORDS = (
    # English
    r".*\b(we|this (web)?site|our (web)?site) uses? cookies.*",
    "(accept|reject|manage|allow) (all )?cookies",
    "cookie (settings|policy|preferences|consent)",
    "privacy (policy|settings|notice)",
    "terms (of (use|service))?( and conditions)?",
    "(accept|i accept|agree|i agree|got it|ok|okay)( (all|and close|&amp; close))?( read more)?[.!]?",
    rf"{_FOOTER_LINK}([\s|·•,/]+{_FOOTER_LINK})+",
    # "we use cookies" in German, Spanish, French and Italian
    r".*\b" + one_of(WE_USE_WORDS) + r"\b.*\bcookies?\b.*",
    # the buttons and legal links in German, Spanish, French and Italian
    "(alle )?akzeptieren",
    "aceptar( todo| todas)?",
    "(tout )?accepter",
    "j'accepte",
    "accetta( tutto)?",
    "datenschutz(erklärung)?",
    "impressum",
)
RIGHTS_RESERVED_WORDS = (
    "all rights reserved",
    "todos los derechos reservados",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "tutti i diritti riservati",
    "todos os direitos reservados",
)
"""What ends a copyright line, in English, Spanish, French, German, Italian and Portuguese."""
# A site's own sections and taxonomy; the headers of lists of other stories are drop_related_links'.
SECTION_LABEL_WORDS = (
    "(related|recommended|popular|trending|latest|more)"
    + "( (articles?|posts?|stories|news|reading|videos|topics|coverage|now|for you))?:?",
    r"(tags?|filed under|categories|category|topics?|posted in|schlagworte|etiquetas|mots-clés)\s*:.*",
    "(posted|filed) (in|under) [^.!?]+",
    # French
    "articles? (similaires|liés)",
    "à lire également",
)
_MINUTES = "(min|mins|minutes?|minuten|minutos)"
READING_TIME_WORDS = (
    # "5 min read", "3 Minuten Lesezeit", "4 minutos de lectura", "2 min de lecture", "6 minuti di lettura"
    rf"\d+\s*{_MINUTES}\.?\s*(read|reading time|lesezeit|de lectura|de lecture|lettura)",
    # "Reading time: 5 min", "Lesedauer: 3 Minuten"
    rf"(reading time|lesezeit|tiempo de lectura|temps de lecture|lesedauer)\s*:?\s*\d+\s*{_MINUTES}\.?",
    r"(lecture|lectura)\s*:?\s*\d+\s*min(utes|utos)?\.?",  # "Lecture : 4 min"
)

_FAMILIES: tuple[tuple[str, "object"], ...] = (
    ("post navigation", pattern(one_of(NAVIGATION_WORDS))),
    ("ad label", pattern(r"[-–—\s]*" + one_of(AD_LABEL_WORDS) + r"[-–—\s]*")),
    ("share or follow bar", pattern(one_of(SHARE_WORDS))),
    ("newsletter or subscribe box", pattern(one_of(NEWSLETTER_WORDS))),
    ("cookie notice", pattern(one_of(COOKIE_WORDS))),
    (
        "breadcrumb",
        pattern(
            r"(home|startseite|inicio|portada|accueil|start)(\s*[>»/›|]\s*[^>»/›|]+){1,6}"
            r"|[^>»›|.!?]+( [>»›] [^>»›|.!?]+){2,6}"
        ),
    ),
    (
        "copyright line",
        pattern(r"(©|\(c\))\s*.*|copyright\s*(©|\(c\)|\d{4}).*|(.*\s)?" + one_of(RIGHTS_RESERVED_WORDS) + r"\.?"),
    ),
    ("section label", pattern(one_of(SECTION_LABEL_WORDS))),
    ("reading time", pattern(one_of(READING_TIME_WORDS))),
    (
        "byline",
        pattern(
            r"(By|BY|Von|VON|Por|POR|Par|PAR|Di) " + _NAME + r"((,| and| und| y| et| e) " + _NAME + r")*"
            r"(\s*[|,·•]\s*[\p{L} ]+)?",
            ignore_case=False,
        ),
    ),
    (
        "lone e-mail address",
        pattern(r"((e-?mail|contact|kontakt|contacto|courriel)( us)?:?\s*)?[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    ),
    ("lone URL", pattern(r"(https?://|www\.)\S+")),
)

_CHROME = LineMatcher([(family, p.pattern) for family, p in _FAMILIES], ignore_case=False)

MAX_CHROME_LINE_WORDS = 40
"""Longest line (words) the rule considers; chrome lines are short, so long prose is never matched."""


class DropSiteChrome(LineRule):
    """Drop lines whose whole text is a known piece of site chrome; partial matches are left alone."""

    name = "drop_site_chrome"
    max_chrome_line_words: int | None = MAX_CHROME_LINE_WORDS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if more_words_than(text, self.max_chrome_line_words):
            return None
        return _CHROME.first(text)
