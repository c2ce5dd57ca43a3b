"""The config loader: defaults file matches the rules' fields one to one, overrides change only what they
name, and anything unknown fails at load time with a message that says where."""

from __future__ import annotations

import pytest
import yaml

from cleaners import ConfigError, load_config
from cleaners.config import SECTIONS, default_sections

from .conftest import ROOT


def test_defaults_file_spells_out_every_rule_setting_at_its_built_in_value():
    on_disk = yaml.safe_load((ROOT / "config" / "defaults.yaml").read_text())
    assert on_disk == default_sections()


def test_every_rule_has_a_section_in_pipeline_order():
    on_disk = yaml.safe_load((ROOT / "config" / "defaults.yaml").read_text())
    assert list(on_disk) == list(SECTIONS)


@pytest.mark.parametrize(
    "content, message",
    [
        ("strip_icon_labels:\n  min_icon_tokenz: 3\n", "unknown key 'min_icon_tokenz' in section 'strip_icon_labels'"),
        ("strip_icon_label:\n  enabled: false\n", "unknown section 'strip_icon_label'"),
        ("classify_lines:\n  stopwords_low: lots\n", "bad value for 'classify_lines.stopwords_low'"),
        (
            "sites:\n  example.com:\n    drop_captions:\n      nope: 1\n",
            "unknown key 'nope' in section 'drop_captions'",
        ),
        ("- just\n- a list\n", "expected a mapping"),
        ("pipeline: [1, 2]\n", "section 'pipeline' must be a mapping"),
    ],
    ids=["unknown-key", "unknown-section", "bad-type", "unknown-key-in-site", "not-a-mapping", "section-not-a-mapping"],
)
def test_bad_config_fails_at_load_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_user_file_changes_only_what_it_names(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("pipeline:\n  min_body_words: 5\ndrop_captions:\n  min_neighbour_words: null\n")
    config = load_config(path)
    assert config.pipeline.min_body_words == 5
    captions = next(r for r in config.rules if r.name == "drop_captions")
    assert captions.min_neighbour_words is None and captions.enabled is True
    assert config.pipeline.max_input_chars == load_config().pipeline.max_input_chars


def test_site_override_applies_to_its_host_only(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("sites:\n  www.example.com:\n    drop_site_chrome:\n      enabled: false\n")
    config = load_config(path)
    chrome = lambda c: next(r for r in c.rules if r.name == "drop_site_chrome")  # noqa: E731
    assert chrome(config.for_host("example.com")).enabled is False
    assert chrome(config.for_host("www.example.com")).enabled is False
    assert chrome(config.for_host("other.org")).enabled is True
    assert chrome(config).enabled is True


def test_site_override_changes_the_cleaning_of_that_site(tmp_path):
    from cleaners import clean

    page = (
        "The council approved the new budget on Monday after a long debate about schools and roads. " * 3
        + "\nShare on Facebook"
    )
    path = tmp_path / "mine.yaml"
    path.write_text(
        "sites:\n  example.com:\n    drop_site_chrome:\n      enabled: false\n    classify_lines:\n      enabled: false\n"
    )
    config = load_config(path)
    here = clean(text=page, url="https://example.com/a", config=config)
    there = clean(text=page, url="https://other.org/a", config=config)
    assert "Share on Facebook" in here.text
    assert "Share on Facebook" not in there.text
