"""Listings stream: the first page's lines are out while EC2 has not answered the second page yet.

A small paged endpoint on loopback answers DescribeInstances page 1 at once
and holds page 2 until the test has read oscmd's first line (from a real
process, through a pipe).  Output built whole before printing would deadlock
here; the test would time out instead of passing.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.support.crafted import Instance, _response, reply
from tests.support.runner import REPO, base_environ

PAGE_1 = [Instance(id=f"i-0000000000000{n:04d}", name=f"one{n}") for n in range(3)]
PAGE_2 = [Instance(id=f"i-1111111111111{n:04d}", name=f"two{n}") for n in range(2)]


class PagedEC2:
    """DescribeInstances in two pages; the second is answered only once ``release`` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.second_asked = threading.Event()
        paged = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                token = (form.get("NextToken") or [""])[0]
                if token:
                    paged.second_asked.set()
                    paged.release.wait(120)  # longer than the test waits for a line: buffering would fail
                chosen, more = (PAGE_2, "") if token else (PAGE_1, "<nextToken>page-2</nextToken>")
                items = "".join(i.xml() for i in chosen)
                body = (f"<reservationSet><item><reservationId>r-0{len(token)}</reservationId><ownerId>123456789012"
                        f"</ownerId><groupSet/><instancesSet>{items}</instancesSet></item></reservationSet>{more}")
                reply(self, 200, _response("DescribeInstances", body))

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def paged() -> Iterator[PagedEC2]:
    server = PagedEC2()
    yield server
    server.stop()


def start(paged: PagedEC2, home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**base_environ(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "oscmd_shell", "--endpoint", paged.url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def read_until(proc: subprocess.Popen[bytes], marker: bytes, timeout: float = 20) -> bytes:
    assert proc.stdout is not None
    got = b""
    fd = proc.stdout.fileno()
    while marker not in got:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"nothing more within {timeout} s; so far: {got!r}"
        chunk = os.read(fd, 65536)
        assert chunk, f"output ended before {marker!r}: {got!r}"
        got += chunk
    return got


def finish(proc: subprocess.Popen[bytes], paged: PagedEC2, so_far: bytes) -> str:
    paged.release.set()
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    return (so_far + rest).decode()


def test_text_lines_of_the_first_page_come_before_the_second_page(paged: PagedEC2, home: Path) -> None:
    proc = start(paged, home, "instance", "list")
    first = read_until(proc, b"one2\n")  # the whole first page, while page 2 is held
    assert not paged.release.is_set() and b"two" not in first
    text = finish(proc, paged, first)
    assert text.splitlines() == [f"{i.id} {i.name}" for i in PAGE_1 + PAGE_2]


def test_json_items_stream_and_the_document_is_whole(paged: PagedEC2, home: Path) -> None:
    proc = start(paged, home, "--output", "json", "instance", "list")
    first = read_until(proc, b'"one2"')
    assert first.startswith(b"[\n  {") and not paged.release.is_set()
    rows = json.loads(finish(proc, paged, first))
    assert [row["name"] for row in rows] == ["one0", "one1", "one2", "two0", "two1"]


def test_table_waits_for_the_whole_listing(paged: PagedEC2, home: Path) -> None:
    proc = start(paged, home, "--output", "table", "instance", "list")
    assert paged.second_asked.wait(60)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout.fileno()], [], [], 0.5)
    assert not ready  # the column widths need every row: nothing before the end
    lines = finish(proc, paged, b"").splitlines()
    assert lines[0].split()[:2] == ["ID", "NAME"] and len(lines) == 2 + len(PAGE_1 + PAGE_2)
