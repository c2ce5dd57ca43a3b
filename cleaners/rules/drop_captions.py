"""Photo captions and credits: "Image Credit: WeWork", "(Photo by X/Getty Images)", a lone "RT" or "AFP"."""

from __future__ import annotations

from ..model import Block, Context
from ..text import LineMatcher, ends_sentence, one_of, pattern, word_count
from .base import LineRule

AGENCY_WORDS = (
    # news agencies
    "rt",
    "afp",
    "ap",
    "reuters",
    "epa",
    "efe",
    "ansa",
    "dpa",
    "tass",
    "itar-tass",
    "sputnik",
    "xinhua",
    "anadolu( agency)?",
    "upi",
    "pa( images| wire)?",
    "zuma( press)?",
    # photo agencies and stock libraries
    "getty( images)?",
    "shutterstock",
    "istock(photo)?",
    "alamy",
    "unsplash",
    "pexels",
    "pixabay",
    "wikimedia commons",
    "ria novosti",
    "bloomberg",
    "nurphoto",
    "sipa( usa)?",
    "imago",
    "kyodo",
    "yonhap",
    "aap",
    "cp",
    # agencies by their full names
    "the canadian press",
    "associated press",
    "agence france-presse",
    "afp via getty images",
)
_AGENCIES = one_of(AGENCY_WORDS)
# One agency, or several joined ("EPA-EFE", "AFP/Getty Images", "Reuters via Getty").
_AGENCY = rf"{_AGENCIES}([-/ ]+{_AGENCIES})*"
CREDIT_WORDS = (
    # English
    "photo",
    "image",
    "picture",
    "pic",
    "photograph",
    "photography",
    "credit",
    "credits",
    "source",
    "video",
    "graphic",
    "illustration",
    "illustrations",
    # German, Spanish, Italian, French, Russian, Japanese
    "fotos?",
    "bild",
    "imagen",
    "crédit",
    "crédito",
    "фото",
    "写真",
)
_CREDIT_WORD = one_of(CREDIT_WORDS) + "s?( credits?| by| courtesy| source| photo)?"
CREDIT_LINE_WORDS = (
    rf"{_AGENCY}([\s/|,]+({_AGENCIES}|file|photo|via .+))*",  # "AP", "EPA-EFE", "Reuters file photo"
    rf"\(?{_CREDIT_WORD}\s*[:/©|-]\s*.+\)?",  # "Image: Shutterstock", "Foto: dpa"
    r"\(?(photo|image|picture|photograph)s? (by|courtesy of|via) .+\)?",  # "(Photo by John Moore/Getty Images)"
    r"\(?courtesy( of|:) .+\)?",
    rf"\(?{_AGENCY}( photo)?\s*/\s*[\w .'-]+\)?",  # "(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque"
    rf".+\s*/\s*({_AGENCIES}|getty images|file photo|handout)( via .+)?\)?",  # "Jane Doe/AP"
    r"(file|handout|stock|representational|representative) (photo|image|picture)\.?",
    r"©\s*.+",
    # a caption sentence with the credit after it: "... on Monday. REUTERS/Kevin Lamarque", "... in Madrid. Foto: dpa"
    rf".+[.!?”)]\s+\(?({_AGENCY}( photo)?\s*/\s*[\w .'-]+|{_CREDIT_WORD}\s*(:|/|©|by)\s*[^.!?]+)\)?",
)
"""The shapes of a credit line, each a whole line."""
_CREDIT = pattern(one_of(CREDIT_LINE_WORDS))
_CAPTION_LEAD = pattern(
    r"(above|top|below|pictured|left|right|centre|center|main|inset|header image|featured image)\s*:\s*.+"
)
_LONE_CAPS = pattern(r"\p{Lu}[\p{Lu}\d]{0,4}( [\p{Lu}\d]{1,5})?", ignore_case=False)

_CAPTION_LINE = LineMatcher.of({"credit": _CREDIT, "lead": _CAPTION_LEAD, "caps": _LONE_CAPS})

MIN_NEIGHBOUR_WORDS = 8
"""A lone all-caps token counts as a credit only between blocks at least this long (words)."""


class DropCaptions(LineRule):
    """Drop caption and credit lines; a short quoted sentence or a subheading stays."""

    name = "drop_captions"
    min_neighbour_words: int | None = MIN_NEIGHBOUR_WORDS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if len(text) > 500:
            return None
        hits = _CAPTION_LINE.all(text)
        if "credit" in hits and not (ends_sentence(text) and word_count(text) > 12):
            return "photo credit"
        if "lead" in hits:
            return "photo caption"
        if self.min_neighbour_words is not None and "caps" in hits:
            before = blocks[i - 1].text if i > 0 else ""
            after = blocks[i + 1].text if i + 1 < len(blocks) else ""
            if word_count(before) >= self.min_neighbour_words and word_count(after) >= self.min_neighbour_words:
                return "lone credit between paragraphs"
        return None
