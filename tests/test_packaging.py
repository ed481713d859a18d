"""Packaging: the sdist and wheel build, hold what oscmd needs, and install into a fresh venv.

``python -m build`` makes the sdist and then the wheel from it (so the sdist
is known to be complete).  The wheel is installed without dependencies into a
venv that sees this interpreter's site-packages (boto3 and friends are not
downloaded again), and the installed ``oscmd`` and ``oscmd-init`` are run from
outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oscmd_shell import __version__

REPO = Path(__file__).resolve().parents[1]
SHARE = {
    "share/man/man1/oscmd.1": "oscmd.1",
    "share/bash-completion/completions/oscmd.bash": "oscmd.bash",
    "share/zsh/site-functions/_oscmd": "_oscmd",
    "share/fish/vendor_completions.d/oscmd.fish": "oscmd.fish",
}


@dataclass
class Built:
    wheel: Path
    sdist: Path
    venv: Path
    env: dict[str, str]

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / argv[0]), *argv[1:]], capture_output=True, text=True,
                              env=self.env, cwd=self.venv, timeout=60)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    out = tmp_path_factory.mktemp("dist")
    # Built from a copy: the build writes oscmd.egg-info beside the sources, and pytest-xdist workers
    # running this module at the same time would otherwise build in the same directory.
    source = tmp_path_factory.mktemp("source") / "oscmd"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "*.egg-info", "build", "dist", "__pycache__", ".coverage*", ".*_cache", ".cache", ".hypothesis"))
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in out.iterdir())
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    # Without PYTHONPATH: a checkout on it (as in PYTHONPATH=$PWD pytest) holds oscmd.egg-info, which pip would
    # take for oscmd already installed in the venv, and install nothing.
    clean = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                           "--no-deps", "--no-index", "--disable-pip-version-check", str(wheels[0])],
                          capture_output=True, text=True, timeout=300, env=clean)
    assert proc.returncode == 0, proc.stderr
    home = tmp_path_factory.mktemp("home")
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}", "HOME": str(home),
           "LANG": "C.UTF-8", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    yield Built(wheels[0], sdists[0], venv, env)


def test_wheel_holds_the_package_data_and_entry_points(built: Built) -> None:
    assert built.wheel.name == f"oscmd-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(f"oscmd-{__version__}.dist-info/entry_points.txt").decode()
        metadata = wheel.read(f"oscmd-{__version__}.dist-info/METADATA").decode()
    for resource in ("cleaner", "extendvol", "puppetize", "wrapvols"):
        assert f"oscmd_shell/resources/{resource}" in names
    for module in ("oscmd_shell/data/amis.json", "oscmd_shell/py.typed", "oscmd_shell/bootstrap/__main__.py",
                   "oscmd_shell/bootstrap/decode.py", "oscmd_shell/shellcomp/values.py",
                   "oscmd_shell/output/topics.py"):
        assert module in names, module
    data = f"oscmd-{__version__}.data/data/"
    for path, name in SHARE.items():
        assert data + path in names, path
        with zipfile.ZipFile(built.wheel) as wheel:
            assert wheel.read(data + path) == (REPO / "completions" / name).read_bytes()
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
    assert "oscmd = oscmd_shell.cli:main" in entry_points
    assert "oscmd-init = oscmd_shell.bootstrap.__main__:main" in entry_points
    assert f"Version: {__version__}" in metadata and "# oscmd" in metadata
    assert "License-Expression: Apache-2.0" in metadata and "License-File: LICENSE" in metadata
    with zipfile.ZipFile(built.wheel) as wheel:
        assert wheel.read(f"oscmd-{__version__}.dist-info/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()


def test_sdist_holds_completions_changelog_licence_and_tests(built: Built) -> None:
    with tarfile.open(built.sdist) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for name in ("README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "completions/oscmd.bash",
                 "completions/_oscmd", "completions/oscmd.fish", "completions/oscmd.1", "tests/test_shells.py",
                 "tests/setup.sh", "oscmd_shell/resources/wrapvols", "oscmd_shell/data/amis.json"):
        assert name in names, name
    # Every test the sdist ships can run from it: the benchmark smoke test needs bench/.
    tests = {n for n in names if n.startswith("tests/") and n.endswith(".py")}
    assert tests == {str(p.relative_to(REPO)) for p in (REPO / "tests").rglob("*.py")}
    assert {str(p.relative_to(REPO)) for p in (REPO / "bench").rglob("*.py")} <= names


def test_licence_text_is_apache_2_and_the_build_backend_can_read_the_licence_string() -> None:
    import hashlib

    import tomllib

    # The text of https://www.apache.org/licenses/LICENSE-2.0.txt, unchanged.
    assert hashlib.md5((REPO / "LICENSE").read_bytes()).hexdigest() == "3b83ef96387f14655fc854ddc3c6bd57"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0"
    # A licence given as an SPDX string needs setuptools 77 (68 to 76 refuse to build).
    assert "setuptools>=77" in project["build-system"]["requires"]


def test_installed_commands_work_outside_the_checkout(built: Built) -> None:
    where = built.run("python", "-c", "import oscmd_shell; print(oscmd_shell.__file__)")
    assert where.stdout.startswith(str(built.venv)), where.stdout + where.stderr
    help_ = built.run("oscmd", "-h")
    assert help_.returncode == 0 and help_.stdout.startswith("usage: oscmd") and "securitygroup" in help_.stdout
    assert built.run("oscmd", "--version").stdout == f"oscmd {__version__}\n"
    assert built.run("oscmd-init", "--version").stdout == f"oscmd-init {__version__}\n"
    init = built.run("oscmd-init", "--help")
    assert init.returncode == 0 and "decode" in init.stdout and "encode" in init.stdout
    topic = built.run("oscmd", "help", "resources")
    assert topic.returncode == 0 and "wrapvols" in topic.stdout
    script = built.run("oscmd", "completion", "zsh")
    assert script.stdout == (REPO / "completions" / "_oscmd").read_text(encoding="utf-8")
    assert [line.split("\t")[0] for line in built.run("oscmd", "__complete", "resource", "w", "0").stdout.split(
        "\n") if line] == ["wrapvols"]
    for path, name in SHARE.items():
        assert (built.venv / path).read_bytes() == (REPO / "completions" / name).read_bytes()
