"""The rules, in the order the pipeline runs them. Each is one small class with one method."""

from .base import LineRule, Rule
from .classify_lines import ClassifyLines
from .drop_captions import DropCaptions
from .drop_comment_widget import DropCommentWidget
from .drop_media_player import DropMediaPlayer
from .drop_related_links import DropRelatedLinks
from .drop_repeated_text import DropRepeatedText
from .drop_repeated_title import DropRepeatedTitle
from .drop_site_chrome import DropSiteChrome
from .extract_dateline import ExtractDateline
from .extract_title import ExtractTitle
from .strip_icon_labels import StripIconLabels

PIPELINE: tuple[type[Rule], ...] = (
    StripIconLabels,
    DropMediaPlayer,
    DropCommentWidget,
    DropRelatedLinks,
    DropSiteChrome,
    DropCaptions,
    ExtractDateline,
    DropRepeatedText,
    ClassifyLines,
    ExtractTitle,
    DropRepeatedTitle,
)

__all__ = ["PIPELINE", "LineRule", "Rule"] + [r.__name__ for r in PIPELINE]
