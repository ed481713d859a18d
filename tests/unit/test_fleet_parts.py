"""The parts behind fleet-scale reading: ordered fan-out, region lists, filters, tables, queries, documents, GC."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator

import pytest

from oscmd_shell.aws import filters
from oscmd_shell.config import endpoint_for_region, region_choice
from oscmd_shell.errors import UsageError
from oscmd_shell.fanout import ordered
from oscmd_shell.gcpause import paused
from oscmd_shell.kinds import KINDS
from oscmd_shell.output.document import MessageDocument, json_items, to_json
from oscmd_shell.output.query import compile_query, search, text_lines
from oscmd_shell.output.results import Message
from oscmd_shell.output.table import cells, table


# -- fan-out -----------------------------------------------------------------------------------------
def test_ordered_keeps_the_job_order_whoever_answers_first() -> None:
    def job(name: str, delay: float) -> Iterator[str]:
        time.sleep(delay)
        yield f"{name}1"
        yield f"{name}2"

    started = time.perf_counter()
    got = list(ordered([lambda: job("a", 1.2), lambda: job("b", 0.0), lambda: job("c", 0.8), lambda: job("d", 0.4)],
                       lambda i, exc: None))
    assert got == ["a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2"]
    assert time.perf_counter() - started < 2.0  # concurrently: not 2.4 s one after the other


def test_the_first_jobs_items_are_not_held_back() -> None:
    seen = threading.Event()

    def first() -> Iterator[str]:
        yield "early"
        assert seen.wait(5), "the consumer never received the first item while this job ran"
        yield "late"

    out = ordered([first], lambda i, exc: None)
    assert next(out) == "early"
    seen.set()
    assert list(out) == ["late"]


def test_a_failing_job_stops_only_itself() -> None:
    failures: list[tuple[int, str]] = []

    def broken() -> Iterator[str]:
        yield "b1"
        raise RuntimeError("region down")

    got = list(ordered([lambda: iter(["a"]), broken, lambda: iter(["c"])],
                       lambda i, exc: failures.append((i, str(exc)))))
    assert got == ["a", "b1", "c"] and failures == [(1, "region down")]


def test_workers_are_bounded() -> None:
    running, peak, lock = [0], [0], threading.Lock()

    def job() -> Iterator[int]:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        yield 1

    assert sum(ordered([job] * 10, lambda i, exc: None, workers=3)) == 10
    assert peak[0] <= 3


# -- regions and endpoints ---------------------------------------------------------------------------
def test_region_lists() -> None:
    assert region_choice("eu-west-1", "-r") == ("eu-west-1", ())
    assert region_choice("eu-west-1, us-east-1,eu-west-1", "-r") == ("eu-west-1", ("eu-west-1", "us-east-1"))
    assert region_choice("all", "-r") == (None, ("all",))
    for bad in ("", "eu-west-1,all", "eu west", "EU_WEST"):
        with pytest.raises(UsageError):
            region_choice(bad, "-r")


def test_a_regional_endpoint_follows_the_region() -> None:
    assert endpoint_for_region("https://fcu.eu-west-2.outscale.com", "us-east-2") == "https://fcu.us-east-2.outscale.com"
    assert endpoint_for_region("https://ec2.us-east-1.amazonaws.com/", "eu-west-1") == "https://ec2.eu-west-1.amazonaws.com/"
    assert endpoint_for_region("http://127.0.0.1:5000", "eu-west-1") == "http://127.0.0.1:5000"
    assert endpoint_for_region(None, "eu-west-1") is None


# -- filters -----------------------------------------------------------------------------------------
def test_filters_parse_and_check() -> None:
    kind = KINDS["instance"]
    assert filters.parse(kind, ["tag:env=prod,staging", "instance-state-name=running"], "x") == [
        {"Name": "tag:env", "Values": ["prod", "staging"]}, {"Name": "instance-state-name", "Values": ["running"]}]
    assert filters.parse(kind, ["tag:a=b=c"], "x") == [{"Name": "tag:a", "Values": ["b=c"]}]
    for bad in ("state", "=x", "tag:=x", "instance-state-name=", "nosuch=1"):
        with pytest.raises(UsageError):
            filters.parse(kind, [bad], "x")
    assert filters.valid(KINDS["keypair"], "key-name") and not filters.valid(KINDS["keypair"], "instance-id")


def test_filter_names_are_botocores() -> None:
    from botocore.loaders import Loader

    from oscmd_shell.shellcomp.botodata import filter_names

    model = Loader().load_service_model("ec2", "service-2")
    for kind in KINDS.values():
        op = "".join(part.capitalize() for part in kind.operation.split("_"))
        assert set(filter_names(model, op)) <= set(filters.names(kind)) | {"tag:"}, kind.name
        assert "tag:" in filters.names(kind)


# -- tables, queries, documents -------------------------------------------------------------------
def test_tables_align_wide_characters() -> None:
    assert cells("web") == 3 and cells("日本") == 4
    text = table(["name", "state"], [["日本語サーバ", "running"], ["web1", "stopped"]])
    lines = text.splitlines()
    assert [cells(line[: line.index(word)]) for line, word in zip(lines[2:], ("running", "stopped"), strict=True)] \
        == [cells(lines[0][: lines[0].index("STATE")])] * 2


def test_query_text_is_the_aws_clis() -> None:
    assert text_lines(["a", "b", None]) == "a\tb\tNone\n"
    assert text_lines([{"id": "i-1", "n": 2}, {"id": "i-2", "n": 3}]) == "i-1\t2\ni-2\t3\n"
    assert text_lines("x\x1b[2J") == "x\\x1b[2J\n"  # escaped on its way to the terminal
    assert text_lines([]) == "" and text_lines(True) == "True\n"
    assert search(compile_query("[?n > `2`].id"), [{"id": "a", "n": 2}, {"id": "b", "n": 3}]) == ["b"]
    with pytest.raises(UsageError):
        compile_query("[?")
    with pytest.raises(UsageError):
        search(compile_query("length(@)"), 5)


def test_streamed_json_items_read_as_one_array() -> None:
    import json

    rows = [{"a": 1}, {"b": [1, 2]}, {"c": "\u202e"}]
    streamed = json_items(rows[:2], True) + json_items(rows[2:], False) + "\n]\n"
    assert json.loads(streamed) == rows and streamed == to_json(rows) + "\n"


def test_messages_fold_into_one_document() -> None:
    doc = MessageDocument()
    doc.add(Message("a", data={"instance_id": "i-1", "state": "pending"}))
    doc.add(Message("b", data={"instance_id": "i-1", "state": "running"}))
    doc.add(Message("c", data={"public_ip": "198.51.100.1"}, part="address"))
    doc.add(Message("d", data={"volume_id": "vol-1"}, part="volumes", many=True))
    doc.add(Message("e", data={"volume_id": "vol-2"}, part="volumes", many=True))
    assert doc.value == {"instance_id": "i-1", "state": "running", "address": {"public_ip": "198.51.100.1"},
                         "volumes": [{"volume_id": "vol-1"}, {"volume_id": "vol-2"}]}
    text = MessageDocument()
    text.add(Message("one"))
    text.add(Message(["two", "three"]))
    assert text.value == {"message": "one\ntwo\nthree"}


# -- the collector -------------------------------------------------------------------------------
def test_paused_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
