"""`winnow`: a thin command-line adapter over the cleaners library and its config loader."""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import click

from cleaners import ArticleRecord, ConfigError, Reject, clean_many, load_config
from cleaners.readers import read_inputs
from cleaners.writers import JsonlWriter, record_json, reject_json, rejects_path_for

# Rejects that say the input itself was bad (as opposed to a page that held no article) are also
# reported on stderr as they happen, one line each.
INPUT_PROBLEMS = frozenset({
    "unreadable file", "unsupported file type", "empty file", "not text", "undecodable line", "broken JSON line",
    "not a JSON object", "text is not a string", "html is not a string", "no text", "bad fetched_at",
    "broken compressed stream", "error",
})


def _progress(enabled: bool):
    if not enabled:
        return None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=None, transient=True,
                    redirect_stdout=False, redirect_stderr=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="winnow")
def main() -> None:
    """winnow: boilerplate-stripping ingestion for scraped news articles."""


@main.command("clean")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True, help="Records as JSONL ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html"]), default="auto", show_default=True, help="Which field to clean: auto uses html when a document has it.")
@click.option("--rejects", type=click.Path(dir_okay=False, allow_dash=True), default=None, help="Rejects as JSONL [default: OUT with suffix .rejects.jsonl; with stdout output, stderr lines only].")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None, help="YAML file of rule settings over the defaults.")
@click.option("--audit", is_flag=True, help="Add to each record what was removed, by which rule and why.")
def clean_cmd(inputs: tuple[str, ...], out: str, fmt: str, rejects: str | None, config_path: str | None, audit: bool) -> None:
    """Clean INPUT files (.txt, .html, .jsonl, .jsonl.gz, directories; '-' or none: JSONL on stdin) into article records."""
    try:
        config = load_config(config_path)
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    if rejects is None and out != "-":
        rejects = str(rejects_path_for(out))
    started = time.monotonic()
    kept, reasons = 0, Counter()
    unreadable = 0
    show_progress = sys.stderr.isatty()
    progress = _progress(show_progress)
    task = progress.add_task("cleaning", total=None) if progress else None
    with JsonlWriter(out) as records, JsonlWriter(rejects) if rejects else _NullWriter() as rejected:
        if progress:
            progress.start()
        try:
            for result in clean_many(read_inputs(inputs), config, fmt, audit):
                if isinstance(result, ArticleRecord):
                    records.write(record_json(result, audit))
                    kept += 1
                else:
                    reasons[result.reason] += 1
                    unreadable += result.reason == "unreadable file"
                    rejected.write(reject_json(result))
                    if result.reason in INPUT_PROBLEMS or not rejects:
                        click.echo(f"winnow: rejected {result.source or result.id}: {result.reason}" + (f" ({result.detail})" if result.detail else ""), err=True)
                if progress:
                    progress.update(task, advance=1, description=f"cleaning: {kept} kept, {sum(reasons.values())} rejected")
        finally:
            if progress:
                progress.stop()
    n_rejected = sum(reasons.values())
    read = kept + n_rejected
    why = ", ".join(f"{r}: {n}" for r, n in reasons.most_common())
    where = f" -> {out}" if out != "-" else ""
    click.echo(f"winnow: read {read} = kept {kept} + rejected {n_rejected}" + (f" ({why})" if why else "") + f"{where} in {time.monotonic() - started:.1f}s", err=True)
    if read == 0 or unreadable == read:
        raise SystemExit(1)


class _NullWriter:
    """Where rejects go when there is no rejects file: they are still echoed on stderr."""

    def write(self, line: str) -> None:
        pass

    def __enter__(self) -> "_NullWriter":
        return self

    def __exit__(self, *exc) -> None:
        pass


@main.command("schema")
def schema_cmd() -> None:
    """Print the JSON schema of the article record."""
    click.echo(json.dumps(ArticleRecord.model_json_schema(), indent=2))


@main.command("config")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--host", default=None, help="Show the settings in force for this site.")
def config_cmd(config_path: str | None, host: str | None) -> None:
    """Print the rule settings in force (defaults, site overrides, your file), as YAML."""
    import yaml

    try:
        config = load_config(config_path).for_host(host)
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    dump = {"pipeline": config.pipeline.model_dump(), **{r.name: r.model_dump() for r in config.rules}}
    click.echo(f"# {config.origin}")
    click.echo(yaml.safe_dump(dump, sort_keys=False, allow_unicode=True).rstrip())


if __name__ == "__main__":  # pragma: no cover
    main()
