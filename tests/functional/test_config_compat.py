"""The 2017 tool's and the aws CLI's settings that oscmd honours.

``[Boto] is_secure = False`` makes a bare host mean http; ``[Boto]
https_validate_certificates = False`` stops TLS verification (against a real
TLS endpoint with a self-signed certificate) and says so once on stderr;
``AWS_DEFAULT_OUTPUT`` and a profile's ``output =`` come below oscmd's own
output settings.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.crafted import CraftedEC2, Instance
from tests.support.runner import REPO, Oscmd, base_environ
from tests.support.seed import run_named

IID = "i-0c0ffee0c0ffee000"


def write_cfg(directory: Path, text: str, name: str = "oscmd.cfg") -> Path:
    path = directory / name
    path.write_text(text)
    path.chmod(0o600)
    return path


@pytest.fixture
def crafted() -> Iterator[CraftedEC2]:
    server = CraftedEC2([Instance()])
    yield server
    server.stop()


def self_signed(directory: Path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no one vouches for, and its key (PEM files)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


# -- [Boto] is_secure and https_validate_certificates ------------------------------------------------
def test_is_secure_false_makes_a_bare_host_http(oscmd_offline: Oscmd, crafted: CraftedEC2, home: Path) -> None:
    cfg = write_cfg(home, f"[Boto]\nec2_region_endpoint = {crafted.host_port}\nis_secure = False\n")
    r = oscmd_offline("-c", str(cfg), "instance", "list")
    assert (r.status, r.lines) == (0, [f"{IID} web1"]), r.err
    assert crafted.actions() == ["DescribeInstances"]
    # the same bare host without is_secure means https, which this http endpoint cannot speak
    cfg = write_cfg(home, f"[Boto]\nec2_region_endpoint = {crafted.host_port}\n")
    r = oscmd_offline("-c", str(cfg), "instance", "list", environ={"AWS_MAX_ATTEMPTS": "1"})
    assert r.status == 5 and len(r.err.splitlines()) <= 2, r.err
    assert crafted.actions() == ["DescribeInstances"]  # no second request was understood


def test_is_secure_applies_to_a_bare_host_from_the_command_line_not_to_urls(
    oscmd_offline: Oscmd, crafted: CraftedEC2, home: Path
) -> None:
    cfg = write_cfg(home, "[Boto]\nis_secure = no\n")
    r = oscmd_offline("-c", str(cfg), "-e", crafted.host_port, "instance", "list", "-p", "%(id)s")
    assert (r.status, r.lines) == (0, [IID]), r.err
    r = oscmd_offline("-c", str(cfg), "-e", f"https://{crafted.host_port}", "instance", "list",
                      environ={"AWS_MAX_ATTEMPTS": "1"})
    assert r.status == 5, r.err  # an https:// URL stays https


def test_a_bad_boolean_is_exit_2_naming_file_and_key(oscmd_offline: Oscmd, home: Path) -> None:
    cfg = write_cfg(home, "[Boto]\nhttps_validate_certificates = perhaps\n")
    r = oscmd_offline("-c", str(cfg), "instance", "list")
    assert r.status == 2
    assert r.err == f"oscmd: {cfg}: [Boto] https_validate_certificates expects True or False, not 'perhaps'\n"


def test_unverified_tls_works_only_when_asked_and_says_so_once(oscmd_offline: Oscmd, home: Path,
                                                               tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server = CraftedEC2([Instance()], tls=(cert, key))
    try:
        endpoint = server.host_port  # a bare host: https
        r = oscmd_offline("-e", endpoint, "instance", "list", environ={"AWS_MAX_ATTEMPTS": "1"})
        assert r.status == 5, r.err
        assert "certificate" in r.err.lower() and len(r.err.splitlines()) <= 2, r.err
        assert server.requests == []
        # a CA bundle the user trusts is still honoured (botocore's AWS_CA_BUNDLE): checked, and it passes
        r = oscmd_offline.subprocess("-e", endpoint, "instance", "list", environ={"AWS_CA_BUNDLE": cert})
        assert (r.status, r.lines, r.err) == (0, [f"{IID} web1"], ""), r.err
        cfg = write_cfg(home, "[Boto]\nhttps_validate_certificates = False\n")
        r = oscmd_offline("-c", str(cfg), "-e", endpoint, "instance", "list")
        assert (r.status, r.lines) == (0, [f"{IID} web1"]), r.err
        assert r.err == (f"warning: TLS certificates are not verified ({cfg}: [Boto] https_validate_certificates "
                         "= False): anyone on the path can read and change what the endpoint answers\n")
        # the same through the process entry point: urllib3's own per-request warning stays quiet
        env = {**base_environ(home), "PYTHONPATH": str(REPO)}
        proc = subprocess.run([sys.executable, "-m", "oscmd_shell", "-c", str(cfg), "-e", endpoint,
                               "instance", "list"], capture_output=True, text=True, env=env, timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.count("warning:") == 1 and "InsecureRequestWarning" not in proc.stderr
    finally:
        server.stop()


# -- the aws CLI's output settings ---------------------------------------------------------------------
def aws_config(home: Path, text: str) -> dict[str, str]:
    path = home / "aws-config"
    path.write_text(text)
    return {"AWS_CONFIG_FILE": str(path)}


@pytest.mark.parametrize(("environ", "config", "expected"), [
    ({"AWS_DEFAULT_OUTPUT": "json"}, "", "json"),
    ({}, "[default]\noutput = json\n", "json"),
    ({"AWS_PROFILE": "ops"}, "[default]\noutput = text\n[profile ops]\noutput = yaml-stream\n", "yaml"),
    ({"AWS_DEFAULT_OUTPUT": "json"}, "[default]\noutput = yaml\n", "json"),
    ({"AWS_DEFAULT_OUTPUT": "json", "OSCMD_OUTPUT": "text"}, "", "text"),
    ({}, "[profile ops]\noutput = json\n", "text"),  # not the profile in use
])
def test_aws_output_settings_come_below_oscmds(oscmd: Oscmd, ec2: Any, home: Path, environ: dict[str, str],
                                               config: str, expected: str) -> None:
    run_named(ec2, "web1")
    r = oscmd("instance", "list", "-p", "%(name)s", environ={**environ, **aws_config(home, config)})
    assert r.status == 0, r.err
    if expected == "json":
        assert [row["name"] for row in json.loads(r.out)] == ["web1"]
    elif expected == "yaml":
        assert r.out.startswith("- ") and "name: web1" in r.out
    else:
        assert r.lines == ["web1"]


def test_command_line_and_oscmd_config_win_over_aws_output(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    environ = {"AWS_DEFAULT_OUTPUT": "json"}
    assert oscmd("--output", "text", "instance", "list", "-p", "%(name)s", environ=environ).lines == ["web1"]
    cfg = write_cfg(home, "[oscmd]\noutput = text\n")
    assert oscmd("-c", str(cfg), "instance", "list", "-p", "%(name)s", environ=environ).lines == ["web1"]


def test_an_aws_output_oscmd_does_not_know_is_a_warning(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("instance", "list", "-p", "%(name)s", environ={"AWS_DEFAULT_OUTPUT": "csv"})
    assert (r.status, r.lines) == (0, ["web1"])
    assert r.err == ("warning: output format 'csv' (AWS_DEFAULT_OUTPUT) is not one of json, yaml, yaml-stream, "
                     "text, table; using text\n")
