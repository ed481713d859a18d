"""The decoder's metadata-service client against a loopback IMDS: expired tokens, refusals, errors, sizes."""

from __future__ import annotations

import pytest

from oscmd_shell.bootstrap import imds
from oscmd_shell.bootstrap.limits import MAX_TOTAL_BYTES
from tests.support.decoder import Answer, Routes


def test_an_expired_token_is_renewed(http_server: Routes) -> None:
    tokens = iter([b"OLD", b"NEW"])

    def token() -> Answer:
        return 200, {}, next(tokens)

    http_server["PUT /latest/api/token"] = token
    http_server["GET /latest/user-data"] = (200, {"X-Require-Token": "NEW"}, b"user data")
    waits: list[float] = []
    assert imds.fetch_user_data(http_server.base, attempts=3, sleep=waits.append) == b"user data"
    assert http_server.hits == {"/latest/api/token": 2, "/latest/user-data": 2}  # 401 with OLD, then NEW
    assert waits == [1.0]


def test_a_refusal_is_not_retried(http_server: Routes) -> None:
    http_server["PUT /latest/api/token"] = (200, {}, b"T")
    http_server["GET /latest/user-data"] = (403, {}, b"IMDS is disabled for this instance")
    with pytest.raises(imds.MetadataError) as caught:
        imds.fetch_user_data(http_server.base, attempts=5, sleep=lambda _s: None)
    assert str(caught.value) == f"cannot read the user data from {http_server.base}: HTTP 403 Forbidden"
    assert http_server.hits["/latest/user-data"] == 1


def test_a_failing_token_service_is_retried(http_server: Routes) -> None:
    answers = iter([(500, {}, b"busy"), (200, {}, b"T")])
    http_server["PUT /latest/api/token"] = lambda: next(answers)
    http_server["GET /latest/user-data"] = (200, {"X-Require-Token": "T"}, b"data")
    waits: list[float] = []
    assert imds.fetch_user_data(http_server.base, attempts=3, sleep=waits.append) == b"data"
    assert waits == [1.0] and http_server.hits["/latest/api/token"] == 2


def test_user_data_over_the_limit_is_refused(http_server: Routes) -> None:
    http_server["PUT /latest/api/token"] = (200, {}, b"T")
    http_server["GET /latest/user-data"] = (200, {}, b"x" * (MAX_TOTAL_BYTES + 1))
    with pytest.raises(imds.MetadataError, match=r"^the user data from .* is bigger than 32 MiB$"):
        imds.fetch_user_data(http_server.base, attempts=1)
