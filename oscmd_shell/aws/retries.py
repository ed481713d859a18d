"""Retry policy: botocore's standard mode, tuned for an interactive tool.

Throttling (``RequestLimitExceeded``, ``Throttling``) and 5xx answers are
retried up to ``max_attempts`` times with botocore's exponential backoff
(capped at ``max_backoff`` seconds), so a burst of throttles is survived.
Connection failures and read timeouts are retried at most
``connect_attempts`` times: an endpoint that is down, or that accepts and
never answers, fails within seconds instead of minutes.  Installed on a
client by replacing the retry handler botocore registered for it.
"""

from __future__ import annotations

from typing import Any


def install(client: Any, *, max_attempts: int, connect_attempts: int, max_backoff: float) -> None:
    """Replace ``client``'s standard-mode retry handler with the tuned one."""
    from botocore import exceptions as be
    from botocore.retries import quota, standard

    service = client.meta.service_model.service_id.hyphenize()

    class Conditions(standard.StandardRetryConditions):  # type: ignore[misc]
        def is_retryable(self, context: Any) -> bool:
            exc = context.caught_exception
            if isinstance(exc, be.ConnectionError | be.HTTPClientError) and context.attempt_number >= (
                connect_attempts
            ):
                return False
            return bool(super().is_retryable(context))

    adapter = standard.RetryEventAdapter()
    if getattr(standard, "NEW_RETRIES_ENABLED", False):
        detector = standard.ThrottlingErrorDetector(adapter)
        retry_quota = standard.RetryQuotaChecker(quota.RetryQuota(), detector)
        backoff = standard.ExponentialBackoff(max_backoff=max_backoff, service_name=service,
                                              throttling_detector=detector)
        handler = standard.RetryHandler(
            retry_policy=standard.RetryPolicy(retry_checker=Conditions(max_attempts=max_attempts),
                                              retry_backoff=backoff),
            retry_event_adapter=adapter, retry_quota=retry_quota, service_name=service,
        )
    else:
        retry_quota = standard.RetryQuotaChecker(quota.RetryQuota())
        handler = standard.RetryHandler(
            retry_policy=standard.RetryPolicy(retry_checker=Conditions(max_attempts=max_attempts),
                                              retry_backoff=standard.ExponentialBackoff(max_backoff=max_backoff)),
            retry_event_adapter=adapter, retry_quota=retry_quota,
        )
    unique_id = f"retry-config-{service}"
    events = client.meta.events
    events.unregister(f"needs-retry.{service}", unique_id=unique_id)
    events.register(f"needs-retry.{service}", handler.needs_retry, unique_id=unique_id)
