"""Generated command lines and scripts: never a traceback, always a documented status.

Lines are built from the registry's own vocabulary (objects, verbs, every flag
of every level) mixed with junk (quotes, unicode, huge numbers, empty strings,
``%`` patterns).  A line that fails to parse must fail with status 2 before any
request reaches the endpoint, which the fault proxy counts.  Names made of
filter pattern syntax (``* ? [ ] \\``) and case variants select only the object
named exactly so, whatever else exists.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from oscmd_shell import registry, spec
from oscmd_shell.cli import run
from oscmd_shell.env import Env
from oscmd_shell.errors import UsageError
from oscmd_shell.output.terminal import line as shown  # how a value from the endpoint is printed
from oscmd_shell.parsing.command import parse_command
from tests.support.ec2server import LocalEC2
from tests.support.faults import FaultProxy
from tests.support.runner import base_environ
from tests.support.seed import run_named

DOCUMENTED = {0, 1, 2, 3, 4, 5}
# Verbs that reach hosts other than the endpoint, or follow output forever, are not fuzzed.
SKIP_VERBS = {"ssh", "ping", "addvolume", "run", "console"}
SKIP_ROOT = {"--endpoint", "-e", "--local", "--securitycredentials", "-S", "--config", "-c", "--profile",
             "-d", "--debug"}  # --debug shows tracebacks on purpose

VERBS = sorted({v.name for o in registry.OBJECTS for v in o.verbs} - SKIP_VERBS)
FLAGS = sorted(
    {f for o in registry.ROOT_OPTIONS for f in o.flags} - SKIP_ROOT
    | {f for obj in registry.OBJECTS for o in obj.options for f in o.flags}
    | {f for obj in registry.OBJECTS for v in obj.verbs if v.name not in SKIP_VERBS for o in v.options
       for f in o.flags}
)
JUNK = ["", "'", '"', "%", "%(", "%(id)", "%(id)s %(nope)s", "%d", "9" * 40, "-1", "1e999", "nan",
        "\u00e9t\u00e9", "\u2603", "i-", "vol-0", "ami-x", "sg-", "--", "-", "a b", "*", "\\", "$_", "\x00x",
        "?", "web?", "w*", "[ab]", "db[1]", "a\\*b", "*?[]\\"]
TOKENS = st.one_of(
    st.sampled_from([o.name for o in registry.OBJECTS]),
    st.sampled_from(VERBS),
    st.sampled_from(FLAGS),
    st.sampled_from(JUNK),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)
VALUES = st.one_of(st.sampled_from(JUNK), st.sampled_from(["web1", "1", "10", "tcp", "22", "0.0.0.0/0", "json",
                                                            "us-east-1a", "yes", "i-0123456789abcdef0"]),
                   st.text(max_size=6))
SAFE_ROOT = [o for o in registry.ROOT_OPTIONS if not set(o.flags) & SKIP_ROOT and o.dest not in ("version", "listzone")]


def _with_values(draw: st.DrawFn, options: list[spec.Option]) -> list[str]:
    out: list[str] = []
    for opt in draw(st.lists(st.sampled_from(options), max_size=3)) if options else []:
        out.append(draw(st.sampled_from(opt.flags)))
        out += [draw(VALUES) for _ in range(opt.arity)]
    return out


@st.composite
def structured(draw: st.DrawFn) -> list[str]:
    """A mostly well-formed line: root options, object, its options, verb, verb options, junk."""
    obj = draw(st.sampled_from(registry.OBJECTS))
    verbs = [v for v in obj.verbs if v.name not in SKIP_VERBS]
    verb = draw(st.sampled_from(verbs))
    tokens = [*_with_values(draw, SAFE_ROOT), obj.name, *_with_values(draw, list(obj.options)), verb.name,
              *_with_values(draw, list(verb.options))]
    if draw(st.booleans()):
        tokens.insert(draw(st.integers(0, len(tokens))), draw(TOKENS))
    return tokens


LINES = st.one_of(structured(), st.lists(TOKENS, min_size=0, max_size=8))


def safe(tokens: list[str]) -> bool:
    return not any(t in SKIP_VERBS or t in SKIP_ROOT or t.startswith(("--endpoint=", "--config=", "--profile="))
                   for t in tokens)


@pytest.fixture(scope="module")
def fuzz_env(ec2_server: LocalEC2, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FaultProxy, Path]]:
    ec2_server.reset()
    proxy = FaultProxy(ec2_server.url)
    home = tmp_path_factory.mktemp("fuzzhome")
    yield proxy, home
    proxy.stop()


def run_line(proxy: FaultProxy, home: Path, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(stdin), stdout=out, stderr=err, environ=base_environ(home))
    status = run(["-e", proxy.url, "--timeout", "2", *argv], env)
    return status, out.getvalue(), err.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=LINES)
def test_command_lines(fuzz_env: tuple[FaultProxy, Path], tokens: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, home = fuzz_env
    assume(safe(tokens))
    monkeypatch.chdir(home)
    try:
        parse_command(tokens)
        parses = True
    except UsageError:
        parses = False
    before = proxy.plan.total
    status, _out, err = run_line(proxy, home, tokens)
    assert status in DOCUMENTED, (tokens, status, err)
    assert "Traceback" not in err, (tokens, err)
    if not parses:
        assert status == 2, (tokens, err)
        assert proxy.plan.total == before, f"a request was sent for an unparsable line: {tokens}"
    if status and not (status == 1 and "exist" in tokens):  # `exist` answers with its status alone
        assert err.strip(), (tokens, status)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, min_size=1, max_size=5))
def test_scripts(fuzz_env: tuple[FaultProxy, Path], lines: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, home = fuzz_env
    assume(all(safe(t) for t in lines))
    monkeypatch.chdir(home)
    script = "".join(" ".join(shlex.quote(t) for t in tokens).lstrip("!") + "\n" for tokens in lines)
    status, _out, err = run_line(proxy, home, ["--keep-going"], stdin=script)
    assert status in DOCUMENTED, (script, status, err)
    assert "Traceback" not in err, (script, err)


# Names drawn from pattern syntax, a few letters in both cases and a space.
NAMES = st.text(alphabet=st.sampled_from(list("aAbB1 -*?[]\\")), min_size=3, max_size=6)
NAMED = {"instance": "%(id)s", "keypair": "%(name)s", "ami": "%(id)s"}


def pattern_readings(name: str) -> list[str]:
    """Names a pattern reading of ``name`` selects: wildcards as a letter or as nothing, classes and escapes
    dropped, and the name in the other case."""
    one = "".join("b" if c in "*?" else "" if c in "[]\\" else c for c in name)
    none = "".join("" if c in "*?[]\\" else c for c in name)
    return [one, none, name.swapcase()]


def _create(ec2: Any, obj: str, name: str, source: list[str]) -> str:
    """Create an object of ``obj`` named ``name``; return the id ``list -p`` prints for it."""
    if obj == "keypair":
        ec2.create_key_pair(KeyName=name)
        return name
    if obj == "ami":
        if not source:
            source.append(run_named(ec2, "image-source")[0])
        return str(ec2.create_image(InstanceId=source[0], Name=name)["ImageId"])
    return run_named(ec2, name)[0]


@pytest.mark.timeout(480)  # 20 s idle with coverage; several times that on a loaded 2-core CI machine
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(obj=st.sampled_from(sorted(NAMED)), name=NAMES, others=st.lists(NAMES, max_size=3), present=st.booleans())
def test_a_name_selects_only_the_object_named_exactly_so(
    ec2_server: LocalEC2, fuzz_env: tuple[FaultProxy, Path], obj: str, name: str, others: list[str], present: bool,
) -> None:
    proxy, home = fuzz_env
    ec2_server.reset()
    ec2 = ec2_server.client()
    source: list[str] = []
    wanted = [o for o in dict.fromkeys([*pattern_readings(name), *others]) if o != name and len(o.strip()) >= 3]
    decoys = {other: _create(ec2, obj, other, source) for other in wanted}
    ident = _create(ec2, obj, name, source) if present else None
    status, out, err = run_line(proxy, home, [obj, "-n", name, "list", "-p", NAMED[obj]])
    if ident is None:
        assert status == 1 and out == "", (name, others, out, err)
    else:
        assert (status, out) == (0, shown(ident) + "\n"), (name, others, out, err)
    for other, other_id in decoys.items():  # each decoy is still found by its own name, and only it
        status, out, err = run_line(proxy, home, [obj, "-n", other, "list", "-p", NAMED[obj]])
        assert (status, out) == (0, shown(other_id) + "\n"), (other, name, out, err)
