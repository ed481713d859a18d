"""Retry policy: botocore's standard mode, tuned for an interactive tool.

Throttling (``RequestLimitExceeded``, ``Throttling``) and 5xx answers are
retried up to ``max_attempts`` times with botocore's exponential backoff
(capped at ``max_backoff`` seconds), so a burst of throttles is survived.
Connection failures and read timeouts are retried at most
``connect_attempts`` times: an endpoint that is down, or that accepts and
never answers, fails within seconds instead of minutes.

botocore's public configuration (``retries={"mode": "standard",
"total_max_attempts": N}``) cannot say either of these two things, so the
handler is assembled from the classes of ``botocore.retries.standard`` and
installed in place of the one botocore registered for the client.  Those
classes are not a documented interface: :func:`build_handler` raises
:class:`Unsupported` when they change shape, :func:`install` then keeps
botocore's own standard handler (plain standard-mode retries, no tuning) and
says so in the debug log, and ``tests/unit/test_retries.py`` fails with the
reason, so an upgrade of botocore cannot silently change how oscmd retries.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


class Unsupported(Exception):
    """botocore's retry internals are not the shape this module was written for."""


def handler_id(service: str) -> str:
    """The unique id under which botocore registers a client's retry handler."""
    return f"retry-config-{service}"


def build_handler(service: str, *, max_attempts: int, connect_attempts: int, max_backoff: float) -> Any:
    """The tuned ``needs-retry`` handler (a bound method) for ``service``, or :class:`Unsupported`."""
    try:
        from botocore import exceptions as be
        from botocore.retries import quota, standard

        base = standard.StandardRetryConditions

        class Conditions(base):  # type: ignore[misc, valid-type]
            def is_retryable(self, context: Any) -> bool:
                exc = context.caught_exception
                if isinstance(exc, be.ConnectionError | be.HTTPClientError) and context.attempt_number >= (
                    connect_attempts
                ):
                    return False
                return bool(super().is_retryable(context))

        adapter = standard.RetryEventAdapter()
        checker = Conditions(max_attempts=max_attempts)
        if getattr(standard, "NEW_RETRIES_ENABLED", False):
            detector = standard.ThrottlingErrorDetector(adapter)
            retry_quota = standard.RetryQuotaChecker(quota.RetryQuota(), detector)
            backoff = standard.ExponentialBackoff(max_backoff=max_backoff, service_name=service,
                                                  throttling_detector=detector)
            handler = standard.RetryHandler(
                retry_policy=standard.RetryPolicy(retry_checker=checker, retry_backoff=backoff),
                retry_event_adapter=adapter, retry_quota=retry_quota, service_name=service,
            )
        else:
            handler = standard.RetryHandler(
                retry_policy=standard.RetryPolicy(retry_checker=checker,
                                                  retry_backoff=standard.ExponentialBackoff(max_backoff=max_backoff)),
                retry_event_adapter=adapter, retry_quota=standard.RetryQuotaChecker(quota.RetryQuota()),
            )
        needs_retry = handler.needs_retry
    except (ImportError, AttributeError, TypeError) as exc:
        raise Unsupported(f"{type(exc).__name__}: {exc}") from exc
    if not callable(needs_retry):
        raise Unsupported("RetryHandler.needs_retry is not callable")
    return needs_retry


def install(client: Any, *, max_attempts: int, connect_attempts: int, max_backoff: float) -> bool:
    """Replace ``client``'s standard-mode retry handler with the tuned one.

    Returns False (and leaves botocore's handler in place) when botocore's
    internals are not the expected shape.
    """
    service = client.meta.service_model.service_id.hyphenize()
    try:
        handler = build_handler(service, max_attempts=max_attempts, connect_attempts=connect_attempts,
                                max_backoff=max_backoff)
    except Unsupported as exc:
        log.debug("botocore's standard retry classes changed (%s): keeping botocore's own retry handler", exc)
        return False
    events = client.meta.events
    events.unregister(f"needs-retry.{service}", unique_id=handler_id(service))
    events.register(f"needs-retry.{service}", handler, unique_id=handler_id(service))
    return True
