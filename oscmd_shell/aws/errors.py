"""Translate botocore exceptions into oscmd errors with one clear line each.

API errors keep their code and message; credential problems, unreachable
endpoints or proxies, timeouts and TLS failures become connection errors (exit 5); an
AWS config file botocore cannot parse is bad input (exit 2).  An
error page that is not EC2's XML (a proxy's ``<html>`` 502) reaches us as a
ClientError whose code is the HTTP status, reported as such; a body botocore
cannot parse at all (an answer cut short, a server's crash page such as
moto's HTTP 500s) raises ``ResponseParserError``, which becomes one line too
(exit 3), never a traceback.  ``DryRunOperation`` is not an error at all:
:func:`is_dry_run_success` recognises it.
"""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, ConnectionFailure, CredentialsError, NotFound, OscmdError, UsageError

CREDENTIAL_CODES = {
    "AuthFailure",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidAccessKeyId",
    "OptInRequired",
}


def is_dry_run_success(exc: BaseException) -> bool:
    return error_code(exc) == "DryRunOperation"


def error_code(exc: BaseException) -> str:
    """The EC2 error code of an API error (a ClientError or an ApiError), else ''."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "")
    return str(getattr(exc, "code", "") or "")


def _operation(exc: BaseException) -> str:
    return str(getattr(exc, "operation_name", "") or "")


def translate(exc: BaseException) -> OscmdError | None:
    """Return the oscmd error for a botocore exception, or None if it is not one (never raises)."""
    try:
        return _translate(exc)
    except Exception:  # translating must never turn one error into a traceback
        return None


def _translate(exc: BaseException) -> OscmdError | None:
    import botocore.exceptions as be
    from botocore.parsers import ResponseParserError

    if isinstance(exc, be.ClientError):
        return _client_error(exc)
    if isinstance(exc, be.NoCredentialsError | be.PartialCredentialsError):
        return CredentialsError(f"no usable AWS credentials: {exc}")
    if isinstance(exc, be.InvalidRegionError):
        return UsageError(f"invalid region name: {getattr(exc, 'kwargs', {}).get('region_name', '')!r}")
    if isinstance(exc, be.NoRegionError):
        return UsageError("no region: give -r REGION, set AWS_REGION, or [Boto] ec2_region_name")
    if isinstance(exc, be.SSLError):
        return ConnectionFailure(f"TLS failure talking to {_endpoint(exc)}: {_reason(exc)}")
    if isinstance(exc, be.ReadTimeoutError):
        return ConnectionFailure(f"no answer from {_endpoint(exc)} (read timeout)")
    if isinstance(exc, be.ConnectTimeoutError):
        return ConnectionFailure(f"cannot connect to {_endpoint(exc)} (connect timeout)")
    if isinstance(exc, be.EndpointConnectionError):
        return ConnectionFailure(f"cannot connect to {_endpoint(exc)}: {_reason(exc)}")
    if isinstance(exc, be.ProxyConnectionError):
        proxy = getattr(exc, "kwargs", {}).get("proxy_url") or "the proxy"
        return ConnectionFailure(f"cannot connect to the proxy {proxy}: {_reason(exc)}")
    if isinstance(exc, be.ConnectionClosedError):
        return ConnectionFailure(f"{_endpoint(exc)} closed the connection without answering")
    if isinstance(exc, be.HTTPClientError):
        return ConnectionFailure(f"HTTP failure talking to {_endpoint(exc)}: {_reason(exc)}")
    if isinstance(exc, ResponseParserError):
        return ApiError("the endpoint sent a response that is not valid EC2 XML (a server-side error)")
    if isinstance(exc, be.ParamValidationError):
        return UsageError(str(exc).replace("\n", " "))
    if isinstance(exc, be.WaiterError):
        return ApiError(f"waiting failed: {exc}")
    if isinstance(exc, be.ProfileNotFound):
        return CredentialsError(str(exc))
    if isinstance(exc, be.ConfigParseError):  # the AWS config or credentials file itself is malformed
        return UsageError(str(exc))
    if isinstance(exc, be.TokenRetrievalError | be.SSOError | be.UnauthorizedSSOTokenError):
        return CredentialsError(f"credentials could not be refreshed: {exc}")
    if isinstance(exc, be.CredentialRetrievalError):
        return CredentialsError(str(exc))
    if isinstance(exc, be.BotoCoreError):
        return ApiError(str(exc))
    return None


def _client_error(exc: Any) -> OscmdError:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "Unknown")
    message = str(error.get("Message") or "").strip() or code
    op = _operation(exc)
    meta = exc.response.get("ResponseMetadata", {})
    attempts = int(meta.get("RetryAttempts") or 0)
    where = f"{op}: " if op else ""
    if code in CREDENTIAL_CODES:
        return CredentialsError(f"{where}{code}: {message}")
    if code.endswith(".NotFound") or code.endswith("NotFound"):
        return NotFound(f"{where}{code}: {message}")
    retried = f" (after {attempts + 1} attempts)" if attempts else ""
    if code.isdigit():  # botocore's code for an error page that is not EC2's XML: the HTTP status
        return ApiError(f"{where}the endpoint answered HTTP {code} {message}, not an EC2 error{retried}", code=code)
    return ApiError(f"{where}{code}: {message}{retried}", code=code)


def _endpoint(exc: BaseException) -> str:
    kwargs = getattr(exc, "kwargs", {}) or {}
    return str(kwargs.get("endpoint_url") or "the endpoint")


def _reason(exc: BaseException) -> str:
    kwargs = getattr(exc, "kwargs", {}) or {}
    err = kwargs.get("error")
    text = str(err) if err else str(exc)
    for marker in ("Connection refused", "Name or service not known", "nodename nor servname",
                   "Temporary failure in name resolution", "CERTIFICATE_VERIFY_FAILED", "timed out"):
        if marker in text:
            return marker.lower() if marker != "CERTIFICATE_VERIFY_FAILED" else "certificate verify failed"
    return text.splitlines()[0][:200] if text else "unknown error"
