"""The defaults ship as package data: config/ holds byte-identical copies, a checkout and an installed wheel
print, clean and fingerprint alike, a WINNOW_CONFIG_DIR that is not there is an error, and the fingerprint
follows the settings, the version and the model."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from importlib import resources

import pytest

from cleaners import ConfigError, load_config
from cleaners import fingerprint as fp
from cleaners.config import PACKAGED_ORIGIN, Config

from .conftest import ROOT, SEEDS

SHIPPED = ("defaults.yaml", "sites.yaml")


@pytest.mark.parametrize("name", SHIPPED)
def test_config_folder_holds_byte_identical_copies_of_the_packaged_defaults(name):
    packaged = (resources.files("cleaners") / "defaults" / name).read_bytes()
    assert (ROOT / "config" / name).read_bytes() == packaged, (
        f"config/{name} and cleaners/defaults/{name} differ: copy the one you edited over the other"
    )


def test_packaged_defaults_are_named_the_same_wherever_they_are_read_from():
    config = load_config()
    assert config.origin == PACKAGED_ORIGIN
    assert load_config(config_dir=ROOT / "config").origin == str(ROOT / "config" / "defaults.yaml")


def test_a_folder_without_its_own_defaults_file_gets_the_packaged_one(tmp_path):
    (tmp_path / "sites.yaml").write_text("example.com:\n  pipeline:\n    min_body_words: 3\n")
    config = load_config(config_dir=tmp_path)
    assert config.origin == PACKAGED_ORIGIN
    assert config.sections == load_config().sections
    assert config.for_host("example.com").pipeline.min_body_words == 3


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_a_config_dir_that_is_not_a_directory_is_a_one_line_error(tmp_path, monkeypatch, kind):
    folder = tmp_path / "nowhere"
    if kind == "a file":
        folder.write_text("pipeline: {}\n")
    monkeypatch.setenv("WINNOW_CONFIG_DIR", str(folder))
    with pytest.raises(ConfigError) as err:
        load_config()
    message = str(err.value)
    assert "WINNOW_CONFIG_DIR" in message and str(folder) in message and "\n" not in message
    with pytest.raises(ConfigError, match="config_dir"):
        load_config(config_dir=folder)


@pytest.mark.parametrize("command", ["clean", "config"])
def test_winnow_refuses_a_missing_config_dir(tmp_path, command):
    folder = tmp_path / "nowhere"
    env = {**os.environ, "WINNOW_CONFIG_DIR": str(folder)}
    args = [str(SEEDS / "000_8d1c199eb683bf1a.txt")] if command == "clean" else []
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", command, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode != 0 and run.stdout == ""
    assert f"WINNOW_CONFIG_DIR={folder}: no such directory" in run.stderr


# ---------------------------------------------------------------- the fingerprint


def _user(tmp_path, text):
    path = tmp_path / "user.yaml"
    path.write_text(text)
    return load_config(path)


def test_fingerprint_follows_the_settings_in_force_not_how_they_are_written(tmp_path):
    base = fp.settings_fingerprint(load_config())
    assert fp.settings_fingerprint(Config()) == base  # the built-in values are the packaged ones
    assert fp.settings_fingerprint(load_config(config_dir=ROOT / "config")) == base
    assert fp.settings_fingerprint(_user(tmp_path, "pipeline:\n  min_body_words: 25\n")) == base
    assert fp.settings_fingerprint(_user(tmp_path, "pipeline:\n  min_body_words: 24\n")) != base
    site = fp.settings_fingerprint(
        _user(tmp_path, "sites:\n  example.com:\n    pipeline:\n      max_seconds_per_document: 5\n")
    )
    assert site != base
    assert (
        fp.settings_fingerprint(
            _user(tmp_path, "sites:\n  example.com:\n    pipeline:\n      max_seconds_per_document: 5.0\n")
        )
        == site
    )
    assert fp.settings_fingerprint(load_config(), {"format": "text"}) != base


def test_fingerprint_follows_the_package_version(monkeypatch):
    base = fp.settings_fingerprint(load_config())
    monkeypatch.setattr(fp, "package_version", lambda: "0.1.0")
    assert fp.settings_fingerprint(load_config()) == base
    monkeypatch.setattr(fp, "package_version", lambda: "0.1.1")
    assert fp.settings_fingerprint(load_config()) != base


def test_fingerprint_follows_the_model_bytes(monkeypatch):
    base = fp.settings_fingerprint(load_config())
    shipped = fp.model_bytes()
    monkeypatch.setattr(fp, "model_bytes", lambda: shipped.replace(b"0", b"1", 1))
    fp.model_sha256.cache_clear()
    try:
        assert fp.settings_fingerprint(load_config()) != base
        monkeypatch.setattr(fp, "model_bytes", lambda: shipped)
        fp.model_sha256.cache_clear()
        assert fp.settings_fingerprint(load_config()) == base
    finally:
        fp.model_sha256.cache_clear()


def test_the_model_hash_is_of_the_file_the_model_is_loaded_from():
    import hashlib

    from cleaners.bodymodel import model

    with open(model._DEFAULT_PATH, "rb") as f:
        assert fp.model_sha256() == hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------- a wheel outside the checkout

PROBE = """
import json, sys
import cleaners, flows
from cleaners import load_config
from flows.ingest import settings_fingerprint
print(json.dumps({"cleaners": cleaners.__file__, "flows": flows.__file__,
                  "flow": settings_fingerprint(load_config(), "text", True)}))
"""


def _can_build_without_isolation() -> bool:
    """setuptools builds a wheel by itself from 70.1 on; before that it needs the wheel package."""
    import setuptools

    return importlib.util.find_spec("wheel") is not None or tuple(map(int, setuptools.__version__.split(".")[:2])) >= (
        70,
        1,
    )


def _as_seen_from(path, cwd):
    """`winnow config`, one cleaned record and the flow's fingerprint, with only `path` on PYTHONPATH and a
    working directory outside the checkout; -P keeps the working directory off sys.path as well."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINNOW_", "PYTHON"))}
    env.update(PYTHONPATH=str(path), PYTHONNOUSERSITE="1", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")

    def run(*args):
        done = subprocess.run(
            [sys.executable, "-P", *args], capture_output=True, text=True, env=env, cwd=cwd, check=False, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    seed = str(SEEDS / "000_8d1c199eb683bf1a.txt")
    return {
        "config": run("-m", "flows.cli", "config"),
        "record": json.loads(run("-m", "flows.cli", "clean", seed, "--format", "text", "--audit")),
        **json.loads(run("-c", PROBE)),
    }


@pytest.mark.slow
def test_an_installed_wheel_prints_cleans_and_fingerprints_as_the_checkout(tmp_path):
    src, wheels, site, elsewhere = (tmp_path / d for d in ("src", "wheels", "site", "elsewhere"))
    src.mkdir()
    elsewhere.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for package in ("cleaners", "flows"):  # a copy: the build leaves build/ and *.egg-info behind
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    isolation = ["--no-build-isolation"] if _can_build_without_isolation() else []
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", str(wheels), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("winnow-*.whl")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert not (site / "config").exists() and (site / "cleaners" / "defaults" / "defaults.yaml").is_file()

    checkout = _as_seen_from(ROOT, elsewhere)
    installed = _as_seen_from(site, elsewhere)
    assert checkout["cleaners"] == str(ROOT / "cleaners" / "__init__.py")
    assert installed["cleaners"] == str(site / "cleaners" / "__init__.py")
    assert installed["flows"] == str(site / "flows" / "__init__.py")
    assert installed["config"].startswith(f"# {PACKAGED_ORIGIN}\n")
    assert installed["config"] == checkout["config"]
    assert installed["record"]["text"] and installed["record"] == checkout["record"]
    assert installed["flow"] == checkout["flow"]
