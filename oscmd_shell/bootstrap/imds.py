"""Read this instance's user data from the EC2 instance metadata service (IMDSv2 first).

A session token is asked for with ``PUT /latest/api/token``; when the service
only speaks IMDSv1 (as some EC2-compatible clouds do) the data is read without
one.  Connection failures and server errors are retried with a doubling
back-off; a 404 means the instance has no user data.  The endpoint can be moved
with ``AWS_EC2_METADATA_SERVICE_ENDPOINT``, as for the AWS SDKs.  Proxies are
never used for this link-local address.  Standard library only.
"""

import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from .limits import MAX_TOTAL_BYTES, size_text

DEFAULT_ENDPOINT = "http://169.254.169.254"
ENDPOINT_VARIABLE = "AWS_EC2_METADATA_SERVICE_ENDPOINT"
TOKEN_TTL = "21600"
MAX_TOKEN = 1024  # EC2's tokens are 56 characters
_TOKEN_RE = re.compile(rf"[A-Za-z0-9+/=_.~-]{{1,{MAX_TOKEN}}}")


class MetadataError(Exception):
    """The metadata service could not be reached or refused to answer."""


def endpoint_from_env() -> "str":
    """The metadata endpoint: ``$AWS_EC2_METADATA_SERVICE_ENDPOINT`` or the link-local address."""
    return (os.environ.get(ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT).rstrip("/")


def fetch_user_data(
    endpoint: "str | None" = None,
    attempts: "int" = 5,
    timeout: "float" = 2.0,
    sleep: "Callable[[float], None]" = time.sleep,
) -> "bytes | None":
    """The raw user data, or None when the instance has none.

    Raises :class:`MetadataError` after ``attempts`` failed tries (waiting 1,
    2, 4... seconds between them) or on an answer that retrying cannot change.
    """
    base = (endpoint or endpoint_from_env()).rstrip("/")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    token: str | None = None
    use_token = True
    last = "no answer"
    for attempt in range(max(1, attempts)):
        if attempt:
            sleep(float(2 ** (attempt - 1)))
        try:
            if token is None and use_token:
                token, use_token = _get_token(opener, base, timeout)
            headers = {"X-aws-ec2-metadata-token": token} if token else {}
            request = urllib.request.Request(base + "/latest/user-data", headers=headers)
            with opener.open(request, timeout=timeout) as response:
                data = response.read(MAX_TOTAL_BYTES + 1)
            if len(data) > MAX_TOTAL_BYTES:
                raise MetadataError(f"the user data from {base} is bigger than {size_text(MAX_TOTAL_BYTES)}")
            return bytes(data)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code == 401:
                token = None
                continue
            if exc.code < 500 and exc.code != 429:
                raise MetadataError(f"cannot read the user data from {base}: {last}") from None
        except (urllib.error.URLError, OSError) as exc:
            last = str(getattr(exc, "reason", exc))
    raise MetadataError(
        f"cannot read the user data from {base}: {last} (after {max(1, attempts)} attempts)"
    )


def _get_token(
    opener: "urllib.request.OpenerDirector", base: "str", timeout: "float"
) -> "tuple[str | None, bool]":
    """(token, keep asking for tokens); (None, False) when the service has no IMDSv2."""
    request = urllib.request.Request(
        base + "/latest/api/token",
        method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": TOKEN_TTL},
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            token = response.read(MAX_TOKEN + 1).decode("ascii", "replace").strip()
    except urllib.error.HTTPError as exc:
        if exc.code in (400, 403, 404, 405):
            return None, False
        raise
    if not _TOKEN_RE.fullmatch(token):  # it goes into a header: a line break or a megabyte would not
        raise MetadataError(f"the metadata service at {base} answered something that is not a session token")
    return token, True
