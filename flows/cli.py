"""`winnow`: a thin command-line adapter over the cleaners library and its config loader."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections import Counter

import click

from cleaners import ArticleRecord, ConfigError, clean_many, load_config
from cleaners.fingerprint import model_sha256, package_version, settings_fingerprint
from cleaners.parallel import clean_parallel, has_time_limit
from cleaners.readers import read_inputs
from cleaners.writers import (
    OUTPUT_FORMATS,
    JsonlWriter,
    MissingExtra,
    OutputError,
    ParquetWriter,
    abort_all,
    commit_together,
    record_arrow_schema,
    record_json,
    record_row,
    reject_json,
    rejects_path_for,
    same_output,
    writes_in_place,
)

# Rejects that say the input itself was bad (as opposed to a page that held no article) are also
# reported on stderr as they happen, one line each.
INPUT_PROBLEMS = frozenset(
    {
        "unreadable file",
        "unsupported file type",
        "empty file",
        "not text",
        "undecodable line",
        "broken JSON line",
        "not a JSON object",
        "text is not a string",
        "html is not a string",
        "no text",
        "bad fetched_at",
        "broken compressed stream",
        "error",
        "broken WARC",
        "missing dependency",
        "not a regular file",
        "unreadable directory",
        "link out of the source",
        "too large",
        "worker died",
    }
)
UNREADABLE = frozenset({"unreadable file", "not a regular file", "unreadable directory"})
"""Rejects that say an input could not be read at all: a run that read nothing else exits 1."""


def _progress(enabled: bool):
    if not enabled:
        return None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=None,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="winnow")
def main() -> None:
    """winnow: boilerplate-stripping ingestion for scraped news articles."""


@main.command("clean")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Records as JSONL ('-' for stdout), or as Parquet with --output-format parquet.",
)
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="jsonl",
    show_default=True,
    help="Records as JSON lines or as a Parquet file (needs -o FILE); rejects are always JSONL.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "html"]),
    default="auto",
    show_default=True,
    help="Which field to clean: auto uses html when a document has it.",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Rejects as JSONL [default: OUT with suffix .rejects.jsonl; when OUT is stdout, a device or a FIFO, stderr lines only].",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="YAML file of rule settings over the defaults.",
)
@click.option("--audit", is_flag=True, help="Add to each record what was removed, by which rule and why.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes; output stays in input order.",
)
def clean_cmd(
    inputs: tuple[str, ...],
    out: str,
    output_format: str,
    fmt: str,
    rejects: str | None,
    config_path: str | None,
    audit: bool,
    workers: int,
) -> None:
    """Clean INPUT files (.txt, .html, .jsonl(.gz), .warc(.gz), directories; '-' or none: JSONL on stdin) into article records."""
    try:
        config = load_config(config_path)
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    if output_format == "parquet" and out == "-":
        raise click.UsageError("--output-format parquet needs -o FILE: a Parquet file cannot be streamed to stdout")
    if rejects is None and out != "-" and not writes_in_place(out):
        rejects = str(rejects_path_for(out))
    if rejects and same_output(rejects, out):
        raise click.UsageError(f"--rejects {rejects} and --output {out} are one file: one would overwrite the other")
    open_records = (lambda: ParquetWriter(out, audit)) if output_format == "parquet" else (lambda: JsonlWriter(out))
    open_rejects = (lambda: JsonlWriter(rejects)) if rejects else _NullWriter
    encode = record_row if output_format == "parquet" else record_json
    started = time.monotonic()
    kept, reasons = 0, Counter()
    unreadable = 0
    skipped: Counter = Counter()
    show_progress = sys.stderr.isatty()
    progress = _progress(show_progress)
    task = progress.add_task("cleaning", total=None) if progress else None
    results = None
    with _ended_in_one_line(), _outputs((out, open_records), (rejects, open_rejects)) as (records, rejected):
        if progress:
            progress.start()
        try:
            docs = read_inputs(inputs, skipped=skipped)
            # A time limit is enforced in worker processes, even with one, so that a page over it cannot leave
            # this process half-done (cleaners.parallel); without any limit one worker would only cost time.
            serial = workers == 1 and not has_time_limit(config)
            if serial:
                results = clean_many(docs, config, fmt, audit)
            else:
                results = clean_parallel(docs, config, fmt, audit, workers)
            for result in results:
                if isinstance(result, ArticleRecord):
                    records.write(encode(result, audit))
                    kept += 1
                else:
                    reasons[result.reason] += 1
                    unreadable += result.reason in UNREADABLE
                    rejected.write(reject_json(result))
                    if result.reason in INPUT_PROBLEMS or not rejects:
                        click.echo(
                            f"winnow: rejected {result.source or result.id}: {result.reason}"
                            + (f" ({result.detail})" if result.detail else ""),
                            err=True,
                        )
                if progress:
                    progress.update(
                        task, advance=1, description=f"cleaning: {kept} kept, {sum(reasons.values())} rejected"
                    )
        finally:
            if progress:
                progress.stop()
            if results is not None and hasattr(results, "close"):
                results.close()  # a worker pool stops now, not when the generator is collected
    n_rejected = sum(reasons.values())
    read = kept + n_rejected
    why = ", ".join(f"{r}: {n}" for r, n in reasons.most_common())
    where = f" -> {out}" if out != "-" else ""
    if skipped:
        held = ", ".join(f"{k}: {n}" for k, n in skipped.most_common())
        click.echo(f"winnow: skipped {sum(skipped.values())} WARC records that hold no page ({held})", err=True)
    click.echo(
        f"winnow: read {read} = kept {kept} + rejected {n_rejected}"
        + (f" ({why})" if why else "")
        + f"{where} in {time.monotonic() - started:.1f}s",
        err=True,
    )
    if read == 0 or unreadable == read:
        raise SystemExit(1)


class _NullWriter:
    """Where rejects go when there is no rejects file: they are still echoed on stderr."""

    def write(self, line: str) -> None:
        pass

    def finish(self) -> None:
        pass

    def publish(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _Stopped(BaseException):
    """SIGINT or SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt, so one way out runs for
    both: temp files dropped, workers stopped, one line and exit status 128 + the signal's number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop_handler(outputs: list):
    """SIGINT and SIGTERM while outputs are open: their temp files go first (so none outlives a shutdown that
    hangs, as a pool whose workers died can), then _Stopped unwinds the run. A forked worker inherits the handler
    and just exits: SystemExit releases the pool's locks it may hold, where dying of the signal would not."""
    owner = os.getpid()

    def handler(signum, frame) -> None:
        if os.getpid() != owner:
            raise SystemExit(128 + signum)
        abort_all(outputs)
        raise _Stopped(signum)

    return handler


@contextlib.contextmanager
def _ended_in_one_line():
    """What ends `clean` early ends it with one line on stderr and an exit status, no traceback: a missing extra,
    an output that cannot be written (1), SIGINT or SIGTERM (128 + the signal's number)."""
    try:
        yield
    except MissingExtra as e:
        raise click.ClickException(str(e)) from None
    except OutputError as e:
        click.echo(f"winnow: {e}", err=True)
        raise SystemExit(1) from None
    except (KeyboardInterrupt, _Stopped) as e:
        signum = e.signum if isinstance(e, _Stopped) else signal.SIGINT
        name = signal.Signals(signum).name
        click.echo(f"winnow: stopped by {name} before the end; no output file was replaced", err=True)
        raise SystemExit(128 + signum) from None


@contextlib.contextmanager
def _outputs(*openers):
    """The outputs, opened in order and committed together when the block ends, or all dropped when it raises.
    Signals wait while a temp file is made (it would be left behind), between the renames and while temp files
    are dropped; not while a FIFO is opened or flushed, which waits for its reader."""
    outputs: list = []
    in_main = threading.current_thread() is threading.main_thread()  # only the main thread may set a handler
    stop = _stop_handler(outputs)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
    try:
        for target, open_output in openers:
            with _signals_held() if target and not writes_in_place(target) else contextlib.nullcontext():
                outputs.append(open_output())
        yield outputs
        commit_together(outputs, renaming=_signals_held)
    except BaseException:
        with _signals_held():
            abort_all(outputs)
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait while outputs are opened, committed or dropped: a signal in the middle of a commit
    would leave the records renamed and the rejects not, or a temp file behind. They arrive right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
    click.echo(f"# {config.origin}")
    made_by = f"winnow {package_version()}, model sha256 {model_sha256()[:12]}"
    click.echo(f"# fingerprint {settings_fingerprint(config)} ({made_by})")
    click.echo(yaml.safe_dump(config.settings(), sort_keys=False, allow_unicode=True).rstrip())


def _quiet_prefect_env() -> None:
    """No telemetry and no analytics: set before prefect is first imported, so runs work offline."""
    import os

    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _runner_options(fn):
    """The task-runner options `run` and `serve` share."""
    fn = click.option(
        "--dask-local",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Start a local Dask cluster of N worker processes for the run.",
    )(fn)
    fn = click.option(
        "--dask-address",
        default=None,
        metavar="tcp://HOST:PORT",
        help="Run the batches on an existing Dask cluster (its scheduler's address).",
    )(fn)
    fn = click.option(
        "--workers", type=click.IntRange(min=1), default=None, help="Local worker processes [default: all cores]."
    )(fn)
    fn = click.option(
        "--batch-files",
        type=click.IntRange(min=1),
        default=100,
        show_default=True,
        help="Most files in one batch (one task).",
    )(fn)
    fn = click.option("--audit", is_flag=True, help="Add to each record what was removed, by which rule and why.")(fn)
    fn = click.option(
        "--output-format",
        "output_format",
        type=click.Choice(OUTPUT_FORMATS),
        default="jsonl",
        show_default=True,
        help="Each batch's records as records.jsonl or records.parquet; rejects are always JSONL.",
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="YAML file of rule settings over the defaults.",
    )(fn)
    fn = click.option(
        "--format",
        "fmt",
        type=click.Choice(["auto", "text", "html"]),
        default="auto",
        show_default=True,
        help="Which field to clean: auto uses html when a document has it.",
    )(fn)
    fn = click.option(
        "-o",
        "--output",
        "out",
        type=click.Path(file_okay=False),
        required=True,
        help="Output directory: batches of records, rejects and manifest.",
    )(fn)
    fn = click.argument("source", nargs=-1, required=True)(fn)
    return fn


def _flow_parameters(source, out, fmt, config_path, audit, batch_files, output_format="jsonl") -> dict:
    import os

    if output_format == "parquet":
        try:
            record_arrow_schema(audit)
        except MissingExtra as e:
            raise click.ClickException(str(e)) from None

    for s in source:
        if not os.path.exists(s) and not any(c in s for c in "*?["):
            raise click.UsageError(f"source {s!r} does not exist")
    if config_path:
        config_path = os.path.abspath(config_path)
    try:
        load_config(config_path)  # a bad file or WINNOW_CONFIG_DIR stops the command before the flow starts
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    return {
        "source": [os.path.abspath(s) for s in source],
        "out": os.path.abspath(out),
        "config_path": config_path,
        "fmt": fmt,
        "audit": audit,
        "batch_files": batch_files,
        "output_format": output_format,
    }


def _task_runner(workers, dask_address, dask_local):
    from flows.ingest import task_runner_for

    if sum(x is not None for x in (workers, dask_address, dask_local)) > 1:
        raise click.UsageError("choose one of --workers, --dask-address and --dask-local")
    return task_runner_for(workers=workers, dask_address=dask_address, dask_local=dask_local)


@main.command("run")
@_runner_options
def run_cmd(
    source, out, fmt, config_path, audit, output_format, batch_files, workers, dask_address, dask_local
) -> None:
    """Clean what is new in SOURCE (directories, globs, .txt/.html/.jsonl(.gz)/.warc(.gz) files) into the directory OUT,
    as a Prefect flow run. Uses PREFECT_API_URL when set, else a temporary Prefect server for this run."""
    _quiet_prefect_env()
    from flows.ingest import ingest, temporary_api

    params = _flow_parameters(source, out, fmt, config_path, audit, batch_files, output_format)
    runner = _task_runner(workers, dask_address, dask_local)
    params["workers"] = workers or dask_local  # sizes the batches; Prefect tells no runner's parallelism publicly
    started = time.monotonic()
    with temporary_api():
        state = ingest.with_options(task_runner=runner)(**params, return_state=True)
    if not state.is_completed():
        click.echo(f"winnow: run {state.name.lower()}: {state.message}", err=True)
        raise SystemExit(1)
    s = state.result()
    reasons = Counter(s["rejected"])
    n_rejected = sum(reasons.values())
    why = ", ".join(f"{r}: {n}" for r, n in reasons.most_common())
    click.echo(
        f"winnow: read {s['read']} = kept {s['kept']} + rejected {n_rejected}"
        + (f" ({why})" if why else "")
        + f"; {s['files'] - s['new_files']} files and {s['skipped']} documents already in the output"
        + f"; {len(s['batches'])} new batches -> {s['out']} in {time.monotonic() - started:.1f}s",
        err=True,
    )


@main.command("serve")
@_runner_options
@click.option("--cron", required=True, help='When to look for new files, as a cron schedule, e.g. "*/15 * * * *".')
@click.option("--name", default="winnow-ingest", show_default=True, help="The deployment's name.")
def serve_cmd(
    source, out, fmt, config_path, audit, output_format, batch_files, workers, dask_address, dask_local, cron, name
) -> None:
    """Serve a deployment of the ingest flow that cleans what is new in SOURCE into OUT on the --cron
    schedule (and whenever a run is triggered), against the Prefect server at PREFECT_API_URL."""
    _quiet_prefect_env()
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise click.UsageError(
            "winnow serve needs a Prefect server: start one with `prefect server start` and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api); see docs/prefect.md"
        )
    from flows.ingest import ingest

    try:
        from prefect.schedules import Cron

        Cron(cron)
    except Exception as e:  # noqa: BLE001 - any way the schedule is wrong is a usage error
        raise click.UsageError(f"--cron {cron!r}: {e}") from None
    params = _flow_parameters(source, out, fmt, config_path, audit, batch_files, output_format)
    runner = _task_runner(workers, dask_address, dask_local)
    # limit=1: a run that starts while the last is still writing would only find the output directory locked.
    ingest.with_options(task_runner=runner).serve(name=name, cron=cron, parameters=params, limit=1)


if __name__ == "__main__":  # pragma: no cover
    main()
