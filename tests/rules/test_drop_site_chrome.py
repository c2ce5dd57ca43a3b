"""drop_site_chrome: lines that are wholly a known piece of site chrome go, by family; prose that mentions
sharing, advertising, newsletters, cookies or copyright stays."""

import pytest

from cleaners.rules import DropSiteChrome

from .helpers import reasons, removed, sandwich

JUNK = [
    # post navigation
    pytest.param("Previous Post Next Post", "post navigation", id="nav-seed-prev-next"),
    pytest.param("« Previous Post", "post navigation", id="nav-prev-arrow"),
    pytest.param("Next article", "post navigation", id="nav-next-article"),
    pytest.param("Continue reading →", "post navigation", id="nav-continue-reading-arrow"),
    pytest.param("Read More »", "post navigation", id="nav-read-more-arrow"),
    pytest.param("Leer más", "post navigation", id="nav-leer-mas"),
    pytest.param("Skip to main content", "post navigation", id="nav-skip-link"),
    # ad labels
    pytest.param("ADS", "ad label", id="ad-seed-caps"),
    pytest.param("Advertisement", "ad label", id="ad-advertisement"),
    pytest.param("- Advertisement -", "ad label", id="ad-dashed"),
    pytest.param("Story continues below advertisement", "ad label", id="ad-story-continues"),
    pytest.param("Advertisement Continue reading the main story", "ad label", id="ad-continue-main-story"),
    pytest.param("Anzeige", "ad label", id="ad-german"),
    pytest.param("Publicidad", "ad label", id="ad-spanish"),
    pytest.param("Sponsored by Acme Bank", "ad label", id="ad-sponsored-by"),
    # share / follow bars
    pytest.param("Share this:", "share or follow bar", id="share-this-colon"),
    pytest.param("Facebook Twitter WhatsApp Email", "share or follow bar", id="share-network-run"),
    pytest.param("Facebook | Twitter | LinkedIn", "share or follow bar", id="share-network-piped"),
    pytest.param("Click to share on Twitter (Opens in new window)", "share or follow bar", id="share-jetpack"),
    pytest.param("Follow us on Twitter", "share or follow bar", id="follow-us-on"),
    pytest.param("Copy link", "share or follow bar", id="share-copy-link"),
    pytest.param("Teilen", "share or follow bar", id="share-german"),
    pytest.param("Partager sur Facebook", "share or follow bar", id="share-french"),
    # newsletter / subscribe
    pytest.param("Sign up for our newsletter", "newsletter or subscribe box", id="nl-sign-up"),
    pytest.param("Get the latest news delivered to your inbox.", "newsletter or subscribe box", id="nl-inbox"),
    pytest.param("Enter your email address", "newsletter or subscribe box", id="nl-email-field"),
    pytest.param(
        "By signing up you agree to our privacy policy.", "newsletter or subscribe box", id="nl-by-signing-up"
    ),
    pytest.param("Newsletter abonnieren", "newsletter or subscribe box", id="nl-german"),
    pytest.param("Suscríbete a nuestro boletín", "newsletter or subscribe box", id="nl-spanish"),
    pytest.param("Inscrivez-vous à notre newsletter", "newsletter or subscribe box", id="nl-french"),
    # cookie banners
    pytest.param(
        "We use cookies to ensure you get the best experience on our website.", "cookie notice", id="cookie-we-use"
    ),
    pytest.param(
        "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.",
        "cookie notice",
        id="cookie-gdpr-plugin",
    ),
    pytest.param("Accept all cookies", "cookie notice", id="cookie-accept-all"),
    pytest.param("Accept Read More", "cookie notice", id="cookie-accept-read-more"),
    pytest.param("Diese Website verwendet Cookies.", "cookie notice", id="cookie-german"),
    pytest.param("Utilizamos cookies para mejorar su experiencia.", "cookie notice", id="cookie-spanish"),
    pytest.param("Tout accepter", "cookie notice", id="cookie-accept-french"),
    pytest.param("Privacy Policy | Terms of Use | Contact Us", "cookie notice", id="footer-legal-links"),
    # breadcrumbs
    pytest.param("Home > World > Europe", "breadcrumb", id="crumb-home-gt"),
    pytest.param("Home / News / Politics", "breadcrumb", id="crumb-home-slash"),
    pytest.param("Startseite > Politik", "breadcrumb", id="crumb-german"),
    pytest.param("Accueil > Monde", "breadcrumb", id="crumb-french"),
    pytest.param("News › World › Europe", "breadcrumb", id="crumb-no-home"),
    # copyright footers
    pytest.param("© 2024 Example Media Ltd. All rights reserved.", "copyright line", id="copyright-symbol"),
    pytest.param("Copyright 2023 The Daily Post", "copyright line", id="copyright-word-year"),
    pytest.param("All Rights Reserved", "copyright line", id="copyright-all-rights"),
    pytest.param("Todos los derechos reservados.", "copyright line", id="copyright-spanish"),
    pytest.param("Tous droits réservés.", "copyright line", id="copyright-french"),
    # section labels
    pytest.param("Related Articles", "section label", id="section-related"),
    pytest.param("Tags: politics, europe", "section label", id="section-tags"),
    pytest.param("Posted in World, Europe", "section label", id="section-posted-in"),
    # reading time and bylines (they sit between a headline and its first paragraph)
    pytest.param("4 minute read", "reading time", id="reading-time-minute-read"),
    pytest.param("Lesezeit: 3 Min.", "reading time", id="reading-time-german"),
    pytest.param("By Jane Doe and John Roe", "byline", id="byline-two-authors"),
    pytest.param("Por Juan Carlos de la Fuente", "byline", id="byline-spanish-particles"),
    pytest.param("Advertisement · Scroll to continue", "ad label", id="ad-scroll-to-continue-dot"),
    # lone e-mail / URL
    pytest.param("syria.suv@gmail.com", "lone e-mail address", id="email-seed"),
    pytest.param("Contact: editor@example.org", "lone e-mail address", id="email-with-label"),
    pytest.param("https://example.com/news/123", "lone URL", id="url-https"),
    pytest.param("www.example.com", "lone URL", id="url-www"),
]


@pytest.mark.parametrize("line, family", JUNK)
def test_chrome_lines_go_with_their_family(line, family):
    assert reasons(DropSiteChrome(), sandwich(line)) == {line: family}


KEEP = [
    pytest.param("Share prices fell sharply on Monday.", id="keep-share-prices"),
    pytest.param("The company said it would share the data with regulators.", id="keep-share-verb"),
    pytest.param("Advertisers are leaving the platform.", id="keep-advertisers"),
    pytest.param("Advertising revenue fell 12% last year, the company said.", id="keep-advertising-sentence"),
    pytest.param("The ad showed a man running.", id="keep-the-ad"),
    pytest.param("Photo of the day", id="keep-photo-subheading"),
    pytest.param("Next steps", id="keep-next-steps-subheading"),
    pytest.param("Home prices rose 5% in March", id="keep-home-prices-subheading"),
    pytest.param("“Sign up now,” he urged.", id="keep-short-quote-sign-up"),
    pytest.param("Follow the money.", id="keep-follow-sentence"),
    pytest.param("Read more books.", id="keep-read-more-sentence"),
    pytest.param("Copyright law is changing fast.", id="keep-copyright-law"),
    pytest.param("All rights reserved to the estate, the lawyer said.", id="keep-all-rights-reserved-prose"),
    pytest.param(
        "The newsletter, which has 2 million subscribers, was shut down in 2022.", id="keep-newsletter-sentence"
    ),
    pytest.param("The law restricts how websites use cookies to track people.", id="keep-cookie-law-sentence"),
    pytest.param("Registered voters", id="keep-registered-subheading"),
    pytest.param("Ok, so what now?", id="keep-ok-question"),
    pytest.param("- 200 new teachers", id="keep-bullet-item"),
    pytest.param("By the numbers", id="keep-by-subheading-lowercase"),
    pytest.param("By 2030, most cars sold will be electric.", id="keep-by-year-sentence"),
    pytest.param("The 5 minute read that changed my mind", id="keep-reading-time-words-in-heading"),
]


@pytest.mark.parametrize("line", KEEP)
def test_prose_mentioning_chrome_words_stays(line):
    assert removed(DropSiteChrome(), sandwich(line)) == []


SHORT_COOKIE = "We use cookies to ensure you get the best experience on our website."


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, [SHORT_COOKIE], id="default-word-cap"),
        pytest.param({"max_chrome_line_words": 5}, [], id="low-word-cap-keeps-long-banner"),
        pytest.param({"max_chrome_line_words": 13}, [SHORT_COOKIE], id="cap-at-the-banner's-13-words-drops-it"),
        pytest.param({"max_chrome_line_words": 12}, [], id="cap-one-under-keeps-it"),
        pytest.param({"max_chrome_line_words": None}, [SHORT_COOKIE], id="word-cap-off"),
    ],
)
def test_config_max_chrome_line_words(settings, gone):
    assert removed(DropSiteChrome(**settings), sandwich(SHORT_COOKIE)) == gone
