"""Where `winnow clean` writes, when writing fails, and when it is stopped: a full disk (RLIMIT_FSIZE in a real
child process), SIGTERM and SIGINT to a running command, targets that are no regular file, one file named twice."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from .conftest import ARTICLE

OLD_RECORDS = b'{"old": "records"}\n'
OLD_REJECTS = b'{"old": "rejects"}\n'
CLI = [sys.executable, "-m", "flows.cli", "clean"]


def clean_run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """`winnow clean ARGS` in a real process; the timeout only guards against a hang."""
    return subprocess.run([*CLI, *args], check=False, timeout=300, **kwargs)


def article_rows(articles: int, rejects: int) -> str:
    """JSONL input: `articles` rows that become records, `rejects` rows too short to be one."""
    rows = [{"id": f"a{i}", "text": ARTICLE} for i in range(articles)]
    rows += [{"id": f"r{i}", "text": "too short to be an article"} for i in range(rejects)]
    return "".join(json.dumps(row) + "\n" for row in rows)


def file_limit(limit: int):
    """A preexec_fn: files this process writes may not grow past `limit` bytes, and a write past it fails with
    EFBIG (SIGXFSZ ignored) as a write to a full disk fails with ENOSPC."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def outputs_for(directory: Path, output_format: str) -> tuple[Path, Path]:
    suffix = "parquet" if output_format == "parquet" else "jsonl"
    return directory / f"out.{suffix}", directory / "out.rejects.jsonl"


def clean_into(directory: Path, source: Path, output_format: str, limit: int | None = None):
    records, _ = outputs_for(directory, output_format)
    args = [str(source), "-o", str(records), "--output-format", output_format]
    return clean_run(args, capture_output=True, preexec_fn=None if limit is None else file_limit(limit))


SHAPES = {"records larger": (300, 10), "rejects larger": (10, 3000)}


@pytest.mark.slow
@pytest.mark.parametrize("output_format", ["jsonl", "parquet"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("where", ["nothing fits", "half the smaller", "between the two", "all but a byte"])
def test_a_full_disk_leaves_the_old_output_and_no_temp_file(tmp_path, output_format, shape, where):
    if output_format == "parquet":
        pytest.importorskip("pyarrow")
    source = tmp_path / "in.jsonl"
    source.write_text(article_rows(*SHAPES[shape]), encoding="utf-8")
    full = tmp_path / "full"
    full.mkdir()
    run = clean_into(full, source, output_format)
    assert run.returncode == 0, run.stderr
    small, large = sorted(p.stat().st_size for p in outputs_for(full, output_format))
    limit = {
        "nothing fits": 0,
        "half the smaller": small // 2,
        "between the two": (small + large) // 2,
        "all but a byte": large - 1,
    }[where]

    out = tmp_path / "out"
    out.mkdir()
    records, rejects = outputs_for(out, output_format)
    records.write_bytes(OLD_RECORDS)
    rejects.write_bytes(OLD_REJECTS)
    run = clean_into(out, source, output_format, limit)

    assert run.returncode == 1
    lines = run.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("winnow: cannot write ") and "File too large" in lines[0], lines
    assert "the old file is unchanged" in lines[0]
    assert records.read_bytes() == OLD_RECORDS and rejects.read_bytes() == OLD_REJECTS  # neither committed alone
    assert sorted(p.name for p in out.iterdir()) == sorted([records.name, rejects.name])  # no temp file left


def test_a_full_device_written_in_place_says_so_in_one_line(tmp_path):
    for target in stand_ins_first(tmp_path, "/dev/full"):
        run = clean_run(["-", "-o", target], input=article_rows(300, 0).encode(), capture_output=True)
        assert run.returncode == 1
        assert run.stderr.decode().splitlines() == [
            f"winnow: cannot write {target}: No space left on device (what was written before the error stays)"
        ]
        assert stat.S_ISCHR(os.stat(target).st_mode)


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, or stopped, but not a zombie waiting to be reaped."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, what: str, guard: float = 120.0) -> None:
    """Poll until `condition()`; the guard only stops a hang, it checks no speed."""
    deadline = time.monotonic() + guard
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("to", ["the command", "its process group"])
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_drops_the_temp_files_stops_the_workers_and_keeps_the_old_output(tmp_path, signum, workers, to):
    """To the command (kill PID) or to its process group (Ctrl-C, `timeout`, a service manager), where the workers
    get it too: a worker that dies of it holding a pool lock would hang the pool's shutdown."""
    records, rejects = tmp_path / "out.jsonl", tmp_path / "out.rejects.jsonl"
    records.write_bytes(OLD_RECORDS)
    rejects.write_bytes(OLD_REJECTS)
    # Input on a pipe that stays open: the run is mid-way (temp files holding records) for as long as the test likes.
    proc = subprocess.Popen(
        [*CLI, "-", "-o", str(records), "--workers", str(workers)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a group of its own: the command and its workers, nothing of pytest's
    )
    try:
        proc.stdin.write(article_rows(400, 400).encode())
        proc.stdin.flush()

        def writing() -> bool:
            temps = [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]
            return bool(temps) and temps[0].stat().st_size > 0

        wait_for(writing, "records in the temp file")
        workers_seen = children_of(proc.pid)
        assert len(workers_seen) >= (workers if workers > 1 else 0)
        if to == "the command":
            proc.send_signal(signum)
        else:
            os.killpg(proc.pid, signum)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert proc.returncode == 128 + signum, err
    assert err.decode().splitlines()[-1] == (
        f"winnow: stopped by {signal.Signals(signum).name} before the end; no output file was replaced"
    )
    assert b"Traceback" not in err
    assert records.read_bytes() == OLD_RECORDS and rejects.read_bytes() == OLD_REJECTS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.rejects.jsonl"]
    wait_for(lambda: not any(alive(p) for p in workers_seen), "the workers gone")


def stand_ins_first(tmp_path: Path, real: str) -> list[str]:
    """As root, a broken build renames a file over /dev/null itself, on a machine others share: so each check runs
    first on a private stand-in of the same kind (a device node with the same numbers, a link to the same /proc
    entry), and reaches the real one only when the stand-in came through."""
    if os.geteuid() != 0:
        return [real]  # unprivileged, a broken build cannot replace anything in /dev
    stand_in = tmp_path / ("stand-in-" + Path(real).name)
    st = os.lstat(real)
    if stat.S_ISLNK(st.st_mode):
        stand_in.symlink_to(os.readlink(real))
    else:
        os.mknod(stand_in, stat.S_IFMT(st.st_mode) | 0o666, st.st_rdev)
    return [str(stand_in), real]


def _reader(fifo: Path, into: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: into.append(fifo.read_bytes()), daemon=True)
    thread.start()
    return thread


def target_null(tmp_path):
    return stand_ins_first(tmp_path, "/dev/null"), None


def target_dev_stdout(tmp_path):
    return stand_ins_first(tmp_path, "/dev/stdout"), None


def target_stdout_into_a_file(tmp_path):
    return stand_ins_first(tmp_path, "/dev/stdout"), tmp_path / "shell-redirect.jsonl"


def target_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    return [str(tmp_path / "pipe")], None


def target_link_to_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to(tmp_path / "pipe")
    return [str(tmp_path / "link")], None


TARGETS = {
    # name: (setup -> (targets, file that is the command's stdout or None), kind each target must still be)
    "/dev/null": (target_null, stat.S_ISCHR),
    "/dev/stdout on a pipe": (target_dev_stdout, stat.S_ISLNK),
    "/dev/stdout on a file": (target_stdout_into_a_file, stat.S_ISLNK),
    "a FIFO": (target_fifo, stat.S_ISFIFO),
    "a symlink to a FIFO": (target_link_to_fifo, stat.S_ISLNK),
}


@pytest.mark.parametrize("name", list(TARGETS))
def test_a_target_that_is_no_regular_file_is_written_into_and_stays_what_it_was(tmp_path, name):
    setup, kind = TARGETS[name]
    targets, stdout_file = setup(tmp_path)
    for target in targets:
        stdout = open(stdout_file, "wb") if stdout_file else subprocess.PIPE  # noqa: SIM115 - closed below
        dev_before, tmp_before = sorted(os.listdir("/dev")), sorted(os.listdir(tmp_path))
        received: list[bytes] = []
        reader = _reader(Path(target), received) if stat.S_ISFIFO(os.stat(target).st_mode) else None
        try:
            run = clean_run(
                ["-", "-o", target], input=article_rows(5, 2).encode(), stdout=stdout, stderr=subprocess.PIPE
            )
        finally:
            if stdout_file:
                stdout.close()
        if reader:
            reader.join(timeout=60)
        assert run.returncode == 0, run.stderr
        assert kind(os.lstat(target).st_mode), f"{target} is no longer what it was"
        # No temp file and no rejects file beside the target: rejects go to stderr, as with stdout.
        assert sorted(os.listdir("/dev")) == dev_before and sorted(os.listdir(tmp_path)) == tmp_before
        written = received[0] if reader else stdout_file.read_bytes() if stdout_file else run.stdout
        if name == "/dev/null":
            assert written == b""
        else:
            assert [json.loads(line)["id"] for line in written.splitlines()] == [f"a{i}" for i in range(5)]
        assert run.stderr.count(b"winnow: rejected ") == 2


def test_a_regular_file_is_replaced_by_a_rename_and_a_symlink_to_one_is_followed(tmp_path):
    real = tmp_path / "runs" / "real.jsonl"
    real.parent.mkdir()
    real.write_bytes(OLD_RECORDS)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    real.chmod(0o640)
    inode_before = real.stat().st_ino
    with real.open("rb") as reader_of_the_old_file:
        run = clean_run(["-", "-o", str(link)], input=article_rows(5, 2).encode(), capture_output=True)
        assert reader_of_the_old_file.read() == OLD_RECORDS  # a reader of the old file never sees half a new one
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and link.resolve() == real  # the link stays a link, to the same file name
    assert real.stat().st_ino != inode_before  # replaced whole, by a rename
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # with the permissions it had, not mkstemp's 0600
    assert [json.loads(line)["id"] for line in real.read_text().splitlines()] == [f"a{i}" for i in range(5)]
    assert len((tmp_path / "latest.rejects.jsonl").read_text().splitlines()) == 2
    assert [p.name for p in real.parent.iterdir()] == ["real.jsonl"]


def same_file_cases(tmp_path: Path) -> dict[str, tuple[list[str], Path | None]]:
    (tmp_path / "sub").mkdir()
    x = tmp_path / "x.jsonl"
    x.write_bytes(OLD_RECORDS)
    (tmp_path / "link.jsonl").symlink_to(x)
    (tmp_path / "stdout").symlink_to("/proc/self/fd/1")  # /dev/stdout's own stand-in: a broken build replaces this
    return {
        "the same name": (["-o", "x.jsonl", "--rejects", "x.jsonl"], x),
        "a relative and an absolute path": (["-o", "x.jsonl", "--rejects", str(x)], x),
        "another relative path": (["-o", "x.jsonl", "--rejects", "sub/../x.jsonl"], x),
        "through a symlink": (["-o", "link.jsonl", "--rejects", "x.jsonl"], x),
        "a file not there yet": (["-o", "new.jsonl", "--rejects", "./new.jsonl"], None),
        "both on stdout, a pipe": (["-o", "-", "--rejects", "stdout"], None),
    }


@pytest.mark.parametrize(
    "case",
    [
        "the same name",
        "a relative and an absolute path",
        "another relative path",
        "through a symlink",
        "a file not there yet",
        "both on stdout, a pipe",
    ],
)
def test_records_and_rejects_into_one_file_is_a_usage_error(tmp_path, case):
    args, existing = same_file_cases(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    run = clean_run(["-", *args], input=article_rows(2, 2).encode(), capture_output=True, cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert b"are one file" in run.stderr and b"Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if existing:
        assert existing.read_bytes() == OLD_RECORDS


def test_dev_null_can_take_both_records_and_rejects(tmp_path):
    for target in stand_ins_first(tmp_path, "/dev/null"):
        run = clean_run(
            ["-", "-o", target, "--rejects", target], input=article_rows(2, 2).encode(), capture_output=True
        )
        assert run.returncode == 0, run.stderr
        assert stat.S_ISCHR(os.stat(target).st_mode)


F_SETPIPE_SZ = 1031


def fifo_bytes(fd: int) -> int:
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def blocked_in(pid: int, call: str) -> bool:
    try:
        return call in (Path("/proc") / str(pid) / "wchan").read_text()
    except OSError:
        return False


@pytest.mark.parametrize("blocked", ["writing the last records", "reading, with records buffered"])
def test_sigterm_ends_a_run_whose_fifo_reader_stopped_reading(tmp_path, blocked):
    """Writing into a FIFO waits for its reader, so SIGTERM must still end the run when the writing waits (signals
    are not held then) and when what is dropped would have to wait (the buffer is abandoned, not flushed)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    rows = article_rows(8, 0)  # about 5 kB of records: more than the pipe holds, less than Python's buffer
    source = tmp_path / "in.jsonl"
    source.write_text(rows, encoding="utf-8")
    stdin = subprocess.PIPE if blocked.startswith("reading") else subprocess.DEVNULL
    args = ["-" if stdin == subprocess.PIPE else str(source), "-o", str(fifo)]
    proc = subprocess.Popen([*CLI, *args], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # opened, never read; no wait for a writer that never comes
    try:
        fcntl.fcntl(reader, F_SETPIPE_SZ, 4096)
        if stdin == subprocess.PIPE:
            proc.stdin.write(rows.encode())
            proc.stdin.flush()  # kept open: the run reads them, buffers the records, and waits for more input
            wait_for(lambda: blocked_in(proc.pid, "pipe_read"), "the run waiting for input")
            assert fifo_bytes(reader) == 0
        else:
            wait_for(lambda: fifo_bytes(reader) == 4096 and blocked_in(proc.pid, "pipe_write"), "the FIFO full")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(reader)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err.decode().splitlines()[-1].startswith("winnow: stopped by SIGTERM") and b"Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_temp_files_a_killed_run_left_are_removed_by_the_next_run(tmp_path):
    """kill -9 gives no chance to clean up: the temp files stay, holding their space, until the next run into the
    same target sees that their writer is gone and removes them."""
    records = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [*CLI, "-", "-o", str(records)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proc.stdin.write(article_rows(400, 400).encode())
        proc.stdin.flush()
        wait_for(lambda: any(p.name.startswith(".out.") for p in tmp_path.iterdir()), "the temp files")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left, "kill -9 left the temp files behind"
    source = tmp_path / "in.jsonl"
    source.write_text(article_rows(2, 1))
    done = clean_run([str(source), "-o", str(records)], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl", "out.rejects.jsonl"]
    assert len(records.read_text().splitlines()) == 2
