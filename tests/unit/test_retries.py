"""The tuned retry handler still fits the installed botocore.

``oscmd_shell/aws/retries.py`` assembles its handler from botocore's
undocumented ``botocore.retries.standard`` classes and swaps it for the one
botocore registers.  When a botocore upgrade changes those classes, or the id
the handler is registered under, oscmd quietly falls back to plain
standard-mode retries; these tests are where that change must show, loudly.
The end-to-end counts (throttles survived, dropped connections tried twice)
are in ``tests/functional/test_faults.py``.
"""

from __future__ import annotations

from typing import Any

import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.session import Session

from oscmd_shell.aws import retries

CHANGED = (f"botocore {botocore.__version__} changed the retry internals that oscmd_shell/aws/retries.py "
           "relies on; update that module (oscmd meanwhile falls back to botocore's own standard retries)")


@pytest.fixture
def client() -> Any:
    session = Session()
    return session.create_client(
        "ec2", region_name="us-east-1", endpoint_url="http://127.0.0.1:9", aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(retries={"mode": "standard", "total_max_attempts": 5}),
    )


def needs_retry(client: Any, attempts: int, exc: Exception) -> list[tuple[Any, Any]]:
    """Ask every ``needs-retry`` handler of the client about a failed attempt, as botocore's endpoint does."""
    operation = client.meta.service_model.operation_model("DescribeInstances")
    responses: list[tuple[Any, Any]] = client.meta.events.emit(
        "needs-retry.ec2", response=None, endpoint=None, operation=operation, attempts=attempts,
        caught_exception=exc, request_dict={"context": {}},
    )
    return responses


def test_the_handler_can_be_built_from_botocores_classes() -> None:
    try:
        handler = retries.build_handler("ec2", max_attempts=5, connect_attempts=2, max_backoff=0.5)
    except retries.Unsupported as exc:
        pytest.fail(f"{CHANGED}: {exc}")
    assert callable(handler)


def test_the_tuned_handler_replaces_botocores_own(client: Any) -> None:
    refused = EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
    before = needs_retry(client, 2, refused)
    assert len(before) == 1 and isinstance(before[0][1], float | int), (
        f"{CHANGED}: botocore's standard handler no longer answers a connection failure with a delay ({before})")
    assert retries.install(client, max_attempts=5, connect_attempts=2, max_backoff=0.5), CHANGED
    first = needs_retry(client, 1, refused)
    assert len(first) == 1, f"{CHANGED}: botocore's handler was not replaced (is it still registered as " \
                            f"'{retries.handler_id('ec2')}'?): {first}"
    assert 0 <= first[0][1] <= 0.5, f"{CHANGED}: the first retry waits {first[0][1]} s, not at most max_backoff"
    # The second connection failure is the last one tried: botocore's handler would try a third time.
    assert needs_retry(client, 2, refused)[0][1] is None, CHANGED
