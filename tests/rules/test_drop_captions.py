"""drop_captions: photo credits and captions go, alone or after the caption sentence; prose about photos
and a short quote or subheading stay."""

import pytest

from cleaners.rules import DropCaptions

from .helpers import PROSE, PROSE2, reasons, removed, sandwich

CREDITS = [
    pytest.param("(Photo by John Moore/Getty Images)", id="getty-photo-by"),
    pytest.param("REUTERS/Kevin Lamarque", id="reuters-slash-name"),
    pytest.param("Image: Shutterstock", id="image-colon-stock"),
    pytest.param("Photo: Jane Doe/AP", id="photo-colon-name-agency"),
    pytest.param("AFP via Getty Images", id="afp-via-getty"),
    pytest.param("EPA-EFE/STEPHANIE LECOCQ", id="joined-agencies-slash-name"),
    pytest.param("(AP Photo/Evan Vucci)", id="ap-photo-in-parens"),
    pytest.param("Foto: Michael Kappeler/dpa", id="german-foto"),
    pytest.param("Bild: picture alliance / dpa", id="german-bild"),
    pytest.param("Imagen: EFE", id="spanish-imagen"),
    pytest.param("Crédit photo : AFP", id="french-credit-photo"),
    pytest.param("© Reuters", id="copyright-agency"),
    pytest.param("File photo", id="file-photo"),
    pytest.param("Illustration: Guardian Design", id="illustration-credit"),
    pytest.param("AP", id="agency-alone"),
    pytest.param("Courtesy of the family", id="courtesy-of"),
    # caption sentence with the credit after it
    pytest.param(
        "Protesters gather outside parliament in London on Tuesday. (Photo by John Moore/Getty Images)",
        id="caption-then-getty",
    ),
    pytest.param(
        "President Biden speaks in the Rose Garden on Monday. REUTERS/Kevin Lamarque", id="caption-then-reuters"
    ),
    pytest.param("A man walks past a closed shop in Madrid. EFE/Juan Carlos Hidalgo", id="caption-then-efe"),
    pytest.param(
        "Ein Mann geht an einem geschlossenen Geschäft vorbei. Foto: Christoph Soeder/dpa",
        id="caption-then-german-foto",
    ),
]


@pytest.mark.parametrize("line", CREDITS)
def test_credits_go(line):
    assert reasons(DropCaptions(), sandwich(line)) == {line: "photo credit"}


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Pictured: the new bridge", id="pictured-lead"),
        pytest.param("Above: a rally in Berlin", id="above-lead"),
        pytest.param("Featured image: The harbour at dawn", id="featured-image-lead"),
    ],
)
def test_caption_leads_go(line):
    assert reasons(DropCaptions(), sandwich(line)) == {line: "photo caption"}


KEEP = [
    pytest.param("“I will not resign.”", id="keep-short-quote"),
    pytest.param("The photo was taken in 1945 by an unknown soldier.", id="keep-sentence-about-photo"),
    pytest.param("Photo op or policy?", id="keep-photo-question-subheading"),
    pytest.param("Credit Suisse collapses", id="keep-credit-suisse-subheading"),
    pytest.param("Courtesy matters", id="keep-courtesy-subheading"),
    pytest.param("The images show damage to the dam.", id="keep-images-sentence"),
    pytest.param("He said the deal was done. Photo opportunities followed.", id="keep-two-sentences-photo-word"),
    pytest.param("The AP/NORC poll found most adults disapprove.", id="keep-agency-slash-in-prose"),
    pytest.param(
        "Source: the Treasury's own figures, published on Monday, show a rise of 4 per cent in the year to March.",
        id="keep-long-source-sentence",
    ),
    pytest.param("What happens next", id="keep-subheading"),
]


@pytest.mark.parametrize("line", KEEP)
def test_prose_about_photos_stays(line):
    assert removed(DropCaptions(), sandwich(line)) == []


@pytest.mark.parametrize(
    "lines, gone",
    [
        pytest.param([PROSE, "RT", PROSE2], ["RT"], id="seed-lone-caps-between-paragraphs"),
        pytest.param([PROSE, "XYZ TV", PROSE2], ["XYZ TV"], id="lone-caps-two-tokens"),
        pytest.param(["Short intro.", "XYZ", PROSE2], [], id="keep-caps-next-to-short-line"),
        pytest.param([PROSE, "Xyz", PROSE2], [], id="keep-capitalised-word"),
    ],
)
def test_lone_caps_credit(lines, gone):
    assert removed(DropCaptions(), lines) == gone


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, ["XYZ"], id="default-neighbours-8-words"),
        pytest.param({"min_neighbour_words": None}, [], id="lone-caps-check-off"),
        pytest.param({"min_neighbour_words": 100}, [], id="neighbours-too-short-for-100"),
    ],
)
def test_config_min_neighbour_words(settings, gone):
    assert removed(DropCaptions(**settings), [PROSE, "XYZ", PROSE2]) == gone
