"""Fixtures shared by several functional test files."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from tests.support.keys import pem, rsa_key

WINDOWS_IMAGE = "ami-0a1b2c3d4e5f60004"


@pytest.fixture
def windows(ec2: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A Windows instance launched with key pair 'winkey' whose password the server returns encrypted."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from moto.ec2.models.windows import WindowsBackend

    key = rsa_key()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    ec2.import_key_pair(KeyName="winkey", PublicKeyMaterial=public)
    iid = ec2.run_instances(ImageId=WINDOWS_IMAGE, MinCount=1, MaxCount=1, KeyName="winkey")["Instances"][0][
        "InstanceId"]
    secret = "Tr0ub4dor&3 x"
    blob = base64.b64encode(key.public_key().encrypt(secret.encode(), padding.PKCS1v15())).decode()
    answer = {"data": blob}
    # moto has no Windows password to give: it answers the one encrypted here with the key pair's public key.
    monkeypatch.setattr(WindowsBackend, "get_password_data", lambda self, instance_id: answer["data"])
    (home / ".ssh").mkdir()
    (home / ".ssh" / "winkey.pem").write_bytes(pem(key))
    return {"id": iid, "password": secret, "key": key, "answer": answer}
