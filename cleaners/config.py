"""Rule settings: defaults in defaults.yaml, per-site overrides in sites.yaml, an optional user file on top.
Each section is a rule, each key one of its fields; unknown keys fail at load time. The two files ship as
package data (cleaners/defaults/, read with importlib.resources), so a checkout and an installed wheel run on
the same settings; config/ at the top of the repository holds byte-identical copies to read (a test checks)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
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
PACKAGED_ORIGIN = "winnow defaults"
"""What `winnow config` and error messages call the packaged defaults.yaml and sites.yaml: the same name
from a checkout and from an installed wheel (config/ in the repository holds the readable copies)."""
CONFIG_DIR_VARIABLE = "WINNOW_CONFIG_DIR"
"""The environment variable naming a folder whose defaults.yaml and sites.yaml replace the packaged ones."""


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
    "pipeline": PipelineSettings,
    JoinWrappedLines.name: JoinWrappedLines,
    **{r.name: r for r in PIPELINE},
}


SITE_CONFIGS_CACHED = 1024
"""Merged per-site configs (count) one Config keeps: each is built on the first page of its host, so a
config of 200,000 sites costs a dictionary look-up per page, not a merge per site at load."""


@dataclass(frozen=True)
class Config:
    """Validated settings: the pipeline's, every rule's (in run order), and raw per-site overrides
    (keyed by normalize_host's form of the host)."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    sites: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    origin: str = "built-in defaults"
    _site_configs: Any = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_site_configs", lru_cache(maxsize=SITE_CONFIGS_CACHED)(self._site_config))

    def __getstate__(self) -> dict:
        """Pickled (to a worker) without the cache of merged site configs: a cache does not pickle."""
        return {"sections": self.sections, "sites": self.sites, "origin": self.origin}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

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

    def settings(self) -> dict[str, dict[str, Any]]:
        """Every section with every key at the value in force (the validated models' values, in run order):
        what `winnow config` prints, the same whether a file spells a value out or leaves it at its default."""
        return {
            "pipeline": self.pipeline.model_dump(),
            self.joining.name: self.joining.model_dump(),
            **{r.name: r.model_dump() for r in self.rules},
        }

    def site_settings(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The per-site overrides with each value as its rule's model reads it (1.0 for a float written 1),
        each distinct section validated once."""
        seen: dict[tuple, dict[str, Any]] = {}
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for host, over in self.sites.items():
            site = out[host] = {}
            for section, values in over.items():
                key = (section, repr(sorted(values.items())))  # repr: 1, 1.0 and True stay apart
                if key not in seen:
                    seen[key] = SECTIONS[section](**values).model_dump(include=set(values))
                site[section] = seen[key]
        return out

    def for_host(self, host: str | None) -> "Config":
        """The settings for one site: the defaults with that host's overrides on top. The host is read as
        the site keys are (normalize_host: case, a trailing dot and a leading www. do not count; a port,
        which a URL's host never carries, is passed over)."""
        if not host or not self.sites:
            return self
        name, _port = _split_host(host)
        if name not in self.sites:
            return self
        return self._site_configs(name)

    def _site_config(self, host: str) -> Config:
        return Config(_merge(self.sections, self.sites[host]), {}, f"{self.origin} + sites[{host}]")


_PORT = re.compile(r"(.*[^:]):([0-9]*)")
_NOT_IN_HOST = re.compile(r"[\s/\\@?#]")
_IPV6 = re.compile(r"[0-9a-f:.]+")


def _split_host(raw: str) -> tuple[str, str | None]:
    """A host as the site keys and the lookup both read it: lower case, without trailing dots, a leading
    "www." and IPv6 brackets; the port, if one is written, apart."""
    host, port = raw.strip().lower(), None
    if host.startswith("[") and "]" in host:  # [::1] or [::1]:8080
        inner, _, rest = host[1:].partition("]")
        host, port = inner, (rest[1:] if rest.startswith(":") else None)
    elif host.count(":") == 1:
        m = _PORT.fullmatch(host)
        if m:
            host, port = m.group(1), m.group(2)
    host = host.rstrip(".").removeprefix("www.")
    return host, port


def normalize_host(key: Any, origin: str) -> str:
    """A site key as for_host looks it up. A key with a port fails: a page's host is matched without its
    port, so the override would silently apply on every port, or (with two ports) one would hide the other."""
    text = str(key)
    host, port = _split_host(text)
    if port is not None:
        raise ConfigError(
            f"{origin}: site '{text}' names a port; site keys are host names, matched on any port (write '{host}')"
        )
    if not host or _NOT_IN_HOST.search(host) or (":" in host and not _IPV6.fullmatch(host)):
        raise ConfigError(f"{origin}: site '{text}' is not a host name (write it as in a URL, e.g. 'example.com')")
    return host


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


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: the same tags refused (no Python objects), a tenth of the time."""


class _NotPlain(Exception):
    """The YAML uses an anchor, an alias, a tag or a merge key: PyYAML's own loader reads it."""


def load_yaml(text: str) -> Any:
    """yaml.safe_load's value, built from the parser's events for a plain document (mappings, sequences,
    scalars): PyYAML's composer and constructor cost 50 s and 1 GB on a config of 200,000 sites, its node
    tree and two marks per node all held at once. Anything else (anchors, tags, several documents) is read
    by PyYAML's safe loader itself, which also refuses every Python tag."""
    try:
        return _plain_yaml(text)
    except _NotPlain:
        return yaml.load(text, Loader=_SAFE_LOADER)


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
_NOTHING = object()


def _plain_yaml(text: str) -> Any:
    """load_yaml's fast path: the events folded into dicts and lists, each plain scalar resolved by PyYAML's
    resolver and constructor (once per distinct value); raises _NotPlain where that would not be safe_load's."""
    from yaml import events

    resolver, constructor = yaml.resolver.Resolver(), yaml.constructor.SafeConstructor()
    resolved_by_first = resolver.yaml_implicit_resolvers
    every = None in resolved_by_first  # a resolver for any first character: resolve them all
    scalars: dict[str, Any] = {}
    root: list = []
    stack: list[list] = [[root, None]]  # [container, the key waiting for its value (mappings)]
    documents = 0
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        kind = type(event)
        if kind is events.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            value = event.value
            if event.implicit[0] and (every or not value or value[0] in resolved_by_first):
                item = scalars.get(value, _NOTHING)
                if item is _NOTHING:
                    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
                    if tag not in _PLAIN_TAGS:
                        raise _NotPlain
                    item = scalars[value] = constructor.construct_object(yaml.ScalarNode(tag, value))
            else:
                item = value
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            item = {} if kind is events.MappingStartEvent else []
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            stack.pop()
            continue
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain
            continue
        elif kind is events.AliasEvent:
            raise _NotPlain
        else:
            continue
        container, key = stack[-1]
        nested = type(item) is dict or type(item) is list
        if type(container) is list:
            container.append(item)
        elif key is _NOTHING:
            if nested:
                raise _NotPlain  # a mapping or sequence as a key: safe_load's own error
            stack[-1][1] = item
        else:
            container[key] = item
            stack[-1][1] = _NOTHING
        if nested:
            stack.append([item, _NOTHING])
    return root[0] if root else None


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from None


def _sites(raw: Any, origin: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The `sites:` section: each key normalised as for_host reads hosts, each override validated. Sites
    often repeat one override: each distinct section is validated once, and sites with the same values
    share them."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: 'sites' must map host names to sections")
    out: dict[str, dict[str, dict[str, Any]]] = {}
    written: dict[str, Any] = {}
    checked: dict[tuple, dict[str, Any]] = {}
    for key, over in raw.items():
        host = normalize_host(key, origin)
        if host in out:
            raise ConfigError(f"{origin}: sites '{written[host]}' and '{key}' name the same host '{host}'")
        written[host] = key
        out[host] = _validated_site(over, f"{origin} [sites.{key}]", checked)
    return out


def _validated_site(over: Any, origin: str, checked: dict[tuple, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One site's override, validated by _validate section by section; `checked` holds the sections seen
    already (by their values), each validated once."""
    if not isinstance(over, dict):
        return _validate(over, origin)
    site: dict[str, dict[str, Any]] = {}
    for section, values in over.items():
        try:
            # With each value's type: 1, 1.0 and true are equal keys, and need not be equally valid.
            typed = tuple(sorted((k, type(v), v) for k, v in values.items())) if isinstance(values, dict) else None
            frozen = (section, typed)
            hash(frozen)
        except TypeError:  # a list or mapping as a value: validated (and refused or kept) on its own
            frozen = None
        if frozen is None or frozen not in checked:
            done = _validate({section: values}, origin)[section]
            if frozen is None:
                site[section] = done
                continue
            checked[frozen] = done
        site[section] = checked[frozen]
    return site


def _packaged(name: str) -> str:
    return (resources.files(__package__) / "defaults" / name).read_text(encoding="utf-8")


def _config_folder(config_dir: str | os.PathLike | None) -> Path | None:
    """The folder config_dir or WINNOW_CONFIG_DIR names, if any; one that is not there is an error, not a
    silent fall back to the packaged defaults."""
    if config_dir:
        folder, named = Path(config_dir), f"config_dir {config_dir}"
    elif os.environ.get(CONFIG_DIR_VARIABLE):
        folder = Path(os.environ[CONFIG_DIR_VARIABLE])
        named = f"{CONFIG_DIR_VARIABLE}={folder}"
    else:
        return None
    if not folder.is_dir():
        raise ConfigError(f"{named}: {'not a directory' if folder.exists() else 'no such directory'}")
    return folder


def _defaults_file(folder: Path | None, name: str) -> tuple[Any, str | None]:
    """One defaults file's YAML and the path it came from: the folder's copy when it has one, else the
    packaged one (path None)."""
    if folder is not None and (folder / name).is_file():
        return _read_yaml(folder / name), str(folder / name)
    try:
        return load_yaml(_packaged(name)), None
    except yaml.YAMLError as e:
        raise ConfigError(f"{PACKAGED_ORIGIN} ({name}): not valid YAML: {str(e).splitlines()[0]}") from None


def load_config(path: str | os.PathLike | None = None, config_dir: str | os.PathLike | None = None) -> Config:
    """Defaults, site overrides, then the user's file: a partial copy of the defaults, optionally with its own
    `sites:` section. defaults.yaml and sites.yaml are the packaged ones, each unless the folder config_dir
    (or else WINNOW_CONFIG_DIR) names has its own; a folder that does not exist is a ConfigError."""
    folder = _config_folder(config_dir)
    raw, where = _defaults_file(folder, "defaults.yaml")
    origin = where or PACKAGED_ORIGIN
    sections = _validate(raw, where or f"{PACKAGED_ORIGIN} (defaults.yaml)")
    raw, where = _defaults_file(folder, "sites.yaml")
    sites = _sites(raw, where or f"{PACKAGED_ORIGIN} (sites.yaml)")
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
    """Every section with every key at its built-in value: what defaults.yaml must spell out."""
    return {name: model().model_dump() for name, model in SECTIONS.items()}
