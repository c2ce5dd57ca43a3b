"""Audio and video player chrome: time codes, play/pause labels, podcast widgets, video.js text."""

from __future__ import annotations

from ..model import Block, Context
from ..text import LineMatcher, one_of, pattern
from .base import LineRule

_TIME_CODE = pattern(
    r"(-?\d{1,2}:\d{1,2}(:\d{1,2})?)(\s*/\s*-?\d{1,2}:\d{1,2}(:\d{1,2})?)?"
    r"|(current time|duration|remaining time|elapsed)\s*-?\d{1,2}:\d{1,2}(:\d{1,2})?"
)
APP_WORDS = (
    "apple podcasts",
    "google podcasts",
    "spotify",
    "stitcher",
    "pocket casts",
    "overcast",
    "castbox",
    "podbean",
    "tunein",
    "iheartradio",
    "amazon music",
    "youtube music",
    "deezer",
    "castro",
    "podcast addict",
    "rss",
)
_APPS = one_of(APP_WORDS)
_DURATION = r"\d+(:\d\d)? ?(sec|secs|seconds?|min|mins|minutes?|minuten|minutos)"
# Labels that only ever belong to a player, wherever they stand.
PLAYER_LABEL_WORDS = (
    # English
    "listen",
    "listen to (this|the) (article|story|episode|podcast)",
    "play (video|audio|episode)",
    "now playing",
    r"video player is loading\.?",
    "audio player",
    r"loaded: ?\d+(\.\d+)?%",
    r"progress: ?\d+(\.\d+)?%",
    "stream type live",
    "seek to live, currently (behind|playing) live",
    "playback (rate|speed)",
    r"\d(\.\d+)?x",
    "chapters",
    "(descriptions|captions|subtitles) (off|settings)(, (selected|opens captions settings dialog))?",
    "audio track",
    "fullscreen",
    "non-fullscreen",
    "picture-in-picture",
    r"this is a modal window\.?",
    r"beginning of dialog window\..*",
    r"end of dialog window\.?",
    r"\d+ (sec|min|minute)s? (listen|watch)",
    # "Listen to this article 5 min", "Listen · 4:32", "Listen to article"
    rf"listen( to( this| the)? (article|story|episode|podcast))?\s*[·•|:-]?\s*({_DURATION}|\d{{1,2}}:\d\d)",
    "listen to (article|story)",
    # podcast-app links: "Subscribe: Apple Podcasts | Spotify", "Listen on Spotify", "Apple Podcasts Spotify Overcast"
    rf"(subscribe|listen|follow)( now| to us| to the podcast)?( (on|via|in|with))?:? {_APPS}(\s*[|,·•/]?\s*{_APPS})*",
    rf"{_APPS}(\s*[|,·•/]?\s*{_APPS})+",
    "download( the)? (mp3|audio|episode)",
    # German
    "(diesen |den )?(artikel )?(anhören|vorlesen lassen)",
    "audio abspielen",
    # Spanish
    "escuchar( este artículo| la noticia| el artículo)?",
    "reproducir( audio| vídeo| video)?",
    # French, Italian
    "écouter( l'article| cet article)?",
    "ascolta( l'articolo)?",
)
_PLAYER_ALWAYS = pattern(one_of(PLAYER_LABEL_WORDS))
# Labels that are player chrome only next to a time code or another player line.
PLAYER_NEAR_WORDS = (
    "podcasts?",
    "episodes?",
    "play",
    "pause",
    "mute",
    "unmute",
    "volume",
    "audio",
    "video",
    "watch",
    "replay",
    "skip",
    "rewind",
    "forward",
    "download",
    "share episode",
    r"\d+ episodes?",
    "live",
    "/",
)
_PLAYER_NEAR = pattern(one_of(PLAYER_NEAR_WORDS))

_PLAYER_LINE = LineMatcher.of({"time": _TIME_CODE, "always": _PLAYER_ALWAYS, "near": _PLAYER_NEAR})

MEDIA_WINDOW_BLOCKS = 3
"""How many blocks (count) either side of a time code a bare player label may stand and still be chrome."""


class DropMediaPlayer(LineRule):
    """Drop player widgets; a sentence about a podcast is prose and stays."""

    name = "drop_media_player"
    media_window_blocks: int | None = MEDIA_WINDOW_BLOCKS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if len(text) > 120:
            return None
        hits = _PLAYER_LINE.all(text)
        if "time" in hits:
            return "player time code"
        if "always" in hits:
            return "player control label"
        if self.media_window_blocks is not None and "near" in hits:
            lo, hi = max(0, i - self.media_window_blocks), min(len(blocks), i + self.media_window_blocks + 1)
            if any(_PLAYER_LINE.all(blocks[j].text) & {"time", "always"} for j in range(lo, hi) if j != i):
                return "player label next to a time code"
        return None
