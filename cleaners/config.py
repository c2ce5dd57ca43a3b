"""Rule settings: defaults in config/defaults.yaml, per-site overrides in config/sites.yaml, an optional
user file on top. Each section is a rule, each key one of its fields; unknown keys fail at load time."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, PositiveFloat, ValidationError

from .paragraphs import JoinWrappedLines
from .rules import PIPELINE, Rule

MIN_BODY_WORDS = 25
"""Fewer words (count) than this after cleaning and the page is no article: it becomes a reject."""
MAX_INPUT_CHARS = 5_000_000
"""Longer inputs (characters) are cut to this before cleaning, so one page cannot take the run down."""
MAX_SECONDS_PER_DOCUMENT = 30.0
"""CPU seconds one page may take; a page over it becomes a reject ("too slow") and the run goes on."""
DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file, the section and the key."""


class PipelineSettings(BaseModel):
    """Settings of the pipeline itself rather than of one rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_body_words: int | None = MIN_BODY_WORDS
    max_input_chars: int | None = MAX_INPUT_CHARS
    html_favor_precision: bool = True
    """HTML input: trafilatura's favor_precision mode (on the article-bodies benchmark it trades 0.007
    recall for 0.016 precision; the text rules then have less to clean up)."""
    html_fast_first: bool = True
    """HTML input: trafilatura's fast mode, rerun in full only when its result is doubtful by trafilatura's
    own tests (html._doubtful): the readability and jusText fallbacks are a fifth of an HTML page's time, and
    most pages never need them (on article-bodies 15 of 181 are rerun; one body differs, F1 0.966 -> 0.968)."""
    max_seconds_per_document: PositiveFloat | None = MAX_SECONDS_PER_DOCUMENT


SECTIONS: dict[str, type[BaseModel]] = {
    "pipeline": PipelineSettings, JoinWrappedLines.name: JoinWrappedLines, **{r.name: r for r in PIPELINE}}


@dataclass(frozen=True)
class Config:
    """Validated settings: the pipeline's, every rule's (in run order), and raw per-site overrides."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    sites: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    origin: str = "built-in defaults"

    @property
    def pipeline(self) -> PipelineSettings:
        return _build(self.sections)[0]

    @property
    def rules(self) -> tuple[Rule, ...]:
        return _build(self.sections)[1]

    @property
    def joining(self) -> JoinWrappedLines:
        """How hard-wrapped lines are joined back into paragraphs before the rules (text input)."""
        return _build(self.sections)[2]

    def for_host(self, host: str | None) -> "Config":
        """The settings for one site: the defaults with that host's overrides (www. ignored) on top."""
        if not host or not self.sites:
            return self
        host = host.lower().removeprefix("www.")
        override = self.sites.get(host)
        if override is None:
            return self
        return Config(_merge(self.sections, override), {}, f"{self.origin} + sites[{host}]")


def _freeze(sections: dict[str, dict[str, Any]]) -> tuple:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in sections.items()))


@lru_cache(maxsize=256)
def _build_frozen(frozen: tuple) -> tuple[PipelineSettings, tuple[Rule, ...], JoinWrappedLines]:
    sections = {k: dict(v) for k, v in frozen}
    pipeline = PipelineSettings(**sections.get("pipeline", {}))
    joining = JoinWrappedLines(**sections.get(JoinWrappedLines.name, {}))
    return pipeline, tuple(r(**sections.get(r.name, {})) for r in PIPELINE), joining


def _build(sections: dict[str, dict[str, Any]]) -> tuple[PipelineSettings, tuple[Rule, ...], JoinWrappedLines]:
    return _build_frozen(_freeze(sections))


def _merge(base: dict[str, dict[str, Any]], over: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {k: dict(v) for k, v in base.items()}
    for section, values in over.items():
        out.setdefault(section, {}).update(values)
    return out


def _validate(sections: Any, origin: str) -> dict[str, dict[str, Any]]:
    """Check every section and key against the rules' fields; the message says exactly what is wrong."""
    if sections is None:
        return {}
    if not isinstance(sections, dict):
        raise ConfigError(f"{origin}: expected a mapping of sections, got {type(sections).__name__}")
    for section, values in sections.items():
        model = SECTIONS.get(section)
        if model is None:
            raise ConfigError(f"{origin}: unknown section '{section}' (known: {', '.join(SECTIONS)})")
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: section '{section}' must be a mapping of keys, got {type(values).__name__}")
        known = [k for k in model.model_fields]
        for key in values:
            if key not in model.model_fields:
                raise ConfigError(f"{origin}: unknown key '{key}' in section '{section}' (known: {', '.join(known)})")
        try:
            model(**values)
        except ValidationError as e:
            err = e.errors()[0]
            raise ConfigError(f"{origin}: bad value for '{section}.{err['loc'][0]}': {err['msg']}") from None
    return {k: dict(v) for k, v in sections.items()}


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from None


def _sites(raw: Any, origin: str) -> dict[str, dict[str, dict[str, Any]]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: 'sites' must map host names to sections")
    return {str(host).lower().removeprefix("www."): _validate(over, f"{origin} [sites.{host}]") for host, over in raw.items()}


def load_config(path: str | os.PathLike | None = None, config_dir: str | os.PathLike | None = None) -> Config:
    """Defaults (config/defaults.yaml, or the built-in values when the folder is absent), site overrides,
    then the user's file: a partial copy of the defaults, optionally with its own `sites:` section."""
    folder = Path(config_dir or os.environ.get("WINNOW_CONFIG_DIR") or DEFAULT_CONFIG_DIR)
    sections: dict[str, dict[str, Any]] = {}
    sites: dict[str, dict[str, dict[str, Any]]] = {}
    origin = "built-in defaults"
    defaults = folder / "defaults.yaml"
    if defaults.is_file():
        sections = _validate(_read_yaml(defaults), str(defaults))
        origin = str(defaults)
    if (folder / "sites.yaml").is_file():
        sites = _sites(_read_yaml(folder / "sites.yaml"), str(folder / "sites.yaml"))
    if path is not None:
        raw = _read_yaml(Path(path)) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping of sections, got {type(raw).__name__}")
        user_sites = _sites(raw.pop("sites", None), str(path))
        sections = _merge(sections, _validate(raw, str(path)))
        for host, over in user_sites.items():
            sites[host] = _merge(sites.get(host, {}), over)
        origin = f"{origin} + {path}"
    return Config(sections, sites, origin)


def default_sections() -> dict[str, dict[str, Any]]:
    """Every section with every key at its built-in value: what config/defaults.yaml must spell out."""
    return {name: model().model_dump() for name, model in SECTIONS.items()}
