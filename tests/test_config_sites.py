"""Site overrides (issue 18 item 12): a key is read as a page's host is, or fails at load; a config of
200,000 sites costs no merge per site; YAML tags never run code; the fast YAML reader is safe_load."""

from __future__ import annotations

import pickle

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import ConfigError, clean, load_config
from cleaners.config import SITE_CONFIGS_CACHED, load_yaml

PAGE = (
    "The council approved the new budget on Monday after a long debate about schools and roads. " * 3
    + "\nShare on Facebook"
)
OVERRIDE = "    drop_site_chrome:\n      enabled: false\n    classify_lines:\n      enabled: false\n"


@pytest.mark.parametrize(
    "key", ["example.org", "EXAMPLE.ORG.", "www.Example.Org", "WWW.EXAMPLE.ORG.", "'example.org.'"]
)
@pytest.mark.parametrize(
    "url",
    ["https://example.org/a", "https://EXAMPLE.ORG./a", "http://www.example.org:8080/a", "https://Www.Example.Org../a"],
)
def test_a_site_key_matches_its_host_whatever_the_case_trailing_dot_www_or_port(tmp_path, key, url):
    path = tmp_path / "sites.yaml"
    path.write_text(f"sites:\n  {key}:\n{OVERRIDE}")
    config = load_config(path)
    assert "Share on Facebook" in clean(text=PAGE, url=url, config=config).text
    assert "Share on Facebook" not in clean(text=PAGE, url="https://example.net/a", config=config).text


@pytest.mark.parametrize(
    "keys, message",
    [
        (
            ["example.com:8080"],
            "site 'example.com:8080' names a port; site keys are host names, matched on any port (write 'example.com')",
        ),
        (["EXAMPLE.COM.:443"], "(write 'example.com')"),
        (["'[::1]:8080'"], "names a port"),
        (["https://example.com/"], "site 'https://example.com/' is not a host name"),
        (["example.com/news"], "is not a host name"),
        (["'.'"], "is not a host name"),
        (
            ["example.com", "WWW.Example.com."],
            "sites 'example.com' and 'WWW.Example.com.' name the same host 'example.com'",
        ),
    ],
    ids=["port", "port-caps-dot", "ipv6-port", "url", "path", "empty", "same-host-twice"],
)
def test_a_site_key_that_is_no_host_fails_at_load_with_a_clear_message(tmp_path, keys, message):
    """A port fails rather than matching on every port: a page's host is matched without its port, so the
    key would apply on ports it does not name, and two ports of one host would hide each other."""
    path = tmp_path / "sites.yaml"
    path.write_text("sites:\n" + "".join(f"  {key}:\n{OVERRIDE}" for key in keys))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_an_ipv6_host_key_matches_its_pages(tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(f"sites:\n  '[::1]':\n{OVERRIDE}")
    assert "Share on Facebook" in clean(text=PAGE, url="http://[::1]:8080/a", config=load_config(path)).text


def _many_sites(path, n: int) -> None:
    """A config of n sites (200,000 make 15 MB), every tenth with an override of its own value."""
    with path.open("w") as f:
        f.write("sites:\n")
        for i in range(n):
            f.write(f"  www.site{i:06d}.example.com:\n    pipeline:\n      min_body_words: {10 + i % 10}\n")
            if i % 10 == 0:
                f.write(f"    drop_captions:\n      min_neighbour_words: {i}\n")


@pytest.mark.slow
def test_a_config_of_200000_sites_builds_a_sites_settings_on_its_first_page_only(tmp_path):
    """The merged config of a site is made on the first look-up of its host and kept in a bounded cache:
    loading makes none, a second page of the host makes none. (Time and memory: see bench, not a test.)"""
    path = tmp_path / "sites.yaml"
    _many_sites(path, 200_000)
    config = load_config(path)
    assert len(config.sites) == 200_000
    assert config._site_configs.cache_info().currsize == 0
    first = config.for_host("site123450.example.com")
    assert first.pipeline.min_body_words == 10
    assert next(r for r in first.rules if r.name == "drop_captions").min_neighbour_words == 123450
    assert config.for_host("WWW.SITE123450.EXAMPLE.COM.") is first
    assert config._site_configs.cache_info().currsize == 1
    assert config.for_host("site999999.example.com") is config
    for i in range(SITE_CONFIGS_CACHED + 10):
        assert config.for_host(f"site{i:06d}.example.com").pipeline.min_body_words == 10 + i % 10
    assert config._site_configs.cache_info().currsize == SITE_CONFIGS_CACHED
    copy = pickle.loads(pickle.dumps(config))  # as --workers and the flow send it
    assert copy.for_host("site000007.example.com").pipeline.min_body_words == 17
    assert copy.sites == config.sites and copy._site_configs.cache_info().currsize == 1


@pytest.mark.parametrize(
    "yaml_text",
    [
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        'pipeline: !!python/object/apply:os.system ["touch {marker}"]\n',
        'sites:\n  example.com: !!python/object/apply:os.system ["touch {marker}"]\n',
        'pipeline:\n  min_body_words: !!python/object/apply:os.system ["touch {marker}"]\n',
        'x: !!python/object/new:os.system ["touch {marker}"]\n',
        "x: !!python/name:os.system\n",
        "x: !!python/object:builtins.object {{}}\n",
        'x: &a !!python/object/apply:os.system ["touch {marker}"]\ny: *a\n',
    ],
    ids=["document", "section", "site", "value", "new", "name", "object", "anchored"],
)
@pytest.mark.parametrize("where", ["user", "defaults.yaml", "sites.yaml"])
def test_yaml_tags_never_execute_and_fail_at_load(tmp_path, yaml_text, where):
    marker = tmp_path / "ran"
    text = yaml_text.format(marker=marker)
    folder = tmp_path / "config"
    folder.mkdir()
    target = tmp_path / "user.yaml" if where == "user" else folder / where
    target.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "user.yaml" if where == "user" else None, config_dir=folder)
    assert str(target) in str(err.value)
    assert not marker.exists()


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "~",
            "null",
            "0x1f",
            "0o17",
            "1e3",
            ".inf",
            "2001-12-14",
            "12:30",
            "=",
            "<<x",
            "",
            " ",
            "- a",
            "a: b",
            "#",
            "'q'",
            '"d"',
            "1_000",
            "+1",
            "-.5",
        ]
    ),
)
_KEYS = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none())
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.sampled_from([False, True, None]))
def test_load_yaml_reads_what_safe_load_reads(document, flow):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    assert repr(load_yaml(text)) == repr(yaml.safe_load(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing\n",
        "a: 1\n---\nb: 2\n",
        "a: &x 1\nb: *x\n",
        "<<: {a: 1}\nb: 2\n",
        "? [1, 2]\n: 3\n",
        "a: !!str 1\n",
        "a: ! 1\n",
        "t: 2001-12-14 21:59:43.10 -5\n",
        "a:\nb:\n  -\n  - x\n",
        "{a: [1, {b: c}], d: e}\n",
    ],
)
def test_load_yaml_reads_what_safe_load_reads_in_the_forms_it_hands_back(text):
    """Where safe_load fails (several documents, an unhashable key), load_yaml fails the same way."""

    def outcome(load):
        try:
            return repr(load(text))
        except yaml.YAMLError as e:
            return type(e).__name__

    assert outcome(load_yaml) == outcome(yaml.safe_load)
