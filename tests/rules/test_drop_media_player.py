"""drop_media_player: player widgets go (time codes, control labels, podcast-app links); prose about a
podcast or a video stays."""

import pytest

from cleaners.rules import DropMediaPlayer

from .helpers import PROSE, PROSE2, reasons, removed, sandwich

ALONE = [
    # time codes
    pytest.param("0:00", "player time code", id="time-code-zero"),
    pytest.param("3:45 / 12:08", "player time code", id="time-code-elapsed-of-total"),
    pytest.param("Current Time 0:00", "player time code", id="videojs-current-time"),
    pytest.param("Remaining Time -2:31", "player time code", id="videojs-remaining-time"),
    # video.js control text
    pytest.param("Video Player is loading.", "player control label", id="videojs-loading"),
    pytest.param("This is a modal window.", "player control label", id="videojs-modal"),
    pytest.param("Loaded: 0%", "player control label", id="videojs-loaded"),
    pytest.param("Captions off, selected", "player control label", id="videojs-captions-off"),
    pytest.param("Playback Rate", "player control label", id="videojs-playback-rate"),
    pytest.param("1.5x", "player control label", id="videojs-rate-value"),
    pytest.param("Fullscreen", "player control label", id="videojs-fullscreen"),
    # listen-to-this-article widgets
    pytest.param("Listen to this article 5 min", "player control label", id="listen-to-article-minutes"),
    pytest.param("Listen · 4:32", "player control label", id="listen-dot-duration"),
    pytest.param("5 min listen", "player control label", id="minutes-listen"),
    pytest.param("Listen to article", "player control label", id="listen-to-article-short"),
    pytest.param("Artikel anhören", "player control label", id="listen-german"),
    pytest.param("Escuchar este artículo", "player control label", id="listen-spanish"),
    pytest.param("Écouter l'article", "player control label", id="listen-french"),
    # podcast-app links
    pytest.param("Apple Podcasts | Spotify | Google Podcasts", "player control label", id="podcast-apps-piped"),
    pytest.param("Apple Podcasts Spotify Overcast", "player control label", id="podcast-apps-run-together"),
    pytest.param("Subscribe: Apple Podcasts | Spotify | RSS", "player control label", id="podcast-subscribe-label"),
    pytest.param("Listen on Spotify", "player control label", id="podcast-listen-on-app"),
    pytest.param("Subscribe on Apple Podcasts", "player control label", id="podcast-subscribe-on-app"),
    pytest.param("Download MP3", "player control label", id="podcast-download-mp3"),
]


@pytest.mark.parametrize("line, reason", ALONE)
def test_player_lines_go_anywhere(line, reason):
    assert reasons(DropMediaPlayer(), sandwich(line)) == {line: reason}


KEEP = [
    pytest.param(
        "In this week's podcast, our reporters discuss the election results and what they mean.",
        id="keep-sentence-about-podcast",
    ),
    pytest.param("The podcast has 2 million listeners.", id="keep-one-sentence-paragraph-podcast"),
    pytest.param("Listen to the podcast on your commute, she suggested.", id="keep-sentence-starting-listen"),
    pytest.param("Watch: the moment the bridge collapsed", id="keep-watch-headline"),
    pytest.param("Episode 12: Who killed the mall?", id="keep-episode-title"),
    pytest.param("Spotify", id="keep-one-app-name-subheading"),
    pytest.param("“Play it again.”", id="keep-short-quote"),
    pytest.param("Podcasts", id="keep-bare-label-far-from-player"),
    pytest.param("Live", id="keep-bare-live-far-from-player"),
]


@pytest.mark.parametrize("line", KEEP)
def test_prose_and_lone_labels_stay(line):
    assert removed(DropMediaPlayer(), sandwich(line)) == []


def test_seed_podcast_widget_goes_whole():
    lines = [PROSE, "Podcasts", "0:00", "14:40", "0:00", "13:8"]
    got = reasons(DropMediaPlayer(), lines)
    assert list(got) == ["Podcasts", "0:00", "14:40", "13:8"]
    assert got["Podcasts"] == "player label next to a time code"


@pytest.mark.parametrize(
    "lines, gone",
    [
        pytest.param(
            [PROSE, "Play", "Mute", "Current Time 0:00", "/", "Duration 2:31", PROSE2],
            ["Play", "Mute", "Current Time 0:00", "/", "Duration 2:31"],
            id="videojs-control-bar",
        ),
        pytest.param(
            [PROSE, "Episodes", "Share episode", "24:10", PROSE2],
            ["Episodes", "Share episode", "24:10"],
            id="podcast-episode-card",
        ),
        pytest.param([PROSE, "Watch", "Video", "1:02", PROSE2], ["Watch", "Video", "1:02"], id="video-card-labels"),
        pytest.param([PROSE, "Play", PROSE2, PROSE, PROSE2, "0:00"], ["0:00"], id="label-beyond-window-stays"),
    ],
)
def test_bare_labels_go_next_to_a_player(lines, gone):
    assert removed(DropMediaPlayer(), lines) == gone


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, ["Podcasts", "0:00"], id="default-window-takes-label"),
        pytest.param({"media_window_blocks": None}, ["0:00"], id="window-off-keeps-bare-label"),
        pytest.param({"media_window_blocks": 0}, ["0:00"], id="window-zero-keeps-bare-label"),
        pytest.param({"enabled": False}, ["Podcasts", "0:00"], id="enabled-is-read-by-pipeline-not-rule"),
    ],
)
def test_config_media_window(settings, gone):
    assert removed(DropMediaPlayer(**settings), [PROSE, "Podcasts", "0:00", PROSE2]) == gone
