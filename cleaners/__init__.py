"""winnow's cleaning library: raw scraped text or HTML in, clean dated article records out. No Prefect here."""

from .config import Config, ConfigError, load_config
from .model import ArticleRecord, RawDocument, Reject
from .pipeline import clean, clean_document, clean_many

__all__ = [
    "ArticleRecord",
    "Config",
    "ConfigError",
    "RawDocument",
    "Reject",
    "clean",
    "clean_document",
    "clean_many",
    "load_config",
]
