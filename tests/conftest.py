"""Shared fixtures: the local EC2 server, a boto3 view of it, and oscmd runners."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.runner import Oscmd

# Never let a test reach the real metadata service or real credentials.
os.environ.update(
    {
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "OSCMD_IMDS_ENDPOINT": "http://127.0.0.1:9",
    }
)


@pytest.fixture(scope="session")
def ec2_server() -> Iterator[LocalEC2]:
    server = LocalEC2()
    server.client().describe_regions()  # the first call is slow: warm up once
    yield server
    server.stop()


@pytest.fixture
def server(ec2_server: LocalEC2) -> LocalEC2:
    """The local EC2 server, wiped clean for this test."""
    ec2_server.reset()
    return ec2_server


@pytest.fixture
def ec2(server: LocalEC2) -> Any:
    """A boto3 client on the local server: how tests check what oscmd did."""
    return server.client()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def oscmd(server: LocalEC2, home: Path) -> Oscmd:
    return Oscmd(server.url, home)


@pytest.fixture
def oscmd_offline(home: Path) -> Oscmd:
    """oscmd with no endpoint at all (help, parsing, config errors)."""
    return Oscmd(None, home)
