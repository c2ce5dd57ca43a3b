"""Site chrome that names itself: post navigation, share/follow bars, ad labels, sign-up and cookie boxes,
breadcrumbs, copyright lines, lone e-mail addresses and URLs."""

from __future__ import annotations

from ..model import Block, Context
from ..text import LineMatcher, more_words_than, pattern
from .base import LineRule
from .drop_related_links import READ_ON_WORDS

_SOCIAL = r"(facebook|twitter|x|linkedin|pinterest|whatsapp|telegram|reddit|tumblr|email|e-mail|mail|print|copy link|sms|messenger|flipboard|pocket|vk|weibo|wechat|line|viber|instagram|youtube|tiktok|rss|share|tweet|pin it)"

# A person's name as a byline prints it: two to four capitalised words ("Jane Doe", "Juan Carlos de la Fuente").
_NAME = r"\p{Lu}[^\s\d|,]*( (\p{Lu}[^\s\d|,]*|de|del|la|van|von|der|da|di|le))+"
_ARROWS = r"[«‹<←»›>→…\s]*"
_NAV_WORD = r"(previous|prev|next|older|newer)( (post|article|story|entry|page|posts|articles|stories|entries))?"

_FAMILIES: tuple[tuple[str, "object"], ...] = (
    (
        "post navigation",
        pattern(
            rf"([«‹<←]\s*)?{_NAV_WORD}(\s*[»›>→])?( ([«‹<←]\s*)?{_NAV_WORD}(\s*[»›>→])?)?"
            rf"|((read|see) (next|more|also)|continue reading|read (the )?(full|whole|rest of the) (story|article)|back to top|go to top){_ARROWS}"
            r"|page \d+ of \d+|skip to (main )?(content|navigation|search)|toggle (navigation|menu)|(open|close) (the )?menu"
            # the same links in other languages; a link to another story, with its headline, is drop_related_links'
            rf"|{READ_ON_WORDS}{_ARROWS}"
        ),
    ),
    (
        "ad label",
        pattern(
            r"[-–—\s]*(ads?|advert(isement)?s?|sponsored( (content|links?|stories|by .+))?|paid (content|post|partner content)|promoted( content)?"
            r"|(story|article) continues (below|after) (the )?(advertisement|ad)|continue reading below|scroll to continue with content"
            r"|advertisement\s*[-·•|]?\s*scroll to continue( with content)?|advertisement continue reading the main story"
            r"|anzeige|werbung|publicidad|publicité|pubblicità|реклама|reklam|reklama|publicidade|iklan|広告|광고)[-–—\s]*"
        ),
    ),
    (
        "share or follow bar",
        pattern(
            rf"(share|share this|share this (article|story|post|page)|share on {_SOCIAL}|tweet this|pin it|share via .+)( ?:)?"
            rf"|(follow|like|join) (us|me|.+) on {_SOCIAL}( and {_SOCIAL})?\.?|follow us|follow @\w+"
            rf"|click to (share|email|print)( (on|this|a link to a friend))?( .+)?( \(opens in new window\))?"
            rf"|({_SOCIAL}[\s,|/·•]*){{2,}}|\d+ shares?|shares? \d+"
            r"|tweet|copy link|link copied!?|(artikel )?teilen|compartir( en .+)?|partager( sur .+)?|condividi|copiar enlace|lien copié|link kopieren"
        ),
    ),
    (
        "newsletter or subscribe box",
        pattern(
            r"(sign up|subscribe|register)( now| today| here| for free)?( (for|to) (our|the|a) .*(newsletter|updates|alerts|digest|briefing))?[.!]?"
            r"|(get|receive) (the|our) .*(newsletter|headlines|news|stories|updates)( delivered)?( (to|in) your inbox)?.*"
            r"|(already a (subscriber|member)\??( (log|sign) ?in\.?)?)|(log|sign) ?in|(log|sign) ?out|my account|create (an )?account|subscribe"
            r"|enter your e-?mail( address)?\.?|your e-?mail( address)?|by (signing up|subscribing|clicking).*"
            r"|thank you for (signing up|subscribing)[.!]?|newsletter|newsletters|unsubscribe( at any time)?\.?"
            r"|(jetzt |den |unseren )?(newsletter )?(abonnieren|bestellen)[.!]?|(melden sie sich|jetzt) (für|zum) .*newsletter an[.!]?"
            r"|suscr[ií]b[ae]te( (a|al) (nuestro|nuestra|el|la) .*(boletín|newsletter))?[.!]?"
            r"|(inscrivez-vous|abonnez-vous)( (à|a) (notre|la) .*(newsletter|lettre))?[.!]?|iscriviti( alla newsletter)?[.!]?"
        ),
    ),
    (
        "cookie notice",
        pattern(
            r".*\b(we|this (web)?site|our (web)?site) uses? cookies.*|(accept|reject|manage|allow) (all )?cookies"
            r"|.*\b(wir verwenden|wir nutzen|diese (web)?seite (verwendet|nutzt)|diese website (verwendet|nutzt)|utilizamos|usamos"
            r"|este sitio( web)? (utiliza|usa)|nous utilisons|ce site( web)? utilise|utilizziamo|questo sito( web)? utilizza)\b.*\bcookies?\b.*"
            r"|cookie (settings|policy|preferences|consent)|privacy (policy|settings|notice)|terms (of (use|service))?( and conditions)?"
            r"|(accept|i accept|agree|i agree|got it|ok|okay)( (all|and close|&amp; close))?( read more)?[.!]?"
            r"|(alle )?akzeptieren|aceptar( todo| todas)?|(tout )?accepter|j'accepte|accetta( tutto)?|datenschutz(erklärung)?|impressum"
            r"|(privacy policy|terms of (use|service)|cookie policy|contact us|about us|advertise|careers|sitemap)([\s|·•,/]+(privacy policy|terms of (use|service)|cookie policy|contact us|about us|advertise|careers|sitemap))+"
        ),
    ),
    (
        "breadcrumb",
        pattern(
            r"(home|startseite|inicio|portada|accueil|start)(\s*[>»/›|]\s*[^>»/›|]+){1,6}"
            r"|[^>»›|.!?]+( [>»›] [^>»›|.!?]+){2,6}"
        ),
    ),
    (
        "copyright line",
        pattern(
            r"(©|\(c\))\s*.*|copyright\s*(©|\(c\)|\d{4}).*|(.*\s)?all rights reserved\.?"
            r"|(.*\s)?(todos los derechos reservados|tous droits réservés|alle rechte vorbehalten|tutti i diritti riservati|todos os direitos reservados)\.?"
        ),
    ),
    (
        "section label",
        pattern(
            # a site's own sections and taxonomy; the headers of lists of other stories are drop_related_links'
            r"(related|recommended|popular|trending|latest|more)( (articles?|posts?|stories|news|reading|videos|topics|coverage|now|for you))?:?"
            r"|(tags?|filed under|categories|category|topics?|posted in|schlagworte|etiquetas|mots-clés)\s*:.*|(posted|filed) (in|under) [^.!?]+"
            r"|articles? (similaires|liés)|à lire également"
        ),
    ),
    (
        "reading time",
        pattern(
            r"\d+\s*(min|mins|minutes?|minuten|minutos)\.?\s*(read|reading time|lesezeit|de lectura|de lecture|lettura)"
            r"|(reading time|lesezeit|tiempo de lectura|temps de lecture|lesedauer)\s*:?\s*\d+\s*(min|mins|minutes?|minuten|minutos)\.?"
            r"|(lecture|lectura)\s*:?\s*\d+\s*min(utes|utos)?\.?"
        ),
    ),
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
