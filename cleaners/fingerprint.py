"""The settings fingerprint: what, besides the inputs, decides the records. A pure function of the validated
settings, the package version and the body model's bytes, so a checkout and an installed wheel with the same
settings agree, and a new release or a retrained model is seen as a change of settings."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from .config import Config

DISTRIBUTION = "winnow"
MODEL_FILE = "bodies_model.json"


def package_version() -> str:
    """The installed distribution's version; a checkout that was never installed has none to give."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def model_bytes() -> bytes:
    """The shipped body model (cleaners/bodymodel/bodies_model.json) as packaged."""
    return (resources.files("cleaners.bodymodel") / MODEL_FILE).read_bytes()


@lru_cache(maxsize=1)
def model_sha256() -> str:
    """sha256 of the model's bytes, read once a process."""
    return hashlib.sha256(model_bytes()).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)


def fingerprint(settings: dict[str, Any], version: str, model_hash: str) -> str:
    """16 hex digits of sha256 over the settings (keys sorted), the version and the model's hash."""
    blob = json.dumps(
        {"settings": settings, "version": version, "model": model_hash}, sort_keys=True, default=_jsonable
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def settings_fingerprint(config: Config, extra: dict[str, Any] | None = None) -> str:
    """The fingerprint of a config's settings in force (every section, every site override) and of `extra`,
    what a caller adds that also decides the records (the flow: input format, audit, output format)."""
    settings = {"sections": config.settings(), "sites": config.site_settings(), **(extra or {})}
    return fingerprint(settings, package_version(), model_sha256())
