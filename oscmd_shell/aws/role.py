"""``-S/--securitycredentials ROLE``: the instance's region and the role's credentials, from its metadata.

As the 2017 tool did, ``-S ROLE`` takes the region from the instance identity
document and the temporary credentials of ``ROLE`` from
``meta-data/iam/security-credentials/ROLE``.  The region wins over the
environment's and the config files' (``[Boto] ec2_region_name``), and an
endpoint named only by ``[Boto] ec2_region_endpoint`` gives way to the
region's own (only ``-r``, ``-e`` and ``AWS_ENDPOINT_URL*`` still win); the
credentials win over every other source.  They are fetched again before they
expire, so a long shell session keeps working.  The role name is checked
before anything is asked (it becomes part of a metadata path), and what the
service answers is checked too: a region that is not a region name, or
credentials that are incomplete, are one clear error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import ConnectionFailure, CredentialsError, UsageError

#: IAM role names: letters, digits and ``+=,.@_-``, 1 to 64 characters.
ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
_REGION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_KEY_ID = re.compile(r"[A-Z0-9]{16,128}", re.ASCII)
#: Credentials without an expiry are fetched again after this long.
REFRESH_WITHOUT_EXPIRY = timedelta(minutes=30)


def check_name(role: str) -> str:
    """``role`` when it is an IAM role name; a UsageError otherwise (nothing is asked)."""
    if not ROLE_NAME.fullmatch(role) or role in (".", ".."):
        raise UsageError(f"-S: '{role}' is not an IAM role name (letters, digits and +=,.@_- only)")
    return role


def apply_region(settings: Any, environ: Mapping[str, str]) -> None:
    """Give ``settings`` the instance's region (below ``-r`` only) and drop a config-file endpoint."""
    from .imds import role_region

    if settings.sources.get("region") == "command line":
        return
    region = role_region(environ)
    if not _REGION.fullmatch(region):
        raise ConnectionFailure("the instance metadata service answered an identity document whose region is "
                                "not a region name")
    settings.region = region
    settings.sources["region"] = "-S (instance identity document)"
    if settings.endpoint and str(settings.sources.get("endpoint", "")).startswith("config"):
        settings.endpoint = None
        settings.sources.pop("endpoint", None)


def fetcher(role: str, environ: Mapping[str, str]) -> Callable[[], dict[str, str]]:
    """A function returning the role's current credentials in botocore's metadata form."""

    def fetch() -> dict[str, str]:
        from .imds import get

        return parse_credentials(get(f"meta-data/iam/security-credentials/{check_name(role)}", environ), role)

    return fetch


def parse_credentials(text: str, role: str) -> dict[str, str]:
    """The metadata service's answer as ``access_key``, ``secret_key``, ``token``, ``expiry_time``."""
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise CredentialsError(f"-S {role}: the instance metadata service did not answer credentials")
    if doc.get("Code", "Success") != "Success":
        code = doc.get("Code")
        shown = code if isinstance(code, str) and code.isalnum() and len(code) < 64 else "an error"
        raise CredentialsError(f"-S {role}: the instance metadata service answered {shown} instead of credentials")
    values = {name: doc.get(key) for name, key in (("access_key", "AccessKeyId"), ("secret_key", "SecretAccessKey"),
                                                     ("token", "Token"))}
    if not all(isinstance(v, str) and v and v.isprintable() and " " not in v for v in values.values()):
        raise CredentialsError(f"-S {role}: the instance metadata service answered incomplete credentials")
    if not _KEY_ID.fullmatch(str(values["access_key"])):
        raise CredentialsError(f"-S {role}: the instance metadata service answered a malformed access key id")
    return {**{k: str(v) for k, v in values.items()}, "expiry_time": _expiry(doc.get("Expiration"))}


def _expiry(value: object) -> str:
    now = datetime.now(timezone.utc)
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None and when.tzinfo is not None:
            return when.isoformat()
    return (now + REFRESH_WITHOUT_EXPIRY).isoformat()


def credential_resolver(role: str, environ: Mapping[str, str]) -> Any:
    """A botocore credential resolver holding only the role's refreshable credentials."""
    from botocore.credentials import CredentialProvider, CredentialResolver, RefreshableCredentials

    fetch = fetcher(role, environ)

    class RoleProvider(CredentialProvider):  # type: ignore[misc]
        METHOD = "oscmd-securitycredentials"

        def load(self) -> Any:
            return RefreshableCredentials.create_from_metadata(fetch(), refresh_using=fetch, method=self.METHOD)

    return CredentialResolver(providers=[RoleProvider()])
