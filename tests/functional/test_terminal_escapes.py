"""Nothing the cloud returns drives the terminal: a crafted endpoint sends hostile text, oscmd shows it inert.

The crafted endpoint (tests/support/crafted.py) answers with what moto cannot
store: C1 controls, bidi overrides and newlines in tags and ids, error
messages with CR LF, console output full of ESC sequences.  Text and table
output show one object per line with visible escapes; JSON and YAML parse
back to the exact value; the console is escaped unless ``--raw``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oscmd_shell.cli import run
from oscmd_shell.env import Env
from tests.support.crafted import CraftedEC2, Failure, Instance, dangerous
from tests.support.runner import Oscmd, Result, base_environ

# Forges a line, clears the screen (CSI 2J with the one-byte C1 CSI), reverses the rest, breaks with NEL and LS.
EVIL = "web1\nFORGED i-0bad\r\x9b2J\u202egnp.exe\x85\u2028\u2066end"
EVIL_SHOWN = "web1\\nFORGED i-0bad\\r\\x9b2J\\u202egnp.exe\\x85\\u2028\\u2066end"
GOOD_ID, EVIL_ID = "i-0aaaaaaaaaaaaaaa1", "i-0bbbbbbbbbbbbbbb2"
CONSOLE = (b"Booting\r\n[  OK  ]\tStarted\r\n\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J"
           b"\x1b[1;31mred\x1b[0m\rover\r\nlast")


@pytest.fixture
def crafted() -> Iterator[Callable[..., CraftedEC2]]:
    made: list[CraftedEC2] = []

    def make(instances: list[Instance], **failures: Failure) -> CraftedEC2:
        made.append(CraftedEC2(instances, failures))
        return made[-1]

    yield make
    for server in made:
        server.stop()


@pytest.fixture
def two(crafted: Callable[..., CraftedEC2], home: Path) -> Oscmd:
    server = crafted([Instance(GOOD_ID, "db1"),
                      Instance(EVIL_ID, EVIL, tags={"Owner\u202e": "ops\r\n\x9b", "EIP": "1.2.3.4\x85"},
                               console=CONSOLE)])
    return Oscmd(server.url, home)


def inert(result: Result, allowed: str = "\n") -> Result:
    assert dangerous(result.out, allowed) == [], result.out
    assert dangerous(result.err, "\n") == [], result.err
    return result


def test_list_shows_one_line_per_object_with_visible_escapes(two: Oscmd) -> None:
    r = inert(two("instance", "list"))
    assert r.status == 0
    assert r.lines == [f"{GOOD_ID} db1", f"{EVIL_ID} {EVIL_SHOWN}"]


def test_a_pattern_keeps_its_own_tabs_and_escapes_the_values(two: Oscmd) -> None:
    r = inert(two("instance", "list", "-p", "%(id)s\\t%(name)-5s|%(eip)s|%(tags)s"), allowed="\n\t")
    assert r.status == 0 and len(r.lines) == 2
    assert r.lines[1].startswith(f"{EVIL_ID}\t{EVIL_SHOWN}|1.2.3.4\\x85|{{")
    assert r.lines[0] == f"{GOOD_ID}\tdb1  ||{{'Name': 'db1'}}"


def test_table_rows_stay_rows(two: Oscmd) -> None:
    r = inert(two("--output", "table", "instance", "list"))
    assert r.status == 0 and len(r.lines) == 4  # header, rule, one row per instance
    assert r.lines[3].startswith(f"{EVIL_ID}  {EVIL_SHOWN}  running")
    r = inert(two("--output", "table", "instance", "-i", EVIL_ID, "dump"))
    rows = [line.split(None, 1) for line in r.lines]
    assert ["tag:Owner\\u202e", "ops\\r\\n\\x9b"] in rows and ["name", EVIL_SHOWN] in rows


def test_dump_keeps_its_layout(two: Oscmd) -> None:
    r = inert(two("instance", "-i", EVIL_ID, "dump"))
    assert r.status == 0
    assert r.lines[:2] == [f"==== {EVIL_ID} ====", f"    name: {EVIL_SHOWN}"]
    assert "            Owner\\u202e: ops\\r\\n\\x9b" in r.lines
    assert all(line.startswith(("==== ", "    ")) for line in r.lines)


def test_json_and_yaml_keep_the_exact_values(two: Oscmd) -> None:
    r = inert(two("--output", "json", "instance", "list"))
    rows = json.loads(r.out)
    assert rows[1]["name"] == EVIL and rows[1]["tags"]["Owner\u202e"] == "ops\r\n\x9b"
    r = inert(two("--output", "yaml", "instance", "list"))
    rows = yaml.safe_load(r.out)
    assert rows[1]["name"] == EVIL and rows[1]["tags"]["Owner\u202e"] == "ops\r\n\x9b"
    r = inert(two("--output", "json", "instance", "-i", EVIL_ID, "console"))
    assert json.loads(r.out)["output"] == CONSOLE.decode()


def test_console_is_escaped_unless_raw(two: Oscmd) -> None:
    r = inert(two("instance", "-i", EVIL_ID, "console"), allowed="\n\t")
    assert r.status == 0
    assert r.out == ("Booting\n[  OK  ]\tStarted\n\\x1b]0;owned\\x07\\x1b]52;c;cm0gLXJmIH4K\\x07\\x1b[2J"
                     "\\x1b[1;31mred\\x1b[0m\\rover\nlast\n")
    r = two("instance", "-i", EVIL_ID, "console", "--raw")
    assert r.status == 0 and r.out == CONSOLE.decode() + "\n"


def test_console_follow_escapes_and_joins_a_cr_lf_split_between_polls(
        crafted: Callable[..., CraftedEC2], home: Path) -> None:
    inst = Instance(EVIL_ID, "web1", console=b"first line\r")
    server = crafted([inst])
    later = [b"first line\r\nsecond\x1b[2J\r\n", "first line\r\nsecond\x1b[2J\r\nthird\x9b\r".encode()]

    def follow(*extra: str) -> str:
        polls = list(later)
        inst.console = b"first line\r"

        def sleep(_seconds: float) -> None:
            if not polls:
                raise KeyboardInterrupt
            inst.console = polls.pop(0)

        out, err = io.StringIO(), io.StringIO()
        env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), sleep=sleep)
        assert run(["-e", server.url, "instance", "-i", EVIL_ID, "console", "-f", "--interval", "1", *extra],
                   env) == 0, err.getvalue()
        return out.getvalue()

    shown = follow()
    assert dangerous(shown, "\n") == []
    assert shown == "first line\nsecond\\x1b[2J\nthird\\x9b\\r"  # CR LF split between polls is one line end
    assert follow("--raw") == later[-1].decode()


def test_an_api_error_message_is_one_inert_line(crafted: Callable[..., CraftedEC2], home: Path) -> None:
    failure = Failure("UnauthorizedOperation", "denied\r\noscmd: FORGED all instances terminated\x9b2J\u202e")
    server = crafted([Instance(GOOD_ID, "db1")], StopInstances=failure, DescribeVolumes=failure)
    oscmd = Oscmd(server.url, home)
    r = inert(oscmd("instance", "-i", GOOD_ID, "stop"))
    assert r.status == 3
    assert r.err == ("oscmd: StopInstances: UnauthorizedOperation: denied\\r\\noscmd: FORGED all instances "
                     "terminated\\x9b2J\\u202e\n")
    r = inert(oscmd("--keep-going", stdin=f"volume list\ninstance -i {GOOD_ID} stop\n"))
    assert r.status == 3 and len(r.err.splitlines()) == 2
    assert r.err.splitlines()[0].startswith("<stdin>:1: DescribeVolumes: UnauthorizedOperation: denied\\r\\n")
    r = inert(oscmd("--debug", "instance", "-i", GOOD_ID, "stop"))  # the traceback quotes the message too
    assert r.status == 3 and "Traceback (most recent call last):" in r.err
    assert "denied\\r\\noscmd: FORGED all instances terminated\\x9b2J\\u202e" in r.err


def test_a_name_given_with_escape_sequences_is_echoed_inert(two: Oscmd) -> None:
    """ESC cannot travel in EC2's XML, but a pasted Name can hold it: errors quoting it stay inert."""
    r = inert(two("instance", "-n", "ghost\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J", "dump"))
    assert r.status == 1 and len(r.err.splitlines()) == 1
    assert "ghost\\x1b]52;c;cm0gLXJmIH4K\\x07\\x1b[2J" in r.err


def test_messages_and_warnings_quote_endpoint_text_inert(crafted: Callable[..., CraftedEC2], home: Path) -> None:
    hostile_type = "t3.micro\n  vCPUs: 9999\x9b"
    server = crafted([Instance(GOOD_ID, "db1", type=hostile_type),
                      Instance("i-0ccc\u202e\x85", "quiet", console=None)])
    oscmd = Oscmd(server.url, home)
    r = inert(oscmd("instance", "summary"))
    assert r.status == 0
    assert "  t3.micro\\n  vCPUs: 9999\\x9b: 1" in r.lines
    assert not any(line.strip() == "vCPUs: 9999" for line in r.lines)
    r = inert(oscmd("instance", "-i", "i-0ccc\u202e\x85", "console"))
    assert r.err == "i-0ccc\\u202e\\x85: no console output yet\n"


def test_the_confirmation_question_is_inert(two: Oscmd, home: Path) -> None:
    asked: list[str] = []
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), stdin_isatty=True,
              ask=lambda q: asked.append(q) or "n")
    assert two.endpoint is not None
    assert run(["-e", two.endpoint, "instance", "-i", EVIL_ID, "terminate"], env) == 4
    [question] = asked
    assert dangerous(question, "") == [] and EVIL_SHOWN in question


# -- fuzzing: any text the endpoint can send, in every string it returns ------------------------------
XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]), min_size=1, max_size=12)
HOSTILE_BITS = st.sampled_from(["\n", "\r", "\r\n", "\t", "\x85", "\x9b2J", "\x9d0;t\x9c", "\u2028", "\u2029",
                                "\u202e", "\u2066", "\u200f", "\u061c", "\\", "\\x1b", "%s", "'", "&<>"])
FIELD = st.lists(st.one_of(XML_TEXT, HOSTILE_BITS), min_size=1, max_size=4).map("".join)
INSTANCES = st.lists(st.builds(Instance, id=FIELD.map(lambda s: "i-" + s), name=st.one_of(st.none(), FIELD),
                               tags=st.dictionaries(FIELD, FIELD, max_size=3), key_name=FIELD, type=FIELD),
                     min_size=1, max_size=3, unique_by=lambda i: i.id)


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[CraftedEC2]:
    server = CraftedEC2()
    yield server
    server.stop()


@pytest.mark.timeout(480)  # 40 s idle with coverage; several times that on a loaded 2-core CI machine
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instances=INSTANCES, message=FIELD, console=st.binary(max_size=64))
def test_fuzzed_endpoint_text_never_reaches_the_terminal_raw(fuzz_server: CraftedEC2, instances: list[Instance],
                                                             message: str, console: bytes,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    instances[0].console = console
    fuzz_server.instances = instances
    fuzz_server.failures = {"DescribeVolumes": Failure("Boom", message)}
    oscmd = Oscmd(fuzz_server.url, tmp_path_factory.mktemp("fuzz"))
    n = len(instances)
    r = inert(oscmd("volume", "list"))
    assert r.status == 3 and len(r.err.splitlines()) == 1
    r = inert(oscmd("instance", "-i", instances[0].id, "console"), "\n\t")
    assert r.status == 0
    r = oscmd("instance", "-i", instances[0].id, "console", "--raw")
    text = console.decode("utf-8", "replace")
    assert r.out == (text if not text or text.endswith("\n") else text + "\n")
    r = inert(oscmd("instance", "list"))
    assert r.status == 0 and len(r.lines) == n
    r = inert(oscmd("instance", "list", "-p", "%(id)s\\t%(name)s %(type)s %(key_name)s %(tags)s"), "\n\t")
    assert r.status == 0 and len(r.lines) == n and all(line.count("\t") == 1 for line in r.lines)
    r = inert(oscmd("--output", "table", "instance", "list"))
    assert r.status == 0 and len(r.lines) == n + 2
    r = inert(oscmd("instance", "dump"))
    assert r.status == 0 and sum(line.startswith("==== ") for line in r.lines) == n
    assert all(line.startswith(("==== ", "    ")) for line in r.lines)
    r = inert(oscmd("--output", "json", "instance", "list"))
    rows = json.loads(r.out)
    assert [row["id"] for row in rows] == [i.id for i in instances]
    assert [row["tags"] for row in rows] == [({"Name": i.name} if i.name is not None else {}) | dict(i.tags)
                                             for i in instances]
    r = inert(oscmd("--output", "yaml", "instance", "list"))
    assert [row["type"] for row in yaml.safe_load(r.out)] == [i.type for i in instances]



def test_dump_escapes_what_describe_volumes_answers_and_survives_its_refusal(home: Path) -> None:
    snapshot = "snap-1\x9b2J\u202e\nFORGED"
    devices = {"/dev/xvda": "vol-0aaaaaaaaaaaaaaa1", "/dev/sdf\x85": "vol-0bbbbbbbbbbbbbbb2"}
    server = CraftedEC2([Instance(EVIL_ID, "web1", devices=devices)],
                        volumes={"vol-0aaaaaaaaaaaaaaa1": (8, ""), "vol-0bbbbbbbbbbbbbbb2": (50, snapshot)})
    try:
        r = inert(Oscmd(server.url, home)("instance", "-i", EVIL_ID, "dump"))
        assert r.status == 0, r.err
        assert ("        /dev/sdf\\x85:\n            size: 50\n            volume_id: vol-0bbbbbbbbbbbbbbb2\n"
                "            snapshot_id: snap-1\\x9b2J\\u202e\\nFORGED\n") in r.out
        assert server.actions() == ["DescribeInstances", "DescribeVolumes"]
        server.failures["DescribeVolumes"] = Failure("UnauthorizedOperation", "You are not authorized", 403)
        r = inert(Oscmd(server.url, home)("instance", "-i", EVIL_ID, "dump"))
        assert r.status == 0, r.err
        assert "        /dev/xvda:\n            volume_id: vol-0aaaaaaaaaaaaaaa1\n" in r.out and "size:" not in r.out
    finally:
        server.stop()
