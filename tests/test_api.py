"""The Python API (`clean`, `clean_many`) and `winnow clean` as a filter in a shell pipeline."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from datetime import datetime, timezone

from cleaners import ArticleRecord, RawDocument, Reject, clean, clean_many

from .conftest import ARTICLE, FIXTURES, ROOT

BLOG = FIXTURES / "cases" / "en-html-library-blog"


def test_clean_takes_text_html_url_and_fetched_at_by_keyword():
    html = (BLOG / "input.html").read_text(encoding="utf-8")
    record = clean(
        html=html, url="https://notes.example/blog/library", fetched_at=datetime(2023, 5, 17, tzinfo=timezone.utc)
    )
    assert isinstance(record, ArticleRecord)
    expected = json.loads((BLOG / "expected.json").read_text())
    assert (record.url, record.title, record.text, record.published) == (
        "https://notes.example/blog/library",
        expected["title"],
        expected["text"],
        expected["published"],
    )
    # fetched_at bounds the publication date: a page fetched before it was "published" has no such date
    early = clean(html=html, fetched_at=datetime(2023, 5, 1, tzinfo=timezone.utc))
    assert early.published is None or early.published[:10] <= "2023-05-01"
    from_text = clean(text=ARTICLE)
    assert from_text.title == "Council approves budget for new schools" and from_text.language == "en"
    assert isinstance(clean(text="Too short."), Reject)


def test_clean_many_streams_lazily_from_a_generator():
    pulled = []

    def documents():
        for i in range(1000):
            pulled.append(i)
            yield RawDocument(id=str(i), text=ARTICLE.replace("Monday", f"day {i}") if i != 1 else "Too short.")

    results = clean_many(documents())
    first = next(results)
    assert isinstance(first, ArticleRecord) and first.id == "0"
    assert pulled == [0]  # one document read for one result: nothing is gathered up front
    second = next(results)
    assert isinstance(second, Reject) and (second.id, second.reason) == ("1", "too short")
    assert pulled == [0, 1]


def test_winnow_clean_is_a_filter_in_a_shell_pipeline(tmp_path):
    """stdin JSONL -> stdout JSONL: `head` takes two records and winnow stops without a traceback."""
    rows = tmp_path / "crawl.jsonl"
    rows.write_text(
        "".join(
            json.dumps({"id": str(i), "url": f"https://city.example/{i}", "text": ARTICLE}) + "\n" for i in range(2000)
        )
    )
    winnow = f"{shlex.quote(sys.executable)} -m flows.cli clean"
    gz = tmp_path / "crawl.jsonl.gz"
    subprocess.run(["gzip", "-k", str(rows)], check=True)
    done = subprocess.run(
        f"zcat {shlex.quote(str(gz))} | {winnow} | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    lines = done.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["0", "1"]
    assert json.loads(lines[1])["url"] == "https://city.example/1" and json.loads(lines[1])["source"] == "stdin:2"
    assert "Traceback" not in done.stderr


def test_readme_integration_examples_run(tmp_path, monkeypatch, capsys):
    """The Python examples in the README's integrations section are real code that gives records."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Integrations", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl.jsonl").write_text(json.dumps({"url": "https://city.example/a", "text": ARTICLE}) + "\n")
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    title_line, record_line = capsys.readouterr().out.splitlines()
    assert title_line.startswith("Council approves budget ") and title_line.endswith(" en")
    assert json.loads(record_line)["url"] == "https://city.example/a" and json.loads(record_line)["title"]
