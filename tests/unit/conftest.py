"""Loopback HTTP and HTTPS servers for the decoder's include tests."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.decoder import Routes, make_tls, serve


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 and the CA file that signed its certificate."""
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def http_server() -> Iterator[Routes]:
    with serve(Routes()) as routes:
        yield routes


@pytest.fixture
def https_server(tls: tuple[ssl.SSLContext, Path]) -> Iterator[Routes]:
    """An HTTPS server; ``https_server.ca`` is the CA file to give the decoder as SSL_CERT_FILE."""
    with serve(Routes(), tls=tls) as routes:
        yield routes
