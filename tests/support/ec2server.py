"""A real local EC2 endpoint for tests: moto's server on a loopback port.

The server runs in the test process (``ThreadedMotoServer``) on 127.0.0.1 with
a random port and the small AMI catalogue shipped with oscmd.  ``reset()``
wipes its state between tests.  When the suite runs under coverage, the
server's request threads are not traced: coverage measures oscmd, and
tracing moto only made every request slower (a 1,200-instance listing took
1.7 times as long).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

AMIS = Path(__file__).resolve().parents[2] / "oscmd_shell" / "data" / "amis.json"
os.environ.setdefault("MOTO_AMIS_PATH", str(AMIS))


class LocalEC2:
    """moto's EC2 server on 127.0.0.1 (random port)."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        if "coverage" in sys.modules:
            wsgi = self._server._server
            assert wsgi is not None
            wsgi.app = _untraced(wsgi.app)
        host, port = self._server.get_host_and_port()
        self.host, self.port = host, port
        self.url = f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        req = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(req, timeout=10) as resp:
            json.loads(resp.read() or b"{}")

    def client(self, service: str = "ec2", region: str = "us-east-1") -> Any:
        import boto3

        return boto3.client(  # noqa: TID251 - the tests' own view of the server
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


def _untraced(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``app`` run with tracing off in the request's thread (the thread is the server's, never oscmd's)."""

    def run(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sys.settrace(None)
        return app(environ, start_response)

    return run
