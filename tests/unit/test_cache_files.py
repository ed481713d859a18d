"""Hostile completion-cache files: bad headers, wrong shapes, FIFOs, links, directories.

Each is ignored (or its damaged line skipped) with a notice, never a traceback
and never a hang: through the store itself and through a real ``oscmd
__complete`` subprocess, as the bash, zsh and fish scripts run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot
from tests.support.blocking import within

REPO = Path(__file__).resolve().parents[2]
IDENT = Identity.of(None, "us-east-1", "AKIDHOSTILE")
OLDER = Identity.of(None, "us-east-1", "AKIDOLDER")  # another account, same region: the fallback


def header(identity: Identity = IDENT, **changes: Any) -> str:
    fields = {"format": 1, "endpoint": identity.endpoint, "region": identity.region,
              "account": identity.account, "saved": 500.0, **changes}
    return json.dumps({k: v for k, v in fields.items() if v is not ...})


def record(kind: str, *rows: list[Any], **changes: Any) -> str:
    fields = {"kind": kind, "fetched": 400.0, "stale": False, "fields": ["id", "name", "state", "zone", "detail"],
              "rows": [list(r) for r in rows], **changes}
    return json.dumps(fields, separators=(",", ":"))


GOOD_INSTANCE = record("instance", ["i-1", "web1", "running", "us-east-1a", "t3.micro"])
GOOD_VOLUME = record("volume", ["vol-1", "data", "available", "us-east-1a", "8 gp3"])

BAD_HEADERS = {
    "saved is text": header(saved="x"),
    "saved is NaN": header(saved=float("nan")),
    "saved is Infinity": header(saved=float("inf")),
    "saved is missing": header(saved=...),
    "format is true": header(format=True),
    "format is 2": header(format=2),
    "endpoint is a number": header(endpoint=5),
    "region is missing": header(region=...),
    "a list": "[1, 2, 3]",
    "a string": '"hello"',
    "not JSON": "{broken",
    "empty": "",
}

BAD_RECORDS = {
    "rows is a number": record("instance", rows=5),
    "a row is a number": record("instance", rows=[5]),
    "a row holds a mapping": record("instance", ["i-1", {"a": 1}]),
    "a row holds a list": record("instance", ["i-1", ["web1"]]),
    "fields is text": record("instance", ["i-1", "web1"], fields="idname"),
    "fields holds numbers": record("instance", ["i-1", "web1"], fields=[1, 2]),
    "fetched is text": record("instance", ["i-1", "web1"], fetched="x"),
    "fetched is NaN": record("instance", ["i-1", "web1"], fetched=float("nan")),
    "stale is text": record("instance", ["i-1", "web1"], stale="yes"),
    "kind is a list": json.dumps({"kind": [], "rows": []}).replace('"kind": []', '"kind":[]'),
    "the line is a list": '{"kind":"instance",' + '"rows": [' * 3,
}


class Notices(list[tuple[Path, str]]):
    def __call__(self, path: Path, what: str) -> None:
        self.append((path, what))


def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def write(tmp_path: Path, identity: Identity, *lines: str) -> Path:
    path = store.path_for(cache_dir(tmp_path), identity)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text("\n".join(lines) + "\n")
    return path


def older_good_file(tmp_path: Path) -> None:
    snap = Snapshot(identity=OLDER, kinds={"instance": KindData.build([Entry("i-9", "old9")], 50.0)})
    store.save(cache_dir(tmp_path), snap, now=100.0)


def names(tmp_path: Path, notices: Notices, kind: str = "instance") -> list[str]:
    found = within(5, lambda: store.read_values(cache_dir(tmp_path), kind, "name", endpoint=None,
                                                region="us-east-1", notice=notices))
    return [value for value, _ in found]


@pytest.mark.parametrize("case", sorted(BAD_HEADERS))
def test_a_bad_header_ignores_the_file_with_a_notice(tmp_path: Path, case: str) -> None:
    path = write(tmp_path, IDENT, BAD_HEADERS[case], GOOD_INSTANCE)
    older_good_file(tmp_path)
    notices = Notices()
    assert store.load(cache_dir(tmp_path), IDENT, notices) is None
    assert notices == [(path, "ignored (no valid header on its first line)")]
    notices.clear()
    assert names(tmp_path, notices) == ["old9"]
    assert notices == [(path, "ignored (no valid header on its first line)")]
    assert store.known_connections(cache_dir(tmp_path)) == [("aws", "us-east-1")]


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_a_line_of_the_wrong_shape_is_skipped_with_a_notice(tmp_path: Path, case: str) -> None:
    path = write(tmp_path, IDENT, header(), BAD_RECORDS[case], GOOD_VOLUME)
    older_good_file(tmp_path)
    notices = Notices()
    loaded = store.load(cache_dir(tmp_path), IDENT, notices)
    assert loaded is not None and set(loaded.kinds) == {"volume"}
    assert notices == [(path, "1 damaged line skipped")]
    notices.clear()
    assert names(tmp_path, notices, "volume") == ["data"]
    assert notices == []
    if case != "kind is a list":  # the damaged line still names its kind: the next file answers
        assert names(tmp_path, notices) == ["old9"]
        assert notices == [(path, "ignored (its instance line is damaged)")]


def test_rows_keep_what_the_format_allows(tmp_path: Path) -> None:
    write(tmp_path, IDENT, header(), record("instance", [None, "x"], ["i-7"], ["i-8", "n8", 3, None]))
    notices = Notices()
    loaded = store.load(cache_dir(tmp_path), IDENT, notices)
    assert loaded is not None and notices == []
    assert loaded.kinds["instance"].entries == (Entry("i-7"), Entry("i-8", "n8", "3"))


PLANTS: dict[str, Callable[[Path, Path], None]] = {
    "fifo": lambda path, _other: os.mkfifo(path),
    "link": lambda path, other: path.symlink_to(other),
    "directory": lambda path, _other: path.mkdir(),
    "not UTF-8": lambda path, _other: path.write_bytes(b"\xff\xfe{}\n"),
}
PLANT_WHY = {"fifo": "is a FIFO, not a regular file", "link": "is a symbolic link",
             "directory": "is a directory, not a regular file", "not UTF-8": "not UTF-8 text"}


@pytest.mark.parametrize("planted", sorted(PLANTS))
def test_what_is_not_a_regular_file_is_ignored_at_once(tmp_path: Path, planted: str) -> None:
    older_good_file(tmp_path)
    elsewhere = tmp_path / "attacker.jsonl"
    elsewhere.write_text(header() + "\n" + record("instance", ["i-6", "planted"]) + "\n")
    own = store.path_for(cache_dir(tmp_path), IDENT)
    stray = store.values_dir(cache_dir(tmp_path)) / "0000.jsonl"
    for path in (own, stray):
        PLANTS[planted](path, elsewhere)
    notices = Notices()
    assert within(5, lambda: store.load(cache_dir(tmp_path), IDENT, notices)) is None
    assert [p for p, _ in notices] == [own] and PLANT_WHY[planted] in notices[0][1]
    notices.clear()
    assert names(tmp_path, notices) == ["old9"]
    assert sorted(p.name for p, _ in notices) == sorted([own.name, stray.name])
    assert all(what.startswith("ignored (") and PLANT_WHY[planted] in what for _, what in notices)


def test_saving_replaces_a_planted_fifo_but_never_writes_through_a_link(tmp_path: Path) -> None:
    snap = Snapshot(identity=IDENT, kinds={"instance": KindData.build([Entry("i-1", "web1")], 10.0)})
    own = store.path_for(cache_dir(tmp_path), IDENT)
    own.parent.mkdir(parents=True, mode=0o700)
    os.mkfifo(own)
    within(5, lambda: store.save(cache_dir(tmp_path), snap, now=20.0))
    loaded = store.load(cache_dir(tmp_path), IDENT)
    assert loaded is not None and loaded.kinds["instance"].entries == (Entry("i-1", "web1"),)
    own.unlink()
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    own.symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link"):
        store.save(cache_dir(tmp_path), snap, now=30.0)
    assert victim.read_text() == "keep\n"


# -- the real entry point the completion scripts run -------------------------------------------------
def hostile_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    cache = home / ".cache" / "oscmd"
    good = Snapshot(identity=IDENT, kinds={
        "instance": KindData.build([Entry("i-1", "web1", "running", "us-east-1a", "t3.micro")], 10.0)})
    store.save(cache, good, now=100.0)
    values = store.values_dir(cache)
    os.mkfifo(values / "0000-fifo.jsonl")
    (values / "1111-bad-header.jsonl").write_text(header(saved="x") + "\n" + GOOD_INSTANCE + "\n")
    newer = Identity.of(None, "us-east-1", "AKIDNEWER")  # newer than the good file: read first
    (store.path_for(cache, newer)).write_text(header(newer, saved=900.0) + "\n" + BAD_RECORDS["rows is a number"]
                                              + "\n")
    (values / "2222-dir.jsonl").mkdir()
    (values / "3333-link.jsonl").symlink_to(store.path_for(cache, IDENT))
    return home


def test_oscmd_complete_ignores_hostile_cache_files_with_notices(tmp_path: Path) -> None:
    home = hostile_home(tmp_path)
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "XDG_CACHE_HOME": str(home / ".cache"), "AWS_CONFIG_FILE": "/dev/null",
               "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_DEFAULT_REGION": "us-east-1",
               "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
    for source, prefix, wanted in (("instance:name", "w", "web1\ti-1 running/us-east-1a t3.micro"),
                                   ("instance:id", "", "i-1\tweb1 running/us-east-1a t3.micro"),
                                   ("zone", "", "us-east-1a\tguessed")):
        proc = subprocess.run([sys.executable, "-m", "oscmd_shell", "__complete", source, prefix, "0"],
                              capture_output=True, text=True, env=environ, timeout=30, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.splitlines()[0] == wanted
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.splitlines()
        assert all(line.startswith("oscmd: cache file ") for line in lines), lines
        assert len(lines) == len(set(lines))
        text = proc.stderr
        for why in ("0000-fifo.jsonl: ignored (is a FIFO", "1111-bad-header.jsonl: ignored (no valid header",
                    "2222-dir.jsonl: ignored (is a directory", "3333-link.jsonl: ignored (is a symbolic link"):
            assert why in text, (source, text)
        if source != "zone":
            assert "ignored (its instance line is damaged)" in text
