"""The decoder installs what a document names with the instance's own package manager.

Each case runs ``oscmd-init decode`` as on an instance: without ``--root``
(under a root nothing is installed), in a mount namespace of its own where
/var/lib (its run-once record) is a temporary directory.  The package
managers are stand-ins that record their command lines, the
DEBIAN_FRONTEND they got and the rpm file they were handed; the decoder's
PATH holds nothing else, so no real package manager can be reached.  Needs
root (the tests are marked netns and skipped without it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from oscmd_shell.bootstrap.mimeparts import build_document, make_part
from tests.support.decoder import Result, child_env, oscmd_init, own_var_lib, write

pytestmark = pytest.mark.netns

RPM = b"the bytes of tool-1.0.rpm"
RECORDER = """#!/bin/sh
echo "{name} $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> {log}
for arg in "$@"; do
    case "$arg" in *.rpm) echo "handed: $(/bin/cat "$arg")" >> {log} ;; esac
done
exit {status}
"""


@dataclass
class Instance:
    """What one decode did: its result and the package managers' command lines."""

    result: Result
    calls: list[str]


Decode = Callable[[list[Message], dict[str, "int | str"]], Instance]


@pytest.fixture
def decode(tmp_path: Path) -> Decode:
    """``decode(parts, managers)``: decode a document of ``parts`` where ``managers`` (name -> exit status) exist."""
    if os.geteuid() != 0:
        pytest.skip("needs root: the decode runs in a mount namespace with its own /var/lib")

    def run(parts: list[Message], managers: dict[str, int | str]) -> Instance:
        bin_dir, var_lib, log = tmp_path / "bin", tmp_path / "var-lib", tmp_path / "calls"
        for directory in (bin_dir, var_lib):
            directory.mkdir(exist_ok=True)
        for name, status in managers.items():
            script = status if isinstance(status, str) else RECORDER.format(name=name, log=log, status=status)
            write(bin_dir / name, script, 0o755)
        document = write(tmp_path / "user-data.mime", build_document(parts))
        env = child_env(PATH=str(bin_dir), DEBIAN_FRONTEND="")
        result = oscmd_init("decode", "-n", "-f", document, env=env, wrapper=own_var_lib(var_lib))
        calls = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return Instance(result, calls)

    return run


def packages(text: bytes = b"# base\nvim  htop\n") -> Message:
    return make_part("text/x-packagelist", text, filename="base.pkgs")


def rpm() -> Message:
    return make_part("application/x-rpm", RPM, filename="tool.rpm")


@pytest.mark.parametrize(("manager", "calls"), [
    ("dnf", ["dnf -y install vim htop DEBIAN_FRONTEND="]),
    ("yum", ["yum -y install vim htop DEBIAN_FRONTEND="]),
    ("apt-get", ["apt-get -q update DEBIAN_FRONTEND=noninteractive",
                 "apt-get -y -q install vim htop DEBIAN_FRONTEND=noninteractive"]),
    ("zypper", ["zypper --non-interactive install vim htop DEBIAN_FRONTEND="]),
])
def test_a_package_list_is_installed_with_the_manager_there_is(decode: Decode, manager: str, calls: list[str]) -> None:
    done = decode([packages()], {manager: 0})
    assert done.result.returncode == 0, done.result.stderr
    assert "install packages vim htop" in done.result.stdout.splitlines()
    assert done.calls == calls


def test_the_first_manager_found_is_used_and_what_is_not_a_name_is_left_out(decode: Decode) -> None:
    done = decode([packages(b"vim -y --allow-unauthenticated htop\n")], {"apt-get": 0, "dnf": 0})
    assert done.result.returncode == 0
    assert done.calls == ["dnf -y install vim htop DEBIAN_FRONTEND="]
    warnings = [line for line in done.result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2 and all("is not a package name, ignored" in line for line in warnings)
    assert "'-y'" in warnings[0] and "'--allow-unauthenticated'" in warnings[1]


def test_urls_rpm_files_and_removals_are_not_package_names(decode: Decode) -> None:
    listed = b"vim http://198.51.100.7/evil.rpm file:///tmp/x.rpm /tmp/local.rpm tmux- htop nginx/bookworm\n"
    done = decode([packages(listed)], {"apt-get": 0})
    assert done.result.returncode == 0, done.result.stderr
    assert done.calls[-1] == "apt-get -y -q install vim htop nginx/bookworm DEBIAN_FRONTEND=noninteractive"
    warnings = [line for line in done.result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 4 and all("is not a package name, ignored" in line for line in warnings)


@pytest.mark.parametrize(("manager", "command"), [
    ("dnf", "dnf -y install"), ("yum", "yum -y install"), ("zypper", "zypper --non-interactive install"),
    ("rpm", "rpm -U --replacepkgs"),
])
def test_an_rpm_file_is_handed_to_the_installer_then_removed(decode: Decode, manager: str, command: str) -> None:
    done = decode([rpm()], {manager: 0})
    assert done.result.returncode == 0, done.result.stderr
    call, handed = done.calls
    assert call.startswith(command + " ") and call.endswith(".rpm DEBIAN_FRONTEND=")
    assert handed == "handed: the bytes of tool-1.0.rpm"
    assert not Path(call.split()[-2]).exists()  # the temporary copy is gone


def test_without_a_package_manager_the_part_fails_and_the_others_go_on(decode: Decode) -> None:
    done = decode([packages(), rpm(), make_part("text/x-shellscript", b"#!/bin/sh\necho still here\n")], {})
    assert done.result.returncode == 1
    errors = done.result.stderr.splitlines()
    assert any(line.endswith("failed: no package manager found (dnf, yum, apt-get, zypper)") for line in errors)
    assert any(line.endswith("failed: no rpm installer found (dnf, yum, zypper, rpm)") for line in errors)
    assert "still here" in done.result.stdout


def test_a_failing_update_stops_before_the_install(decode: Decode) -> None:
    done = decode([packages()], {"apt-get": 100})
    assert done.result.returncode == 1
    assert done.calls == ["apt-get -q update DEBIAN_FRONTEND=noninteractive"]
    assert any(line.endswith("failed with status 100") for line in done.result.stderr.splitlines())


def test_a_manager_that_cannot_be_started_is_one_line(decode: Decode) -> None:
    done = decode([packages()], {"dnf": "#!/nonexistent/interpreter\n"})
    assert done.result.returncode == 1
    [line] = [line for line in done.result.stderr.splitlines() if "failed" in line]
    assert line.endswith("No such file or directory"), line


def test_a_list_naming_no_package_installs_nothing(decode: Decode) -> None:
    done = decode([packages(b"# nothing yet\n\n")], {"dnf": 0})
    assert done.result.returncode == 0
    assert done.calls == []
    assert any(line.startswith("skip ") and line.endswith("(no package named)")
               for line in done.result.stdout.splitlines())
