"""The EC2 instance metadata service (IMDSv2): who am I, in which region.

Used by ``-s/--self`` and ``-S/--securitycredentials``.  A token is requested
first (IMDSv2), every call has a 1 s timeout, and off EC2 the answer is one
clear error instead of a hang or a traceback.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from ..errors import ConnectionFailure

TIMEOUT = 1.0


def _base() -> str:
    return os.environ.get("OSCMD_IMDS_ENDPOINT", "http://169.254.169.254")


def _token() -> str:
    req = urllib.request.Request(
        f"{_base()}/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"}
    )
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
        return str(resp.read().decode())


def get(path: str) -> str:
    """Return the metadata value at ``path`` (e.g. ``meta-data/instance-id``)."""
    disabled = os.environ.get("AWS_EC2_METADATA_DISABLED", "").lower() == "true"
    if disabled and not os.environ.get("OSCMD_IMDS_ENDPOINT"):
        raise ConnectionFailure("the instance metadata service is disabled (AWS_EC2_METADATA_DISABLED=true): "
                                "-s/--self and -S need it")
    try:
        token = _token()
        req = urllib.request.Request(f"{_base()}/latest/{path}", headers={"X-aws-ec2-metadata-token": token})
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return str(resp.read().decode()).strip()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ConnectionFailure(
            f"the instance metadata service did not answer ({exc.__class__.__name__}): -s/--self and -S only "
            "work on an EC2 instance"
        ) from None


def role_region() -> str:
    doc = json.loads(get("dynamic/instance-identity/document"))
    return str(doc["region"])
