"""keypair verbs against the local EC2 server: dump, create, import, delete."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support.hostile import KINDS, plant, through
from tests.support.keys import ed25519_pair
from tests.support.runner import one_line
from tests.support.seed import keys


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def der_fingerprint(public_key: Any, algorithm: Any) -> str:
    """The fingerprint the local server computes: a hash of the public key's DER encoding."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = algorithm(der).hexdigest()
    return ":".join(re.findall("..", digest))


# -- create -------------------------------------------------------------------------------------
def test_create_writes_the_private_key_0600_in_a_new_0700_dir(oscmd: Any, ec2: Any, home: Path) -> None:
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 0, r.err
    path = home / ".ssh" / "deploy.pem"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    created = keys(ec2)["deploy"]
    assert r.lines == [f"created key pair deploy ({created['KeyFingerprint']})", f"private key saved to {path}"]
    assert "PRIVATE KEY" not in r.out + r.err
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert der_fingerprint(private.public_key(), hashlib.sha1) == created["KeyFingerprint"]
    assert [p.name for p in path.parent.iterdir()] == ["deploy.pem"]


def test_create_ed25519_in_a_chosen_directory_json_has_no_key(oscmd: Any, ec2: Any, tmp_path: Path) -> None:
    target = tmp_path / "keys" / "nested"
    r = oscmd("--output", "json", "keypair", "create", "-n", "edkey", "-t", "ed25519", "-o", str(target))
    assert r.status == 0, r.err
    data = json.loads(r.out)
    path = target / "edkey.pem"
    assert data == {"name": "edkey", "id": keys(ec2)["edkey"]["KeyPairId"],
                    "fingerprint": keys(ec2)["edkey"]["KeyFingerprint"], "file": str(path), "type": "ed25519"}
    assert "PRIVATE" not in r.out
    private = serialization.load_ssh_private_key(path.read_bytes(), password=None)
    assert der_fingerprint(private.public_key(), hashlib.sha256) == data["fingerprint"]
    assert mode(path) == 0o600


def test_create_keeps_the_mode_of_an_existing_directory(oscmd: Any, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    r = oscmd("keypair", "create", "-n", "k", "-o", str(shared))
    assert r.status == 0, r.err
    assert mode(shared) == 0o755 and mode(shared / "k.pem") == 0o600


@pytest.mark.parametrize("planted", KINDS)
def test_create_refuses_what_is_at_the_target_before_calling_ec2(
    oscmd: Any, ec2: Any, home: Path, planted: str,
) -> None:
    ssh = home / ".ssh"
    ssh.mkdir()
    existing, victim = ssh / "deploy.pem", home / "victim"
    victim.write_text("keep me\n")
    plant(existing, planted, victim)
    before = os.lstat(existing)
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 2
    one_line(r.err)
    assert str(existing) in r.err and "no key pair was created" in r.err
    assert keys(ec2) == {}
    assert (os.lstat(existing).st_ino, os.lstat(existing).st_mode) == (before.st_ino, before.st_mode)
    assert victim.read_text() == "keep me\n" and not through(victim).exists()


def test_create_deletes_the_key_pair_when_the_file_cannot_be_written(
    oscmd: Any, ec2: Any, home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oscmd_shell.objects.keypair import handlers

    def full_disk(path: Path, data: bytes, **_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handlers, "write_private", full_disk)
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 3
    one_line(r.err)
    assert "No space left on device" in r.err and "was deleted again" in r.err
    assert "PRIVATE" not in r.out + r.err
    assert keys(ec2) == {}
    assert not (home / ".ssh" / "deploy.pem").exists()


def test_create_duplicate_name_is_one_api_error_and_writes_nothing(oscmd: Any, ec2: Any, home: Path) -> None:
    ec2.create_key_pair(KeyName="deploy")
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 3
    one_line(r.err)
    assert "InvalidKeyPair.Duplicate" in r.err
    assert not (home / ".ssh" / "deploy.pem").exists()


def test_create_dry_run_creates_nothing(oscmd: Any, ec2: Any, home: Path) -> None:
    r = oscmd("--dry-run", "keypair", "create", "-n", "deploy")
    assert r.status == 0 and "dry run" in r.out
    assert keys(ec2) == {}
    assert not (home / ".ssh" / "deploy.pem").exists()


def test_create_rejects_a_name_that_is_not_a_file_name(oscmd: Any, ec2: Any) -> None:
    r = oscmd("keypair", "create", "-n", "a/b")
    assert r.status == 2
    assert keys(ec2) == {}


# -- import -------------------------------------------------------------------------------------
def test_import_an_openssh_public_key(oscmd: Any, ec2: Any, home: Path) -> None:
    _, public = ed25519_pair()
    pub = home / "id_ed25519.pub"
    pub.write_bytes(public + b" me@laptop\n")
    r = oscmd("keypair", "import", "-n", "laptop", "-f", "~/id_ed25519.pub")
    assert r.status == 0, r.err
    imported = keys(ec2)["laptop"]
    assert r.out == f"imported key pair laptop ({imported['KeyFingerprint']})\n"
    key = serialization.load_ssh_public_key(public)
    assert imported["KeyFingerprint"] == der_fingerprint(key, hashlib.sha256)


def test_import_refuses_a_private_key_without_echoing_it(oscmd: Any, ec2: Any, tmp_path: Path) -> None:
    private, _ = ed25519_pair()
    path = tmp_path / "id_ed25519"
    path.write_bytes(private)
    r = oscmd("keypair", "import", "-n", "laptop", "-f", str(path))
    assert r.status == 2
    one_line(r.err)
    assert str(path) in r.err and "PRIVATE key" in r.err
    body = private.decode().splitlines()[1]
    assert body not in r.out + r.err
    assert keys(ec2) == {}


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"hello world\n", "not an OpenSSH public key"),
    (b"ssh-ed25519 !!!notbase64 me\n", "not an OpenSSH public key"),
    (b"ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x\n",
     "not an OpenSSH public key"),
    (b"\xff\xfe\x00binary", "not text"),
    (b"", "exactly one public key line"),
])
def test_import_checks_the_file_locally(oscmd: Any, ec2: Any, tmp_path: Path, content: bytes | None,
                                        message: str) -> None:
    path = tmp_path / "key.pub"
    if content is not None:
        path.write_bytes(content)
    r = oscmd("keypair", "import", "-n", "bad", "-f", str(path))
    assert r.status == 2
    one_line(r.err)
    assert str(path) in r.err and message in r.err
    assert keys(ec2) == {}


def test_import_refuses_key_types_ec2_does_not_take(oscmd: Any, ec2: Any, tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    path = tmp_path / "id_ecdsa.pub"
    path.write_bytes(key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH))
    r = oscmd("keypair", "import", "-n", "ec", "-f", str(path))
    assert r.status == 2
    assert "ecdsa-sha2-nistp256" in r.err and "ssh-rsa and ssh-ed25519" in r.err
    assert keys(ec2) == {}


def test_import_a_directory_is_refused(oscmd: Any, ec2: Any, tmp_path: Path) -> None:
    r = oscmd("keypair", "import", "-n", "d", "-f", str(tmp_path))
    assert r.status == 2 and "is a directory" in r.err
    assert keys(ec2) == {}


def test_import_dry_run_and_duplicate(oscmd: Any, ec2: Any, tmp_path: Path) -> None:
    _, public = ed25519_pair()
    path = tmp_path / "k.pub"
    path.write_bytes(public)
    r = oscmd("--dry-run", "keypair", "import", "-n", "laptop", "-f", str(path))
    assert r.status == 0 and "dry run" in r.out
    assert keys(ec2) == {}
    ec2.create_key_pair(KeyName="laptop")
    r = oscmd("keypair", "import", "-n", "laptop", "-f", str(path))
    assert r.status == 3
    one_line(r.err)


# -- dump / delete ------------------------------------------------------------------------------
def test_dump_name_and_fingerprint_lines(oscmd: Any, ec2: Any) -> None:
    second = ec2.create_key_pair(KeyName="zeta")["KeyFingerprint"]
    first = ec2.create_key_pair(KeyName="alpha")["KeyFingerprint"]
    r = oscmd("keypair", "dump")
    assert (r.status, r.out) == (0, f"alpha : {first}\nzeta : {second}\n")
    r = oscmd("keypair", "-n", "zeta", "dump")
    assert r.out == f"zeta : {second}\n"
    r = oscmd("keypair", "-n", "nosuch", "dump")
    assert r.status == 1


def test_delete_refused_without_yes_then_deleted(oscmd: Any, ec2: Any) -> None:
    ec2.create_key_pair(KeyName="old")
    r = oscmd("keypair", "-n", "old", "delete")
    assert r.status == 4
    one_line(r.err)
    assert "old" in keys(ec2)
    r = oscmd("--dry-run", "keypair", "-n", "old", "delete")
    assert r.status == 0 and "old" in keys(ec2)
    r = oscmd("-y", "keypair", "-i", "old", "delete")
    assert (r.status, r.out) == (0, "old deleted\n")
    assert keys(ec2) == {}


def test_delete_unknown_key_is_not_found(oscmd: Any) -> None:
    r = oscmd("-y", "keypair", "-n", "nosuch", "delete")
    assert (r.status, r.err) == (1, "oscmd: the keypair 'nosuch' does not exist\n")
