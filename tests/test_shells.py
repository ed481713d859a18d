"""The completion scripts in real bash, zsh and fish, with live Names from a cache file.

A fake connection's cache is written with :mod:`oscmd_shell.cache.store` into a
temporary ``XDG_CACHE_HOME``; ``oscmd`` on the shells' PATH runs this
checkout.  bash: an interactive bash on a pseudo-terminal, with and
without bash-completion loaded, sources the script; Tab runs it through a
wrapper that writes the candidates readline receives to a file, and the line
readline edits is read back with ``printf``.  zsh: an interactive ``zsh -f`` on a
pseudo-terminal autoloads ``_oscmd`` from ``$fpath`` after ``compinit``; Tab is
bound to a widget that runs ``complete-word`` while a ``compadd`` wrapper writes
every match (and its description) to a file.  fish: ``complete -C LINE``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot

REPO = Path(__file__).resolve().parents[1]
COMPLETIONS = REPO / "completions"
FORMATS = {"text", "table", "json", "yaml"}
NAMES = {"web1", "web2", "db server"}
FAR = "http://127.0.0.1:5000"  # a cached connection in eu-west-1
OTHER = "http://127.0.0.1:6000"  # a cached connection in us-west-2, with ':' in its Names

# (line typed before Tab, the candidates expected: exactly, or at least with a "+" first item)
CASES: list[tuple[str, set[str] | tuple[str, ...]]] = [
    ("oscmd inst", {"instance"}),
    ("oscmd instance st", {"start", "stop"}),
    ("oscmd --output ", FORMATS),
    ("oscmd --output=j", {"json"}),
    ("oscmd instance -n ", NAMES),
    ("oscmd instance -n w", {"web1", "web2"}),
    ("oscmd -e http://127.0.0.1:5000 -r eu-west-1 instance -n ", {"far1"}),
    ("oscmd --endpoint=http://127.0.0.1:5000 -r eu-west-1 instance -n ", {"far1"}),
    ("oscmd -e http://127.0.0.1:5000 -r eu-west-1 instance -i i-", {"i-99"}),
    ("oscmd -e http://127.0.0.1:5000 instance -i ", {"i-99"}),
    ("oscmd -e http://127.0.0.1:5000 -r eu-west-1 instance -n far1 st", {"start", "stop"}),
    ("oscmd -e https://fcu.eu-west-2.outscale.com inst", {"instance"}),
    ("oscmd -e http://127.0.0.1:6000 instance -n app:", {"app:web", "app:db"}),
    ("oscmd instance -n -", set()),
    ("oscmd instance -i i-0", {"i-01", "i-02", "i-03"}),
    ("oscmd -", ("+", "--output", "--region", "-r", "--local", "--help")),
    ("oscmd instance -n web1 stop -", {"-f", "--forced", "--force", "-h", "--help"}),
    ("oscmd instance -n web1 start -w -", {"-h", "--help"}),
    ("oscmd ami run -t t3.mi", {"t3.micro"}),
    ("oscmd securitygroup -n web add_rule -p ", {"tcp", "udp", "icmp", "icmpv6", "all"}),
    ("oscmd -z ", {"us-east-1a", "us-east-1b"}),
    ("oscmd help ", ("+", "config", "scripts", "exit-codes", "instance", "keypair")),
    ("oscmd help instance te", {"terminate"}),
    ("oscmd completion ", {"bash", "zsh", "fish"}),
    ("oscmd completion -", {"-h", "--help"}),
    ("oscmd -c conf/", {"a.ini", "b.ini"}),
    ("oscmd ami run -r pup", {"puppetize"}),
    ("oscmd volume list ", {"vol-1", "vol-2"}),
    ("oscmd to", {"tour.os"}),
    ("oscmd instance --filter tag:env=", {"tag:env=prod", "tag:env=test"}),
    ("oscmd instance --filter tag:team=b", {"tag:team=blue team"}),
    ("oscmd journal --object s", {"snapshot", "securitygroup"}),
]


@dataclass
class World:
    home: Path
    work: Path
    env: dict[str, str]


def _unquote(word: str) -> str:
    word = re.sub(r"\\(.)", r"\1", word)
    word = re.sub(r"^--[\w-]+=", "", word)
    return word.rstrip("/").rsplit("/", 1)[-1] if "/" in word.rstrip("/") else word.rstrip("/")


def check(found: list[str], expected: set[str] | tuple[str, ...], line: str, shell: str) -> None:
    got = {_unquote(w) for w in found}
    if isinstance(expected, tuple):
        assert set(expected[1:]) <= got, f"{shell}: {line!r} gave {sorted(got)}"
    else:
        assert got == expected, f"{shell}: {line!r} gave {sorted(got)}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    home = tmp_path_factory.mktemp("shells")
    cache = home / ".cache" / "oscmd"
    aws = Snapshot(identity=Identity.of(None, "us-east-1", "AKIDFAKE"), kinds={
        "instance": KindData.build([Entry("i-01", "web1", "running", "us-east-1a", "t3.micro"),
                                    Entry("i-02", "web2", "stopped", "us-east-1b", "t3.small"),
                                    Entry("i-03", "db server", "running", "us-east-1a", "m7i.large")], 1000.0,
                                   ["env", "team"], {"env": ["prod", "test"], "team": ["blue team"]}),
        "volume": KindData.build([Entry("vol-1", "data", "in-use", "us-east-1a", "50 gp3"),
                                  Entry("vol-2", "", "available", "us-east-1b", "8 gp3")], 1000.0),
        "zone": KindData.build([Entry("us-east-1a", "", "available", "", "us-east-1"),
                                Entry("us-east-1b", "", "available", "", "us-east-1")], 1000.0),
    })
    far = Snapshot(identity=Identity.of(FAR, "eu-west-1", "AKIDOTHER"), kinds={
        "instance": KindData.build([Entry("i-99", "far1", "running", "eu-west-1a", "t3.micro")], 2000.0)})
    other = Snapshot(identity=Identity.of(OTHER, "us-west-2", "AKIDOTHER"), kinds={
        "instance": KindData.build([Entry("i-97", "app:web", "running", "us-west-2a", "t3.micro"),
                                    Entry("i-98", "app:db", "running", "us-west-2a", "t3.micro")], 3000.0)})
    store.save(cache, aws, 1000.0)
    store.save(cache, far, 2000.0)
    store.save(cache, other, 3000.0)
    bin_dir = home / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "oscmd"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m oscmd_shell "$@"\n')
    wrapper.chmod(0o755)
    work = home / "work"
    (work / "conf").mkdir(parents=True)
    for name in ("conf/a.ini", "conf/b.ini", "tour.os", "notes.txt"):
        (work / name).write_text("\n")
    env = {
        "HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "XDG_CACHE_HOME": str(home / ".cache"), "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "LANG": "C.UTF-8",
        "TERM": "dumb", "PYTHONPATH": str(REPO),
    }
    for shell in ("bash", "zsh", "fish"):
        assert shutil.which(shell), f"{shell} is needed: tests/setup.sh installs it"
    return World(home, work, env)


# -- bash ---------------------------------------------------------------------------------------------
BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")
BASH_SETUP = r"""
PS1='bash> '
bind 'set bell-style none'
__BASH_COMPLETION__
source __SCRIPT__
_capture_oscmd() { _oscmd "$@"; { printf '%s\n' "${COMPREPLY[@]}"; echo @@done; } > "$CAPTURE"; }
complete -F _capture_oscmd oscmd
echo SETUP''-DONE
"""


def tab_capture(child: pexpect.spawn, capture: Path, line: str, shell: str) -> str:
    """Type ``line`` and Tab in ``shell``, and return what its capture hook wrote (up to ``@@done``)."""
    capture.write_text("")
    child.send(line + "\t")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = capture.read_text()
        if "@@done" in text:
            return text
        time.sleep(0.02)
    raise AssertionError(f"{shell}: no completion for {line!r}: {child.before!r}")


class Bash:
    """An interactive bash whose Tab completes with the script, writing the candidates readline got to a file.

    Readline splits the line into COMP_WORDS at COMP_WORDBREAKS (':' and '=' included), exactly as
    for a user; ``bash_completion`` says whether bash-completion's functions are loaded first.
    """

    def __init__(self, world: World, bash_completion: bool) -> None:
        self.capture = world.home / f"bash-capture-{int(bash_completion)}"
        env = {**world.env, "CAPTURE": str(self.capture), "TERM": "dumb", "INPUTRC": "/dev/null"}
        self.child = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env, cwd=str(world.work),
                                   encoding="utf-8", dimensions=(50, 400), timeout=20)
        loader = f"source {shlex.quote(str(BASH_COMPLETION))}" if bash_completion else "unset -f _get_comp_words_by_ref"
        setup = BASH_SETUP.replace("__BASH_COMPLETION__", loader).replace(
            "__SCRIPT__", shlex.quote(str(COMPLETIONS / "oscmd.bash")))
        for row in setup.strip().splitlines():
            self.child.sendline(row)
        self.child.expect("SETUP-DONE\r\n")
        self.child.expect_exact("bash> ")

    def complete(self, line: str) -> list[str]:
        """The candidates the script gives readline for ``line`` (then the line is cleared)."""
        text = tab_capture(self.child, self.capture, line, "bash")
        self.clear()
        return [row for row in text.splitlines() if row and row != "@@done"]

    def completed_line(self, line: str) -> str:
        """What the command line reads after one Tab, as the shell itself sees its words."""
        self.child.send(line + "\t")
        time.sleep(0.5)  # the completion runs oscmd __complete; readline then edits the line
        marker = f"@@{time.monotonic_ns()}"
        self.child.send(f"\x01echo {marker} \x05\r")
        self.child.expect(f"\r\n{marker} (.*)\r\n")
        line_ = str(self.child.match.group(1)).strip()
        self.child.expect_exact("bash> ")
        return line_

    def clear(self) -> None:
        self.child.send("\x05\x15")

    def close(self) -> None:
        self.child.sendline("exit")
        self.child.close(force=True)


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "bash-completion"])
def bash(world: World, request: pytest.FixtureRequest) -> Iterator[Bash]:
    if request.param:
        assert BASH_COMPLETION.is_file(), "bash-completion is needed: tests/setup.sh installs it"
    shell = Bash(world, request.param)
    yield shell
    shell.close()


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bash(bash: Bash, line: str, expected: set[str] | tuple[str, ...]) -> None:
    check(bash.complete(line), readline_part(expected, line), line, "bash")


def readline_part(expected: set[str] | tuple[str, ...], line: str) -> set[str] | tuple[str, ...]:
    """The candidates as bash hands them to readline: without the word's text up to its last ':' or '='."""
    word = line.rsplit(" ", 1)[-1]
    head = word[: max(word.rfind(":"), word.rfind("=")) + 1]
    trimmed = [e[len(head):] if head and e.startswith(head) else e for e in expected]
    return tuple(trimmed) if isinstance(expected, tuple) else set(trimmed)


def test_bash_inserts_whole_words_after_colons_and_equals(bash: Bash) -> None:
    # Readline keeps what comes before the last ':' or '=' of the word: the reply holds the rest.
    assert bash.complete("oscmd --output=y") == ["yaml"]
    assert bash.completed_line("oscmd --output=y") == "oscmd --output=yaml"
    assert bash.completed_line(f"oscmd -e {OTHER} instance -n app:w") == f"oscmd -e {OTHER} instance -n app:web"
    assert bash.completed_line(f"oscmd --endpoint={FAR} -r eu-west-1 instance -n f") == (
        f"oscmd --endpoint={FAR} -r eu-west-1 instance -n far1")
    # Names with spaces are escaped, unless the word opened a quote (readline closes it).
    assert bash.complete("oscmd instance -n d") == ["db\\ server"]
    assert bash.complete("oscmd instance -n 'db") == ["db server"]
    assert bash.completed_line("oscmd instance -n 'db") == "oscmd instance -n db server"


def test_bash_without_equals_in_wordbreaks_keeps_the_option(bash: Bash) -> None:
    bash.child.sendline("COMP_WORDBREAKS=${COMP_WORDBREAKS//=}")
    bash.child.expect_exact("bash> ")
    try:
        assert bash.complete("oscmd --output=y") == ["--output=yaml"]
        assert bash.complete(f"oscmd --endpoint={FAR} -r eu-west-1 instance -n f") == ["far1"]
    finally:
        bash.child.sendline("COMP_WORDBREAKS+==")
        bash.child.expect_exact("bash> ")


def _split(output: str) -> dict[str, list[str]]:
    results: dict[str, list[str]] = {}
    current: list[str] = []
    for row in output.splitlines():
        marker = re.fullmatch(r"@@(\d+)", row)
        if marker:
            current = results.setdefault(CASES[int(marker.group(1))][0], [])
        elif row:
            current.append(row)
    return results


# -- zsh ----------------------------------------------------------------------------------------------
ZSH_SETUP = r"""
PS1='zsh> '
bindkey -e
unsetopt autolist automenu listbeep
fpath=(__COMPLETIONS__ $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits __dscr; local __tmp __i
  if (( $@[(I)-d] )); then
    __tmp=${@[$[${@[(i)-d]}+1]]}
    if [[ $__tmp == \(* ]]; then eval "__dscr=$__tmp"; else __dscr=( "${(@P)__tmp}" ); fi
  fi
  builtin compadd -A __hits -D __dscr "$@"
  for (( __i = 1; __i <= $#__hits; __i++ )); do print -r -- "$__hits[__i]"$'\t'"${__dscr[__i]-}" >> $CAPTURE; done
  builtin compadd "$@"
}
_capture_tab() { : >| $CAPTURE; zle complete-word; print -r -- '@@done' >> $CAPTURE }
zle -N _capture_tab
bindkey '^I' _capture_tab
print -r -- 'SETUP''-DONE'
"""


class Zsh:
    """An interactive zsh whose Tab writes the matches to a file."""

    def __init__(self, world: World) -> None:
        self.capture = world.home / "zsh-capture"
        env = {**world.env, "CAPTURE": str(self.capture), "TERM": "xterm"}
        self.child = pexpect.spawn("zsh", ["-f", "-i"], env=env, cwd=str(world.work), encoding="utf-8",
                                   dimensions=(50, 200), timeout=20)
        for row in ZSH_SETUP.replace("__COMPLETIONS__", str(COMPLETIONS)).strip().splitlines():
            self.child.sendline(row)
        self.child.expect("SETUP-DONE\r\n")

    def complete(self, line: str) -> list[tuple[str, str]]:
        text = tab_capture(self.child, self.capture, line, "zsh")
        self.child.send("\x15")
        return [tuple(row.split("\t", 1)) for row in text.splitlines() if row != "@@done"]  # type: ignore[misc]

    def lists(self, line: str, text: str) -> bool:
        """Whether zsh shows ``text`` when listing the choices for ``line`` (Ctrl-D at the end lists)."""
        self.child.send(line + "\x04")
        try:
            self.child.expect_exact(text, timeout=10)
        except pexpect.TIMEOUT:
            return False
        finally:
            self.child.send("\x15")
        return True

    def close(self) -> None:
        self.child.sendline("exit")
        self.child.close(force=True)


@pytest.fixture(scope="module")
def zsh(world: World) -> Iterator[Zsh]:
    shell = Zsh(world)
    yield shell
    shell.close()


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_zsh(zsh: Zsh, line: str, expected: set[str] | tuple[str, ...]) -> None:
    check([hit for hit, _ in zsh.complete(line)], expected, line, "zsh")


def test_zsh_describes_objects_options_and_live_values(zsh: Zsh) -> None:
    assert dict(zsh.complete("oscmd inst"))["instance"].split(" -- ")[1] == "EC2 instances (virtual machines)"
    names = {_unquote(hit): text for hit, text in zsh.complete("oscmd instance -n ")}
    assert names["web1"].split(" -- ")[1] == "i-01 running/us-east-1a t3.micro"
    assert zsh.lists("oscmd ami make --", "do not reboot the instance before imaging")


# -- fish ---------------------------------------------------------------------------------------------
def fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@pytest.fixture(scope="module")
def fish_results(world: World) -> dict[str, list[str]]:
    script = [f"source {fish_quote(str(COMPLETIONS / 'oscmd.fish'))}"]
    for i, (line, _) in enumerate(CASES):
        script += [f"echo @@{i}", f"complete -C {fish_quote(line)}"]
    proc = subprocess.run(["fish", "--no-config", "-c", "\n".join(script)], capture_output=True, text=True,
                          env=world.env, cwd=world.work, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return _split(proc.stdout)


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fish(fish_results: dict[str, list[str]], line: str, expected: set[str] | tuple[str, ...]) -> None:
    check([row.split("\t", 1)[0] for row in fish_results[line]], expected, line, "fish")


def test_fish_describes_candidates(fish_results: dict[str, list[str]]) -> None:
    assert "instance\tEC2 instances (virtual machines)" in fish_results["oscmd inst"]
    assert "web1\ti-01 running/us-east-1a t3.micro" in fish_results["oscmd instance -n w"]
    assert any(row.startswith("--forced\tforce the stop") for row in fish_results["oscmd instance -n web1 stop -"])
