"""The post-install's pieces that need no instance: the oscmd-init zipapp, addresses, login users."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from oscmd_shell.launch.options import LaunchOptions, user_data
from oscmd_shell.launch.plan import guess_user, is_windows
from oscmd_shell.launch.postinstall import address_of, build_zipapp


def test_zipapp_holds_the_bootstrap_package_only() -> None:
    app = build_zipapp()
    assert app.startswith(b"#!/usr/bin/env python3\n")
    with zipfile.ZipFile(io.BytesIO(app)) as archive:
        names = archive.namelist()
    assert names[0] == "__main__.py"
    assert "bootstrap/__main__.py" in names and "bootstrap/decode.py" in names
    assert all(n == "__main__.py" or n.startswith("bootstrap/") for n in names)
    assert build_zipapp() == app  # reproducible


def test_zipapp_decodes_a_launch_document(tmp_path: Path) -> None:
    app = tmp_path / "oscmd-init.pyz"
    app.write_bytes(build_zipapp())
    opts = LaunchOptions(volume_size=["10"], variables=["puppetmaster=pm:8141"], hostname="web1",
                         facts={"role": "web"}, url_commands=["https://example.invalid/x"], ressource=["wrapvols"])
    document = tmp_path / "user-data.mime"
    document.write_bytes(user_data(opts).document)
    result = subprocess.run(
        [sys.executable, str(app), "decode", "--dry-run", "-n", "-f", str(document)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "volumes" in out and "puppetmaster" in out
    assert "set-hostname" in out
    assert "localfacts" in out
    assert "https://example.invalid/x" in out
    assert "wrapvols" in out
    order = [out.index(word) for word in ("puppetmaster", "set-hostname", "localfacts", "example.invalid", "wrapvols")]
    assert order == sorted(order)


def test_zipapp_knows_the_version_that_built_it(tmp_path: Path) -> None:
    from oscmd_shell import __version__

    app = tmp_path / "oscmd-init.pyz"
    app.write_bytes(build_zipapp())
    result = subprocess.run([sys.executable, str(app), "--version"], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert (result.returncode, result.stdout) == (0, f"oscmd-init {__version__}\n"), result.stderr


def test_zipapp_reports_a_bad_command_line(tmp_path: Path) -> None:
    app = tmp_path / "oscmd-init.pyz"
    app.write_bytes(build_zipapp())
    result = subprocess.run([sys.executable, str(app), "decode", "-n"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "nothing to decode" in result.stderr


@pytest.mark.parametrize(
    ("instance", "address"),
    [
        ({"PublicDnsName": "ec2-1.example", "PublicIpAddress": "1.2.3.4", "PrivateIpAddress": "10.0.0.1"},
         "ec2-1.example"),
        ({"PublicDnsName": "", "PublicIpAddress": "1.2.3.4", "PrivateIpAddress": "10.0.0.1"}, "1.2.3.4"),
        ({"PrivateIpAddress": "10.0.0.1"}, "10.0.0.1"),
        ({}, None),
    ],
)
def test_address_choice(instance: dict[str, str], address: str | None) -> None:
    assert address_of(instance, resolve=lambda _name: True) == address


def test_a_public_name_that_does_not_resolve_is_skipped() -> None:
    instance = {"PublicDnsName": "ec2-1.example", "PublicIpAddress": "1.2.3.4", "PrivateIpAddress": "10.0.0.1"}
    assert address_of(instance, resolve=lambda _name: False) == "1.2.3.4"


@pytest.mark.parametrize(
    ("name", "user"),
    [("al2023-ami-2023.6-x86_64", "ec2-user"), ("amzn2-ami-hvm-2.0", "ec2-user"),
     ("debian-12-amd64-20261101", "admin"), ("ubuntu-noble-24.04-amd64-server", "ubuntu"),
     ("RHEL-9.4.0_HVM", "ec2-user"), ("my-golden-image", "root"), ("", "root")],
)
def test_login_user_guess(name: str, user: str) -> None:
    assert guess_user(name) == user


def test_windows_detection_ignores_case() -> None:
    assert is_windows({"Platform": "windows"})
    assert is_windows({"PlatformDetails": "Windows with SQL Server"})
    assert not is_windows({"PlatformDetails": "Linux/UNIX"})
