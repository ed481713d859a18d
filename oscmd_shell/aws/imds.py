"""The EC2 instance metadata service: who am I, in which region.

Used by ``-s/--self`` and ``-S/--securitycredentials``.  A session token is
asked for first (IMDSv2); when the service refuses it (403, 404 or 405: an
IMDSv1-only service, as on some EC2-compatible clouds) the value is read
without one, as ``oscmd-init`` does.  The address and switches are botocore's:
``AWS_EC2_METADATA_SERVICE_ENDPOINT`` (``OSCMD_IMDS_ENDPOINT``, an older
name, is read when it is unset), ``AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6``,
``AWS_METADATA_SERVICE_TIMEOUT`` and ``AWS_EC2_METADATA_DISABLED``.  Proxies
are never used; off EC2 the answer is one clear error instead of a hang or a
traceback.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping

from ..errors import ConnectionFailure

TIMEOUT = 1.0
DEFAULT_ENDPOINT = "http://169.254.169.254"
IPV6_ENDPOINT = "http://[fd00:ec2::254]"
ENDPOINT_VARIABLES = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "OSCMD_IMDS_ENDPOINT")
#: Answers to the token request that mean "this service has no IMDSv2": read without a token.
NO_TOKEN_STATUSES = (403, 404, 405)


def endpoint(environ: Mapping[str, str]) -> str:
    """The service's base URL, from the environment as botocore reads it."""
    for name in ENDPOINT_VARIABLES:
        if environ.get(name):
            return environ[name].rstrip("/")
    if environ.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "").lower() == "ipv6":
        return IPV6_ENDPOINT
    return DEFAULT_ENDPOINT


def _timeout(environ: Mapping[str, str]) -> float:
    try:
        return max(0.1, float(environ.get("AWS_METADATA_SERVICE_TIMEOUT") or TIMEOUT))
    except ValueError:
        return TIMEOUT


def _disabled(environ: Mapping[str, str]) -> bool:
    return environ.get("AWS_EC2_METADATA_DISABLED", "").lower() == "true"


def _token(opener: urllib.request.OpenerDirector, base: str, timeout: float) -> str | None:
    """A session token, or None when the service refuses to hand one out (IMDSv1 only)."""
    req = urllib.request.Request(
        f"{base}/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"}
    )
    try:
        with opener.open(req, timeout=timeout) as resp:
            return str(resp.read().decode("ascii", "replace")).strip()
    except urllib.error.HTTPError as exc:
        if exc.code in NO_TOKEN_STATUSES:
            return None
        raise


def get(path: str, environ: Mapping[str, str] | None = None) -> str:
    """Return the metadata value at ``path`` (e.g. ``meta-data/instance-id``)."""
    environ = os.environ if environ is None else environ
    if _disabled(environ):
        raise ConnectionFailure("the instance metadata service is disabled (AWS_EC2_METADATA_DISABLED=true): "
                                "-s/--self and -S need it")
    base, timeout = endpoint(environ), _timeout(environ)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        token = _token(opener, base, timeout)
        headers = {"X-aws-ec2-metadata-token": token} if token is not None else {}
        req = urllib.request.Request(f"{base}/latest/{path}", headers=headers)
        with opener.open(req, timeout=timeout) as resp:
            return str(resp.read().decode("utf-8", "replace")).strip()
    except urllib.error.HTTPError as exc:
        raise ConnectionFailure(
            f"the instance metadata service at {base} refused /latest/{path} (HTTP {exc.code}): -s/--self and -S "
            "only work on an EC2 instance"
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ConnectionFailure(
            f"the instance metadata service did not answer ({exc.__class__.__name__}): -s/--self and -S only "
            "work on an EC2 instance"
        ) from None


def role_region(environ: Mapping[str, str] | None = None) -> str:
    """The region of the instance identity document."""
    text = get("dynamic/instance-identity/document", environ)
    try:
        region = json.loads(text)["region"]
    except (ValueError, KeyError, TypeError):
        region = None
    if not isinstance(region, str) or not region:
        raise ConnectionFailure("the instance metadata service answered an identity document without a region")
    return region
